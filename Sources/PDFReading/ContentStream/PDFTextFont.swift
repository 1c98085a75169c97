/// A font as text extraction needs it: how a string splits into character codes, each code's
/// Unicode text and advance width, and the ascent and descent poppler gives a character's box.
/// Simple TrueType/Type 1 fonts (one-byte codes) and Type 0 fonts with `Identity-H` (two-byte
/// codes) are read; Type 3 fonts, vertical writing and other CMaps decline. A class: glyphs and
/// pages share one.
final class PDFTextFont: Sendable {
    /// Bytes per character code: 1 (simple fonts) or 2 (`Identity-H`).
    let codeLength: Int
    /// Advance widths in text space (thousandths already divided out), by code: 256 for a
    /// simple font, up to the largest code `/W` names for a Type 0 font; past them `defaultWidth`.
    private let widths: [Double]
    private let defaultWidth: Double
    private let toUnicode: ToUnicodeCMap?
    /// A simple font's codes as single characters (`ToUnicode` over its encoding), by code.
    private let simpleText: [Unicode.Scalar?]
    /// As fractions of the font size, with poppler's defaults and sanity checks.
    let ascent: Double
    let descent: Double

    init(_ dictionary: [String: PDFObject], file: PDFObjectFile) throws(ContentStreamDecline) {
        let subtype = try file.name(dictionary["Subtype"]) ?? ""
        var toUnicode: ToUnicodeCMap?
        if let stream = dictionary["ToUnicode"], case .stream = try file.resolve(stream) {
            toUnicode = try ToUnicodeCMap(file.streamData(stream), budget: file.budget)
        }
        self.toUnicode = toUnicode
        var descriptor: [String: PDFObject]?
        switch subtype {
        case "Type0":
            guard try file.name(dictionary["Encoding"]) == "Identity-H" else { throw .unsupported("a Type 0 font whose encoding is not Identity-H") }
            guard toUnicode != nil else { throw .unsupported("a Type 0 font without a ToUnicode map") }
            guard let descendant = try file.dictionary(file.array(dictionary["DescendantFonts"])?.first) else {
                throw .unsupported("a Type 0 font without a descendant font")
            }
            codeLength = 2
            let defaultWidth = (try file.number(descendant["DW"]) ?? 1000) / 1000
            self.defaultWidth = defaultWidth
            var widths: [Double] = []
            var entries = 0
            /// Sets a code's width, growing the table with the default width up to it.
            func setWidth(_ code: Int, _ width: Double) throws(ContentStreamDecline) {
                entries += 1
                guard entries <= file.budget.maxCMapEntries else { throw .budget("a /W array over \(file.budget.maxCMapEntries) codes") }
                if code >= widths.count { widths.append(contentsOf: repeatElement(defaultWidth, count: code + 1 - widths.count)) }
                widths[code] = width
            }
            let list = try file.array(descendant["W"]) ?? []
            var index = 0
            while index < list.count {
                guard let first = try file.number(list[index]), first >= 0, first < 65_536 else { throw .unsupported("a malformed /W array") }
                if index + 1 < list.count, let run = try file.array(list[index + 1]) {
                    for (offset, width) in run.enumerated() {
                        guard let value = try file.number(width) else { throw .unsupported("a malformed /W array") }
                        // Codes are two bytes: a width past 0xFFFF is never looked up.
                        if Int(first) + offset < 65_536 { try setWidth(Int(first) + offset, value / 1000) }
                    }
                    index += 2
                } else if index + 2 < list.count, let last = try file.number(list[index + 1]), let value = try file.number(list[index + 2]),
                          last >= first, last < 65_536 {
                    for code in Int(first)...Int(last) { try setWidth(code, value / 1000) }
                    index += 3
                } else {
                    throw .unsupported("a malformed /W array")
                }
            }
            self.widths = widths
            simpleText = []
            descriptor = try file.dictionary(descendant["FontDescriptor"])
        case "TrueType", "Type1", "MMType1":
            codeLength = 1
            guard let list = try file.array(dictionary["Widths"]), let firstChar = try file.number(dictionary["FirstChar"]),
                  firstChar >= 0, firstChar < 256 else { throw .unsupported("a simple font without /Widths") }
            descriptor = try file.dictionary(dictionary["FontDescriptor"])
            let missingWidth = (try file.number(descriptor?["MissingWidth"]) ?? 0) / 1000
            defaultWidth = missingWidth
            var widths = [Double](repeating: missingWidth, count: 256)
            for (offset, width) in list.prefix(256).enumerated() {
                guard let value = try file.number(width) else { throw .unsupported("a non-number in /Widths") }
                if Int(firstChar) + offset < 256 { widths[Int(firstChar) + offset] = value / 1000 }
            }
            self.widths = widths
            var text = try Self.simpleEncoding(dictionary["Encoding"], file: file)
            if let toUnicode {
                for code in toUnicode.multiple.keys where code < 256 { text[Int(code)] = nil }
                for code in 0..<256 { if let scalar = toUnicode.single(UInt32(code)) { text[code] = scalar } }
            }
            simpleText = text
        default:
            throw .unsupported("a \(subtype.isEmpty ? "font without a subtype" : subtype + " font")")
        }
        if codeLength == 1 {
            // Without its own ascent and descent, poppler takes a standard font's (Helvetica, Arial,
            // Times...) from its built-in metrics, which this reader does not carry.
            let baseFont = (try file.name(dictionary["BaseFont"]) ?? "").filter { $0 != " " }
            let ascent = try file.number(descriptor?["Ascent"]) ?? 0, descent = try file.number(descriptor?["Descent"]) ?? 0
            if ascent == 0 || descent == 0, Self.standardFontPrefixes.contains(where: { baseFont.hasPrefix($0) }) {
                throw .unsupported("a standard font (\(baseFont)) without its own /Ascent and /Descent")
            }
        }
        (ascent, descent) = try Self.metrics(descriptor, file: file)
    }

    /// A simple font's encoding as Unicode: WinAnsi (named or as the base of `/Differences`)
    /// with the differences whose glyph names spell a character; all nil for any other encoding.
    /// The names (and their aliases) poppler has built-in metrics for.
    private static let standardFontPrefixes = ["Arial", "Courier", "Helvetica", "Symbol", "Times", "ZapfDingbats"]

    private static func simpleEncoding(_ object: PDFObject?, file: PDFObjectFile) throws(ContentStreamDecline) -> [Unicode.Scalar?] {
        var table = [Unicode.Scalar?](repeating: nil, count: 256)
        var base: String?
        var differences: [PDFObject] = []
        switch try file.resolve(object) {
        case .name(let name): base = name
        case .dictionary(let dictionary):
            base = try file.name(dictionary["BaseEncoding"])
            differences = try file.array(dictionary["Differences"]) ?? []
        default: break
        }
        if base == "WinAnsiEncoding" {
            for code in 0..<256 { table[code] = SimpleFontEncoding.winAnsi(UInt8(code)) }
        }
        var code = 0
        for item in differences {
            switch try file.resolve(item) {
            case .number(let number): code = Int(number)
            case .name(let glyph):
                if code >= 0, code < 256 { table[code] = SimpleFontEncoding.scalar(glyphName: glyph) }
                code += 1
            default: break
            }
        }
        return table
    }

    /// poppler's reading of `/Ascent` and `/Descent`: thousandths, sign forced, zero or absurd
    /// values ignored, defaults 0.95 and -0.35.
    private static func metrics(_ descriptor: [String: PDFObject]?, file: PDFObjectFile) throws(ContentStreamDecline) -> (Double, Double) {
        var ascent = 0.95, descent = -0.35
        if let value = try file.number(descriptor?["Ascent"]) {
            let fraction = abs(0.001 * value)
            if fraction != 0, fraction < 3 { ascent = fraction }
        }
        if let value = try file.number(descriptor?["Descent"]) {
            let fraction = -abs(0.001 * value)
            if fraction != 0, fraction > -3 { descent = fraction }
        }
        return (ascent, descent)
    }

    func width(_ code: UInt32) -> Double {
        code < widths.count ? widths[Int(code)] : defaultWidth
    }

    /// The one character a code stands for; nil when it stands for several or the font cannot tell.
    func character(_ code: UInt32) -> Unicode.Scalar? {
        codeLength == 1 ? simpleText[Int(code & 0xFF)] : toUnicode?.single(code)
    }

    /// The characters of a code that stands for several (a ligature); nil when the font cannot tell.
    func characters(_ code: UInt32) -> [Unicode.Scalar]? {
        toUnicode?.multiple[code]
    }
}
