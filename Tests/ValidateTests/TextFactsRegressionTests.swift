import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
@testable import Validate

/// The facts read from the words of every text PDF among the fixtures, and from variants of
/// those words (some dropped, some upper-cased, some replaced by awkward tokens: other scripts'
/// digits, letters whose case mapping changes their length), are the ones recorded in
/// `Fixtures/text-facts.txt`. The text scan and table reader are tuned for speed; this keeps
/// any such change from reading a single fact differently. When a change is meant to read
/// differently, set `FAKTURA_WRITE_TEXT_FACTS` to a path to write the new record there, review
/// the difference, and commit it.
@Suite("Text facts: the same facts from the same words")
struct TextFactsRegressionTests {
    static let record = "text-facts.txt"
    static let variants = 24

    /// Tokens that stress case folding and digit handling.
    static let awkward = ["İNN", "ИНН:", "ẞ", "Σ", "ΣΑΣ", "１２３４５６", "٢٢%", "22 %", "Итого:", "TOTAL", "合计", "1 234,56",
                          "12\u{00A0}345,67", "0212345681-0001-1", "0212345681-0001", "8517.13.000.2", "ǅ", "ﬁ", "Kпп",
                          "ТН ВЭД", "НДС", "без НДС", "7704217370", "770401001", "10/110", "¹²³", "Ⅻ", "x\u{0301}"]

    /// Every fixture PDF that opens and has words on some page, by name.
    func textPDFs() throws -> [(name: String, pages: [PDFPageText])] {
        let root = try Samples.fixture("third-party").deletingLastPathComponent()
        let names = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".pdf") && !$0.hasPrefix("hostile") }.sorted()
        return names.compactMap { name in
            guard let data = try? Data(contentsOf: root.appendingPathComponent(name)),
                  let document = try? PDFDocument(data: data, source: name) else { return nil }
            let pages = document.pageTexts()
            return pages.contains { !$0.words.isEmpty } ? (name, pages) : nil
        }
    }

    /// A repeatable variant of the pages' words (variant 0 is the words as read).
    static func variant(_ pages: [PDFPageText], _ number: Int) -> [PDFPageText] {
        guard number > 0 else { return pages }
        var state = UInt64(number) &* 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        return pages.map { page in
            var page = page
            page.words = page.words.compactMap { word in
                var word = word
                switch next() % 100 {
                case 0..<6: return nil
                case 6..<18: word.text = word.text.uppercased()
                case 18..<22: word.text = awkward[Int(next() % UInt64(awkward.count))]
                case 22..<25: word.y0 += 2; word.y1 += 2
                default: break
                }
                return word
            }
            return page
        }
    }

    static func describe(_ reading: PDFInvoiceReading) -> String {
        var lines = [
            "tax ids: " + reading.taxIds.map { "\($0.scheme):\($0.value)" }.joined(separator: " "),
            "hs: " + reading.hsCodes.joined(separator: " "),
            "amounts: " + reading.amounts.map { "\($0)" }.joined(separator: " "),
            "totals: " + reading.totals.map { "\($0)" }.joined(separator: " "),
            "vat: \(reading.hasVATBreakdown) " + reading.vatRates.map(\.text).joined(separator: " "),
            "postings: " + reading.postingNumbers.joined(separator: " "),
            "orders: " + reading.orderNumbers.joined(separator: " "),
            "missing: " + reading.missingFields.map(\.rawValue).joined(separator: " "),
            "ocr: \(reading.fromOCR) \(reading.lowestConfidence.map { "\($0)" } ?? "-")",
            "text: " + (reading.text ?? "-"),
        ]
        for row in reading.tableRows {
            lines.append("row \(row.index) p\(row.page) #\(row.position.map(String.init) ?? "-") sku \(row.sku ?? "-") [\(row.name)] hs \(row.hsCode ?? "-") q \(row.quantity.map { "\($0)" } ?? "-") p \(row.price.map { "\($0)" } ?? "-") a \(row.amount.map { "\($0)" } ?? "-") r \(row.vatRate?.text ?? "-") v \(row.vatAmount.map { "\($0)" } ?? "-") c \(row.confidence.map { "\($0)" } ?? "-")")
        }
        return lines.joined(separator: "\n")
    }

    /// FNV-1a over the description's bytes: the record keeps one line a reading.
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return String(hash, radix: 16)
    }

    func currentRecord() throws -> String {
        var record = ""
        for pdf in try textPDFs() {
            for number in 0..<Self.variants {
                let pages = Self.variant(pdf.pages, number)
                let fromWords = Self.describe(PDFInvoiceReading(pages: pages))
                let text = pages.map { $0.words.map(\.text).joined(separator: " ") }.joined(separator: "\n")
                let fromText = Self.describe(PDFInvoiceReading(text: text))
                record += "\(pdf.name) \(number) words \(Self.digest(fromWords)) text \(Self.digest(fromText))\n"
            }
        }
        return record
    }

    @Test func everyFixtureGivesTheRecordedFactsFromItsWordsAndFromItsText() throws {
        let current = try currentRecord()
        if let path = ProcessInfo.processInfo.environment["FAKTURA_WRITE_TEXT_FACTS"] {
            try current.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let recorded = try String(contentsOf: try Samples.fixture(Self.record), encoding: .utf8)
        let currentLines = current.split(separator: "\n"), recordedLines = recorded.split(separator: "\n")
        #expect(currentLines.count == recordedLines.count)
        #expect(currentLines.count >= 10 * Self.variants, "too few text PDFs among the fixtures: \(currentLines.count / Self.variants)")
        for (now, then) in zip(currentLines, recordedLines) where now != then {
            Issue.record("read differently: \(now), recorded \(then)")
        }
    }
}
