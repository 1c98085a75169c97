/// A page's content stream under construction: text in embedded fonts, lines, rectangles.
///
/// Operators are written as bytes here and handed to libharu's page stream in one call,
/// which is faster than one C call per operator and keeps text out of libharu's encoders.
struct PageCanvas {
    let width: Double
    let height: Double
    private(set) var bytes: [UInt8] = []
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
        number(x); append(" "); number(y); append(" Td ")
        var currentSlot = -1
        var open = false
        for scalar in text.unicodeScalars {
            if scalar.value < 32 { continue }
            let (index, glyph, _) = chain.advance(scalar)
            let slot = chain.slots[index]
            if slot != currentSlot {
                if open { append("> Tj ") }
                append("/F"); integer(slot); append(" "); number(size); append(" Tf <")
                currentSlot = slot
                open = true
            }
            let cid = fonts.cid(slot: slot, glyph: glyph, scalar: scalar)
            hex(cid)
        }
        if open { append("> Tj ") }
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

    // MARK: - bytes

    @inline(__always) private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: [UInt8] = []
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes.append(contentsOf: digits.reversed())
    }

    /// A number with at most two decimals, without trailing zeros (PDF needs no exponent form).
    private mutating func number(_ value: Double) {
        let hundredths = Int((value * 100).rounded())
        if hundredths < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = abs(hundredths)
        integer(magnitude / 100)
        let fraction = magnitude % 100
        if fraction != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10))
            if fraction % 10 != 0 { bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    @inline(__always) private mutating func hex(_ value: UInt16) {
        bytes.append(Self.hexDigits[Int(value >> 12)])
        bytes.append(Self.hexDigits[Int((value >> 8) & 0xF)])
        bytes.append(Self.hexDigits[Int((value >> 4) & 0xF)])
        bytes.append(Self.hexDigits[Int(value & 0xF)])
    }
}

/// The fonts of one document: the glyphs each font has been asked for so far.
final class DocumentFonts {
    private(set) var subsets: [TrueTypeSubset]

    init(fonts: [TrueTypeFont]) {
        subsets = fonts.map { TrueTypeSubset(font: $0) }
    }

    @inline(__always)
    func cid(slot: Int, glyph: UInt16, scalar: Unicode.Scalar) -> UInt16 {
        subsets[slot].cid(for: glyph, text: glyph == 0 ? nil : scalar)
    }
}

/// A PNG or JPEG image's bytes, to be placed on a page.
struct EmbeddedImageSource: Sendable, Hashable {
    enum Kind: Sendable, Hashable { case png, jpeg }
    let kind: Kind
    let bytes: [UInt8]
    let path: String
}
