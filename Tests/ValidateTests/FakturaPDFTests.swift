import FakturaTestSupport
import Foundation
import InvoiceModel
import PDFRender
import Testing
@testable import PDFReading
@testable import Validate

/// PDFs rendered by Faktura itself carry `invoice.xml`: validation reads the exact data back.
@Suite("Validating PDFs made with Faktura")
struct FakturaPDFTests {
    func render(_ invoice: Invoice, template: String = "commercial-invoice") throws -> Data {
        try InvoiceRenderer(template: try TemplateCatalog.builtIn(named: template)).render(invoice)
    }

    @Test(arguments: ["commercial-invoice", "ru-schet-faktura"])
    func renderedCleanInvoiceValidatesClean(_ template: String) throws {
        let pdf = try render(Samples.chineseInvoice, template: template)
        let report = Samples.validator.validate(data: pdf, source: "cn.pdf")
        #expect(report.findings == [] && report.status == .ok)
        let reading = PDFInvoiceReading.read(try PDFReading.PDFDocument(data: pdf, source: "cn.pdf"))
        #expect(reading.embeddedInvoice == Samples.chineseInvoice)
    }

    @Test func renderedInvoiceWithAnOldRateIsReported() throws {
        var invoice = Samples.russianInvoice
        invoice.lines[1].vatRate = .percent(20)
        let report = Samples.validator.validate(data: try render(invoice, template: "ru-schet-faktura"), source: "ru.pdf")
        #expect(report.findings.map(\.code) == [.vatRateInvalid])
        #expect(report.findings.first?.field == "lines[1].vatRate")
    }

    @Test func renderedTextShowsTheInvoiceFieldsToo() throws {
        // Without its attachment, a Faktura PDF's text alone still shows every required field.
        let pdf = try PDFReading.PDFDocument(data: try render(Samples.chineseInvoice), source: "cn.pdf")
        let reading = PDFInvoiceReading(text: pdf.text())
        #expect(reading.missingFields == [], "\(reading.text ?? "")")
        #expect(reading.taxIds.contains(TaxID(scheme: "cn-uscc", value: "91440300MA5G8K2P17")))
        #expect(reading.postingNumbers == ["0123456789-0001-1"])
    }
}
