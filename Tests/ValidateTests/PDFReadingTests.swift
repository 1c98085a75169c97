import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
@testable import PDFReading
@testable import Validate

@Suite("Reading PDFs made by other tools")
struct PDFReadingTests {
    func open(_ name: String) throws -> PDFReading.PDFDocument {
        try PDFReading.PDFDocument(contentsOf: try Samples.fixture(name))
    }

    func readError(_ name: String) throws -> PDFReadError? {
        let url = try Samples.fixture(name)
        do {
            _ = try PDFReading.PDFDocument(contentsOf: url)
            return nil
        } catch {
            return error
        }
    }

    @Test func plainPDFGivesItsTextAndNoAttachments() throws {
        let pdf = try open("other-tool-invoice.pdf")
        #expect(pdf.pageCount == 1)
        #expect(pdf.text().contains("Всего к оплате: 26 188,34"))
        #expect(pdf.attachments.isEmpty)
        #expect(pdf.attachment(named: "invoice.xml") == nil)
    }

    @Test func tableCellsAreSeparatedInTheText() throws {
        // poppler glues cells ("ГБ8517 13 000 0212 345,67"); the reader separates them by their positions.
        let text = try open("other-tool-invoice.pdf").text()
        #expect(text.contains("8517 13 000 0\t2\t12 345,67"))
    }

    @Test func embeddedInvoiceXMLIsReturnedExactly() throws {
        let pdf = try open("embedded-invoice.pdf")
        let xml = try #require(pdf.attachment(named: "invoice.xml"))
        #expect(String(decoding: xml, as: UTF8.self).contains("<postingNumber>0123456789-0001-1</postingNumber>"))
        #expect(pdf.attachments.map(\.name) == ["invoice.xml"])
    }

    @Test func notAPDFIsRefusedBeforePoppler() throws {
        #expect(try readError("not-a-pdf.pdf") == .notPDF(try Samples.fixture("not-a-pdf.pdf").path))
        #expect(throws: PDFReadError.notPDF("x")) { try PDFReading.PDFDocument(data: Data(), source: "x") }
    }

    @Test func encryptedPDFIsReportedAsEncrypted() throws {
        let error = try #require(try readError("encrypted.pdf"))
        #expect(error == .encrypted(try Samples.fixture("encrypted.pdf").path))
        #expect(error.description.contains("password"))
    }

    @Test func truncatedPDFIsDamaged() throws {
        let error = try #require(try readError("truncated.pdf"))
        guard case .damaged(let source, let reason) = error else {
            Issue.record("expected .damaged, got \(error)")
            return
        }
        #expect(source.hasSuffix("truncated.pdf") && !reason.isEmpty)
    }

    @Test func garbageAfterAHeaderNeverCrashes() {
        var data = Data("%PDF-1.7\n".utf8)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4096 { data.append(UInt8.random(in: 0...255, using: &generator)) }
        let report = Samples.validator.validate(data: data, source: "random.pdf")
        #expect(report.status == .failed)
        #expect(report.findings.allSatisfy { $0.code == .attachmentUnreadable || $0.code == .attachmentFieldsMissing })
    }

    @Test func textFactsOfAnotherToolsInvoice() throws {
        let reading = PDFInvoiceReading.read(try open("other-tool-invoice.pdf"))
        #expect(reading.origin == .text && reading.embeddedInvoice == nil)
        #expect(reading.taxIds.contains(TaxID(scheme: "cn-uscc", value: "91440300MA5G8K2P17")))
        #expect(reading.taxIds.contains(TaxID(scheme: "ru-inn", value: "7707083893")))
        #expect(reading.taxIds.contains(TaxID(scheme: "ru-kpp", value: "773601001")))
        #expect(reading.hsCodes == ["8517130000", "8544429000"])
        #expect(reading.total == Decimal(string: "26188.34"))
        #expect(reading.amounts.contains(Decimal(string: "24691.34")!))
        #expect(reading.hasVATBreakdown && reading.vatRates == [.percent(22)])
        #expect(reading.postingNumbers == ["0123456789-0001-1"])
        #expect(reading.missingFields == [])
    }

    @Test func letterWithoutInvoiceFieldsMissesAllFour() throws {
        let reading = PDFInvoiceReading.read(try open("other-tool-letter.pdf"))
        #expect(reading.missingFields == [.taxId, .hsCodes, .vatBreakdown, .total])
        #expect(reading.orderNumbers == ["0123456789-0001"] && reading.postingNumbers == [])
    }

    @Test func embeddedInvoiceGivesExactFacts() throws {
        let reading = PDFInvoiceReading.read(try open("embedded-invoice.pdf"))
        let invoice = try #require(reading.embeddedInvoice)
        #expect(reading.origin == .embeddedXML)
        #expect(invoice.number == "CN-2026-000123" && invoice.lines.count == 2)
        #expect(reading.hsCodes == ["8517130000", "8544429000"])
        #expect(reading.total == Decimal(string: "26188.34"))
        #expect(reading.postingNumbers == ["0123456789-0001-1"])
    }

    @Test func amountsInRussianAndEnglishFormats() {
        let reading = PDFInvoiceReading(text: "Итого: 24 691,34\nTotal 24,691.34 / 24691.34\nНДС 22%: 4 452,54")
        #expect(reading.totals == [Decimal(string: "24691.34")!, Decimal(string: "24691.34")!, Decimal(string: "24691.34")!])
        #expect(reading.amounts.contains(Decimal(string: "4452.54")!))
        #expect(reading.vatRates == [.percent(22)])
    }

    @Test func numbersAreTakenForTaxIdsOnlyBesideALabel() {
        // 5001007329 passes the INN check but stands in an HS column here, not beside "ИНН".
        let reading = PDFInvoiceReading(text: "Код ТН ВЭД\n5001007329\nПокупатель ИНН 7736050003")
        #expect(reading.taxIds == [TaxID(scheme: "ru-inn", value: "7736050003")])
        #expect(reading.hsCodes == ["5001007329"])
    }
}

@Suite("Validating PDFs")
struct PDFValidationTests {
    func report(_ name: String) throws -> DocumentReport {
        Samples.validator.validate(fileAt: try Samples.fixture(name))
    }

    @Test func faktura_styleEmbeddedInvoiceIsValidatedByItsData() throws {
        let clean = try report("embedded-invoice.pdf")
        #expect(clean.status == .ok && clean.findings == [])
        let twenty = try report("embedded-invoice-20pct.pdf")
        #expect(Set(twenty.findings.map(\.code)) == [.vatRateInvalid, .totalMismatch])
    }

    @Test func brokenEmbeddedXMLIsSchemaNamingTheAttachment() throws {
        let result = try report("embedded-broken-xml.pdf")
        #expect(result.findings.first?.code == .schema)
        #expect(result.findings.first?.field?.description.hasPrefix("invoice.xml") == true)
        #expect(result.status == .failed)
    }

    @Test func anotherToolsInvoiceShowsItsFields() throws {
        let result = try report("other-tool-invoice.pdf")
        #expect(result.status == .ok)
        // Only an info finding says the check was limited to the text.
        #expect(result.findings.map(\.severity) == [.info])
        #expect(result.findings.map(\.code) == [.attachmentFieldsMissing])
    }

    @Test func letterLacksEveryInvoiceField() throws {
        let errors = try report("other-tool-letter.pdf").findings.filter { $0.severity == .error }
        #expect(errors.map(\.code) == Array(repeating: .attachmentFieldsMissing, count: 4))
        #expect(errors.map(\.field) == ["taxId", "hsCodes", "vatBreakdown", "total"])
    }

    @Test func unreadableAndNonPDFFilesHaveTheirCodes() throws {
        #expect(try report("encrypted.pdf").findings.map(\.code) == [.attachmentUnreadable])
        #expect(try report("truncated.pdf").findings.map(\.code) == [.attachmentUnreadable])
        #expect(try report("not-a-pdf.pdf").findings.map(\.code) == [.attachmentNotPDF])
    }
}
