import Foundation
import InvoiceModel
import PDFReading

/// Finds the goods table on an invoice's pages (a line whose cells name three or more known
/// columns, one of them quantity, price or amount) and reads its rows, taking each value from
/// the column under its header. A table goes on over page breaks until a total line ends it.
struct InvoiceTableReader {
    struct Column {
        var kind: InvoiceTextLabels.Kind?
        var x0: Float
        var x1: Float
    }

    /// Lines that belong to the table (header and rows), by page and line index.
    struct LineRef: Hashable {
        var page: Int
        var line: Int
    }

    var rows: [InvoiceTableRow] = []
    var tableLines: Set<LineRef> = []
    /// Headers searched by the straightforward code (``header(_:general:)``), for tests.
    var general = false
    /// The document's decimal mark (``PrintedNumber/decimalMark(of:)``): settles `2,000` and `1.234`.
    var decimalMark: Unicode.Scalar?
    /// Where the current table's columns part (``gutters(below:labels:)``), empty when unknown.
    private var splits: [Float] = []
    /// Each row's HS cell as printed (a code that wraps is joined with the line below).
    private var hsCells: [String?] = []
    /// The last row's figure cells as printed, by the kind's place in ``InvoiceTextLabels/Kind``
    /// (a figure that wraps at a group's space is joined with the line below).
    private var figureCells: [String?] = []

    /// The most lines a header's wrapped cells take (the счёт-фактура's long headings in narrow columns).
    static let longestHeader = 8

    private static let numericColumns: Set<InvoiceTextLabels.Kind> = [.quantity, .price, .amount]

    /// The columns a line names, or nil when it is not a table header. Header cells are found
    /// by their labels, longest first, so adjacent cells with a narrow gap ("Ставка НДС Сумма
    /// НДС") stay apart; a word that is no label joins the cell before it when the gap is a
    /// space ("Наименование товара"), else it heads a column of its own that nothing is read from.
    ///
    /// `general`: every phrase up to the longest label is tried and looked up as it is and with
    /// a dot (the straightforward search the label-word limit stands in for; tests compare them).
    static func header(_ line: TextLine, general: Bool = false, splits: [Float] = []) -> [Column]? {
        let words = line.words
        guard words.count >= 3 else { return nil }
        // Header cells are words; a line that is mostly figures is a row (a cheap test that
        // keeps the label search off the table's rows, where most lines are).
        let figures = words.reduce(0) { count, word in count + (word.text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } ? 1 : 0) }
        guard figures * 3 <= words.count, !holdsAmount(line) else { return nil }
        var columns: [Column] = []
        var kinds = Set<InvoiceTextLabels.Kind>()
        // The fast search looks each word up once (``HeaderWord``, carried by the lines of a stack).
        let keys = general ? [] : HeaderWord.of(line)
        let lowered = general ? words.map { TextCaseFolding.lowercased($0.text) } : keys.map(\.lowered)
        var afterSlash = false  // the word before was a lone "/" inside a cell
        var index = 0
        while index < words.count {
            var matched: (kind: InvoiceTextLabels.Kind, end: Int)?
            // A phrase of several words can be a label only when it starts as one of those does.
            var longest = index + 1
            if general ? InvoiceTextLabels.startsMultiWordLabel(trimmingLeading(lowered[index], labelPunctuation))
                : keys[index].startsMultiWordLabel {
                // Only words of column labels can follow in the phrase.
                let limit = min(words.count, index + InvoiceTextLabels.longestColumnLabel)
                while longest < limit, !splitBetween(words[longest - 1], words[longest], splits),
                      general || keys[longest].continuesLabel {
                    longest += 1
                }
            }
            // The phrases' compact texts, one word more each (the fast search looks up a phrase
            // only when its compact text is a label's).
            var compacts: [(text: String, byBytes: Bool)] = []
            if !general && longest > index + 1 {
                var compact = keys[index].compact, byBytes = keys[index].compactComparesByBytes
                compacts.append((compact, byBytes))
                for next in index + 1..<longest {
                    compact += keys[next].compact
                    byBytes = byBytes && keys[next].compactComparesByBytes
                    compacts.append((compact, byBytes))
                }
            }
            for end in stride(from: longest, to: index, by: -1) {
                if !general && end - index == 1 {
                    // The word alone, looked up once; in CJK also a label inside it: 单价(元), 数量(件).
                    if let kind = keys[index].kind { matched = (kind, end) }
                    break
                }
                if !general {
                    let compact = compacts[end - index - 1]
                    guard let compactKind = InvoiceTextLabels.column(ofCompactText: compact.text, comparesByBytes: compact.byBytes)
                    else { continue }
                    let phrase = trimmingPunctuation(lowered[index..<end].joined(separator: " "))
                    matched = (InvoiceTextLabels.columnOfHeaderPhrase[phrase] ?? compactKind, end)
                    break
                }
                let phrase = trimmingPunctuation(end - index == 1 ? lowered[index] : lowered[index..<end].joined(separator: " "))
                let kind = (general ? InvoiceTextLabels.columnOfLabel[phrase] ?? InvoiceTextLabels.columnOfLabel[phrase + "."]
                    : InvoiceTextLabels.columnOfHeaderPhrase[phrase])
                    // Spaces and punctuation as wrapping left them ("кол -во", "ндс ,%", "количество (объём").
                    ?? InvoiceTextLabels.columnOfCompactLabel[InvoiceTextLabels.compact(phrase)]
                if let kind {
                    matched = (kind, end)
                    break
                }
            }
            if general, matched == nil, words[index].text.utf8.first.map({ $0 >= 0xE3 }) == true,
               let kind = InvoiceTextLabels.column(ofHeaderCell: words[index].text) {
                matched = (kind, index + 1)  // a label inside one word: 单价(元), 数量(件)
            }
            if var (kind, end) = matched {
                // A bilingual cell ("Кол-во / Q-ty", "Цена (тариф) за единицу измерения / Rate"):
                // the half after the slash names the same column, whatever it would name alone.
                if afterSlash, let last = columns.last, words[index].x0 - last.x1 <= words[index].height * 0.9,
                   index == 0 || !splitBetween(words[index - 1], words[index], splits) {
                    columns[columns.count - 1].x1 = max(last.x1, words[index..<end].map(\.x1).max() ?? last.x1)
                    if last.kind == nil, kinds.insert(kind).inserted { columns[columns.count - 1].kind = kind }
                    afterSlash = false
                    index = end
                    continue
                }
                afterSlash = false
                if end < words.count, lowered[end] == "/" {
                    afterSlash = true
                    end += 1
                }
                if kind == .vatAmount, kinds.contains(.vatAmount), !kinds.contains(.vatRate),
                   let earlier = columns.lastIndex(where: { $0.kind == .vatAmount }) {
                    // Two columns headed by VAT ("НДС, %" and "НДС"): the first holds the rate.
                    columns[earlier].kind = .vatRate
                    kinds.insert(.vatRate)
                    kinds.remove(.vatAmount)
                }
                let fresh = kinds.insert(kind).inserted
                // Over a label's words (stacked ones too, in a header whose cells wrap).
                let x0 = words[index..<end].map(\.x0).min() ?? words[index].x0
                let x1 = words[index..<end].map(\.x1).max() ?? words[end - 1].x1
                columns.append(Column(kind: fresh ? kind : nil, x0: x0, x1: x1))
                index = end
                continue
            }
            let word = words[index]
            afterSlash = lowered[index] == "/"
            if let last = columns.last, word.x0 - last.x1 <= word.height * 0.9,
               index == 0 || !splitBetween(words[index - 1], word, splits) {
                columns[columns.count - 1].x1 = max(last.x1, word.x1)
            } else {
                columns.append(Column(kind: nil, x0: word.x0, x1: word.x1))
            }
            index += 1
        }
        guard kinds.count >= 3, !kinds.isDisjoint(with: numericColumns) else { return nil }
        return columns
    }

    /// Whether a line holds an amount (a word that ends in a digit, a dot or comma and two
    /// digits: `87249.45`, `$531155.50`, `2.797.101,14`): a line of headings holds none, while
    /// the total lines under a table ("Итого НДС: 87249.45", "Всего к оплате: $531155.50"),
    /// mostly words, would otherwise stack into a header of their own.
    static func holdsAmount(_ line: TextLine) -> Bool {
        line.words.contains { word in
            // The four bytes that end at the word's last digit (oldest first), kept as the bytes
            // go by: no copy of the word.
            var window: UInt32 = 0, seen = 0
            var atLastDigit: (bytes: UInt32, count: Int)?
            for byte in word.text.utf8 {
                window = window << 8 | UInt32(byte)
                seen += 1
                if isDigit(byte) { atLastDigit = (window, seen) }
            }
            guard let (bytes, count) = atLastDigit, count >= 4 else { return false }
            // The last digit, the digit before it, a dot or comma, a digit.
            let separator = UInt8(truncatingIfNeeded: bytes >> 16)
            return isDigit(UInt8(truncatingIfNeeded: bytes >> 8)) && (separator == 0x2E || separator == 0x2C)
                && isDigit(UInt8(truncatingIfNeeded: bytes >> 24))
        }
    }

    /// Whether a column split lies between two words side by side.
    static func splitBetween(_ left: PDFTextWord, _ right: PDFTextWord, _ splits: [Float]) -> Bool {
        // Words that overlap (stacked ones of a wrapped cell) have no split between them.
        guard !splits.isEmpty, left.x1 < right.x0 else { return false }
        return splits.contains { $0 >= left.x1 && $0 <= right.x0 }
    }

    /// Where the table's columns part, read from its rows: the middles of the gaps no word of
    /// the rows below the header crosses (the lines with a figure, up to a total line or 40
    /// lines). A gap must be wider than a third of a word's height: the spaces inside a
    /// grouped figure ("1 234,56") are narrower than a column's padding.
    static func gutters(below lines: ArraySlice<TextLine>, labels: ArraySlice<LineLabels>) -> [Float] {
        var spans: [(x0: Float, x1: Float)] = []
        var heights: [Float] = []
        var rows = 0
        for (index, line) in zip(lines.indices, lines) {
            let hasDigit = line.words.contains(where: { $0.text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } })
            // A total's label with no figure above every row is a heading's last words ("с налогом —
            // всего" under a header stacked higher than the header read): the rows are still to come.
            if labels[index].contains(.total) && (hasDigit || rows > 0) || rows >= 40 { break }
            guard hasDigit else { continue }
            rows += 1
            for word in line.words {
                spans.append((word.x0, word.x1))
                heights.append(word.height)
            }
        }
        guard rows > 0, spans.count > 1 else { return [] }
        heights.sort()
        let minimum = heights[heights.count / 2] / 3
        spans.sort { $0.x0 < $1.x0 }
        var splits: [Float] = []
        var reach = spans[0].x1
        for span in spans.dropFirst() {
            if span.x0 - reach > minimum { splits.append((span.x0 + reach) / 2) }
            reach = max(reach, span.x1)
        }
        return splits
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Ends in a run of one to three digits that the word's other bytes (a mark) do not touch as
    /// digits: the first group of a figure printed with spaces ("1", "₽1", "1 234").
    static func endsInShortGroup(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var run = 0
        while run < bytes.count, isDigit(bytes[bytes.count - 1 - run]) { run += 1 }
        guard (1...3).contains(run) else { return false }
        // Before the run: nothing, a space-like separator of a group, or a currency mark (no digit, no dot or comma).
        let rest = bytes[..<(bytes.count - run)]
        return !rest.contains(where: isDigit) && !rest.contains(0x2E) && !rest.contains(0x2C)
            || (rest.last.map { $0 == 0x20 || $0 == 0xA0 || $0 == 0xAF || $0 == 0x89 } ?? false)
    }

    /// Starts with a group of three digits that ends there or goes on with a separator ("724.00", "434").
    static func startsWithGroup(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3, isDigit(bytes[0]), isDigit(bytes[1]), isDigit(bytes[2]) else { return false }
        return bytes.count == 3 || !isDigit(bytes[3])
    }

    /// A row's words with the groups of a figure printed with spaces ("1 234 567,89", split into
    /// words at each space) joined again, so that the figure falls in one column: a word of one
    /// to three digits (after a currency mark, if any) and a word that starts with three digits
    /// then ends or goes on with a separator, a space's width apart.
    static func joiningGroupedFigures(_ words: [PDFTextWord], columns: [Column]) -> [PDFTextWord] {
        guard words.count > 1 else { return words }
        /// The header cell a word overlaps most, if any.
        func headerCell(_ word: PDFTextWord) -> Int? {
            var best: (index: Int, overlap: Float)?
            for (index, column) in columns.enumerated() {
                let overlap = min(word.x1, column.x1) - max(word.x0, column.x0)
                if overlap > 0, overlap > (best?.overlap ?? 0) { best = (index, overlap) }
            }
            return best?.index
        }
        var joined: [PDFTextWord] = [words[0]]
        for word in words.dropFirst() {
            let last = joined[joined.count - 1]
            // Two cells side by side ("5" under quantity, "184 452,50" under price) stay apart:
            // the groups join only under one header cell, or from the gap between two.
            let cells = (headerCell(last), headerCell(word))
            if word.x0 - last.x1 <= max(word.height, last.height) * 0.45, endsInShortGroup(last.text), startsWithGroup(word.text),
               cells.0 == nil || cells.1 == nil || cells.0 == cells.1 {
                joined[joined.count - 1] = PDFTextWord(text: last.text + " " + word.text, x0: last.x0, y0: min(last.y0, word.y0),
                                                       x1: word.x1, y1: max(last.y1, word.y1),
                                                       confidence: [last.confidence, word.confidence].compactMap { $0 }.min())
            } else {
                joined.append(word)
            }
        }
        return joined
    }

    /// The column a word belongs to: the header cell it overlaps most; a word in the gap
    /// between two header cells belongs to the left one (headers stand at their column's left
    /// edge, while numbers below are right-aligned up to the next column).
    static func column(of word: PDFTextWord, in columns: [Column]) -> Int {
        var best: (index: Int, overlap: Float)?
        var left = 0
        for (index, column) in columns.enumerated() {
            let overlap = min(word.x1, column.x1) - max(word.x0, column.x0)
            if overlap > 0, overlap > (best?.overlap ?? 0) { best = (index, overlap) }
            if column.x0 <= word.x0 { left = index }
        }
        return best?.index ?? left
    }

    /// Whether the words stand each under a known column, two or more of them, none the name's.
    static func underSeveralColumns(_ words: ArraySlice<PDFTextWord>, _ columns: [Column]) -> Bool {
        var first: Int?
        var several = false
        for word in words {
            let index = column(of: word, in: columns)
            guard let kind = columns[index].kind, kind != .name else { return false }
            if let first, first != index { several = true }
            if first == nil { first = index }
        }
        return several
    }

    /// How many columns of a header are known ones.
    private static func known(_ columns: [Column]) -> Int {
        columns.reduce(0) { $0 + ($1.kind == nil ? 0 : 1) }
    }

    /// Whether a line may be (part of) a header: at most a third of its words hold a digit, and
    /// none is an amount (``holdsAmount(_:)``).
    static func labelLike(_ line: TextLine) -> Bool {
        let figures = line.words.reduce(0) { $0 + ($1.text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } ? 1 : 0) }
        return figures * 3 <= line.words.count && !holdsAmount(line)
    }

    /// A header whose cells wrap onto a second (or third) line: the lines from `index` on that
    /// stand close together, read as one (``TextLine/stacked(_:)``); of up to ``longestHeader`` lines, the
    /// stack that names the most columns. Returns the columns and the number of lines they took.
    static func wrappedHeader(_ lines: [TextLine], at index: Int, general: Bool = false,
                              labelLike: [Bool]? = nil, mayName: [Int?]? = nil) -> (columns: [Column], lines: Int)? {
        guard index + 1 < lines.count else { return nil }
        func isLabelLike(_ index: Int) -> Bool { labelLike?[index] ?? Self.labelLike(lines[index]) }
        guard isLabelLike(index) else { return nil }
        var best: (columns: [Column], lines: Int)?
        var end = index + 1
        // The most columns the stack may name (``HeaderWord/mayName(_:)``), while every line
        // carries its header words: a stack with fewer than three, or no more than the best
        // stack names, is not read.
        func mayNameAt(_ index: Int) -> Int? { mayName?[index] ?? HeaderWord.mayName(lines[index]) }
        var mayNameColumns = general ? nil : mayNameAt(index)
        // The stack of lines[index..<stacked], a line added when a stack is read (each stack is
        // the one before with lines more); stacked anew should the lines not all carry their
        // header words, or all not.
        var stack = TextLine.Stack(keyed: lines[index].headerWords != nil)
        var stacked = index
        while end < lines.count, end - index < Self.longestHeader {
            let above = lines[end - 1], below = lines[end]
            // Wrapped cells sit a line's leading apart; a blank line or a row of figures ends the header.
            guard below.top - above.bottom < (above.bottom - above.top) * 0.6, isLabelLike(end) else { break }
            end += 1
            if let count = mayNameColumns {
                mayNameColumns = mayNameAt(end - 1).map { count + $0 }
                if let total = mayNameColumns, total < max(3, Self.known(best?.columns ?? []) + 1) { continue }
            }
            while stacked < end, stack.keyed == (lines[stacked].headerWords != nil) {
                stack.add(lines[stacked])
                stacked += 1
            }
            let line = stacked == end ? stack.line(withText: false) : TextLine.stacked(lines[index..<end])
            if let columns = header(line, general: general), known(columns) > known(best?.columns ?? []) {
                best = (columns, end - index)
            }
        }
        return best
    }

    /// Reads the pages' lines; `labels` are the line labels of each line (``LineLabels``).
    mutating func read(pages: [[TextLine]], labels: [[LineLabels]]) {
        decimalMark = PrintedNumber.decimalMark(of: pages.joined().lazy.map(\.text))
        var columns: [Column]?
        for (pageIndex, pageLines) in pages.enumerated() {
            // Which lines may be header lines, and their words as the header search reads them,
            // worked out once: a line is read again in each stack of lines it is part of.
            let labelLike = pageLines.map(Self.labelLike)
            let lines = general ? pageLines : zip(pageLines, labelLike).map { line, labelLike in
                labelLike ? line.withHeaderWords() : line
            }
            let mayName = lines.map(HeaderWord.mayName)
            // Each line's header reading, found once: a line is looked at again as the next
            // line of the one before it.
            var singles = [[Column]??](repeating: nil, count: lines.count)
            var wrappeds = [(columns: [Column], lines: Int)??](repeating: nil, count: lines.count)
            func headerOf(_ index: Int) -> [Column]? {
                if let known = singles[index] { return known }
                let found = Self.header(lines[index], general: general)
                singles[index] = .some(found)
                return found
            }
            func wrappedHeaderAt(_ index: Int) -> (columns: [Column], lines: Int)? {
                if let known = wrappeds[index] { return known }
                let found = Self.wrappedHeader(lines, at: index, general: general, labelLike: labelLike, mayName: mayName)
                wrappeds[index] = .some(found)
                return found
            }
            var skip = 0
            // The header's last line, while no line under it was read.
            var headerLine: Int?
            for (lineIndex, line) in lines.enumerated() {
                if skip > 0 {
                    skip -= 1
                    continue
                }
                let single = headerOf(lineIndex)
                var wrapped = wrappedHeaderAt(lineIndex)
                if let found = wrapped, Self.known(found.columns) <= Self.known(single ?? []) {
                    wrapped = nil  // the line alone names as much ("Кол-" over "во" names one more)
                } else if let found = wrapped, lineIndex + 1 < lines.count,
                          max(Self.known(wrappedHeaderAt(lineIndex + 1)?.columns ?? []),
                              Self.known(headerOf(lineIndex + 1) ?? [])) >= Self.known(found.columns) {
                    wrapped = nil  // a line of text just above the header, not part of it
                }
                if wrapped != nil || single != nil {
                    // The header read again with the columns' splits its rows show, so that two
                    // header cells a narrow gap apart are not read as one.
                    let count = wrapped?.lines ?? 1
                    var header = wrapped?.columns ?? single!
                    let found = Self.gutters(below: lines[(lineIndex + count)...], labels: labels[pageIndex][(lineIndex + count)...])
                    let line = count > 1 ? TextLine.stacked(lines[lineIndex..<lineIndex + count], splits: found) : lines[lineIndex]
                    splits = []
                    if !found.isEmpty, let split = Self.header(line, general: general, splits: found) {
                        // Of the two readings, the one whose first rows read best.
                        let below = lines[(lineIndex + count)...].prefix(6)
                        if Self.known(split) >= Self.known(header)
                            || trialScore(below, columns: split, splits: found, page: pageIndex)
                            > trialScore(below, columns: header, splits: [], page: pageIndex) {
                            header = split
                            splits = found
                        }
                    }
                    columns = header
                    for taken in lineIndex..<lineIndex + count { tableLines.insert(LineRef(page: pageIndex, line: taken)) }
                    headerLine = lineIndex + count - 1
                    skip = count - 1
                    continue
                }
                guard let current = columns else { continue }
                if labels[pageIndex][lineIndex].contains(.total) {
                    // The last line of a heading stacked higher than the header read ("налогом —
                    // всего" under "Стоимость товаров … с"): no figure, no row read yet, a line's
                    // leading under the one before. It belongs to the header; the table goes on.
                    if lineIndex > 0, headerLine == lineIndex - 1, case let previous = lines[lineIndex - 1], !line.words.contains(where: { $0.text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } }),
                       line.top - previous.bottom < (previous.bottom - previous.top) * 0.6 {
                        headerLine = lineIndex
                        tableLines.insert(LineRef(page: pageIndex, line: lineIndex))
                        continue
                    }
                    columns = nil  // the total line closes the table
                    continue
                }
                // A line that names VAT beside an amount ("Сумма НДС: 1 790 384,63", "其中增值税 /
                // В том числе НДС: 7 028,40") and would only carry on the row above (its figure under
                // no figure column) is the VAT total under the table, not the rest of a row's name:
                // it closes the table, and the VAT total stays for the reader of totals.
                if labels[pageIndex][lineIndex].contains(.vat), !rows.isEmpty, Self.holdsAmount(line) {
                    var trial = self
                    if !trial.takeRow(line, columns: current, page: pageIndex) || trial.rows.count == rows.count {
                        columns = nil
                        continue
                    }
                }
                // A row whose cells stand at different heights (cells centred in their row: a
                // figure in two lines starts half a line above the one-line cells) gives lines
                // that overlap: they are one row, each cell's words top to bottom.
                var end = lineIndex + 1
                // A line of words joins the band unless it may start a header (a table's
                // header again, the next table's): only such lines can (``labelLike(_:)``).
                while end < lines.count, !labels[pageIndex][end].contains(.total), Self.interleaved(lines[end - 1], lines[end]),
                      !labelLike[end] || headerOf(end) == nil && wrappedHeaderAt(end) == nil {
                    end += 1
                }
                if end > lineIndex + 1 {
                    // Taken only where the row then shows itself read right (quantity × price is
                    // its amount): a line half a line off may as well be another column's
                    // cell the header does not name, which would run into a figure.
                    var trial = self
                    if trial.takeRow(TextLine.stacked(lines[lineIndex..<end], splits: splits), columns: current, page: pageIndex),
                       trial.rows.count == rows.count + 1, Self.arithmetic(trial.rows[rows.count]) == true {
                        self = trial
                        for taken in lineIndex..<end { tableLines.insert(LineRef(page: pageIndex, line: taken)) }
                        headerLine = nil
                        skip = end - lineIndex - 1
                        continue
                    }
                    end = lineIndex + 1
                }
                if takeRow(line, columns: current, page: pageIndex) {
                    for taken in lineIndex..<end { tableLines.insert(LineRef(page: pageIndex, line: taken)) }
                    headerLine = nil
                } else if headerLine == lineIndex - 1 {
                    headerLine = end - 1  // a heading's line of words that name no column
                }
            }
        }
    }

    /// Whether two lines overlap by more than a third of the smaller word height: the one-line
    /// cells of a row and the first or last line of its two-line cells, which a table that centres
    /// its cells sets half a line apart. Lines of text, even set tight, stand nearly a line apart.
    static func interleaved(_ above: TextLine, _ below: TextLine) -> Bool {
        // The tallest word of each (no array: this runs for every line under a header).
        let upper = above.words.reduce(Float(0)) { max($0, $1.height) }, lower = below.words.reduce(Float(0)) { max($0, $1.height) }
        return upper > 0 && lower > 0 && above.bottom - below.top > min(upper, lower) / 3
    }

    /// How well a header reads the rows below it: each value read counts, and a row whose
    /// quantity × price gives its amount (or net amount) and whose VAT its rate gives counts more.
    private func trialScore(_ lines: ArraySlice<TextLine>, columns: [Column], splits: [Float], page: Int) -> Int {
        var trial = self
        trial.rows = []
        trial.hsCells = []
        trial.figureCells = []
        trial.splits = splits
        for line in lines { _ = trial.takeRow(line, columns: columns, page: page) }
        let cent = Decimal(string: "0.01")!
        return trial.rows.reduce(0) { score, row in
            var points = (row.vatRate == nil ? 0 : 1) + (row.hsCode == nil ? 0 : 1) - 2 * row.unreadCells.count
            if let quantity = row.quantity, let price = row.price {
                let product = DecimalText.roundedProduct(quantity, price, scale: 2)
                if [row.amount, row.net].contains(where: { $0.map { abs($0 - product) <= cent } ?? false }) { points += 4 }
            }
            if case .percent(let rate) = row.vatRate, let vat = row.vatAmount, let amount = row.amount,
               abs(DecimalText.roundedVAT(of: amount, rate: rate, amountIncludesVAT: true, scale: 2) - vat) <= cent {
                points += 4
            }
            return score + points
        }
    }

    /// Reads a line under the header: a new row when it has a number in a numeric column, else
    /// a continuation of the previous row's name. Returns whether the line was table content.
    private mutating func takeRow(_ line: TextLine, columns: [Column], page: Int) -> Bool {
        // The words under each known column, by the kind's place in ``InvoiceTextLabels/Kind``.
        var cells = [[PDFTextWord]](repeating: [], count: InvoiceTextLabels.Kind.allCases.count)
        var confidence: Float?
        if splits.isEmpty {
            for word in Self.joiningGroupedFigures(line.words, columns: columns) {
                guard let kind = columns[Self.column(of: word, in: columns)].kind else { continue }
                cells[kind.rawValue].append(word)
                if let wordConfidence = word.confidence { confidence = min(confidence ?? wordConfidence, wordConfidence) }
            }
        } else {
            // The words between two splits are one cell: it belongs to the header cell its span
            // overlaps most (a right-aligned figure wider than its heading included).
            var start = 0
            let words = line.words
            while start < words.count {
                var end = start + 1
                while end < words.count, !Self.splitBetween(words[end - 1], words[end], splits) { end += 1 }
                let span = PDFTextWord(text: "", x0: words[start..<end].map(\.x0).min()!, y0: words[start].y0,
                                       x1: words[start..<end].map(\.x1).max()!, y1: words[start].y1, confidence: nil)
                let binColumn = Self.column(of: span, in: columns)
                // Two figures that nearly touch (a quantity right up against the price) share a
                // bin but read as no one figure together: then each word goes by its own place.
                // So do cells that touch (Typst sets them without a gap: an article, its HS code
                // and its unit in one bin): words each under another known column but the name's
                // (a name's words spread), that read as no one figure together.
                // (Those words' figures printed in groups are joined first: "3 808 594.82" stays one.)
                var bin = words[start..<end]
                var apart = false
                if bin.count > 1, PrintedNumber.parse(bin.map(\.text).joined(separator: " ")) == nil {
                    if bin.allSatisfy({ $0.text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } }) {
                        apart = true
                    } else if Self.underSeveralColumns(bin, columns) {
                        apart = true
                        bin = ArraySlice(Self.joiningGroupedFigures(Array(bin), columns: columns))
                    }
                }
                for word in bin {
                    let index = apart ? Self.column(of: word, in: columns) : binColumn
                    guard let kind = columns[index].kind else { continue }
                    cells[kind.rawValue].append(word)
                    if let wordConfidence = word.confidence { confidence = min(confidence ?? wordConfidence, wordConfidence) }
                }
                start = end
            }
        }
        func text(_ kind: InvoiceTextLabels.Kind) -> String? {
            let words = cells[kind.rawValue]
            switch words.count {
            case 0: return nil
            case 1: return words[0].text
            default: return words.map(\.text).joined(separator: " ")
            }
        }
        /// The cell without what OCR reads into its edges ("1,239.00.", "‚10%", "10,238.00)").
        func figure(_ kind: InvoiceTextLabels.Kind) -> String? {
            text(kind).flatMap(Self.fromFirstToLastDigit)
        }
        let wrappedFigures = continuesWrappedFigures(text, page: page)
        // Figures by the one reader (``PrintedNumber``); a cell it cannot read is named, not guessed.
        var unread: [UnreadCell] = []
        func number(_ kind: InvoiceTextLabels.Kind, _ column: UnreadCell.Column) -> Decimal? {
            guard let cell = text(kind) else { return nil }
            // A percent sign says the figure is a rate that strayed into this column (a rate
            // cell printed up against it, or what OCR kept of a cell it could not read): no
            // quantity or amount, and nothing to compare.
            if cell.unicodeScalars.contains(where: Self.isPercentSign) {
                unread.append(UnreadCell(column: column, text: cell))
                return nil
            }
            if let value = PrintedNumber.parse(cell, decimalMark: decimalMark) { return value }
            if cell.unicodeScalars.contains(where: { if case .digit = PrintedNumber.part($0) { true } else { false } }) {
                unread.append(UnreadCell(column: column, text: cell))
            }
            return nil
        }
        let quantity = number(.quantity, .quantity)
        let price = number(.price, .price)
        let amount = number(.amount, .amount)
        guard !wrappedFigures, quantity != nil || price != nil || amount != nil || !unread.isEmpty else {
            // A wrapped name goes on the row above, and so does the rest of an HS code that wrapped
            // in a narrow column ("8518.30.000" over "3").
            guard !rows.isEmpty, rows[rows.count - 1].page == page else { return false }
            var took = wrappedFigures
            if let name = text(.name) {
                rows[rows.count - 1].name += " " + name
                took = true
            }
            if let more = text(.sku), let above = rows[rows.count - 1].sku, !more.contains(" ") {
                rows[rows.count - 1].sku = above + more  // an article cut at the column's edge
                took = true
            }
            if let more = text(.hsCode), let above = hsCells.last ?? nil {
                let cell = above + more
                if let code = try? HSCode.parse(Self.hsText(cell)).digits {
                    rows[rows.count - 1].hsCode = code
                    rows[rows.count - 1].malformedHSCode = nil
                    rows[rows.count - 1].unreadCells.removeAll { $0.column == .hsCode }
                }
                hsCells[hsCells.count - 1] = cell
                took = true
            }
            return took
        }
        var row = InvoiceTableRow(index: rows.count + 1, page: page, name: text(.name) ?? "")
        row.position = text(.position).flatMap { Int(Self.trimming($0, Self.positionPunctuation)) }
        row.sku = text(.sku).map { String(decoding: $0.utf8.filter { $0 != 0x20 }, as: UTF8.self) }
        row.hsCode = text(.hsCode).flatMap { try? HSCode.parse(Self.hsText($0)).digits }
        if row.hsCode == nil, let cell = text(.hsCode), cell.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
            unread.append(UnreadCell(column: .hsCode, text: cell))
            row.malformedHSCode = cell
        }
        row.quantity = quantity
        row.price = price
        row.amount = amount
        row.net = number(.net, .net)
        // A column headed "НДС" / "VAT" / "Tax" holds the rate or the amount: the cell says which.
        let rateCell = text(.vatRate), vatCell = text(.vatAmount)
        row.vatRate = rateCell.flatMap(Self.rate) ?? vatCell.flatMap(Self.percentRate)
        if let vatCell, Self.percentRate(vatCell) == nil {
            row.vatAmount = number(.vatAmount, .vatAmount)
        } else if let rateCell, Self.rate(rateCell) == nil, let value = PrintedNumber.figure(rateCell, decimalMark: decimalMark), value.decimals > 0 {
            row.vatAmount = value.value
        } else if let rateCell, Self.rate(rateCell) == nil, rateCell.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
            unread.append(UnreadCell(column: .vatRate, text: rateCell))
        }
        if !unread.isEmpty, Self.arithmetic(row) == nil, let mended = joiningCutTails(row, unread: unread) {
            (row, unread) = mended
        }
        row.unreadCells = unread
        hsCells.append(text(.hsCode))
        figureCells = Self.figureKinds.map { text($0) }
        row.confidence = confidence
        rows.append(row)
        return true
    }

    /// `%`, full-width `％`, Arabic `٪`, small `﹪` and `‰`.
    static func isPercentSign(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x25, 0xFF05, 0x066A, 0xFE6A, 0x2030: true
        default: false
        }
    }

    /// A cell that holds a currency mark alone ("USD", "руб.", "¥"): short, without a digit.
    /// A figure after such a mark may wrap whole to the next line ("USD" over "220,00").
    static func isCurrencyMark(_ text: String) -> Bool {
        text.count <= 5 && !text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } && !text.contains(" ")
    }

    /// The columns whose figures may wrap inside their cell.
    private static let figureKinds: [InvoiceTextLabels.Kind] = [.quantity, .price, .amount, .net, .vatAmount]

    /// A line that only carries on the figures of the row above, each wrapped at the space
    /// between two groups in a narrow column ("133" over "724.00" for 133 724.00) or after its
    /// currency mark ("USD" over "220,00"): every figure cell of the line starts with a group of
    /// three digits under a cell of the row that ends with a short first group, or stands under
    /// a currency mark alone, and the line has no position or SKU of its own. The row's values are
    /// read again from the joined cells (its name, article and HS code go on as a wrapped
    /// row's do). Or every figure cell of the line is the last digits of the one above, cut at
    /// the cell's edge, and the joined figures make the row's quantity × price its amount.
    /// Returns whether the line was taken so.
    private mutating func continuesWrappedFigures(_ text: (InvoiceTextLabels.Kind) -> String?, page: Int) -> Bool {
        guard !rows.isEmpty, rows[rows.count - 1].page == page, figureCells.count == Self.figureKinds.count,
              text(.position) == nil, text(.sku).map({ !$0.contains(" ") }) ?? true else { return false }
        /// The line's figure cells each joined to the cell above, or nil when one may not be.
        func joinedCells(_ separator: String, _ joins: (_ above: String, _ cell: String) -> Bool) -> [(index: Int, cell: String)]? {
            var joined: [(index: Int, cell: String)] = []
            for (index, kind) in Self.figureKinds.enumerated() {
                guard let cell = text(kind) else { continue }
                guard let above = figureCells[index], joins(above, cell) else { return nil }
                joined.append((index, above + separator + cell))
            }
            return joined.isEmpty ? nil : joined
        }
        func read(_ joined: [(index: Int, cell: String)]) -> [(index: Int, value: Decimal)]? {
            var values: [(index: Int, value: Decimal)] = []
            for (index, cell) in joined {
                guard let value = PrintedNumber.parse(cell, decimalMark: decimalMark) else { return nil }
                values.append((index, value))
            }
            return values
        }
        let last = rows.count - 1
        var joined: [(index: Int, cell: String)]
        var values: [(index: Int, value: Decimal)]
        if let grouped = joinedCells(" ", { above, cell in
               Self.endsInShortGroup(above) && Self.startsWithGroup(cell) || Self.isCurrencyMark(above) }),
           let figures = read(grouped) {
            (joined, values) = (grouped, figures)
        } else if let cut = joinedCells("", { _, cell in Self.isCutTail(cell) }), let figures = read(cut),
                  Self.arithmetic(rows[last]) != true, Self.arithmetic(Self.setting(figures, in: rows[last])) == true {
            // Figures cut at their cell's edge, their last digits on the line below ("150" over "0",
            // "108 965.9" over "9"): taken only where the joined figures make the row agree with itself.
            (joined, values) = (cut, figures)
        } else {
            return false
        }
        rows[last] = Self.setting(values, in: rows[last])
        for (index, _) in values {
            figureCells[index] = joined.first { $0.index == index }!.cell
        }
        return true
    }

    /// The row with its unread figure cells that end in the cut-off last digits of their figure
    /// on a line of their own (a row whose cells are centred, read as one line: "150 0",
    /// "108 965.9 9") read with those digits joined, and the cells left unread; nil unless every
    /// such cell then reads and the row's quantity × price gives its amount.
    private func joiningCutTails(_ row: InvoiceTableRow, unread: [UnreadCell]) -> (InvoiceTableRow, [UnreadCell])? {
        var row = row, left: [UnreadCell] = [], joined = false
        for cell in unread {
            guard let space = cell.text.lastIndex(of: " "), case let tail = String(cell.text[cell.text.index(after: space)...]),
                  Self.isCutTail(tail), let value = PrintedNumber.parse(String(cell.text[..<space]) + tail, decimalMark: decimalMark)
            else {
                left.append(cell)
                continue
            }
            switch cell.column {
            case .quantity: row.quantity = value
            case .price: row.price = value
            case .amount: row.amount = value
            case .net: row.net = value
            case .vatAmount: row.vatAmount = value
            case .vatRate, .hsCode:
                left.append(cell)
                continue
            }
            joined = true
        }
        return joined && Self.arithmetic(row) == true ? (row, left) : nil
    }

    /// The last digits of a figure cut at its cell's edge: one to three ASCII digits alone.
    static func isCutTail(_ cell: String) -> Bool {
        (1...3).contains(cell.utf8.count) && cell.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Whether the row's quantity × price, rounded to the cent, is its amount or its amount
    /// without VAT; nil when it lacks one of them or the product is 0. Exact, and only for
    /// figures of at most two decimals: a digit joined to the wrong figure ("6 292.00" and "5")
    /// must not pass as a rounding.
    static func arithmetic(_ row: InvoiceTableRow) -> Bool? {
        guard let quantity = row.quantity, let price = row.price, row.amount != nil || row.net != nil else { return nil }
        let figures = [quantity, price, row.amount, row.net, row.vatAmount].compactMap { $0 }
        guard figures.allSatisfy({ DecimalText.rounded($0, scale: 2) == $0 }) else { return false }
        let product = DecimalText.rounded(quantity * price, scale: 2)
        // 0 × 24 = 0 holds for any cells: a zero product shows nothing read right.
        guard product != 0 else { return nil }
        return [row.amount, row.net].contains { $0 == product }
    }

    /// The row with the figures of ``figureKinds`` (by their place there) set to `values`.
    private static func setting(_ values: [(index: Int, value: Decimal)], in row: InvoiceTableRow) -> InvoiceTableRow {
        var row = row
        for (index, value) in values {
            switch figureKinds[index] {
            case .quantity: row.quantity = value
            case .price: row.price = value
            case .amount: row.amount = value
            case .net: row.net = value
            default: row.vatAmount = value
            }
        }
        return row
    }

    /// The text from its first ASCII digit to its last, or nil without a digit. Works on the
    /// UTF-8 bytes (digits are ASCII, so the cut falls between scalars): this runs for every cell.
    static func fromFirstToLastDigit(_ text: String) -> String? {
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }),
              let last = bytes.lastIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return String(text.utf8[first...last])
    }

    /// The punctuation around a header label (`.,:;()`).
    static func labelPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x2E, 0x2C, 0x3A, 0x3B, 0x28, 0x29: true
        default: false
        }
    }

    /// The punctuation around a position number (`.` and space).
    private static func positionPunctuation(_ byte: UInt8) -> Bool { byte == 0x2E || byte == 0x20 }

    /// `text` without the ASCII bytes `trimmed` names at its ends (the text itself when none is there).
    static func trimming(_ text: String, _ trimmed: (UInt8) -> Bool) -> String {
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { !trimmed($0) }),
              let last = bytes.lastIndex(where: { !trimmed($0) }) else { return "" }
        if first == bytes.startIndex && bytes.index(after: last) == bytes.endIndex { return text }
        return String(text.utf8[first...last]) ?? text
    }

    /// `text` without the ASCII bytes `trimmed` names at its start.
    static func trimmingLeading(_ text: String, _ trimmed: (UInt8) -> Bool) -> String {
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { !trimmed($0) }) else { return "" }
        if first == bytes.startIndex { return text }
        return String(text.utf8[first...]) ?? text
    }

    static func trimmingPunctuation(_ text: String) -> String { trimming(text, labelPunctuation) }

    /// A rate written with a percent sign (`22%`, `22 %`) in a cell of another column.
    static func percentRate(_ text: String) -> VATRate? {
        text.contains("%") ? rate(text) : nil
    }

    /// An HS code's cell without what stands around the code (`8517.13.0002`, `8517 13 000 2`).
    static func hsText(_ text: String) -> String {
        fromFirstToLastDigit(text) ?? text
    }

    /// `22%`, `22 %`, `22` (in the rate column), `10%`, `Без НДС`, `22/122`.
    static func rate(_ text: String) -> VATRate? {
        let digits = text.utf8.filter { $0 != 0x20 }
        if (1...2).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return VATRate(text: String(decoding: digits, as: UTF8.self) + "%")
        }
        // The usual cell ("10%": ASCII, no comma, no space at its ends) needs no Foundation.
        let bytes = text.utf8
        if let first = bytes.first, let last = bytes.last, first != 0x20, first != 0x09, last != 0x20, last != 0x09,
           bytes.allSatisfy({ $0 < 0x80 && $0 != 0x2C }), let rate = VATRate(text: text) {
            return rate
        }
        let trimmed = bytes.allSatisfy({ $0 < 0x80 })
            ? Self.trimming(text) { $0 == 0x20 || $0 == 0x09 } : text.trimmingCharacters(in: .whitespaces)
        if let rate = VATRate(text: trimmed.replacingOccurrences(of: ",", with: ".")) { return rate }
        // OCR puts specks before a rate ("‚10%"): keep the figure and its percent sign.
        let figure = String(trimmed.drop { !$0.isNumber }).replacingOccurrences(of: ",", with: ".")
        if !figure.isEmpty, figure != trimmed, let rate = VATRate(text: figure) { return rate }
        if InvoiceTextLabels.contains(trimmed.lowercased(), InvoiceTextLabels.exempt) { return VATRate.none }
        return nil
    }
}
