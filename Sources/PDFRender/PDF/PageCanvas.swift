/// A page's content stream under construction: text in embedded fonts, lines, rectangles.
///
/// Operators are written as bytes here and handed to libharu's page stream in one call,
/// which is faster than one C call per operator and keeps text out of libharu's encoders.
///
/// The stream is kept small, since every byte of it is compressed for every invoice: glyph
/// codes go into literal strings as their two bytes (a hex string takes four), and a font and
/// size are selected only when they differ from the last selection (`Tf` is graphics state,
/// which outlives `BT`/`ET`).
struct PageCanvas {
    let width: Double
    let height: Double
    private(set) var bytes: [UInt8] = []
    /// Where each glyph's two bytes sit in `bytes`: written as the original glyph id, replaced
    /// by the subset's id in ``resolveGlyphs(_:)`` once the document's glyph sets are known.
    private var glyphReferences: [GlyphReference] = []
    /// The font slot and size (in hundredths of a point) the last `Tf` selected; nil before any.
    private var selectedFont: (slot: Int, size: Int)?

    private struct GlyphReference {
        let offset: Int32
        let slot: UInt16
        let glyph: UInt16
    }
    /// Images to place after the content (libharu draws them into the same stream).
    private(set) var images: [PlacedImage] = []

    struct PlacedImage {
        let image: EmbeddedImageSource
        let x: Double, y: Double, width: Double, height: Double
    }

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
        bytes.reserveCapacity(8192)
    }

    /// Draws `text` with its left baseline point at (x, y), splitting it into runs by font.
    mutating func text(_ text: String, x: Double, y: Double, size: Double, chain: FontChain, fonts: DocumentFonts) {
        guard !text.isEmpty else { return }
        append("BT ")
        number(x); bytes.append(UInt8(ascii: " ")); number(y); append(" Td ")
        let sizeHundredths = Int((size * 100).rounded())
        var currentSlot = -1
        var open = false
        for scalar in text.unicodeScalars {
            if scalar.value < 32 { continue }
            let (index, glyph, _) = chain.advance(scalar)
            if glyph == 0 { fonts.noteMissing(scalar) }
            let slot = chain.slots[index]
            if slot != currentSlot {
                if open { append(") Tj ") }
                if selectedFont?.slot != slot || selectedFont?.size != sizeHundredths {
                    append("/F"); integer(slot); bytes.append(UInt8(ascii: " ")); number(size); append(" Tf ")
                    selectedFont = (slot, sizeHundredths)
                }
                append("(")
                currentSlot = slot
                open = true
            }
            fonts.use(slot: slot, glyph: glyph, scalar: scalar)
            glyphReferences.append(GlyphReference(offset: Int32(bytes.count), slot: UInt16(slot), glyph: glyph))
            bytes.append(UInt8(glyph >> 8))
            bytes.append(UInt8(glyph & 0xFF))
        }
        if open { append(") Tj ") }
        append("ET\n")
    }

    mutating func line(from start: (Double, Double), to end: (Double, Double), width lineWidth: Double) {
        number(lineWidth); append(" w ")
        number(start.0); append(" "); number(start.1); append(" m ")
        number(end.0); append(" "); number(end.1); append(" l S\n")
    }

    mutating func strokeRectangle(x: Double, y: Double, width w: Double, height h: Double, lineWidth: Double) {
        number(lineWidth); append(" w ")
        number(x); append(" "); number(y); append(" "); number(w); append(" "); number(h); append(" re S\n")
    }

    /// Fills a rectangle in a grey level (0 black … 1 white), then returns to black.
    mutating func fillRectangle(x: Double, y: Double, width w: Double, height h: Double, gray: Double) {
        number(gray); append(" g ")
        number(x); append(" "); number(y); append(" "); number(w); append(" "); number(h); append(" re f 0 g\n")
    }

    mutating func image(_ image: EmbeddedImageSource, x: Double, y: Double, width w: Double, height h: Double) {
        images.append(PlacedImage(image: image, x: x, y: y, width: w, height: h))
    }

    /// Rewrites every glyph reference to its id in the document's subset of that font. A byte
    /// a literal string cannot hold as it is (`(`, `)`, `\\`, and CR, which a reader would take
    /// for a line end) is escaped, so the stream is copied once with the ids in place.
    mutating func resolveGlyphs(_ newIDs: [[UInt16]]) {
        guard !glyphReferences.isEmpty else { return }
        let references = glyphReferences
        // An escape adds one byte: at most two per glyph.
        let capacity = bytes.count + 2 * references.count
        let resolved = bytes.withUnsafeBufferPointer { source in
            [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
                var written = 0, copied = 0
                var tableSlot = -1
                var table: [UInt16] = []
                for reference in references {
                    let offset = Int(reference.offset)
                    let run = offset - copied
                    (output.baseAddress! + written).initialize(from: source.baseAddress! + copied, count: run)
                    written += run
                    if Int(reference.slot) != tableSlot {
                        tableSlot = Int(reference.slot)
                        table = newIDs[tableSlot]
                    }
                    let id = table[Int(reference.glyph)]
                    written = Self.putEscaped(UInt8(id >> 8), output, written)
                    written = Self.putEscaped(UInt8(id & 0xFF), output, written)
                    copied = offset + 2
                }
                let rest = source.count - copied
                (output.baseAddress! + written).initialize(from: source.baseAddress! + copied, count: rest)
                count = written + rest
            }
        }
        bytes = resolved
        glyphReferences.removeAll()
    }

    /// Writes one byte of a literal string at `index`, escaped if it must be; the index after it.
    @inline(__always)
    private static func putEscaped(_ byte: UInt8, _ output: UnsafeMutableBufferPointer<UInt8>, _ index: Int) -> Int {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"):
            output[index] = UInt8(ascii: "\\")
            output[index + 1] = byte
            return index + 2
        case 0x0D:
            output[index] = UInt8(ascii: "\\")
            output[index + 1] = UInt8(ascii: "r")
            return index + 2
        default:
            output[index] = byte
            return index + 1
        }
    }

    // MARK: - bytes

    @inline(__always) private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        guard rest < 100_000_000 else {
            var divisor: UInt = 1
            while divisor <= rest / 10 { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
            return
        }
        let (packed, count) = Self.packingDigits(of: rest, after: 0, count: 0)
        appendPacked(packed, count: count)
    }

    /// A number with at most two decimals, without trailing zeros (PDF needs no exponent form).
    private mutating func number(_ value: Double) {
        let hundredths = Int((value * 100).rounded())
        if hundredths < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = hundredths.magnitude
        let whole = magnitude / 100
        let fraction = magnitude % 100
        guard whole < 100_000 else {
            integer(Int(whole))
            if fraction != 0 {
                bytes.append(UInt8(ascii: "."))
                bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10))
                if fraction % 10 != 0 { bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
            }
            return
        }
        // Built from the last character back, at most 5 + 3 bytes, and appended in one go.
        var packed: UInt64 = 0, count = 0
        if fraction != 0 {
            if fraction % 10 != 0 {
                packed = UInt64(48 + fraction % 10)
                count = 1
            }
            packed = (packed << 8 | UInt64(48 + fraction / 10)) << 8 | UInt64(UInt8(ascii: "."))
            count += 2
        }
        (packed, count) = Self.packingDigits(of: whole, after: packed, count: count)
        appendPacked(packed, count: count)
    }

    /// `value`'s decimal digits put in front of the `count` characters already in `packed`
    /// (built from the last character back); at most 8 characters in all.
    @inline(__always) private static func packingDigits(of value: UInt, after packed: UInt64, count: Int) -> (UInt64, Int) {
        var (packed, count, rest) = (packed, count, value)
        repeat {
            packed = packed << 8 | UInt64(48 + rest % 10)
            rest /= 10
            count += 1
        } while rest > 0
        return (packed, count)
    }

    /// Appends the low `count` bytes of `packed`, lowest first: one append for a number's
    /// characters instead of one per digit (numbers are half of a page's operators).
    @inline(__always) private mutating func appendPacked(_ packed: UInt64, count: Int) {
        withUnsafeBytes(of: packed.littleEndian) { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
    }
}

/// The fonts of one document and the glyphs each has been asked for so far.
final class DocumentFonts {
    let fonts: [TrueTypeFont]
    /// Per font: whether each glyph id was used (arrays beat hashing at thousands of glyphs a page).
    /// Empty until the font is first drawn with: most documents never touch the large CJK faces
    /// of their chains, and a table for WenQuanYi's 49,531 glyphs was allocated in every one.
    private var seen: [[Bool]]
    private(set) var glyphs: [[UInt16]]
    /// Whether any page drew with the font (only those are embedded).
    private(set) var used: [Bool]
    /// Characters no font of their chain has: drawn as an empty box, so they are reported.
    private(set) var missing: Set<Unicode.Scalar> = []

    init(fonts: [TrueTypeFont]) {
        self.fonts = fonts
        seen = Array(repeating: [], count: fonts.count)
        glyphs = Array(repeating: [], count: fonts.count)
        used = Array(repeating: false, count: fonts.count)
        unicodeOverrides = Array(repeating: [:], count: fonts.count)
    }

    /// Characters drawn with a glyph the font's cmap reaches first from another code point
    /// (a font sharing one glyph between Latin A and Cyrillic А): text extraction must give
    /// back what was drawn, so these override the ToUnicode entry.
    private(set) var unicodeOverrides: [[UInt16: Unicode.Scalar]]

    @inline(__always)
    func use(slot: Int, glyph: UInt16, scalar: Unicode.Scalar) {
        if seen[slot].isEmpty { seen[slot] = [Bool](repeating: false, count: fonts[slot].glyphCount) }
        guard !seen[slot][Int(glyph)] else { return }
        seen[slot][Int(glyph)] = true
        used[slot] = true
        glyphs[slot].append(glyph)
        if glyph != 0 && fonts[slot].firstCodePoint[Int(glyph)] != scalar.value {
            unicodeOverrides[slot][glyph] = scalar
        }
    }

    func noteMissing(_ scalar: Unicode.Scalar) {
        missing.insert(scalar)
    }

    /// The subsets, one per font slot, once all pages are laid out.
    func subsets() -> [TrueTypeSubset] {
        (0..<fonts.count).map { TrueTypeSubset(font: fonts[$0], glyphs: Set(glyphs[$0]), unicodeOverrides: unicodeOverrides[$0]) }
    }
}

/// A PNG or JPEG image's bytes, to be placed on a page.
struct EmbeddedImageSource: Sendable, Hashable {
    enum Kind: Sendable, Hashable { case png, jpeg }
    let kind: Kind
    let bytes: [UInt8]
    let path: String
}
