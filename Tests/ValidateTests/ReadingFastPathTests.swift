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

    /// Random pages of stacked header lines (labels cut at a hyphen or without one, in columns
    /// side by side, a line's leading apart) over rows of figures: the fast header search (each
    /// word looked up once, stacks with too few possible labels skipped) finds the table the
    /// general search finds, with the same rows.
    @Test func randomWrappedHeadersGiveTheGeneralCodesTable() {
        let pieces = ["Кол-", "во", "Коли", "чество", "Ста", "вка", "НДС", "НДС,", "%", "Сумма", "сумма", "с", "Цена", "за",
                      "ед.", "Наименование", "товара", "Код", "ТН", "ВЭД", "Unit", "price", "HS", "code", "Qty", "Amount",
                      "incl.", "VAT", "No", "Item", "单价", "(元)", "数量", "税", "率/", "Rate", "金额", "/", "Q-ty", "Артикул",
                      "SKU", "Страна", "происхождения", "Total", "Итого", "ООО", "Ромашка", "Москва", "ул.", "Ленина",
                      "и\u{306}", "№", "п/п", "Ед.", "изм."]
        let figures = ["1", "2", "12", "1 234,50", "99.00", "22%", "10%", "8517130002", "6109.10.00", "150,00", "1,200.00", "SKU-7"]
        var generator = SeededGenerator()
        var tables = 0
        for _ in 0..<400 {
            var words: [PDFTextWord] = []
            var y: Float = 20
            let columns = Int.random(in: 3...7, using: &generator)
            for _ in 0..<Int.random(in: 1...7, using: &generator) {  // header lines (or a block of text)
                for column in 0..<columns where Int.random(in: 0..<4, using: &generator) > 0 {
                    var x = Float(column) * 80 + 10
                    for _ in 0..<Int.random(in: 1...2, using: &generator) {
                        let text = pieces.randomElement(using: &generator)!
                        words.append(PDFTextWord(text: text, x0: x, y0: y, x1: x + Float(text.count) * 5, y1: y + 10))
                        x += Float(text.count) * 5 + 3
                    }
                }
                y += Float.random(in: 10...18, using: &generator)
            }
            for _ in 0..<Int.random(in: 0...4, using: &generator) {  // rows
                y += 4
                for column in 0..<columns {
                    let text = figures.randomElement(using: &generator)!
                    words.append(PDFTextWord(text: text, x0: Float(column) * 80 + 10, y0: y, x1: Float(column) * 80 + 10 + Float(text.count) * 5,
                                             y1: y + 10))
                }
                y += 12
            }
            let pages = [PDFPageText(width: 600, height: 800, words: words)]
            let fast = PDFInvoiceReading(pages: pages, general: false)
            let general = PDFInvoiceReading(pages: pages, general: true)
            #expect(fast.tableRows == general.tableRows, "\(words.map(\.text))")
            tables += general.tableRows.isEmpty ? 0 : 1
        }
        // The pages reach the table reader's rows, not only headers that name no table.
        #expect(tables >= 20)
    }

    /// ``InvoiceTableReader/holdsAmount(_:)`` reads each word's last four bytes up to its last
    /// digit as it goes: the same answer as the copy of the reversed bytes it replaced.
    @Test func holdsAmountAsTheReversedBytesSay() {
        func straightforward(_ text: String) -> Bool {
            let bytes = Array(text.utf8.reversed().drop { !($0 >= 0x30 && $0 <= 0x39) })
            guard bytes.count >= 4 else { return false }
            func digit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
            return digit(bytes[0]) && digit(bytes[1]) && (bytes[2] == 0x2E || bytes[2] == 0x2C) && digit(bytes[3])
        }
        let pieces = ["1", "23", ".", ",", "45", "$", "₽", "руб.", "a", " ", "%", "0", "9"]
        var generator = SeededGenerator()
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 1...7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let line = TextLine(words: [PDFTextWord(text: text, x0: 0, y0: 0, x1: 10, y1: 10)], text: text, top: 0, bottom: 10)
            #expect(InvoiceTableReader.holdsAmount(line) == straightforward(text), "\(text)")
        }
    }

    /// The scalars whose words the header search compares byte for byte
    /// (``HeaderWord/comparesByBytes(_:)``) are NFC starters that stay as they are under NFC,
    /// alone and beside one another: for them equal strings are equal bytes.
    @Test func wordsComparedByBytesAreTheirOwnNFC() {
        var scalars: [Unicode.Scalar] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value), HeaderWord.comparesByBytes(String(scalar)) else { continue }
            scalars.append(scalar)
            #expect(scalar.properties.canonicalCombiningClass == .notReordered, "U+\(String(value, radix: 16))")
            let text = String(scalar)
            #expect(Array(text.precomposedStringWithCanonicalMapping.utf8) == Array(text.utf8), "U+\(String(value, radix: 16))")
        }
        #expect(!HeaderWord.comparesByBytes("и\u{306}") && !HeaderWord.comparesByBytes("\u{2000}"))
        var generator = SeededGenerator()
        for _ in 0..<20_000 {
            let text = String(String.UnicodeScalarView([scalars.randomElement(using: &generator)!, scalars.randomElement(using: &generator)!]))
            #expect(Array(text.precomposedStringWithCanonicalMapping.utf8) == Array(text.utf8), "\(text.unicodeScalars.map(\.value))")
        }
    }
}
