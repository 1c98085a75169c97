import FakturaTestSupport
import FakturaXML
import Foundation
import InvoiceModel
import Testing

@Suite struct InvoiceXMLTests {
    @Test func theSharedSampleInvoicesSurviveTheXMLForm() throws {
        for invoice in [Samples.russianInvoice, Samples.chineseInvoice, Samples.crossBorder(lines: 5)] {
            #expect(try InvoiceXML.decode(InvoiceXML.encode(invoice), source: "sample.xml") == invoice)
            #expect(try InvoiceInput.decode(InvoiceXML.encode(invoice), source: "sample.xml") == invoice)
            #expect(try InvoiceInput.decode(InvoiceJSON.encode(invoice), source: "sample.json") == invoice)
        }
    }

    @Test func aCorrectionSurvivesTheXMLFormAfterTheDate() throws {
        var invoice = Samples.russianInvoice
        invoice.correction = DocumentReference(number: "1", date: LocalDate(iso: "2026-11-25"))
        let xml = InvoiceXML.encode(invoice)
        #expect(try InvoiceXML.decode(xml, source: "corrected.xml") == invoice)
        let text = String(decoding: xml, as: UTF8.self)
        #expect(text.contains("<date>2026-11-20</date>\n  <correction>\n    <number>1</number>\n    <date>2026-11-25</date>\n  </correction>"))
    }

    @Test func signerTraceabilityAndMarkingSurviveTheXMLForm() throws {
        var invoice = Samples.russianInvoice
        invoice.signer = Signer(name: "Петрова Анна Сергеевна", position: "Главный бухгалтер")
        invoice.lines[0].traceability = Traceability(batchNumber: "10702070/011126/3000123/001", unit: UnitOfMeasure(code: "166", name: "кг"),
                                                     quantity: Decimal(string: "2.375")!, amountWithoutVat: Decimal(string: "3443.75"))
        invoice.lines[1].markingCodes = ["0104607012345677215Ab1Cd2Ef3Gh4", "0104606068329389215Zz9Yy8Xx7Ww6"]
        let xml = InvoiceXML.encode(invoice)
        #expect(try InvoiceXML.decode(xml, source: "traced.xml") == invoice)
        #expect(try InvoiceJSON.decode(InvoiceJSON.encode(invoice)) == invoice)
        let text = String(decoding: xml, as: UTF8.self)
        #expect(text.contains("<markingCode>0104607012345677215Ab1Cd2Ef3Gh4</markingCode>"))
        #expect(text.contains("<signer>\n    <name>Петрова Анна Сергеевна</name>"))
    }

    @Test func anUnknownElementIsRefusedNamingItAndWhatWasExpected() throws {
        let xml = String(decoding: InvoiceXML.encode(Samples.russianInvoice), as: UTF8.self)
            .replacingOccurrences(of: "<pricesIncludeVat>", with: "<pricesIncludesVAT>")
            .replacingOccurrences(of: "</pricesIncludeVat>", with: "</pricesIncludesVAT>")
        #expect {
            try InvoiceXML.decode(Data(xml.utf8), source: "typo.xml")
        } throws: { error in
            guard case let .invalid(source, issues)? = error as? XMLError, let issue = issues.first else { return false }
            return source == "typo.xml" && issue.element == "pricesIncludesVAT" && issue.line == 7
                && issue.message.contains("not expected") && issue.message.contains("pricesIncludeVat")
        }
    }

    @Test func inputFormIsToldByTheFirstNonBlankCharacter() {
        #expect(InvoiceInput.format(of: Data("\u{FEFF}  {\"number\": 1}".utf8)) == .json)
        #expect(InvoiceInput.format(of: Data("\n<?xml version=\"1.0\"?><invoice/>".utf8)) == .xml)
        #expect(InvoiceInput.format(of: Data("number,date".utf8)) == nil)
        #expect(InvoiceInput.Format.xml.mediaType == "application/xml")
    }

    static func date(_ text: String) -> LocalDate { LocalDate(iso: text)! }
    static func decimal(_ text: String) -> Decimal { DecimalText.parse(text)! }

    /// Every field set, in several scripts, with markup characters and fractional quantities.
    static let full = Invoice(
        number: "CN-2026-000123",
        date: date("2026-11-27"),
        currency: "RUB",
        jurisdiction: "RU",
        pricesIncludeVat: true,
        order: OrderReference(marketplace: "ozon", orderNumber: "0123456789-0001", postingNumber: "0123456789-0001-1"),
        seller: Party(name: "Shenzhen \"Example\" Technology & Co., <Ltd.>",
                      localName: "深圳市示例科技有限公司", country: "CN",
                      taxIds: [TaxID(scheme: "cn-uscc", value: "91440300MA5G8K2P17")],
                      address: "深圳市南山区\r\nRoom 5 & 6\t\"B\""),
        buyer: Party(name: "ООО «Пример» & 'Сыновья'", localName: "", country: "RU",
                     taxIds: [TaxID(scheme: "ru-inn", value: "7707083893"),
                              TaxID(scheme: "ru-\"kpp\"&", value: "773601001")],
                     address: nil),
        shipper: Party(name: "Склад №1"),
        consignee: nil,
        paymentDocuments: [DocumentReference(number: "123", date: date("2026-11-26")),
                           DocumentReference(number: "124", date: nil)],
        shippingDocuments: [DocumentReference(number: "ТН-7")],
        contract: DocumentReference(number: "K-1/2026", date: date("2026-01-09")),
        lines: [
            InvoiceLine(sku: "1234567890", offerId: "RM13-BLK-128", name: "Смартфон Redmi 13 128 ГБ",
                        hsCode: "8517130000", unit: UnitOfMeasure(code: "796", name: "шт"),
                        quantity: decimal("2"), price: decimal("12345.67"), vatRate: .percent(22),
                        excise: decimal("0"), originCountry: "CN", customsDeclaration: "10702070/271126/3123456",
                        vatAmount: decimal("4452.32"), amountWithoutVat: decimal("20239.02"),
                        amountWithVat: decimal("24691.34")),
            InvoiceLine(name: "Кабель 电缆 <USB-C> 0.375 м", unit: UnitOfMeasure(code: "006"),
                        quantity: decimal("0.375"), price: decimal("99.9"), vatRate: .calculated(22)),
            InvoiceLine(name: "Услуга", quantity: decimal("1.5"), price: decimal("-10.125"), vatRate: .none),
        ],
        totals: InvoiceTotals(amountWithoutVat: nil, vatAmount: decimal("4452.32"), amountWithVat: decimal("24750"))
    )

    static let minimal = Invoice(number: "1", date: date("2025-01-31"), currency: "CNY", pricesIncludeVat: false,
                                 seller: Party(name: "S"), buyer: Party(name: "B"), lines: [])

    @Test func decodeOfEncodeGivesTheSameInvoice() throws {
        for invoice in [Self.full, Self.minimal] {
            let xml = InvoiceXML.encode(invoice)
            let back = try InvoiceXML.decode(xml, source: "round.xml")
            #expect(back == invoice)
            #expect(InvoiceXML.encode(back) == xml)
        }
    }

    @Test func fieldsSurviveExactly() throws {
        let back = try InvoiceXML.decode(InvoiceXML.encode(Self.full), source: "round.xml")
        #expect(back.seller.address == "深圳市南山区\r\nRoom 5 & 6\t\"B\"")
        #expect(back.buyer.localName == "")
        #expect(back.buyer.address == nil)
        #expect(back.consignee == nil)
        #expect(back.buyer.taxIds[1].scheme == "ru-\"kpp\"&")
        #expect(back.lines[1].quantity == Decimal(string: "0.375"))
        #expect(back.lines[1].unit == UnitOfMeasure(code: "006", name: nil))
        #expect(back.lines[2].vatRate == .none)
        #expect(back.lines[1].vatRate == .calculated(22))
        #expect(back.paymentDocuments[1].date == nil)
    }

    @Test func encodingIsPrettyEscapedAndCanonical() throws {
        var invoice = Self.minimal
        invoice.seller = Party(name: "A & \"B\" <C>", taxIds: [TaxID(scheme: "x\"y", value: "1<2")])
        invoice.lines = [InvoiceLine(name: "Чай 茶", quantity: Decimal(string: "0.50")!, price: Decimal(12),
                                     vatRate: .percent(22), amountWithVat: Decimal(string: "6.125")!)]
        invoice.totals = InvoiceTotals()
        let text = String(decoding: InvoiceXML.encode(invoice), as: UTF8.self)
        let expected = """
            <?xml version="1.0" encoding="UTF-8"?>
            <invoice xmlns="urn:faktura:invoice:1">
              <number>1</number>
              <date>2025-01-31</date>
              <currency>CNY</currency>
              <jurisdiction>RU</jurisdiction>
              <pricesIncludeVat>false</pricesIncludeVat>
              <seller>
                <name>A &amp; "B" &lt;C&gt;</name>
                <taxId scheme="x&quot;y">1&lt;2</taxId>
              </seller>
              <buyer>
                <name>B</name>
              </buyer>
              <line>
                <name>Чай 茶</name>
                <quantity>0.5</quantity>
                <price>12.00</price>
                <vatRate>22%</vatRate>
                <amountWithVat>6.125</amountWithVat>
              </line>
              <totals/>
            </invoice>

            """
        #expect(text == expected)
        #expect(InvoiceXML.encode(invoice) == InvoiceXML.encode(invoice))
    }

    @Test func schemaTextCompilesAndAcceptsTheEncodedForm() throws {
        let schema = try XMLSchema(xsd: InvoiceXML.schemaText, source: "invoice.xsd")
        let root = try XMLDocument.parse(InvoiceXML.encode(Self.full), source: "full.xml", schema: schema)
        #expect(root.namespace == InvoiceXML.namespace)
        #expect(root.children("line").count == 3)
    }

    @Test func absentJurisdictionAndPriceFlagTakeTheJSONDefaults() throws {
        let xml = """
            <invoice xmlns="urn:faktura:invoice:1"><number>7</number><date>2026-02-01</date>
            <currency>RUB</currency><seller><name>S</name></seller><buyer><name>B</name></buyer></invoice>
            """
        let invoice = try InvoiceXML.decode(Data(xml.utf8), source: "short.xml")
        #expect(invoice.jurisdiction == "RU")
        #expect(invoice.pricesIncludeVat == false)
        #expect(invoice.lines.isEmpty)
    }

    @Test func schemaViolationNamesSourceLineAndElement() {
        let good = String(decoding: InvoiceXML.encode(Self.full), as: UTF8.self)
        let bad = good.replacingOccurrences(of: "<quantity>0.375</quantity>", with: "<quantity>0,375</quantity>")
        let badLine = bad.components(separatedBy: "\n").firstIndex { $0.contains("0,375") }! + 1
        #expect {
            try InvoiceXML.decode(Data(bad.utf8), source: "bad.xml")
        } throws: { error in
            guard case let .invalid(source, issues)? = error as? XMLError, let issue = issues.first else { return false }
            return source == "bad.xml" && issue.line == badLine && issue.element == "quantity"
                && "\(error)".contains("line \(badLine), element <quantity>")
        }
    }

    @Test func missingRequiredElementIsASchemaError() {
        let xml = "<invoice xmlns=\"urn:faktura:invoice:1\">\n<number>7</number>\n<currency>RUB</currency></invoice>"
        #expect {
            try InvoiceXML.decode(Data(xml.utf8), source: "nodate.xml")
        } throws: { error in
            guard case let .invalid(_, issues)? = error as? XMLError, let issue = issues.first else { return false }
            return issue.line == 3 && issue.element == "currency" && issue.message.contains("date")
        }
    }

    @Test func impossibleDateNamesLineAndElement() {
        let good = String(decoding: InvoiceXML.encode(Self.minimal), as: UTF8.self)
        let bad = good.replacingOccurrences(of: "2025-01-31", with: "2025-02-30")
        #expect(throws: XMLError.content(source: "feb.xml", line: 4, element: "date",
                                         message: "'2025-02-30' is not a calendar date in the form YYYY-MM-DD")) {
            try InvoiceXML.decode(Data(bad.utf8), source: "feb.xml")
        }
    }

    @Test func wrongNamespaceIsRejected() {
        let xml = "<invoice xmlns=\"urn:other\"><number>1</number></invoice>"
        #expect {
            try InvoiceXML.decode(Data(xml.utf8), source: "ns.xml")
        } throws: { error in
            guard case let .invalid(source, issues)? = error as? XMLError else { return false }
            return source == "ns.xml" && !issues.isEmpty
        }
    }

    @Test func doctypeInInvoiceIsRefused() {
        let xml = "<!DOCTYPE invoice [<!ENTITY e \"x\">]>\n<invoice xmlns=\"urn:faktura:invoice:1\"/>"
        #expect(throws: XMLError.doctypeNotAllowed(source: "dt.xml", line: 1)) {
            try InvoiceXML.decode(Data(xml.utf8), source: "dt.xml")
        }
    }
}
