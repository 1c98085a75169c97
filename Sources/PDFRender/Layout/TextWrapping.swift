/// Line breaking by measured glyph widths (hmtx), at spaces where possible.
///
/// Works on Unicode scalars rather than `Character`s: the fonts map scalars to glyphs, and
/// skipping grapheme segmentation keeps layout cheap (it runs for every cell of every page).
enum TextWrapping {
    /// How a word wider than a whole line is broken.
    enum WordBreak: Sendable {
        /// After a slash or hyphen inside it where there is one (a customs declaration's
        /// `office/date/number`), else between characters: cell values, whose columns are sized
        /// so that amounts and codes never need it.
        case separators
        /// At a syllable boundary with a hyphen (``Hyphenation``), else as `separators`: headers.
        case syllables
    }

    /// Splits `text` into lines no wider than `width` points; a word longer than a whole
    /// line is broken as `wordBreak` says. Explicit newlines are kept.
    static func lines(_ text: String, width: Double, size: Double, chain: FontChain,
                      wordBreak: WordBreak = .separators) -> [String] {
        guard !text.isEmpty else { return [] }
        let limit = max(width, size)  // never less than one character, so this always ends
        let limitUnits = Int((limit * 1000 / size).rounded(.down))
        // Most cells fit on one line: one measuring pass, no splitting.
        var units = 0
        var simple = true
        for scalar in text.unicodeScalars {
            if scalar == "\n" { simple = false; break }
            units += chain.advance(scalar).units
        }
        if simple && units <= limitUnits { return [text] }

        let scalars = Array(text.unicodeScalars)
        let utf8 = Array(text.utf8)
        // UTF-8 offset of each scalar, so lines are cut from the bytes in one copy.
        var offsets = [Int](repeating: 0, count: scalars.count + 1)
        var widths = [Int](repeating: 0, count: scalars.count)
        for (index, scalar) in scalars.enumerated() {
            offsets[index + 1] = offsets[index] + UTF8.width(scalar)
            widths[index] = scalar == "\n" ? 0 : chain.advance(scalar).units
        }
        let source = TextSource(scalars: scalars, utf8: utf8, offsets: offsets, widths: widths)
        let space = chain.advance(" ").units
        var result: [String] = []
        var paragraphStart = 0
        while paragraphStart <= scalars.count {
            var paragraphEnd = paragraphStart
            while paragraphEnd < scalars.count && scalars[paragraphEnd] != "\n" { paragraphEnd += 1 }
            wrapParagraph(source, paragraphStart..<paragraphEnd, space: space, limit: limitUnits,
                          hyphen: wordBreak == .syllables ? chain.advance("-").units : nil, into: &result)
            paragraphStart = paragraphEnd + 1
        }
        return result
    }

    /// What may not be split when a table's columns are sized (``PageLayout/TableGeometry``),
    /// from the strictest to the loosest; an amount (a word with digits and no slash) stays
    /// whole in each.
    enum Atoms: CaseIterable, Sendable {
        /// Every word whole.
        case words
        /// Words with digits may break after a slash or inner hyphen (a customs declaration's
        /// `office/date/number`); other words whole.
        case codeParts
        /// Only words with digits count, as in `codeParts`; other words may break anywhere.
        case digitWords
    }

    /// The width in 1/1000 em of the widest piece of `text` that `atoms` keeps on one line. A
    /// Chinese word breaks between any two ideographs, as Chinese text does.
    static func widestAtom(_ text: String, chain: FontChain, atoms: Atoms) -> Int {
        var widest = 0
        var word = 0, piece = 0, widestPiece = 0, widestScalar = 0
        var hasDigit = false, hasIdeograph = false, wordStart = true
        func endWord() {
            widestPiece = max(widestPiece, piece)
            let atom: Int
            if hasIdeograph {
                atom = widestScalar
            } else if hasDigit {
                atom = atoms == .words ? word : widestPiece
            } else {
                atom = atoms == .digitWords ? widestScalar : word
            }
            widest = max(widest, atom)
            word = 0; piece = 0; widestPiece = 0; widestScalar = 0
            hasDigit = false; hasIdeograph = false; wordStart = true
        }
        // One pass with the scalars before and after (a space between two digits joins them), without
        // copying the text into an array: this runs for every cell of a table while it is sized.
        var iterator = text.unicodeScalars.makeIterator()
        var previous: Unicode.Scalar?
        var next = iterator.next()
        while let scalar = next {
            next = iterator.next()
            defer { previous = scalar }
            if scalar == "\n" || (scalar == " " && !(isASCIIDigit(previous) && isASCIIDigit(next))) {
                endWord()
                continue
            }
            let units = chain.advance(scalar).units
            word += units
            piece += units
            widestScalar = max(widestScalar, units)
            if isNumeric(scalar) { hasDigit = true }
            if isIdeographic(scalar) { hasIdeograph = true }
            if (scalar == "/" || scalar == "-") && !wordStart {
                widestPiece = max(widestPiece, piece)
                piece = 0
            }
            wordStart = false
        }
        endWord()
        return widest
    }

    @inline(__always)
    private static func isASCIIDigit(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return ("0"..."9").contains(scalar)
    }

    /// Whether a scalar has a numeric value (a digit, ², ½, 五…). Unicode property look-ups
    /// cost a table search each; ASCII, which most of an invoice is, is answered directly.
    @inline(__always)
    static func isNumeric(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return scalar.properties.numericType != nil
    }

    /// Whether a scalar is ideographic; nothing below U+3006 (〆) is.
    @inline(__always)
    static func isIdeographic(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x3006 && scalar.properties.isIdeographic
    }

    /// The width in 1/1000 em of the widest piece `text` keeps on a line when its words are
    /// hyphenated (``Hyphenation``): a syllable run and its hyphen, or a word without break points.
    /// A table's headers are the template's words, the same in every invoice: the answer is
    /// kept per text and font chain (hyphenating them was a tenth of a счёт-фактура's cost).
    static func widestSyllable(_ text: String, chain: FontChain) -> Int {
        SyllableWidthCache.width(of: text, chain: chain) { measureWidestSyllable(text, chain: chain) }
    }

    private static func measureWidestSyllable(_ text: String, chain: FontChain) -> Int {
        let hyphen = chain.advance("-").units
        var widest = 0
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let scalars = Array(word.unicodeScalars)
            let widths = scalars.map { chain.advance($0).units }
            var start = 0
            for cut in Hyphenation.shared.breakOffsets(String(word)) {
                widest = max(widest, widths[start..<cut].reduce(0, +) + hyphen)
                start = cut
            }
            widest = max(widest, widths[start...].reduce(0, +))
        }
        return widest
    }

    private struct TextSource {
        let scalars: [Unicode.Scalar]
        let utf8: [UInt8]
        let offsets: [Int]
        let widths: [Int]
    }

    /// Whether the space at `index` stands between two digits.
    @inline(__always)
    static func joinsDigits(_ scalars: [Unicode.Scalar], _ index: Int, _ range: Range<Int>) -> Bool {
        index > range.lowerBound && index + 1 < range.upperBound
            && ("0"..."9").contains(scalars[index - 1]) && ("0"..."9").contains(scalars[index + 1])
    }

    private static func wrapParagraph(_ source: TextSource, _ range: Range<Int>, space: Int, limit: Int, hyphen: Int?,
                                      into result: inout [String]) {
        let scalars = source.scalars, widths = source.widths
        var lineStart = -1, lineEnd = -1, lineWidth = 0
        var index = range.lowerBound
        func emit(_ from: Int, _ to: Int) {
            result.append(String(decoding: source.utf8[source.offsets[from]..<source.offsets[to]], as: UTF8.self))
        }
        while index < range.upperBound {
            if scalars[index] == " " { index += 1; continue }
            var wordEnd = index
            var wordWidth = 0
            // A space between two digits does not end a word: a code written in groups
            // (`0901 21 000 0`) breaks nowhere.
            while wordEnd < range.upperBound && (scalars[wordEnd] != " " || joinsDigits(scalars, wordEnd, range)) {
                wordWidth += widths[wordEnd]
                wordEnd += 1
            }
            if lineStart >= 0 && lineWidth + space + wordWidth <= limit {
                lineEnd = wordEnd
                lineWidth += space + wordWidth
            } else {
                if lineStart >= 0 { emit(lineStart, lineEnd) }
                if wordWidth <= limit {
                    lineStart = index
                    lineEnd = wordEnd
                    lineWidth = wordWidth
                } else {
                    var pieceStart = index
                    if let hyphen {
                        // A header word: at the last syllable boundary whose part and hyphen fit, as
                        // often as the rest is still too wide.
                        let word = String(decoding: source.utf8[source.offsets[index]..<source.offsets[wordEnd]], as: UTF8.self)
                        let offsets = Hyphenation.shared.breakOffsets(word).map { index + $0 }
                        while widths[pieceStart..<wordEnd].reduce(0, +) > limit,
                              let cut = offsets.last(where: { $0 > pieceStart && widths[pieceStart..<$0].reduce(0, +) + hyphen <= limit }) {
                            result.append(String(decoding: source.utf8[source.offsets[pieceStart]..<source.offsets[cut]], as: UTF8.self) + "-")
                            pieceStart = cut
                        }
                    }
                    // An over-long word (a Chinese name has no spaces) is broken between characters.
                    var pieceWidth = 0
                    var position = pieceStart
                    while position < wordEnd {
                        if position > pieceStart && pieceWidth + widths[position] > limit {
                            var cut = position
                            if let mark = (pieceStart..<position).last(where: { (scalars[$0] == "/" || scalars[$0] == "-") && $0 > pieceStart }),
                               mark + 1 < position {
                                cut = mark + 1
                            }
                            emit(pieceStart, cut)
                            pieceStart = cut
                            pieceWidth = widths[cut..<position].reduce(0, +)
                        }
                        pieceWidth += widths[position]
                        position += 1
                    }
                    lineStart = pieceStart
                    lineEnd = wordEnd
                    lineWidth = pieceWidth
                }
            }
            index = wordEnd
        }
        if lineStart >= 0 { emit(lineStart, lineEnd) } else { result.append("") }
    }
}
