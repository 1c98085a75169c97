/// A font as text extraction needs it: how a string splits into character codes, each code's
/// Unicode text and advance width, and the ascent and descent poppler gives a character's box.
/// Simple TrueType/Type 1/Type 3 fonts (one-byte codes) and Type 0 fonts with `Identity-H`
/// (two-byte codes) are read; vertical writing and other CMaps decline. A Type 3 font's glyph
/// procedures are never run: poppler's text takes its characters from the encoding and
/// `ToUnicode`, its advances from `/Widths` through the `/FontMatrix`. A class: glyphs and
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
    /// What poppler multiplies the font size by for its words (1 but for a Type 3 font, whose
    /// glyph space poppler guesses from a character's width: ``type3SizeFactor(widths:names:fontMatrix:)``).
    let sizeFactor: Double
    /// A Type 3 font: its glyph procedures may draw images (bitmap glyphs), which a reading for
    /// scanned pages must not take for granted away.
    let drawsGlyphProcedures: Bool

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
            sizeFactor = 1
            drawsGlyphProcedures = false
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
        case "Type3":
            codeLength = 1
            // A Type 3 font named like a standard font takes poppler's built-in metrics and
            // encoding (ZapfDingbats and Symbol their own), which this reader does not carry.
            let baseFont = (try file.name(dictionary["BaseFont"]) ?? "").filter { $0 != " " }
            if Self.standardFontPrefixes.contains(where: { baseFont.hasPrefix($0) }) || baseFont.hasSuffix("ZapfDingbats") {
                throw .unsupported("a Type 3 font named like a standard font (\(baseFont))")
            }
            descriptor = try file.dictionary(dictionary["FontDescriptor"])
            let fontMatrix = try Self.type3FontMatrix(dictionary["FontMatrix"], file: file)
            let widths = try Self.type3Widths(dictionary, missingWidth: (try file.number(descriptor?["MissingWidth"]) ?? 0) / 1000,
                                              scale: fontMatrix[0], file: file)
            self.widths = widths
            defaultWidth = widths[255]
            let names = try Self.type3GlyphNames(dictionary["Encoding"], file: file)
            sizeFactor = try Self.type3SizeFactor(widths: widths, names: names, fontMatrix: fontMatrix)
            drawsGlyphProcedures = true
            // StandardEncoding's own names spell a character only when they are one letter (the
            // others, digits and punctuation among them, this reader does not carry): only the
            // names of `/Differences` need looking up.
            var text = [Unicode.Scalar?](repeating: nil, count: 256)
            for code in 0..<256 {
                guard let name = names[code] else { continue }
                if name.utf8.first == 0 { continue }
                text[code] = name.utf8.count == 1 && Self.isASCIILetter(name.utf8.first!) ? Unicode.Scalar(name.utf8.first!)
                    : SimpleFontEncoding.scalar(glyphName: name)
            }
            if let toUnicode {
                for code in toUnicode.multiple.keys where code < 256 { text[Int(code)] = nil }
                for code in 0..<256 { if let scalar = toUnicode.single(UInt32(code)) { text[code] = scalar } }
            }
            simpleText = text
        case "TrueType", "Type1", "MMType1":
            codeLength = 1
            sizeFactor = 1
            drawsGlyphProcedures = false
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
        if codeLength == 1, subtype != "Type3" {
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
                // As poppler: a code outside a byte names nothing and is not counted on (a
                // negative start never reaches 0).
                if code >= 0, code < 256 {
                    table[code] = SimpleFontEncoding.scalar(glyphName: glyph)
                    code += 1
                }
            default: break
            }
        }
        return table
    }

    // MARK: Type 3 fonts

    /// A Type 3 font's `/FontMatrix`: a positive horizontal scale and no rotation or skew (any
    /// other declines: poppler's word direction and widths would follow it).
    private static func type3FontMatrix(_ object: PDFObject?, file: PDFObjectFile) throws(ContentStreamDecline) -> [Double] {
        guard let items = try file.array(object), items.count == 6 else { throw .unsupported("a Type 3 font without a six-number /FontMatrix") }
        var matrix: [Double] = []
        for item in items {
            guard let value = try file.number(item), value.isFinite else { throw .unsupported("a Type 3 font's /FontMatrix holds a non-number") }
            matrix.append(value)
        }
        guard matrix[0] > 0, matrix[3] != 0, matrix[1] == 0, matrix[2] == 0 else {
            throw .unsupported("a Type 3 font whose /FontMatrix rotates, skews or mirrors its advances")
        }
        return matrix
    }

    /// poppler's Type 3 widths, by code: `/Widths` from `/FirstChar` to `/LastChar` (both
    /// clamped to a byte, as poppler does) times the font matrix's horizontal scale; every
    /// other code the descriptor's `/MissingWidth` in thousandths (not scaled, as in poppler).
    private static func type3Widths(_ dictionary: [String: PDFObject], missingWidth: Double, scale: Double,
                                    file: PDFObjectFile) throws(ContentStreamDecline) -> [Double] {
        guard let list = try file.array(dictionary["Widths"]) else { throw .unsupported("a Type 3 font without /Widths") }
        // poppler reads FirstChar and LastChar only as integers, falling back to 0 and 255.
        func integer(_ key: String, default fallback: Int) throws(ContentStreamDecline) -> Int {
            guard case .number(let value) = try file.resolve(dictionary[key]) else { return fallback }
            guard value == value.rounded(), value >= 0, value <= 255 else {
                throw .unsupported("a Type 3 font's /\(key) that is not a code (poppler reads it its own way)")
            }
            return Int(value)
        }
        let firstChar = try integer("FirstChar", default: 0)
        var lastChar = try integer("LastChar", default: 255)
        if list.count < lastChar - firstChar + 1 { lastChar = firstChar + list.count - 1 }
        var widths = [Double](repeating: missingWidth, count: 256)
        guard firstChar <= lastChar else { return widths }
        for code in firstChar...lastChar {
            guard let value = try file.number(list[code - firstChar]) else { throw .unsupported("a non-number in a Type 3 font's /Widths") }
            widths[code] = value * scale
        }
        return widths
    }

    /// The glyph name poppler gives each code of a Type 3 font: `StandardEncoding` (its default
    /// base for a font that is neither TrueType nor built in) with the `/Differences` over it.
    /// A name of the base outside 32...126 is ``GlyphName/standardHigh``: this reader does not
    /// carry that half of the table, and only its existence matters (never a one-letter name).
    /// A named base encoding declines.
    private static func type3GlyphNames(_ object: PDFObject?, file: PDFObjectFile) throws(ContentStreamDecline) -> [String?] {
        var names = [String?](repeating: nil, count: 256)
        for code in 32...126 { names[code] = standardEncodingName(UInt8(code)) }
        for code in 161...255 { names[code] = standardHighPlaceholder }
        switch try file.resolve(object) {
        case .null:
            return names
        case .dictionary(let dictionary):
            guard dictionary["BaseEncoding"] == nil else { throw .unsupported("a Type 3 font with a /BaseEncoding") }
            var code = 0
            for item in try file.array(dictionary["Differences"]) ?? [] {
                switch try file.resolve(item) {
                case .number(let number):
                    guard number == number.rounded(), abs(number) < 1e9 else { throw .unsupported("a fractional code in /Differences") }
                    code = Int(number)
                case .name(let glyph):
                    if code >= 0, code < 256 {
                        names[code] = glyph
                        code += 1
                    }
                default: break
                }
            }
            return names
        default:
            throw .unsupported("a Type 3 font with a named encoding")
        }
    }

    /// Stands for a name of `StandardEncoding` above 160, none of which is one letter long.
    static let standardHighPlaceholder = "\u{0}standard"

    /// `StandardEncoding`'s names for 32...126 as far as poppler's size guess tells them apart:
    /// a letter's name is the letter itself; the others (space, digits, punctuation) are longer.
    private static func standardEncodingName(_ code: UInt8) -> String {
        isASCIILetter(code) ? String(Unicode.Scalar(code)) : standardLowPlaceholder
    }

    /// Stands for a name of `StandardEncoding` in 32...126 that is not a letter (all of them
    /// are named): it counts for the size guess, spells nothing here.
    static let standardLowPlaceholder = "\u{0}named"

    @inline(__always)
    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// poppler's guess at a Type 3 font's scale (`TextPage::updateFont`): the width of its last
    /// code named `m` over 0.6, else of its first one-letter name over 0.5, else of its first
    /// named code with a positive width over 0.5, times |FontMatrix d / a|. Where the codes
    /// 161...255 of the base encoding would decide it, the reader declines (it does not carry
    /// which of them `StandardEncoding` names).
    static func type3SizeFactor(widths: [Double], names: [String?], fontMatrix: [Double]) throws(ContentStreamDecline) -> Double {
        var mCode: Int?, letterCode: Int?, anyCode: Int?
        for code in 0..<256 {
            guard let name = names[code] else { continue }
            let oneCharacter = name.utf8.count == 1
            if oneCharacter, name == "m" { mCode = code }
            if letterCode == nil, oneCharacter, let byte = name.utf8.first, isASCIILetter(byte) {
                letterCode = code
            }
            if anyCode == nil, widths[code] > 0 { anyCode = code }
        }
        var factor = 1.0
        if let mCode, widths[mCode] > 0 {
            factor = widths[mCode] / 0.6
        } else if let letterCode, widths[letterCode] > 0 {
            factor = widths[letterCode] / 0.5
        } else if let anyCode, widths[anyCode] > 0 {
            if names[anyCode] == standardHighPlaceholder {
                throw .unsupported("a Type 3 font whose size poppler guesses from a code of StandardEncoding above 160")
            }
            factor = widths[anyCode] / 0.5
        }
        let scale = factor * abs(fontMatrix[3] / fontMatrix[0])
        // A hostile font could make its glyphs a billion times their size: no real one does.
        guard scale.isFinite, scale > 1e-4, scale < 1e4 else { throw .unsupported("a Type 3 font whose size poppler would scale by \(scale)") }
        return scale
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
