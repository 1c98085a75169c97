import PDFReading

/// A line of a page: words whose vertical centres lie within half a word height of each other,
/// left to right, grouped into cells where the gap between words is wider than a space.
struct TextLine: Sendable {
    var words: [PDFTextWord]
    /// Words joined by a space, and by a tab where the gap says a new cell begins.
    var text: String
    var top: Float
    var bottom: Float
    /// The words as the header search reads them (``HeaderWord``), when worked out ahead
    /// (``withHeaderWords()``); nil, the search works them out itself.
    var headerWords: [HeaderWord]? = nil

    /// The lowest OCR confidence of the words (nil for the PDF's own text).
    var confidence: Float? { words.compactMap(\.confidence).min() }

    /// Groups a page's words into lines, top to bottom.
    static func lines(of page: PDFPageText) -> [TextLine] {
        let sorted = page.words.sorted { $0.centerY < $1.centerY || ($0.centerY == $1.centerY && $0.x0 < $1.x0) }
        var groups: [[PDFTextWord]] = []
        var center: Float = 0
        var height: Float = 0
        for word in sorted {
            if let last = groups.indices.last, abs(word.centerY - center) < max(height, word.height) * 0.5 {
                groups[last].append(word)
            } else {
                groups.append([word])
                center = word.centerY
                height = word.height
            }
        }
        return groups.map { group in
            let words = group.sorted { $0.x0 < $1.x0 }
            var text = ""
            text.reserveCapacity(words.reduce(0) { $0 + $1.text.utf8.count + 1 })
            var previous: PDFTextWord?
            // As `words.map(\.y0).min()` and `.max()` (the same comparisons, NaN included), without the arrays.
            var top = words.first?.y0 ?? 0, bottom = words.first?.y1 ?? 0
            for word in words {
                if let previous { text += word.x0 - previous.x1 > word.height * 0.8 ? "\t" : " " }
                text += word.text
                previous = word
                if word.y0 < top { top = word.y0 }
                if bottom < word.y1 { bottom = word.y1 }
            }
            return TextLine(words: words, text: text, top: top, bottom: bottom)
        }
    }

    /// Runs of words separated by gaps wider than `gapFactor` word heights, as ranges of ``words``.
    /// `splits`: x positions where a table's columns part (``InvoiceTableReader/gutters(below:)``):
    /// no cell runs across one, however narrow the gap.
    func cells(gapFactor: Float = 0.8, splits: [Float] = []) -> [Range<Int>] {
        var cells: [Range<Int>] = []
        for (index, word) in words.enumerated() {
            if let last = cells.last, word.x0 - words[index - 1].x1 <= word.height * gapFactor,
               !InvoiceTableReader.splitBetween(words[index - 1], word, splits) {
                cells[cells.count - 1] = last.lowerBound..<index + 1
            } else {
                cells.append(index..<index + 1)
            }
        }
        return cells
    }

    /// The line with its words' ``HeaderWord``s worked out, for the header search to look up once.
    func withHeaderWords() -> TextLine {
        var line = self
        line.headerWords = headerWords ?? words.map { HeaderWord.memoized($0.text) }
        return line
    }

    /// Lines that stand close together read as one, their cells stacked: a table header whose
    /// labels wrap ("Кол-" over "во", "Unit" over "price", "HS" over "code") becomes one line whose
    /// words run column by column, top to bottom. A word cut at a hyphen is joined again with
    /// the word below it, keeping the hyphen where that gives a label ("Кол-во"), else dropping it.
    /// When every line carries its ``headerWords``, so does the stack (a joined word's worked out anew).
    static func stacked(_ lines: ArraySlice<TextLine>, splits: [Float] = []) -> TextLine {
        var stack = Stack(keyed: lines.allSatisfy { $0.headerWords != nil })
        for line in lines { stack.add(line, splits: splits) }
        return stack.line()
    }

    /// ``stacked(_:splits:)`` a line at a time: the header search tries the stacks of one to
    /// ``InvoiceTableReader/longestHeader`` lines from a line, each the one before with a line
    /// more, so each line is stacked once rather than once a stack.
    struct Stack {
        /// Whether the lines carry their ``headerWords`` (every line added must, or none).
        let keyed: Bool
        private var columns: [(x0: Float, x1: Float, words: [PDFTextWord], keys: [HeaderWord])] = []

        init(keyed: Bool) {
            self.keyed = keyed
        }

        /// Stacks `line` under the lines added before it.
        mutating func add(_ line: TextLine, splits: [Float] = []) {
            for range in line.cells(splits: splits) {
                let cell = line.words[range]
                let cellKeys = keyed ? line.headerWords![range] : []
                var x0 = cell[cell.startIndex].x0, x1 = cell[cell.startIndex].x1
                for word in cell.dropFirst() {
                    // As `cell.map(\.x0).min()` and `.max()` (the same comparisons), without the arrays.
                    if word.x0 < x0 { x0 = word.x0 }
                    if x1 < word.x1 { x1 = word.x1 }
                }
                var best: (index: Int, overlap: Float)?
                for (index, column) in columns.enumerated() {
                    let overlap = min(x1, column.x1) - max(x0, column.x0)
                    if overlap > 0, overlap > (best?.overlap ?? 0) { best = (index, overlap) }
                }
                guard let best else {
                    columns.append((x0, x1, Array(cell), Array(cellKeys)))
                    continue
                }
                let at = best.index
                columns[at].x0 = min(columns[at].x0, x0)
                columns[at].x1 = max(columns[at].x1, x1)
                var rest = cell
                var restKeys = cellKeys
                if let last = columns[at].words.last, let next = rest.first {
                    let lastIndex = columns[at].words.count - 1
                    if last.text.hasSuffix("-"), last.text.count > 1 {
                        columns[at].words[lastIndex] = TextLine.joined(last, next)
                        if keyed { columns[at].keys[lastIndex] = HeaderWord.memoized(columns[at].words[lastIndex].text) }
                        rest = rest.dropFirst()
                        restKeys = restKeys.dropFirst()
                    } else if keyed ? TextLine.cutWithoutHyphen(columns[at].keys[lastIndex], restKeys.first!)
                                    : TextLine.cutWithoutHyphen(last.text, next.text) {
                        // A word a narrow column cut without a hyphen ("Ста" over "вка", "Количе" over "ство").
                        columns[at].words[lastIndex] = PDFTextWord(text: last.text + next.text, x0: min(last.x0, next.x0), y0: min(last.y0, next.y0),
                                                                   x1: max(last.x1, next.x1), y1: max(last.y1, next.y1),
                                                                   confidence: [last.confidence, next.confidence].compactMap { $0 }.min())
                        if keyed { columns[at].keys[lastIndex] = HeaderWord.memoized(columns[at].words[lastIndex].text) }
                        rest = rest.dropFirst()
                        restKeys = restKeys.dropFirst()
                    }
                }
                columns[at].words += rest
                if keyed { columns[at].keys += restKeys }
            }
        }

        /// The lines added so far as one line. `withText`: its ``TextLine/text`` too (the header
        /// search reads only the words, so its trial stacks go without).
        func line(withText: Bool = true) -> TextLine {
            let ordered = columns.sorted { $0.x0 < $1.x0 }
            let words = ordered.flatMap { $0.words }
            return TextLine(words: words, text: withText ? words.map(\.text).joined(separator: " ") : "",
                            top: words.map(\.y0).min() ?? 0, bottom: words.map(\.y1).max() ?? 0,
                            headerWords: keyed ? ordered.flatMap { $0.keys } : nil)
        }
    }

    /// ``cutWithoutHyphen(_:_:)`` of two words whose ``HeaderWord``s are known: the upper word's
    /// lookup is already made, and most upper words are labels' words or start none.
    static func cutWithoutHyphen(_ upperWord: HeaderWord, _ lowerWord: HeaderWord) -> Bool {
        let top = upperWord.trimmed
        guard !top.isEmpty, !upperWord.isLabelWord else { return false }
        // Lower case is worked out scalar by scalar, so the glued words' is the two words' glued.
        let glued = InvoiceTableReader.trimmingPunctuation(upperWord.lowered + lowerWord.lowered)
        let words = InvoiceTextLabels.columnLabelWords
        return words.contains(glued) || (glued.hasSuffix("/") && words.contains(String(glued.dropLast())))
    }

    /// Whether two stacked words are one label word cut in two: together they are a word of a
    /// column label, the upper one alone is not.
    static func cutWithoutHyphen(_ upper: String, _ lower: String) -> Bool {
        let words = InvoiceTextLabels.columnLabelWords
        let top = InvoiceTableReader.trimmingPunctuation(TextCaseFolding.lowercased(upper))
        guard !top.isEmpty, !words.contains(top) else { return false }
        let glued = InvoiceTableReader.trimmingPunctuation(TextCaseFolding.lowercased(upper + lower))
        // A bilingual cell's Chinese half ends in the slash before its other half ("税" over "率/").
        return words.contains(glued) || (glued.hasSuffix("/") && words.contains(String(glued.dropLast())))
    }

    /// `upper` (ending in a hyphen) and the word below it as one word.
    fileprivate static func joined(_ upper: PDFTextWord, _ lower: PDFTextWord) -> PDFTextWord {
        let kept = upper.text + lower.text
        let text = InvoiceTextLabels.columnOfLabel[kept.lowercased()] != nil ? kept : String(upper.text.dropLast()) + lower.text
        return PDFTextWord(text: text, x0: min(upper.x0, lower.x0), y0: min(upper.y0, lower.y0),
                           x1: max(upper.x1, lower.x1), y1: max(upper.y1, lower.y1),
                           confidence: [upper.confidence, lower.confidence].compactMap { $0 }.min())
    }
}
