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

    /// The stacking the header search made anew for every stack it tried: the cells of each
    /// line in turn, each put under the column it overlaps most, and the stack as one line
    /// (the code ``TextLine/Stack`` replaced, which builds a stack a line at a time).
    static func stackedAnew(_ lines: ArraySlice<TextLine>) -> TextLine {
        let keyed = lines.allSatisfy { $0.headerWords != nil }
        var columns: [(x0: Float, x1: Float, words: [PDFTextWord], keys: [HeaderWord])] = []
        for line in lines {
            for range in line.cells() {
                let cell = line.words[range]
                let cellKeys = keyed ? line.headerWords![range] : []
                let x0 = cell.map(\.x0).min() ?? 0, x1 = cell.map(\.x1).max() ?? 0
                var best: (index: Int, overlap: Float)?
                for (index, column) in columns.enumerated() {
                    let overlap = min(x1, column.x1) - max(x0, column.x0)
                    if overlap > 0, overlap > (best?.overlap ?? 0) { best = (index, overlap) }
                }
                guard let best else {
                    columns.append((x0, x1, Array(cell), Array(cellKeys)))
                    continue
                }
                columns[best.index].x0 = min(columns[best.index].x0, x0)
                columns[best.index].x1 = max(columns[best.index].x1, x1)
                var words = columns[best.index].words
                var keys = columns[best.index].keys
                var rest = cell
                var restKeys = cellKeys
                if let last = words.last, last.text.hasSuffix("-"), last.text.count > 1, let next = rest.first {
                    let kept = last.text + next.text
                    let text = InvoiceTextLabels.columnOfLabel[kept.lowercased()] != nil ? kept : String(last.text.dropLast()) + next.text
                    words[words.count - 1] = PDFTextWord(text: text, x0: min(last.x0, next.x0), y0: min(last.y0, next.y0),
                                                         x1: max(last.x1, next.x1), y1: max(last.y1, next.y1),
                                                         confidence: [last.confidence, next.confidence].compactMap { $0 }.min())
                    if keyed { keys[keys.count - 1] = HeaderWord(words[words.count - 1].text) }
                    rest = rest.dropFirst()
                    restKeys = restKeys.dropFirst()
                } else if let last = words.last, let next = rest.first, TextLine.cutWithoutHyphen(last.text, next.text) {
                    words[words.count - 1] = PDFTextWord(text: last.text + next.text, x0: min(last.x0, next.x0), y0: min(last.y0, next.y0),
                                                         x1: max(last.x1, next.x1), y1: max(last.y1, next.y1),
                                                         confidence: [last.confidence, next.confidence].compactMap { $0 }.min())
                    if keyed { keys[keys.count - 1] = HeaderWord(words[words.count - 1].text) }
                    rest = rest.dropFirst()
                    restKeys = restKeys.dropFirst()
                }
                columns[best.index].words = words + rest
                if keyed { columns[best.index].keys = keys + restKeys }
            }
        }
        let ordered = columns.sorted { $0.x0 < $1.x0 }
        let words = ordered.flatMap { $0.words }
        return TextLine(words: words, text: words.map(\.text).joined(separator: " "),
                        top: words.map(\.y0).min() ?? 0, bottom: words.map(\.y1).max() ?? 0,
                        headerWords: keyed ? ordered.flatMap { $0.keys } : nil)
    }

    /// Random lines of header words (cut at a hyphen or without one, in columns that overlap or
    /// not, with and without their ``HeaderWord``s) stacked a line at a time give, after each
    /// line, the stack made anew of the lines so far (``stackedAnew(_:)``): the same words, in the
    /// same order, at the same places, with the same header words; and the same text.
    @Test func stacksBuiltALineAtATimeAreTheStacksMadeAnew() {
        let pieces = ["Кол-", "во", "Коли", "чество", "Ста", "вка", "НДС", "%", "Сумма", "с", "Цена", "за", "ед.", "Наиме-",
                      "нование", "Код", "ТН", "ВЭД", "Unit", "price", "HS", "code", "Q-", "ty", "VAT", "单价", "(元)", "数量",
                      "税", "率/", "金额", "/", "-", "Ar-", "ticle", "и\u{306}", "№", "п/п", "Ед.", "изм.", "Quan", "tity"]
        var generator = SeededGenerator()
        var joins = 0
        for _ in 0..<600 {
            let keyed = Bool.random(using: &generator)
            var lines: [TextLine] = []
            var y: Float = 20
            for _ in 0..<Int.random(in: 1...InvoiceTableReader.longestHeader, using: &generator) {
                var words: [PDFTextWord] = []
                var x = Float.random(in: 0...20, using: &generator)
                for _ in 0..<Int.random(in: 1...9, using: &generator) {
                    let text = pieces.randomElement(using: &generator)!
                    let width = Float(text.count) * Float.random(in: 4...6, using: &generator)
                    words.append(PDFTextWord(text: text, x0: x, y0: y, x1: x + width, y1: y + 10,
                                             confidence: Bool.random(using: &generator) ? nil : Float.random(in: 50...99, using: &generator)))
                    x += width + [2, 3, 12, 30].randomElement(using: &generator)!
                }
                let line = TextLine(words: words, text: words.map(\.text).joined(separator: " "), top: y, bottom: y + 10)
                lines.append(keyed ? line.withHeaderWords() : line)
                y += 12
            }
            var stack = TextLine.Stack(keyed: keyed)
            for end in 1...lines.count {
                stack.add(lines[end - 1])
                let built = stack.line(), anew = Self.stackedAnew(lines[0..<end])
                #expect(built.words == anew.words && built.text == anew.text && built.top == anew.top && built.bottom == anew.bottom,
                        "\(lines[0..<end].map(\.text)): \(built.words.map(\.text)) / \(anew.words.map(\.text))")
                #expect(built.headerWords?.map(\.lowered) == anew.headerWords?.map(\.lowered)
                            && built.headerWords?.map(\.kind) == anew.headerWords?.map(\.kind)
                            && built.headerWords?.map(\.mayBeCut) == anew.headerWords?.map(\.mayBeCut))
                #expect(TextLine.stacked(lines[0..<end]).words == anew.words && stack.line(withText: false).words == anew.words)
                joins += lines[0..<end].reduce(0) { $0 + $1.words.count } - anew.words.count
            }
        }
        // Words cut over two lines were joined, not only stacked side by side.
        #expect(joins >= 100)
    }

    /// A word's ``HeaderWord`` found again in the run's memo is the one worked out anew: for
    /// random words of labels, their pieces, every kind of space and digit, scripts compared by
    /// bytes and not, and texts equal as strings but not as bytes ("й" and "и" + U+0306).
    @Test func memoizedHeaderWordsAreTheWordsWorkedOutAnew() {
        let pieces = ["Кол-", "во", "Ста", "вка", "НДС", "%", "Цена", "ед.", "(", ")", ",", ".", ":", "/", "-", "Unit", "PRICE",
                      "HS", "单价", "(元)", "数量", "税率", "金額", "й", "и\u{306}", "Й", "e\u{301}", "é", "№", "ǅ", "ß", "İ", "Σ",
                      "\u{A0}", "\u{202F}", "\u{2009}", "\u{3000}", "'", "٣", "१", "５", "7", "𝟕", "ﬁ", "Ａ", "ｱ\u{FF9E}"]
        var generator = SeededGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 1...3, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(HeaderWord.memoized(text) == HeaderWord(text), "\(text.unicodeScalars.map(\.value))")
            #expect(HeaderWord.memoized(text) == HeaderWord(text), "\(text.unicodeScalars.map(\.value))")
        }
        // Equal strings, other bytes: each keeps the word its own bytes give.
        #expect(HeaderWord.memoized("и\u{306}") == HeaderWord("и\u{306}") && HeaderWord.memoized("й") == HeaderWord("й"))
        #expect(HeaderWord.memoized("й").compact.utf8.elementsEqual("й".utf8))
    }

    /// The compact labels are looked up by their bytes (every one is compared byte for byte),
    /// and a phrase of words compared byte for byte names by its bytes the column its text
    /// names: for the labels themselves, their halves, random phrases of their words and of
    /// other scripts' letters, spaces and digits.
    @Test func compactLabelsByBytesAreTheLabelsByText() {
        #expect(InvoiceTextLabels.columnOfCompactLabelByBytes?.count == InvoiceTextLabels.columnOfCompactLabel.count)
        var texts = Array(InvoiceTextLabels.columnOfCompactLabel.keys)
        texts += texts.map { String($0.unicodeScalars.prefix($0.unicodeScalars.count / 2)) }
        let words = Array(InvoiceTextLabels.columnLabelWords) + ["й", "и\u{306}", "e\u{301}", "é", "\u{A0}", "\u{2009}", "٣", "５", "ǅ", "%"]
        var generator = SeededGenerator()
        for _ in 0..<5_000 {
            texts.append((0..<Int.random(in: 1...3, using: &generator)).map { _ in words.randomElement(using: &generator)! }.joined())
        }
        var named = 0
        for text in texts + texts.map({ "(" + $0 + ", .:;) " + $0 }) {
            #expect(InvoiceTextLabels.compact(text) == InvoiceTextLabels.compactByScalars(text)
                        && InvoiceTextLabels.compact(text).utf8.elementsEqual(InvoiceTextLabels.compactByScalars(text).utf8))
        }
        for text in texts {
            let compact = InvoiceTextLabels.compact(TextCaseFolding.lowercased(text))
            let byBytes = HeaderWord.comparesByBytes(compact)
            #expect(InvoiceTextLabels.column(ofCompactText: compact, comparesByBytes: byBytes) == InvoiceTextLabels.columnOfCompactLabel[compact],
                    "\(compact.unicodeScalars.map(\.value))")
            named += InvoiceTextLabels.columnOfCompactLabel[compact] == nil ? 0 : 1
        }
        #expect(named >= InvoiceTextLabels.columnOfCompactLabel.count)
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
