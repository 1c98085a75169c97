import Foundation

/// The fonts text is drawn with. A character goes to the first font of the list whose
/// `cmap` has it, so a string mixing Latin, Cyrillic and Chinese is split into runs.
public struct FontSet: Sendable, Hashable {
    /// A font file and, for a `.ttc` collection, the face index.
    public struct Face: Sendable, Hashable {
        public var path: String
        public var faceIndex: Int

        public init(path: String, faceIndex: Int = 0) {
            self.path = path
            self.faceIndex = faceIndex
        }
    }

    /// Faces for regular text, in fallback order.
    public var regular: [Face]
    /// Faces for bold text, in fallback order.
    public var bold: [Face]
    /// Faces for characters neither chain has (rare CJK ideographs), after both. They are
    /// large, so they are read only when a document has such a character.
    public var fallback: [Face]

    public init(regular: [Face], bold: [Face], fallback: [Face] = []) {
        self.regular = regular
        self.bold = bold
        self.fallback = fallback
    }

    /// DejaVu Sans for Latin and Cyrillic, WenQuanYi Micro Hei for Chinese, HanaMin A and B for
    /// CJK Extensions A–F (Debian paths). Bold text falls back to regular DejaVu for the few
    /// characters its bold face lacks. `GlyphCoverage` (InvoiceModel) lists what these draw.
    public static let system = FontSet(
        regular: [Face(path: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                  Face(path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")],
        bold: [Face(path: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
               Face(path: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
               Face(path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")],
        fallback: [Face(path: "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"),
                   Face(path: "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")])
}

/// Parsed fonts, loaded once per process: fonts are immutable, so every render on every
/// thread shares them.
enum FontCache {
    private final class Table: @unchecked Sendable {
        let lock = NSLock()
        var fonts: [FontSet.Face: TrueTypeFont] = [:]
    }

    private static let table = Table()

    static func font(_ face: FontSet.Face) throws(RenderError) -> TrueTypeFont {
        table.lock.lock()
        defer { table.lock.unlock() }
        // Parsing under the lock: a font is parsed once even when many renders start together.
        if let cached = table.fonts[face] { return cached }
        let parsed = try TrueTypeFont(contentsOf: face.path, faceIndex: face.faceIndex)
        table.fonts[face] = parsed
        return parsed
    }
}

/// A resolved fallback chain: parsed fonts and their index in the document's font list.
struct FontChain: Sendable {
    let fonts: [TrueTypeFont]
    /// Document-wide font slot of each entry (regular and bold chains may share a face).
    let slots: [Int]

    /// Width in points of `text` at `size`, as the PDF will draw it.
    func width(_ text: String, size: Double) -> Double {
        var units = 0
        for scalar in text.unicodeScalars {
            units += advance(scalar).units
        }
        return Double(units) * size / 1000
    }

    /// Width of `text` in 1/1000 em.
    func widthUnits<Text: StringProtocol>(_ text: Text) -> Int {
        var units = 0
        for scalar in text.unicodeScalars { units += advance(scalar).units }
        return units
    }

    /// Width in points of the widest space-separated word of `text`.
    func longestWord(_ text: String, size: Double) -> Double {
        var longest = 0, current = 0
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\n" {
                longest = max(longest, current)
                current = 0
            } else {
                current += advance(scalar).units
            }
        }
        return Double(max(longest, current)) * size / 1000
    }

    /// The font index and the advance in 1/1000 em of one character; glyph 0 (the first
    /// font's empty box) when no font of the chain has it.
    @inline(__always)
    func advance(_ scalar: Unicode.Scalar) -> (index: Int, glyph: UInt16, units: Int) {
        for (index, font) in fonts.enumerated() {
            if let glyph = font.glyph(for: scalar) {
                return (index, glyph, font.width1000(glyph))
            }
        }
        return (0, 0, fonts[0].width1000(0))
    }
}

extension TrueTypeFont {
    /// Advance width in 1/1000 em, rounded as written in the PDF's W array.
    @inline(__always)
    func width1000(_ glyph: UInt16) -> Int {
        (Int(advances[Int(glyph)]) * 1000 + unitsPerEm / 2) / unitsPerEm
    }
}
