/// Joins a page's glyphs into words the way the poppler path does: poppler ends a word at a
/// white-space character and where the next character stands more than a tenth of the font
/// size away, and puts a space between two of its words on a line when they stand apart;
/// `PDFDocument` then splits poppler's text at spaces and wherever the gap is wider than 0.6
/// of a character's height, a new line starts or the text runs backwards. Characters outside
/// the page are dropped, as poppler drops them.
struct PageWordBuilder {
    let width: Double
    let height: Double
    private(set) var words: [PDFTextWord] = []
    /// The current word's text as UTF-8.
    private var utf8: [UInt8] = []
    private var box = (x0: 0.0, y0: 0.0, x1: 0.0, y1: 0.0)
    private var last: PDFGlyph?
    /// The first glyph of the current poppler word (its base line and size decide poppler's breaks).
    private var wordStart: PDFGlyph?
    /// poppler's words on the current base line, in stream order: characters, where they start and end.
    private var run: [(count: Int, x0: Double, x1: Double, fontSize: Double, baseline: Double)] = []
    /// Set when a line of one-character words stands closer than poppler's fixed space threshold.
    private(set) var ambiguous = false
    /// Set when a character runs over the page's left or right edge: poppler keeps some such
    /// characters and drops others (a WeasyPrint table wider than its page), by rules this
    /// reader does not reproduce.
    private(set) var crossesPageEdge = false

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func add(_ glyphs: [PDFGlyph]) {
        for glyph in glyphs { add(glyph) }
        close()
        checkRun()
    }

    private mutating func add(_ glyph: PDFGlyph) {
        guard glyph.x + glyph.advance >= 0, glyph.x <= width, glyph.baseline >= 0, glyph.baseline <= height,
              glyph.advance <= width else { return }
        if glyph.x < 0 || glyph.x + glyph.advance > width, !Self.isWhitespace(glyph.scalar) { crossesPageEdge = true }
        if !glyph.partOfLigature {
            if Self.isWhitespace(glyph.scalar) {
                close()
                return
            }
            if glyph.scalar.value == 0 { return }
        }
        append(glyph)
    }

    private mutating func append(_ glyph: PDFGlyph) {
        if let last, let start = wordStart {
            let gap = glyph.x - (last.x + last.advance)
            let charHeight = glyph.bottom - glyph.top
            let sameLine = abs(glyph.top - last.top) < charHeight * 0.5
            let popplerBreak = gap > 0.1 * start.fontSize || gap < -0.3 * start.fontSize
                || abs(glyph.baseline - start.baseline) > 0.5 || glyph.fontSize != start.fontSize
            let spaced = popplerBreak && gap >= 0.03 * start.fontSize
            if spaced || !sameLine || gap > max(charHeight, 1) * 0.6 || glyph.x < last.x - max(charHeight, 1) {
                close()
            } else if popplerBreak {
                wordStart = glyph
            }
        }
        track(glyph)
        let top = glyph.top, bottom = glyph.bottom
        if utf8.isEmpty {
            box = (glyph.x, top, glyph.x + glyph.advance, bottom)
            wordStart = glyph
        } else {
            box = (min(box.x0, glyph.x), min(box.y0, top), max(box.x1, glyph.x + glyph.advance), max(box.y1, bottom))
        }
        let scalar = glyph.scalar
        if scalar.isASCII { utf8.append(UInt8(scalar.value)) } else { utf8.append(contentsOf: UTF8.encode(scalar)!) }
        last = glyph
    }

    /// Follows poppler's words on a base line. poppler puts a space between two of them where the
    /// gap is 0.03 of the font size, except on a line whose words are all one character long:
    /// there its threshold follows the narrowest gap (up to 0.4 of the font size), which this
    /// reader does not reproduce, so such a line with a gap under 0.4 makes it decline.
    private mutating func track(_ glyph: PDFGlyph) {
        if let last = run.last, abs(glyph.baseline - last.baseline) <= 0.5, glyph.x >= last.x0 {
            let gap = glyph.x - last.x1
            let continues = wordStart != nil && utf8.isEmpty == false && gap <= 0.1 * last.fontSize && gap >= -0.3 * last.fontSize
                && glyph.fontSize == last.fontSize && abs(glyph.baseline - last.baseline) <= 0.5
            if continues && lastPopplerWordOpen {
                run[run.count - 1].count += 1
                run[run.count - 1].x1 = glyph.x + glyph.advance
                return
            }
        } else {
            checkRun()
            run.removeAll(keepingCapacity: true)
        }
        run.append((1, glyph.x, glyph.x + glyph.advance, glyph.fontSize, glyph.baseline))
        lastPopplerWordOpen = true
    }

    private var lastPopplerWordOpen = false

    private mutating func checkRun() {
        guard run.count >= 2, run.allSatisfy({ $0.count == 1 }) else { return }
        for index in 1..<run.count where run[index].x0 - run[index - 1].x1 < 0.4 * run[index - 1].fontSize {
            ambiguous = true
        }
    }

    private mutating func close() {
        lastPopplerWordOpen = false
        if !utf8.isEmpty {
            words.append(PDFTextWord(text: String(decoding: utf8, as: UTF8.self), x0: Float(box.x0), y0: Float(box.y0), x1: Float(box.x1), y1: Float(box.y1)))
            utf8.removeAll(keepingCapacity: true)
        }
        last = nil
        wordStart = nil
    }

    /// poppler's `UnicodeIsWhitespace`.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
