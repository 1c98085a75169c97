import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
@testable import PDFReading
@testable import Validate

/// The byte-level reading of a PDF's words gives the facts the general code gives (`lowercased()`,
/// the label search of each kind, the regular expressions, every identifier scheme's check):
/// on every PDF of the committed third-party corpus, and on random invoice-like texts.
@Suite("Reading fast paths: the facts the general code reads")
struct ReadingFastPathTests {
    /// The facts of a reading, as one comparable value.
    struct Facts: Equatable, CustomStringConvertible {
        var taxIds: [TaxID]
        var hsCodes: [String]
        var amounts: [Decimal]
        var totals: [Decimal]
        var vatRates: [VATRate]
        var postingNumbers: [String]
        var orderNumbers: [String]
        var tableRows: [InvoiceTableRow]
        var missingFields: [PDFInvoiceReading.Field]
        var text: String?

        init(_ reading: PDFInvoiceReading) {
            taxIds = reading.taxIds
            hsCodes = reading.hsCodes
            amounts = reading.amounts
            totals = reading.totals
            vatRates = reading.vatRates
            postingNumbers = reading.postingNumbers
            orderNumbers = reading.orderNumbers
            tableRows = reading.tableRows
            missingFields = reading.missingFields
            text = reading.text
        }

        var description: String {
            "tax ids \(taxIds.map(\.value)), HS \(hsCodes), \(amounts.count) amounts, totals \(totals), rates \(vatRates), "
                + "postings \(postingNumbers), orders \(orderNumbers), \(tableRows.count) rows, missing \(missingFields)"
        }
    }

    @Test func everyCorpusPDFGivesTheGeneralCodesFacts() throws {
        let folder = try Samples.fixture("third-party/reportlab-ru.pdf").deletingLastPathComponent()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(names.count >= 10)
        var withTable = 0
        for name in names {
            let document = try PDFDocument(data: try Data(contentsOf: folder.appendingPathComponent(name)), source: name)
            let pages = document.pageTexts()
            let fast = Facts(PDFInvoiceReading(pages: pages, general: false))
            let general = Facts(PDFInvoiceReading(pages: pages, general: true))
            #expect(fast == general, "\(name): \(fast) / \(general)")
            withTable += fast.tableRows.isEmpty ? 0 : 1
        }
        // The corpus reaches the table reader and the scan, not only empty pages.
        #expect(withTable >= 6)
    }

    /// Random texts of labels, numbers shaped as identifiers, HS codes, amounts, rates and
    /// posting numbers, in the three languages: the fast and the general scan read the same.
    @Test func randomInvoiceTextsGiveTheGeneralCodesFacts() {
        let pieces = ["ИНН", "КПП", "inn", "Tax ID", "税号", "VAT", "НДС", "Итого", "Total", "合计", "ТН ВЭД", "HS code",
                      "без НДС", "7707083893", "770701001", "7704217370", "91350100M000100Y43", "4540536920", "DE136695976",
                      "MA1953684", "200988541", "971240001315", "1027700132195", "8517130002", "6109.10.00", "8517 13 000 0",
                      "1 183,50", "24,691.34", "22%", "10 %", "22/122", "0212345678-0001-1", "0212345678-0001", "шт", "a",
                      "Кружка", "商品", " ", "\t", ":", "/", "-", ".", ",", "12", "2026"]
        var generator = SeededGenerator()
        for _ in 0..<1_500 {
            let text = (0..<Int.random(in: 1...8, using: &generator)).map { _ in
                (0..<Int.random(in: 1...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined(separator: " ")
            }.joined(separator: "\n")
            let lines = InvoiceTextScan.lines(of: text)
            var fast = InvoiceTextScan()
            fast.scan(lines: lines, tableLines: [])
            var general = InvoiceTextScan()
            general.general = true
            let lowered = lines.map { $0.lowercased() }
            general.scan(lines: lines, lowered: lowered, labels: lowered.map(LineLabels.init(searching:)), tableLines: [])
            #expect(fast.taxIds == general.taxIds && fast.hsCodes == general.hsCodes && fast.amounts == general.amounts
                        && fast.totals == general.totals && fast.vatRates == general.vatRates
                        && fast.postingNumbers == general.postingNumbers && fast.orderNumbers == general.orderNumbers, "\(text)")
        }
    }
}
