import FakturaTestSupport
import Foundation
import InvoiceModel
import PDFReading
import Testing
@testable import PDFRender

/// The commercial invoice prints Ozon's SKU and the seller's article where the order has them,
/// and leaves out the customs declaration column when no line has one.
@Suite struct SKUColumnTests {
    static func words(_ invoice: Invoice) throws -> [String] {
        let pdf = try SampleInvoices.renderer("commercial-invoice").render(invoice)
        return try PDFDocument(data: pdf, source: "sku.pdf").pageTexts().flatMap { $0.words.map(\.text) }
    }

    @Test func bothTheSKUAndTheArticleArePrintedOneOverTheOther() throws {
        let invoice = SampleInvoices.crossBorder(lines: 2)
        let pdf = try SampleInvoices.renderer("commercial-invoice").render(invoice)
        let words = try PDFDocument(data: pdf, source: "sku.pdf").pageTexts()[0].words
        for line in invoice.lines {
            let sku = try #require(words.first { $0.text == line.sku }, "SKU \(line.sku!) is printed")
            let article = try #require(words.first { $0.text == line.offerId }, "article \(line.offerId!) is printed")
            #expect(article.y0 > sku.y1 - 0.5, "the article is under the SKU")
            #expect(abs(article.x0 - sku.x0) < 1, "in the same column")
        }
        // Only one of them: printed once.
        var skuOnly = invoice
        skuOnly.lines[0].offerId = nil
        skuOnly.lines[1].sku = nil
        let printed = try Self.words(skuOnly)
        #expect(printed.contains(invoice.lines[0].sku!))
        #expect(printed.contains(invoice.lines[1].offerId!))
    }

    @Test func theCustomsColumnIsLeftOutWhenNoLineHasADeclaration() throws {
        var invoice = SampleInvoices.crossBorder(lines: 3)
        #expect(try Self.words(invoice).contains("ДТ"))
        for index in invoice.lines.indices { invoice.lines[index].customsDeclaration = nil }
        let words = try Self.words(invoice)
        #expect(!words.contains("ДТ"), "the empty customs column is dropped")
        #expect(words.contains("Description"))
        // One line with a declaration brings the column back, the others print a dash.
        invoice.lines[1].customsDeclaration = "10702070/271126/3123456"
        let back = try Self.words(invoice)
        #expect(back.contains("ДТ"))
        #expect(back.contains("—"))
    }
}
