import Testing
import InvoiceModel

/// `JSONText.quote(_:into:)` reads UTF-8 bytes; the scalar-by-scalar writing it replaced is the
/// reference: the same bytes for random texts of every class it treats apart.
@Suite("JSON string literals")
struct JSONQuoteTests {
    /// The scalar-by-scalar code `JSONText.quote(_:into:)` replaced.
    static func quotedByScalars(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case "\\": out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case "\n": out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case "\r": out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case "\t": out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case _ where scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
                for shift in stride(from: 12, through: 0, by: -4) {
                    out.append(hex[Int((scalar.value >> UInt32(shift)) & 0xF)])
                }
            default:
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    @Test func quotedBytesAreTheScalarsQuoted() {
        // Every scalar the escaping names, its neighbours in UTF-8, and other scripts' letters.
        var scalars: [Unicode.Scalar] = (UInt32(0)...0xA0).compactMap { Unicode.Scalar($0) }
        scalars += ([0xC0, 0xFF, 0x100, 0x7FF, 0x800, 0x2000, 0x2027, 0x2028, 0x2029, 0x202A, 0x202F, 0x20AC, 0x3000, 0x4E2D,
                    0xD7FF, 0xE000, 0xFEFF, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF, 0x0416, 0x0301, 0x00A0] as [UInt32])
            .compactMap { Unicode.Scalar($0) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            var view = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...12, using: &generator) { view.append(scalars.randomElement(using: &generator)!) }
            let text = String(view)
            var out: [UInt8] = [0x41]
            JSONText.quote(text, into: &out)
            #expect(Array(out.dropFirst()) == Self.quotedByScalars(text), "\(text.unicodeScalars.map(\.value))")
        }
        var out: [UInt8] = []
        JSONText.quote("a\"\u{85}\u{2028}б", into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #""a\"\u0085\u2028б""#)
    }
}
