import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing

@Suite("Invoice JSON")
struct InvoiceJSONTests {
    @Test func theSharedSampleInvoicesSurviveEncodeAndDecode() throws {
        for invoice in [Samples.russianInvoice, Samples.chineseInvoice, Samples.crossBorder(lines: 5)] {
            #expect(try InvoiceJSON.decode(InvoiceJSON.encode(invoice)) == invoice)
        }
    }

    /// The example invoice of docs/invoice.md, with numbers for two amounts to show they are accepted.
    static let specExample = """
    {
      "number": "CN-2026-000123", "date": "2026-11-27", "currency": "RUB", "jurisdiction": "RU",
      "pricesIncludeVat": true,
      "order": { "marketplace": "ozon", "orderNumber": "0123456789-0001", "postingNumber": "0123456789-0001-1" },
      "seller":  { "name": "Shenzhen Example Technology Co., Ltd.", "localName": "深圳市示例科技有限公司", "country": "CN",
                   "taxIds": [ { "scheme": "cn-uscc", "value": "91440300MA5G8K2P17" } ], "address": "..." },
      "buyer":   { "name": "ООО «Пример»", "country": "RU",
                   "taxIds": [ { "scheme": "ru-inn", "value": "7707083893" }, { "scheme": "ru-kpp", "value": "773601001" } ],
                   "address": "..." },
      "shipper": null, "consignee": null,
      "paymentDocuments": [ { "number": "123", "date": "2026-11-26" } ],
      "lines": [ {
          "sku": "1234567890", "offerId": "RM13-BLK-128", "name": "Смартфон Redmi 13 128 ГБ", "hsCode": "8517130000",
          "unit": { "code": "796", "name": "шт" }, "quantity": 2, "price": 12345.67, "vatRate": "22%",
          "excise": null, "originCountry": "CN", "customsDeclaration": "10702070/271126/3123456",
          "vatAmount": null, "amountWithoutVat": null, "amountWithVat": null
      } ],
      "totals": null
    }
    """

    @Test func decodesTheSpecExample() throws {
        let invoice = try InvoiceJSON.decode(Data(Self.specExample.utf8))
        #expect(invoice.seller.localName == "深圳市示例科技有限公司")
        #expect(invoice.buyer.taxID("ru-kpp") == "773601001")
        #expect(invoice.lines[0].price == DecimalText.parse("12345.67"))
        #expect(invoice.lines[0].quantity == 2)
        #expect(invoice.lines[0].vatRate == .percent(22))
        #expect(invoice.shipper == nil && invoice.totals == nil)
        let calc = invoice.calculate()
        #expect(calc.text(calc.amountWithVat) == "24691.34")
        #expect(calc.text(calc.vatAmount) == "4452.54")   // 24691.34 × 22/122 = 4452.537…
    }

    @Test func roundTripsThroughCanonicalJSON() throws {
        let invoice = try InvoiceJSON.decode(Data(Self.specExample.utf8))
        let encoded = InvoiceJSON.encode(invoice)
        let again = try InvoiceJSON.decode(encoded)
        #expect(again == invoice)
        #expect(InvoiceJSON.encode(again) == encoded)
        let text = String(decoding: encoded, as: UTF8.self)
        // Decimals come out as strings with the currency's minor units, codes keep leading zeros.
        #expect(text.contains(#""price": "12345.67""#))
        #expect(text.contains(#""quantity": "2""#))
        #expect(text.contains(#""code": "796""#))
    }

    @Test func aCorrectionIsReadAndWrittenBack() throws {
        let text = Self.specExample.replacingOccurrences(of: #""totals": null"#,
                                                         with: #""totals": null, "correction": { "number": "2", "date": "2026-11-30" }"#)
        let invoice = try InvoiceJSON.decode(Data(text.utf8))
        #expect(invoice.correction == DocumentReference(number: "2", date: LocalDate(iso: "2026-11-30")))
        #expect(try InvoiceJSON.decode(InvoiceJSON.encode(invoice)) == invoice)
        #expect(try InvoiceJSON.decode(Data(Self.specExample.utf8)).correction == nil)
    }

    @Test func keepsMoneyScale() throws {
        var invoice = try InvoiceJSON.decode(Data(Self.specExample.utf8))
        invoice.lines[0].price = DecimalText.parse("12.5")!
        let text = String(decoding: InvoiceJSON.encode(invoice), as: UTF8.self)
        #expect(text.contains(#""price": "12.50""#))
    }

    func decodingError(_ json: String) -> InvoiceDecodingError? {
        do {
            _ = try InvoiceJSON.decode(Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    func replacing(_ old: String, with new: String) -> String {
        precondition(Self.specExample.contains(old))
        return Self.specExample.replacingOccurrences(of: old, with: new)
    }

    @Test func badQuantityNamesItsPath() {
        let error = decodingError(replacing(#""quantity": 2"#, with: #""quantity": "two""#))
        #expect(error?.path == "lines[0].quantity")
        #expect(error?.kind == .invalidValue)
        #expect(error?.description.contains("two") == true)
    }

    @Test func missingFieldNamesItsPath() {
        let error = decodingError(replacing(#""name": "ООО «Пример»", "#, with: ""))
        #expect(error?.path == "buyer.name")
        #expect(error?.kind == .missing)
    }

    @Test func badDateAndRateNameTheirPaths() {
        #expect(decodingError(replacing(#""date": "2026-11-26""#, with: #""date": "2026-02-30""#))?.path
                == "paymentDocuments[0].date")
        #expect(decodingError(replacing(#""vatRate": "22%""#, with: #""vatRate": "22/120""#))?.path
                == "lines[0].vatRate")
        #expect(decodingError(replacing(#""pricesIncludeVat": true"#, with: #""pricesIncludeVat": "yes""#))?.path
                == "pricesIncludeVat")
    }

    @Test func notJSONIsASyntaxError() {
        #expect(decodingError("{ \"number\": ")?.kind == .syntax)
        #expect(decodingError("")?.kind == .syntax)
    }

    @Test func deepNestingEndsWithAnErrorNotACrash() {
        let depth = 100_000
        let json = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let clock = ContinuousClock()
        let start = clock.now
        let error = decodingError(json)
        #expect(error != nil)
        #expect(clock.now - start < .seconds(5))
    }

    @Test func numericSKUIsKeptAsText() throws {
        let invoice = try InvoiceJSON.decode(Data(replacing(#""sku": "1234567890""#, with: #""sku": 1234567890"#).utf8))
        #expect(invoice.lines[0].sku == "1234567890")
    }
}
