import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing

/// Columns 11–14 of the счёт-фактура (Decree 1137 as in force from 1 July 2021): the batch's
/// registration number (РНПТ) in column 11 for traceable goods, its unit, quantity and value.
@Suite struct TraceabilityColumnsTests {
    @Test func aTraceableLinePrintsItsBatchUnitQuantityAndValue() throws {
        var invoice = Samples.russianInvoice
        invoice.lines[0].traceability = Traceability(batchNumber: "10702070/011126/3000123/001",
                                                     unit: UnitOfMeasure(code: "166", name: "кг"), quantity: Decimal(string: "2.375")!)
        let pdf = try SampleInvoices.renderer("ru-schet-faktura").render(invoice)
        let folder = ScratchFolder()
        let file = folder.write("traced.pdf", pdf)
        let text = try CLI.runTool("/usr/bin/pdftotext", ["-layout", file.path, "-"]).stdout
        #expect(text.contains("3000123/001"), "\(text)")
        // Columns 12, 13, 14: the unit's code, the quantity, the value without VAT (price x quantity).
        let row = try #require(text.split(separator: "\n").first { $0.contains("10702070/011126/") })
        #expect(row.contains("166"))
        #expect(row.contains("2,375"))
        #expect(row.filter { $0 == "—" }.isEmpty, "\(row)")
        #expect(text.contains("3 443,75"), "\(text)")
        // A line without traceability keeps its customs declaration (or a dash) in column 11.
        #expect(!text.contains("10702070/011126/3000123 "), "the declaration was replaced by the batch number")
    }
}
