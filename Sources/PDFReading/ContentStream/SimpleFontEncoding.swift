/// The byte-to-Unicode tables of simple fonts without a `ToUnicode` map: `WinAnsiEncoding` (as
/// poppler reads it: unused codes are bullets, 0xA0 is a space, 0xAD a hyphen) and the glyph
/// names of `/Differences` that spell their character (`A`, `uni0416`, `u1F600`, `space`...).
enum SimpleFontEncoding {
    /// 0x80...0x9F of WinAnsiEncoding.
    private static let winAnsiHigh: [UInt32] = [
        0x20AC, 0x2022, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x2022, 0x017D, 0x2022,
        0x2022, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x2022, 0x017E, 0x0178,
    ]

    static func winAnsi(_ code: UInt8) -> Unicode.Scalar? {
        switch code {
        case 0x20...0x7E: Unicode.Scalar(code)
        case 0x7F: "\u{2022}"
        case 0x80...0x9F: Unicode.Scalar(winAnsiHigh[Int(code - 0x80)])
        case 0xA0: " "
        case 0xAD: "-"
        case 0xA1...0xFF: Unicode.Scalar(code)
        default: nil
        }
    }

    /// Glyph names of punctuation and digits that fonts' `/Differences` commonly use.
    private static let namedGlyphs: [String: Unicode.Scalar] = [
        "space": " ", "exclam": "!", "quotedbl": "\"", "numbersign": "#", "dollar": "$", "percent": "%", "ampersand": "&",
        "quotesingle": "'", "parenleft": "(", "parenright": ")", "asterisk": "*", "plus": "+", "comma": ",", "hyphen": "-",
        "period": ".", "slash": "/", "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
        "seven": "7", "eight": "8", "nine": "9", "colon": ":", "semicolon": ";", "less": "<", "equal": "=", "greater": ">",
        "question": "?", "at": "@", "bracketleft": "[", "backslash": "\\", "bracketright": "]", "underscore": "_",
        "braceleft": "{", "bar": "|", "braceright": "}", "numero": "\u{2116}", "endash": "\u{2013}", "emdash": "\u{2014}",
        "quoteleft": "\u{2018}", "quoteright": "\u{2019}", "quotedblleft": "\u{201C}", "quotedblright": "\u{201D}",
        "bullet": "\u{2022}", "Euro": "\u{20AC}", "degree": "\u{00B0}", "multiply": "\u{00D7}", "nbspace": " ",
    ]

    /// The character a glyph name spells, or nil when only a font's own tables could tell.
    static func scalar(glyphName name: String) -> Unicode.Scalar? {
        if let named = namedGlyphs[name] { return named }
        let scalars = name.unicodeScalars
        if scalars.count == 1, let only = scalars.first, only.isASCII, only.properties.isAlphabetic { return only }
        for prefix in ["uni", "u"] where name.hasPrefix(prefix) {
            let hex = name.dropFirst(prefix.count)
            guard (prefix == "uni" && hex.count == 4) || (prefix == "u" && (4...6).contains(hex.count)),
                  let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else { continue }
            return scalar
        }
        return nil
    }
}
