/// Line breaking by measured glyph widths (hmtx), at spaces where possible.
///
/// Works on Unicode scalars rather than `Character`s: the fonts map scalars to glyphs, and
/// skipping grapheme segmentation keeps layout cheap (it runs for every cell of every page).
enum TextWrapping {
    /// Splits `text` into lines no wider than `width` points; a word longer than a whole
    /// line is broken between characters (after a slash or hyphen where there is one).
    /// Explicit newlines are kept.
    static func lines(_ text: String, width: Double, size: Double, chain: FontChain) -> [String] {
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
            wrapParagraph(source, paragraphStart..<paragraphEnd, space: space, limit: limitUnits, into: &result)
            paragraphStart = paragraphEnd + 1
        }
        return result
    }

    private struct TextSource {
        let scalars: [Unicode.Scalar]
        let utf8: [UInt8]
        let offsets: [Int]
        let widths: [Int]
    }

    private static func wrapParagraph(_ source: TextSource, _ range: Range<Int>, space: Int, limit: Int,
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
            while wordEnd < range.upperBound && scalars[wordEnd] != " " {
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
                    // An over-long word (a Chinese name has no spaces) is broken between characters.
                    var pieceStart = index
                    var pieceWidth = 0
                    var position = index
                    while position < wordEnd {
                        if position > pieceStart && pieceWidth + widths[position] > limit {
                            var cut = position
                            if let mark = (pieceStart..<position).last(where: { scalars[$0] == "/" || scalars[$0] == "-" }),
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
