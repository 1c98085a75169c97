/// Joins a page's glyphs into words the way the poppler path does, in poppler's three steps:
/// 1. poppler's words (`TextPage::addChar`), in stream order: a word ends at a white-space
///    character, and where the next character stands more than a tenth of the font size after
///    it or a fifth before it, on another base line, in another size, or on top of it;
/// 2. poppler's lines (`TextBlock::coalesce`, `TextLine::coalesce`): the words of a base line
///    left to right, a line ending where the next word stands 1.5 font sizes away or overlaps by
///    half of one; between two words of a line a space where the gap reaches 0.03 of the font
///    size, or, on a line of one-character words only, 1.3 times its narrowest gap (at most 0.4);
/// 3. `PDFDocument`'s split of poppler's text: at those spaces, and where the characters it
///    glued stand wider apart than 0.6 of a character's height or run backwards.
/// Which words share a poppler line is certain when their gap is under 0.7 of a font size (one
/// block) or over 1.5 (never one line); between, it depends on poppler's page layout: where the
/// answer would change a word, the line of poppler's blocks (``PopplerLineLayout``) settles it
/// when it is a run of the base line's words, and otherwise ``ambiguity`` says so and the PDF
/// is left to poppler. Characters outside the page are dropped, as poppler drops them.
struct PageWordBuilder {
    let width: Double
    let height: Double
    private(set) var words: [PDFTextWord] = []
    /// Why poppler's words cannot be known without its page layout (the reader then declines).
    private(set) var ambiguity: String?
    /// Set when a character runs over the page's left or right edge: poppler keeps some such
    /// characters and drops others (a WeasyPrint table wider than its page), by rules this
    /// reader does not reproduce.
    private(set) var crossesPageEdge = false

    /// The page's characters in stream order (white space and NUL left out).
    private var characters: [PDFGlyph] = []
    /// poppler's words: ranges of ``characters``, with the first character's base line and size
    /// and the word's extent and box.
    private var popplerWords: [PopplerWord] = []
    /// poppler's duplicated-text check: whether the last character overlapped the one before it.
    private var lastOverlapped = false
    /// An empty `/ActualText` ended poppler's word: the next character starts another.
    private var pendingBreak = false
    /// Whether a word is open (its characters run to the end of ``characters``).
    private var wordOpen = false
    /// poppler's lines of the page, worked out the first time a line of one-character words
    /// needs them (nil when they cannot be known).
    private var layout: PopplerLineLayout?
    private var layoutBuilt = false

    private struct PopplerWord {
        var characters: Range<Int>
        var base: Double
        var fontSize: Double
        var xMin: Double
        var xMax: Double
        var yMin: Double
        var yMax: Double
        var count: Int { characters.count }
    }

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func add(_ glyphs: [PDFGlyph]) {
        characters.reserveCapacity(glyphs.count)
        for glyph in glyphs { add(glyph) }
        endWord()
        buildWords()
    }

    // MARK: Step 1, poppler's words

    private mutating func add(_ glyph: PDFGlyph) {
        guard glyph.x + glyph.advance >= 0, glyph.x <= width, glyph.baseline >= 0, glyph.baseline <= height,
              glyph.advance <= width else { return }
        if glyph.x < 0 || glyph.x + glyph.advance > width, !Self.isWhitespace(glyph.scalar) { crossesPageEdge = true }
        switch glyph.role {
        case .character:
            if Self.isWhitespace(glyph.scalar) {
                endWord()
                return
            }
            if glyph.scalar.value == 0 { return }
        case .partOfSeveral:
            break
        case .wordBreakProbe:
            if wordOpen, breaksWord(glyph) { endWord() }
            if !wordOpen { lastOverlapped = false }
            return
        }
        if wordOpen, breaksWord(glyph) { endWord() }
        if !wordOpen {
            lastOverlapped = false
            let top = glyph.top, bottom = glyph.bottom
            popplerWords.append(PopplerWord(characters: characters.count..<characters.count, base: glyph.baseline, fontSize: glyph.fontSize,
                                            xMin: glyph.x, xMax: glyph.x + glyph.advance, yMin: top, yMax: bottom))
            wordOpen = true
        }
        characters.append(glyph)
        popplerWords[popplerWords.count - 1].characters = popplerWords[popplerWords.count - 1].characters.lowerBound..<characters.count
        popplerWords[popplerWords.count - 1].xMax = glyph.x + glyph.advance
    }

    private mutating func endWord() {
        wordOpen = false
        pendingBreak = false
    }

    /// Whether poppler's `TextPage::addChar` starts a new word at `glyph`, and its memory of the
    /// last overlap updated.
    private mutating func breaksWord(_ glyph: PDFGlyph) -> Bool {
        let word = popplerWords[popplerWords.count - 1]
        let last = characters[characters.count - 1]
        let gap = glyph.x - word.xMax
        let overlap = abs(glyph.x - last.x) < 0.1 * word.fontSize && abs(glyph.baseline - word.base) < 0.2 * word.fontSize
        defer { lastOverlapped = overlap }
        return overlap || lastOverlapped || gap > 0.1 * word.fontSize || gap < -0.2 * word.fontSize
            || abs(glyph.baseline - word.base) > 0.5 || glyph.fontSize != word.fontSize
    }

    // MARK: Steps 2 and 3, poppler's lines and PDFDocument's split

    /// How two neighbouring words of a base line (left to right) stand in poppler's lines.
    private enum Join {
        /// Certainly one line: a space between them or not by the line's threshold.
        case sameLine
        /// Certainly not one line, and split in `PDFDocument`'s text whatever poppler's layout.
        case apart
        /// One line or not depending on poppler's blocks; split either way.
        case undecided
    }

    private mutating func buildWords() {
        guard !popplerWords.isEmpty else { return }
        // Base lines: words whose bases lie within half a point, left to right.
        let order = popplerWords.indices.sorted {
            let a = popplerWords[$0], b = popplerWords[$1]
            return a.base != b.base ? a.base < b.base : a.xMin < b.xMin
        }
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, popplerWords[order[end]].base - popplerWords[order[start]].base <= 0.5 { end += 1 }
            let row = order[start..<end].sorted { popplerWords[$0].xMin < popplerWords[$1].xMin }
            buildRow(row)
            // The page goes to poppler: the rest of its words would be thrown away.
            if ambiguity != nil { return }
            start = end
        }
        checkNeighbouringBaseLines(order)
    }

    private func join(_ left: PopplerWord, _ right: PopplerWord) -> Join {
        let gap = right.xMin - left.xMax
        let size = left.fontSize
        // Words of other sizes may share a line or not.
        guard abs(right.fontSize - size) <= 0.05 * size else { return gap >= 1.5 * max(size, right.fontSize) ? .apart : .undecided }
        // A line ends where the next word overlaps by half a font size, and reaches no word 1.5 away.
        if gap < -0.5 * size || gap >= 1.5 * size { return .apart }
        // Within 0.7 of a font size poppler pulls a word into the block, and so into the line.
        return gap < 0.7 * size ? .sameLine : .undecided
    }

    private func characterHeight(_ word: PopplerWord) -> Double { max(word.yMax - word.yMin, 1) }

    /// The places either side where a line may start or end that ``spacing(_:pairs:joins:)``
    /// tries: past them the reader declines (a real line has a few).
    static let maxLineEnds = 16
    /// Words within a character's height of one base line that the check of neighbouring base
    /// lines compares with each other: past them the reader declines.
    static let maxWordsAtOneHeight = 1_000

    /// One base line's words, left to right, into `PDFDocument`'s words.
    private mutating func buildRow(_ row: [Int]) {
        let joins = (0..<max(row.count - 1, 0)).map { join(popplerWords[row[$0]], popplerWords[row[$0 + 1]]) }
        // Where the words of a line of one-character words stand closer than 0.4 of the font
        // size, whether a space parts them depends on which words share their poppler line.
        var spaced = [Bool](repeating: true, count: joins.count)
        var index = 0
        while index < joins.count {
            guard joins[index] == .sameLine else {
                let left = popplerWords[row[index]], right = popplerWords[row[index + 1]]
                let overlap = left.xMax - right.xMin
                if overlap > 0.5 * left.fontSize, overlap > 0.5 * min(left.xMax - left.xMin, right.xMax - right.xMin), ambiguity == nil {
                    // poppler stacks them as two lines of one block at one height, and its
                    // selection of the page's text may then drop characters of one of them
                    // (a price drawn over a short line number).
                    ambiguity = "a word drawn mostly over another"
                }
                if joins[index] == .undecided {
                    let left = popplerWords[row[index]], right = popplerWords[row[index + 1]]
                    let gap = right.xMin - left.xMax
                    // Another line glued to this one in poppler's table text would not be split
                    // here. Within a font size of a block of the same size poppler pulls the
                    // word in when it is one of three or fewer so placed (its outlying words):
                    // one line then, parted by a space, whichever line the extents give.
                    let sameSize = abs(right.fontSize - left.fontSize) <= 0.05 * left.fontSize
                    // Unless poppler's blocks put both on one line with a space between.
                    if gap <= 0.6 * characterHeight(right), !(sameSize && gap < 1.0 * left.fontSize), ambiguity == nil,
                       !popplerSpaces(row, after: index) {
                        ambiguity = "two words on a base line whose gap poppler splits or not by its page layout"
                    }
                }
                index += 1
                continue
            }
            // A run of certain neighbours: the pairs index..<runEnd.
            var runEnd = index
            while runEnd < joins.count, joins[runEnd] == .sameLine { runEnd += 1 }
            let decisions = spacing(row, pairs: index..<runEnd, joins: joins)
            for (offset, decision) in decisions.enumerated() { spaced[index + offset] = decision }
            index = runEnd
        }
        // PDFDocument's split of the glued text.
        var current: (text: [UInt8], x0: Double, y0: Double, x1: Double, y1: Double)?
        var lastCharacter: (x: Double, x1: Double, y0: Double)?
        func close() {
            if let word = current, !word.text.isEmpty {
                words.append(PDFTextWord(text: String(decoding: word.text, as: UTF8.self), x0: Float(word.x0), y0: Float(word.y0),
                                         x1: Float(word.x1), y1: Float(word.y1)))
            }
            current = nil
            lastCharacter = nil
        }
        for (position, wordIndex) in row.enumerated() {
            if position > 0, spaced[position - 1] || joins[position - 1] != .sameLine { close() }
            let word = popplerWords[wordIndex]
            let height = characterHeight(word)
            for characterIndex in word.characters {
                let character = characters[characterIndex]
                if character.role == .partOfSeveral, Self.splitsPopplersText(character.scalar) {
                    close()
                    continue
                }
                // poppler's box of a character runs to the next one's origin within its word.
                let x0 = character.x
                let x1 = characterIndex + 1 < word.characters.upperBound ? characters[characterIndex + 1].x : word.xMax
                if let last = lastCharacter {
                    let sameLine = abs(word.yMin - last.y0) < height * 0.5
                    if !sameLine || x0 - last.x1 > height * 0.6 || x0 < last.x - height { close() }
                }
                if current == nil {
                    current = ([], x0, word.yMin, x1, word.yMax)
                } else {
                    current!.x0 = min(current!.x0, x0)
                    current!.x1 = max(current!.x1, x1)
                    current!.y0 = min(current!.y0, word.yMin)
                    current!.y1 = max(current!.y1, word.yMax)
                }
                let scalar = character.scalar
                if scalar.isASCII { current!.text.append(UInt8(scalar.value)) } else { current!.text.append(contentsOf: UTF8.encode(scalar)!) }
                lastCharacter = (x0, x1, word.yMin)
            }
        }
        close()
    }

    /// Whether a space parts each certain pair of neighbours in `pairs` (pair `i` is words `i`
    /// and `i + 1` of `row`). The pair's poppler line runs at least over `pairs` and at most to
    /// the next certain break either side; every extent between gives the same answer, or the
    /// answer is ambiguous.
    private mutating func spacing(_ row: [Int], pairs: Range<Int>, joins: [Join]) -> [Bool] {
        // Where poppler's line may start (after no certain pair) and end (before none), in words:
        // undecided neighbours matter to a line of one-character words (its threshold follows the
        // narrowest gap) and to a line's first word (its size sets the threshold).
        var firstChoices = [pairs.lowerBound], lastChoices = [pairs.upperBound]
        var word = pairs.lowerBound
        // A budget: a hostile page could chain thousands of undecided neighbours.
        while word > 0, joins[word - 1] != .apart, firstChoices.count <= Self.maxLineEnds {
            word -= 1
            if word == 0 || joins[word - 1] != .sameLine { firstChoices.append(word) }
        }
        word = pairs.upperBound
        while word < joins.count, joins[word] != .apart, lastChoices.count <= Self.maxLineEnds {
            word += 1
            if word == joins.count || joins[word] != .sameLine { lastChoices.append(word) }
        }
        guard firstChoices.count <= Self.maxLineEnds, lastChoices.count <= Self.maxLineEnds else {
            if ambiguity == nil { ambiguity = "a line poppler may end at too many places" }
            return pairs.map { _ in true }
        }
        var answer: [Bool]?
        for first in firstChoices {
            for last in lastChoices {
                let threshold = lineThreshold(row, first: first, last: last)
                let decisions = pairs.map { pair in
                    popplerWords[row[pair + 1]].xMin - popplerWords[row[pair]].xMax >= threshold
                }
                if let answer, answer != decisions {
                    // The extents disagree: poppler's blocks say which one its line has.
                    if let resolved = popplerLineSpacing(row, pairs: pairs, firstChoices: firstChoices, lastChoices: lastChoices) {
                        return resolved
                    }
                    if ambiguity == nil { ambiguity = "a line of one-character words set close together (poppler's adaptive spacing)" }
                    return answer
                }
                answer = decisions
            }
        }
        return answer ?? []
    }

    /// The spacing of `pairs` on the line poppler's page layout gives them, where that line is
    /// one of the extents ``spacing(_:pairs:joins:)`` tries (`row[first...last]`, `first` one of
    /// `firstChoices`, `last` one of `lastChoices`); nil where the layout cannot be known or
    /// gives a line of another shape (words of other base lines, a gap in the row).
    private mutating func popplerLineSpacing(_ row: [Int], pairs: Range<Int>, firstChoices: [Int], lastChoices: [Int]) -> [Bool]? {
        guard let (first, last) = popplerLine(row, holding: pairs.lowerBound), first <= pairs.lowerBound, last >= pairs.upperBound,
              firstChoices.contains(first), lastChoices.contains(last) else { return nil }
        let threshold = lineThreshold(row, first: first, last: last)
        return pairs.map { pair in popplerWords[row[pair + 1]].xMin - popplerWords[row[pair]].xMax >= threshold }
    }

    /// Whether poppler's line holds `row[position]` and the word after it side by side with a
    /// space between: then the two are parted whatever poppler's table text glues.
    private mutating func popplerSpaces(_ row: [Int], after position: Int) -> Bool {
        guard let (first, last) = popplerLine(row, holding: position), last > position else { return false }
        return popplerWords[row[position + 1]].xMin - popplerWords[row[position]].xMax >= lineThreshold(row, first: first, last: last)
    }

    /// The extent `row[first...last]` of poppler's line holding `row[position]`, where that
    /// line is a run of the row (nil where the layout cannot be known, or the line takes words
    /// of other base lines or leaves a word of the row out).
    private mutating func popplerLine(_ row: [Int], holding position: Int) -> (first: Int, last: Int)? {
        guard let layout = popplerLayout() else { return nil }
        let words = layout.lines[layout.lineOfWord[row[position]]]
        guard let first = row.firstIndex(of: words[0]), first + words.count <= row.count,
              Array(row[first..<(first + words.count)]) == words else { return nil }
        return (first, first + words.count - 1)
    }

    /// poppler's lines of the page, worked out once (nil when they cannot be known).
    private mutating func popplerLayout() -> PopplerLineLayout? {
        if !layoutBuilt {
            layoutBuilt = true
            let words = popplerWords.map {
                PopplerLineLayout.Word(xMin: $0.xMin, xMax: $0.xMax, yMin: $0.yMin, yMax: $0.yMax, base: $0.base, fontSize: $0.fontSize, length: $0.count)
            }
            layout = PopplerLineLayout(words: words) { [popplerWords, characters] a, b in
                popplerWords[a].characters.map { characters[$0].scalar } == popplerWords[b].characters.map { characters[$0].scalar }
            }
        }
        return layout
    }

    /// poppler's space threshold for a line of `row[first...last]`.
    private func lineThreshold(_ row: [Int], first: Int, last: Int) -> Double {
        let size = popplerWords[row[first]].fontSize
        guard last > first, (first...last).allSatisfy({ popplerWords[row[$0]].count == 1 }) else { return 0.03 * size }
        var narrowest = Double.infinity
        for index in first..<last {
            let gap = popplerWords[row[index + 1]].xMin - popplerWords[row[index]].xMax
            narrowest = min(narrowest, gap)
            if narrowest <= 0 { return 0.03 * size }
        }
        return min(1.3 * narrowest, 0.4 * size)
    }

    /// Words on base lines more than half a point apart that `PDFDocument` would still glue when
    /// poppler puts them next to each other: which it does depends on its layout.
    private mutating func checkNeighbouringBaseLines(_ order: [Int]) {
        guard ambiguity == nil else { return }
        for (position, index) in order.enumerated() {
            let word = popplerWords[index]
            let height = characterHeight(word)
            var next = position + 1
            while next < order.count {
                let other = popplerWords[order[next]]
                if other.base - word.base > max(height, characterHeight(other)) { break }
                next += 1
                // A budget: a real page has a few dozen words at one height.
                guard next - position <= Self.maxWordsAtOneHeight else {
                    ambiguity = "more than \(Self.maxWordsAtOneHeight) words at one height"
                    return
                }
                guard other.base - word.base > 0.5, abs(other.yMin - word.yMin) < max(height, characterHeight(other)) * 0.5 else { continue }
                let (left, right) = other.xMin >= word.xMin ? (word, other) : (other, word)
                let gap = right.xMin - left.xMax
                if gap <= 0.6 * characterHeight(right), right.xMin >= left.xMin - characterHeight(right),
                   !popplerParts(index, order[next - 1]) {
                    ambiguity = "words on neighbouring base lines that poppler may glue"
                    return
                }
            }
        }
    }

    /// Whether poppler's blocks put two words on different lines of one block, each line on
    /// its word's base line: its text then ends a line between them (a table's cells are glued
    /// only across blocks).
    private mutating func popplerParts(_ a: Int, _ b: Int) -> Bool {
        guard let layout = popplerLayout(), layout.blockOfWord[a] == layout.blockOfWord[b], layout.lineOfWord[a] != layout.lineOfWord[b]
        else { return false }
        return [a, b].allSatisfy { word in
            layout.lines[layout.lineOfWord[word]].allSatisfy { abs(popplerWords[$0].base - popplerWords[word].base) <= 0.5 }
        }
    }

    /// The characters at which `PDFDocument` splits poppler's text (its white space bytes).
    static func splitsPopplersText(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0C, 0x0D, 0x20, 0xA0: true
        default: false
        }
    }

    /// poppler's `UnicodeIsWhitespace`.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
