import FakturaTestSupport
import Foundation
import InvoiceModel
import PDFReading
import Testing
@testable import PDFRender

/// Cells that fit their content (docs/rendering.md): amounts from 0.01 to 999,999,999.99 in
/// every column of both built-in templates, on every page size, read back from the PDF's word
/// positions (poppler): no amount is split over two lines, and a header word is either whole
/// or hyphenated at one of its syllable boundaries.
@Suite struct CellFitTests {
    static let pageSizes = ["A4", "A5", "Letter"]

    /// 0.01, 0.99, 9.99, … 999,999,999.99: every width an amount can have up to a billion.
    static let prices: [Decimal] = [Decimal(string: "0.01")!]
        + (0...8).map { Decimal(string: "9" + String(repeating: "9", count: $0) + ".99")! }

    static func invoice(russian: Bool, prices: [Decimal]) -> Invoice {
        var invoice = russian ? Samples.russianInvoice : Samples.crossBorder(lines: 1)
        let template = invoice.lines[0]
        invoice.lines = prices.enumerated().map { index, price in
            var line = template
            line.name = index % 2 == 0 ? "Смартфон Redmi 13 128 ГБ, чёрный" : "Кабель"
            line.price = price
            line.quantity = 1
            line.vatRate = .percent(22)
            line.originCountry = index % 3 == 0 ? "RU" : "CN"
            line.customsDeclaration = line.originCountry == "RU" ? nil : "10702070/271126/3123456"
            return line
        }
        invoice.pricesIncludeVat = !russian
        return invoice
    }

    /// The repository's templates with `<page size=…>` changed, in a folder of their own.
    static func catalog(pageSize: String, folder: ScratchFolder) throws -> TemplateCatalog {
        let source = CLI.repositoryRoot.appendingPathComponent("templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            var text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            if name.hasSuffix(".xml") { text = text.replacingOccurrences(of: "size=\"A4\"", with: "size=\"\(pageSize)\"") }
            folder.write("templates-\(pageSize)/\(name)", text)
        }
        return TemplateCatalog(directory: folder.path("templates-\(pageSize)"))
    }

    /// The money keys of the templates.
    static let moneyKeys: Set<String> = ["line.price", "line.priceWithoutVat", "line.vatAmount", "line.amountWithoutVat",
                                         "line.amountWithVat", "vat.withoutVat", "vat.vat", "vat.withVat",
                                         "total.withoutVat", "total.vat", "total.withVat"]

    /// Every amount the template prints, as it writes it: the values of the money keys its
    /// blocks name.
    static func amounts(_ invoice: Invoice, template: InvoiceTemplate) -> Set<String> {
        var keys = Set<String>()
        func collect(_ pattern: TextPattern) { keys.formUnion(pattern.keys.filter(moneyKeys.contains)) }
        func walk(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case let .table(table, _):
                    for column in table.columns {
                        collect(column.value)
                        if let total = column.total { collect(total) }
                    }
                case let .fields(fields, _): for field in fields.fields { collect(field.value) }
                case let .row(row, _): for cell in row.cells { walk(cell.blocks) }
                case let .text(text, _): collect(text.text)
                default: break
                }
            }
        }
        walk(template.body)
        let fields = InvoiceFields(invoice: invoice, numbers: template.page.numbers)
        var amounts = Set<String>()
        for key in keys {
            if let index = InvoiceFields.lineKeyIndex[key] {
                for row in invoice.lines.indices { amounts.insert(fields.lineValue(index, row: row)) }
            } else if let index = InvoiceFields.vatKeyIndex[key] {
                for row in 0..<fields.rowCount(.vat) { amounts.insert(fields.vatValue(index, row: row)) }
            } else {
                amounts.insert(fields.value(key))
            }
        }
        return amounts.filter { $0.contains(where: \.isNumber) }
    }

    /// Pairs of words where `lower` is on the next text line under `upper`, overlapping it
    /// horizontally: where a word broken over two lines would be.
    static func stacked(_ words: [PDFTextWord]) -> [(upper: PDFTextWord, lower: PDFTextWord)] {
        var pairs: [(upper: PDFTextWord, lower: PDFTextWord)] = []
        for upper in words {
            for lower in words where lower.y0 >= upper.y1 - upper.height * 0.3 && lower.y0 < upper.y1 + upper.height
                && lower.x0 < upper.x1 + 1 && upper.x0 < lower.x1 + 1 {
                pairs.append((upper, lower))
            }
        }
        return pairs
    }

    /// A page's words as lines of text: words on one baseline, left to right.
    struct TextLine {
        var y: Float
        var words: [PDFTextWord]
    }

    static func lines(_ page: PDFPageText) -> [TextLine] {
        var lines: [TextLine] = []
        for word in page.words.sorted(by: { ($0.y1, $0.x0) < ($1.y1, $1.x0) }) {
            if let last = lines.indices.last, abs(lines[last].y - word.y1) < 0.5 {
                lines[last].words.append(word)
            } else {
                lines.append(TextLine(y: word.y1, words: [word]))
            }
        }
        return lines.map { TextLine(y: $0.y, words: $0.words.sorted { $0.x0 < $1.x0 }) }
    }

    /// The page's words with those a space's width apart on one line joined: poppler cuts a
    /// Russian amount (`1 219,99`) at its no-break spaces; cells are two paddings apart, more.
    static func joined(_ page: PDFPageText) -> [PDFTextWord] {
        var result: [PDFTextWord] = []
        for line in lines(page) {
            for word in line.words {
                if let last = result.last, abs(last.y1 - word.y1) < 0.5, word.x0 - last.x1 < word.height * 0.35 {
                    result[result.count - 1].text += "\u{00A0}" + word.text
                    result[result.count - 1].x1 = word.x1
                } else {
                    result.append(word)
                }
            }
        }
        return result
    }

    static func normalised(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{00A0}", with: "").replacingOccurrences(of: " ", with: "")
    }

    @Test(arguments: ["commercial-invoice", "ru-schet-faktura"], pageSizes)
    func amountsStayWholeAndHeadersBreakOnlyAtSyllables(_ templateName: String, _ pageSize: String) throws {
        let folder = ScratchFolder()
        let catalog = try Self.catalog(pageSize: pageSize, folder: folder)
        let template = try catalog.template(named: templateName)
        let renderer = InvoiceRenderer(template: template)
        let russian = templateName == "ru-schet-faktura"
        let billion = [Decimal(string: "999999999.99")!]
        for prices in [Self.prices, billion] {
            let invoice = Self.invoice(russian: russian, prices: prices)
            let pdf = try renderer.render(invoice)
            folder.write("\(templateName)-\(pageSize)-\(prices.count).pdf", pdf)
            let pages = try PDFDocument(data: pdf, source: "\(templateName)-\(pageSize).pdf").pageTexts()
            let tokens = pages.flatMap { $0.words.map { Self.normalised($0.text) } }
            let printed = Set(pages.flatMap { Self.joined($0).map { Self.normalised($0.text) } })
            let amounts = Self.amounts(invoice, template: template)
            #expect(amounts.contains { $0.filter(\.isNumber).count >= 11 }, "the invoice reaches nine-digit amounts")
            for amount in amounts {
                #expect(printed.contains(Self.normalised(amount)),
                        "\(templateName) \(pageSize): \(amount) is not printed whole on one line")
            }
            // No amount is the join of a word and the word under it in the next line.
            let normalisedAmounts = Set(amounts.map(Self.normalised))
            for page in pages {
                for (upper, lower) in Self.stacked(Self.joined(page)) {
                    #expect(!normalisedAmounts.contains(Self.normalised(upper.text + lower.text)),
                            "\(templateName) \(pageSize): \(upper.text) / \(lower.text) is one amount split over two lines")
                }
            }
            let declarations = invoice.lines.contains { $0.customsDeclaration != nil }
            try Self.expectHeadersBrokenAtSyllables(template, page: pages[0], words: Set(tokens), omittedEmpty: !declarations,
                                                    name: "\(templateName) \(pageSize)")
        }
    }

    /// Each word of every table header is printed whole, or as `part-` over the rest on the
    /// next line where `part` ends at a syllable boundary.
    /// `omittedEmpty`: the columns marked omit-empty are empty in this invoice (not drawn).
    static func expectHeadersBrokenAtSyllables(_ template: InvoiceTemplate, page: PDFPageText, words: Set<String>,
                                               omittedEmpty: Bool, name: String) throws {
        var headers: [String] = []
        func collect(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case let .table(table, _): headers += table.columns.filter { !(omittedEmpty && $0.omitEmpty) }.map(\.header)
                case let .row(row, _): for cell in row.cells { collect(cell.blocks) }
                default: break
                }
            }
        }
        collect(template.body)
        #expect(!headers.isEmpty)
        let below = Dictionary(grouping: stacked(page.words), by: { $0.upper }).mapValues { $0.map(\.lower) }
        for header in headers {
            for word in header.split(separator: " ").map(String.init) where word.count > 1 {
                if words.contains(word) { continue }
                // Each hyphen added must stand at a syllable boundary of the word.
                let points = Set(Hyphenation.shared.breakOffsets(word))
                var ok = false
                for start in page.words where start.text.hasSuffix("-") && word.hasPrefix(String(start.text.dropLast())) {
                    if chain(word, from: start, points: points, below: below) { ok = true; break }
                }
                #expect(ok, "\(name): the header word '\(word)' is neither whole nor hyphenated at syllable boundaries")
            }
        }
    }

    /// Whether `word` is printed from `piece` on over the lines below, each part but the last
    /// ending in a hyphen: the word's own (Кол-во) or one added at a syllable boundary.
    static func chain(_ word: String, from piece: PDFTextWord, points: Set<Int>, below: [PDFTextWord: [PDFTextWord]],
                      offset: Int = 0) -> Bool {
        let rest = String(word.dropFirst(offset))
        if piece.text == rest { return true }
        guard piece.text.hasSuffix("-") else { return false }
        var next: [Int] = []
        if rest.hasPrefix(piece.text) { next.append(offset + piece.text.count) }
        let part = String(piece.text.dropLast())
        if rest.hasPrefix(part) && points.contains(offset + part.count) { next.append(offset + part.count) }
        return next.contains { end in (below[piece] ?? []).contains { chain(word, from: $0, points: points, below: below, offset: end) } }
    }

    @Test func russianAndEnglishWordsHyphenateAtSyllablesOnly() {
        #expect(Hyphenation.shared.isAvailable, "the hyphen-ru and hyphen-en-us dictionaries are installed")
        let points = Hyphenation.shared.breakOffsets("происхождения")
        #expect(!points.isEmpty)
        // Never one letter alone, and never inside a number or code.
        #expect(points.allSatisfy { $0 >= 2 && $0 <= "происхождения".count - 2 })
        #expect(Hyphenation.shared.breakOffsets("(национальное)").allSatisfy { $0 >= 3 && $0 <= 12 })
        #expect(!Hyphenation.shared.breakOffsets("declaration").isEmpty)
        #expect(Hyphenation.shared.breakOffsets("8517130000").isEmpty)
        #expect(Hyphenation.shared.breakOffsets("10702070/271126/3123456").isEmpty)
    }

    @Test func columnsTakeTheirWidestAmountAndTheRestShareByWeight() {
        let widths = PageLayout.TableGeometry.distribute(100, weights: [1, 1, 2], minimum: [40, 10, 10])
        #expect(widths == [40, 20, 40])
        #expect(PageLayout.TableGeometry.distribute(100, weights: [1, 1], minimum: [60, 50]) == nil)
        // Sized from the content: the longest lines fit, the rest by weight...
        #expect(PageLayout.TableGeometry.distribute(100, weights: [1, 3], minimum: [10, 10], maximum: [20, 40]) == [30, 70])
        // ...else each its minimum and the room left by how much more it could use.
        #expect(PageLayout.TableGeometry.distribute(100, weights: [1, 1], minimum: [20, 20], maximum: [30, 110]) == [26, 74])
    }
}
