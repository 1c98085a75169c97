/// The characters Faktura's embedded fonts can draw: DejaVu Sans (Latin, Cyrillic, symbols),
/// WenQuanYi Micro Hei (Chinese) and HanaMin A/B (rare CJK ideographs up to Extension F).
///
/// A character outside them would print as an empty box and be lost from the PDF's text, so
/// validation warns about it (`GLYPH_MISSING`) and the renderer reports it. The ranges are
/// generated from the fonts (tools/make-glyph-coverage.py); a test holds them to the fonts.
///
/// ```swift
/// GlyphCoverage.covers("𠀀")        // true: HanaMin B
/// GlyphCoverage.uncovered(in: invoice).map(\.description)  // ["U+1F680 (🚀) in lines[0].name"]
/// ```
public enum GlyphCoverage {
    /// Whether the fonts draw `scalar`. Control characters count as covered: they are never drawn.
    public static func covers(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        if value < 0x10000 { return basicPlane[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0 }
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < value { low = middle + 1 } else { high = middle }
        }
        return low < ranges.count && ranges[low].contains(value)
    }

    /// ``ranges`` below U+10000 as one bit per code point (8 KiB): every Cyrillic or Chinese
    /// character of every invoice is looked up here, a bit test instead of a binary search.
    private static let basicPlane: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        for range in ranges where range.lowerBound < 0x10000 {
            for value in range.lowerBound...min(range.upperBound, 0xFFFF) {
                bits[Int(value >> 6)] |= 1 << UInt64(value & 63)
            }
        }
        return bits
    }()

    /// Every character of the invoice's text the fonts do not draw, once per place, in
    /// document order.
    public static func uncovered(in invoice: Invoice) -> [UncoveredCharacter] {
        uncovered(in: invoice) { covers($0) }
    }

    /// The same with another coverage test (a renderer with its own fonts).
    public static func uncovered(in invoice: Invoice, covers: (Unicode.Scalar) -> Bool) -> [UncoveredCharacter] {
        var result: [UncoveredCharacter] = []
        invoice.forEachText { text, path in
            // ASCII is always covered: most texts need no scalar walk.
            guard text.utf8.contains(where: { $0 >= 0x80 }) else { return }
            var seen: Set<Unicode.Scalar> = []
            for scalar in text.unicodeScalars where !covers(scalar) && seen.insert(scalar).inserted {
                result.append(UncoveredCharacter(scalar: scalar, path: path()))
            }
        }
        return result
    }
}
