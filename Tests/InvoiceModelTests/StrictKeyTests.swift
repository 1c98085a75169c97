import FakturaTestSupport
import Foundation
@testable import InvoiceModel
import Testing

/// A key the invoice does not have is an error, never silently ignored: a typo such as
/// `pricesIncludesVAT` would otherwise leave `pricesIncludeVat` false and compute VAT on the wrong base.
@Suite("Invoice JSON: unknown keys")
struct StrictKeyTests {
    static func error(_ json: String) -> InvoiceDecodingError? {
        do {
            _ = try InvoiceJSON.decode(Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    /// The canonical JSON of the Chinese sample with one text replacement.
    static func edited(_ target: String, _ replacement: String) -> String {
        var invoice = Samples.chineseInvoice
        invoice.totals = InvoiceTotals(amountWithVat: Decimal(string: "26188.34"))
        invoice.shipper = Samples.chineseSeller
        invoice.contract = DocumentReference(number: "K-1", date: Samples.date("2026-01-10"))
        invoice.paymentDocuments = [DocumentReference(number: "123", date: Samples.date("2026-11-19"))]
        let json = String(decoding: InvoiceJSON.encode(invoice), as: UTF8.self)
        precondition(json.contains(target), "\(target) is not in the sample's JSON")
        return json.replacingOccurrences(of: target, with: replacement)
    }

    @Test func aTypoOfPricesIncludeVatIsAnErrorNamingTheNearestKey() throws {
        let json = Self.edited("\"pricesIncludeVat\": true", "\"pricesIncludesVAT\": true")
        let error = try #require(Self.error(json))
        #expect(error.kind == .unknownKey)
        #expect(error.path == "pricesIncludesVAT")
        #expect(error.message == "unknown key 'pricesIncludesVAT' at $; did you mean 'pricesIncludeVat'?")
    }

    /// One misspelt key in every object of the invoice.
    static let typos: [(target: String, typo: String, path: String, place: String, nearest: String)] = [
        ("\"marketplace\"", "\"marketPlace\"", "order.marketPlace", "$.order", "marketplace"),
        ("\"localName\"", "\"localname_\"", "seller.localname_", "$.seller", "localName"),
        ("\"scheme\": \"cn-uscc\"", "\"schema\": \"cn-uscc\", \"scheme\": \"cn-uscc\"",
         "seller.taxIds[0].schema", "$.seller.taxIds[0]", "scheme"),
        ("\"number\": \"K-1\"", "\"number\": \"K-1\", \"dates\": \"x\"", "contract.dates", "$.contract", "date"),
        ("\"number\": \"123\"", "\"number\": \"123\", \"nummer\": \"x\"",
         "paymentDocuments[0].nummer", "$.paymentDocuments[0]", "number"),
        ("\"code\": \"796\"", "\"code\": \"796\", \"okei\": \"796\"", "lines[0].unit.okei", "$.lines[0].unit", "code"),
        ("\"hsCode\"", "\"hsCodes\"", "lines[0].hsCodes", "$.lines[0]", "hsCode"),
        ("\"amountWithVat\": \"26188.34\"", "\"amountWithVAT\": \"26188.34\"", "totals.amountWithVAT", "$.totals", "amountWithVat"),
        ("\"name\": \"Shenzhen", "\"nam\": \"x\", \"name\": \"Shenzhen", "seller.nam", "$.seller", "name"),
    ]

    @Test func everyObjectRefusesAKeyItDoesNotHave() throws {
        for typo in Self.typos {
            let error = try #require(Self.error(Self.edited(typo.target, typo.typo)), "\(typo.path) was accepted")
            #expect(error.kind == .unknownKey, "\(typo.path)")
            #expect(error.path == typo.path)
            let key = String(typo.path.split(separator: ".").last!.split(separator: "[").first!)
            #expect(error.message == "unknown key '\(key)' at \(typo.place); did you mean '\(typo.nearest)'?")
        }
    }

    @Test func theKnownKeysOfEveryObjectAreAccepted() throws {
        var invoice = Samples.chineseInvoice
        invoice.shipper = Samples.chineseSeller
        invoice.consignee = Samples.russianBuyer
        invoice.paymentDocuments = [DocumentReference(number: "1", date: Samples.date("2026-11-19"))]
        invoice.shippingDocuments = [DocumentReference(number: "2")]
        invoice.contract = DocumentReference(number: "K-1")
        invoice.correction = DocumentReference(number: "1", date: Samples.date("2026-11-25"))
        invoice.supply = .services
        invoice.lines[0].excise = 0
        invoice.lines[0].offerId = "RM13-BLK-128"
        invoice.lines[0].vatAmount = Decimal(string: "4452.54")
        invoice.lines[0].amountWithoutVat = Decimal(string: "20238.80")
        invoice.lines[0].amountWithVat = Decimal(string: "24691.34")
        invoice.totals = InvoiceTotals(amountWithoutVat: 1, vatAmount: 1, amountWithVat: 2)
        invoice.signer = Signer(name: "Ли Вэй", position: "Director")
        invoice.lines[0].traceability = Traceability(batchNumber: "10702070/201126/3123456/001", unit: UnitOfMeasure(code: "796", name: "шт"),
                                                     quantity: 2, amountWithoutVat: Decimal(string: "20238.80"))
        invoice.lines[0].markingCodes = ["0104607012345677215Ab1Cd2Ef3Gh4\u{1D}91EE06"]
        let json = InvoiceJSON.encode(invoice)
        #expect(try InvoiceJSON.decode(json) == invoice)
        // Every key the encoder wrote is one of its object's: the lists and the model agree.
        let text = String(decoding: json, as: UTF8.self)
        for object in InvoiceJSONObject.allCases {
            for key in object.keys where !text.contains("\"\(key)\"") {
                Issue.record("key \(key) of \(object) is not written by the encoder")
            }
        }
    }

    @Test func nearestNameIsByEditDistanceIgnoringCase() {
        #expect(NearestName.distance("kitten", "sitting") == 3)
        #expect(NearestName.distance("VAT", "vat") == 0)
        #expect(NearestName.nearest(to: "pricesIncludesVAT", in: InvoiceJSONObject.invoice.keys) == "pricesIncludeVat")
        #expect(NearestName.nearest(to: "x", in: [String]()) == nil)
    }
}
