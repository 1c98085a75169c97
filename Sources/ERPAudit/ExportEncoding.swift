/// The text encodings an export may be written in: what Chinese and Russian sellers' ERPs,
/// Excel's "Save as CSV" and 1C really write.
///
/// ``detect(head:atEnd:)`` decides from the first bytes of the file (docs/erp-exports.md):
/// 1. a byte-order mark decides (UTF-8, UTF-16 LE, UTF-16 BE);
///    without one, NUL bytes on one side of the byte pairs only mean UTF-16 of that order;
/// 2. bytes that are valid UTF-8 and hold no NUL are UTF-8 (no legacy text of any length is valid UTF-8 by chance);
/// 3. otherwise each candidate (GB18030, Windows-1251, KOI8-R, UTF-16 LE and BE) that decodes
///    the bytes without error is scored for how plausible its text is (``plausibility(of:as:bytes:)``:
///    by the scripts its characters belong to, so text mixing Chinese and Cyrillic scores as
///    well as text in one), and the best wins when it is plausible and clearly ahead of the next;
/// 4. else the audit stops and names what it tried, with a sample of each candidate's text
///    (`--encoding` overrides).
public enum ExportEncoding: String, CaseIterable, Sendable, Hashable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    /// GB18030 contains GBK and GB2312: one decoder reads all three.
    case gb18030
    case windows1251 = "windows-1251"
    case koi8R = "koi8-r"

    /// Names people type for `--encoding`, mapped onto the cases.
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "utf-8", "utf8": self = .utf8
        case "utf-16le", "utf16le", "utf-16", "utf16": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        case "gb18030", "gbk", "gb2312", "cp936", "936": self = .gb18030
        case "windows-1251", "cp1251", "1251", "win1251": self = .windows1251
        case "koi8-r", "koi8r", "koi8": self = .koi8R
        default: return nil
        }
    }

    /// The name glibc's iconv knows it by.
    var iconvName: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        case .gb18030: "GB18030"
        case .windows1251: "CP1251"
        case .koi8R: "KOI8-R"
        }
    }

    /// How it is named to people.
    public var displayName: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf16LE: "UTF-16 LE"
        case .utf16BE: "UTF-16 BE"
        case .gb18030: "GB18030"
        case .windows1251: "Windows-1251"
        case .koi8R: "KOI8-R"
        }
    }

    /// The byte-order mark this encoding may start with.
    var byteOrderMark: [UInt8] {
        switch self {
        case .utf8: [0xEF, 0xBB, 0xBF]
        case .utf16LE: [0xFF, 0xFE]
        case .utf16BE: [0xFE, 0xFF]
        default: []
        }
    }

    /// The encodings weighed against each other when no byte-order mark, NUL pattern or valid
    /// UTF-8 decides: the legacy ones, and UTF-16 whose text has too few characters below U+0100
    /// to be told by its NUL bytes (Russian text is U+04xx, Chinese U+4E00–U+9FFF).
    static let scoredCandidates: [ExportEncoding] = [.gb18030, .windows1251, .koi8R, .utf16LE, .utf16BE]

    /// The outcome of detection.
    public struct Detection: Sendable, Hashable {
        public var encoding: ExportEncoding
        /// Bytes of byte-order mark to skip.
        public var bomLength: Int
    }

    /// Why no encoding could be chosen: each candidate tried, what it gave and, for each that
    /// decodes, a sample of its text, so that the user can see which one reads right.
    public struct Undecided: Error, Sendable, Hashable {
        public var tried: [String]
    }

    /// A score must reach this to be believed, and lead the runner-up by ``minimumLead``.
    static let minimumScore = 0.6
    static let minimumLead = 0.2

    /// Decides the encoding of `head` (the file's first bytes; `atEnd` when that is the whole file).
    public static func detect(head: [UInt8], atEnd: Bool) -> Result<Detection, Undecided> {
        for encoding in [ExportEncoding.utf8, .utf16LE, .utf16BE] where head.starts(with: encoding.byteOrderMark) {
            return .success(Detection(encoding: encoding, bomLength: encoding.byteOrderMark.count))
        }
        if let utf16 = utf16WithoutMark(head, atEnd: atEnd) {
            return .success(Detection(encoding: utf16, bomLength: 0))
        }
        var utf8Head = head[...]
        if !atEnd {
            // A multi-byte character may be cut at the end of the sample.
            var back = 0
            while back < 3, let last = utf8Head.last, last & 0xC0 == 0x80 { utf8Head = utf8Head.dropLast(); back += 1 }
            if let last = utf8Head.last, last >= 0xC0 { utf8Head = utf8Head.dropLast() }
        }
        // Text holds no NUL: valid UTF-8 with NUL bytes may be UTF-16 (of Cyrillic, whose
        // other halves are ASCII bytes): scored below, and UTF-8 after all when nothing wins.
        let hasNUL = head.contains(0)
        let validUTF8 = String(validating: utf8Head, as: UTF8.self) != nil
        if !hasNUL, validUTF8 {
            return .success(Detection(encoding: .utf8, bomLength: 0))
        }
        var scored: [(ExportEncoding, Double)] = []
        var tried = [hasNUL ? "UTF-8: NUL bytes, which text does not hold" : "UTF-8: not valid UTF-8"]
        for candidate in scoredCandidates {
            guard let text = IconvTranscoder.decodeSample(head, from: candidate, atEnd: atEnd) else {
                tried.append("\(candidate.displayName): bytes that are not \(candidate.displayName)")
                continue
            }
            // A reading that loses the file's line breaks is not its text (UTF-16 of ASCII
            // bytes pairs them into ideographs, line feeds included).
            if candidate.byteOrderMark.count == 2, head.contains(0x0A), !text.unicodeScalars.contains("\n") {
                tried.append("\(candidate.displayName): no line breaks where the bytes have them")
                continue
            }
            let score = plausibility(of: text, as: candidate, bytes: head)
            scored.append((candidate, score))
            tried.append("\(candidate.displayName): plausibility \(Int((score * 100).rounded()))%, reads \"\(sample(of: text))\"")
        }
        scored.sort { $0.1 > $1.1 }
        if let best = scored.first, best.1 >= minimumScore,
           scored.count == 1 || best.1 - scored[1].1 >= minimumLead {
            return .success(Detection(encoding: best.0, bomLength: 0))
        }
        if validUTF8 { return .success(Detection(encoding: .utf8, bomLength: 0)) }
        return .failure(Undecided(tried: tried))
    }

    /// The first line of `text` that holds non-ASCII characters (else the first line), up to 40
    /// characters, with controls and format characters shown as U+FFFD: what a candidate reads.
    static func sample(of text: String) -> String {
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" })
        let line = lines.first { $0.unicodeScalars.contains { $0.value >= 0x80 } } ?? lines.first ?? ""
        var out = String.UnicodeScalarView()
        for scalar in line.unicodeScalars.prefix(40) {
            switch scalar.properties.generalCategory {
            case .control, .format, .privateUse, .surrogate, .unassigned: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out) + (line.unicodeScalars.count > 40 ? "…" : "")
    }

    /// UTF-16 written without a byte-order mark (Windows "Unicode text" exports sometimes are),
    /// told by its NUL bytes: text holds no NUL character, so a NUL byte is the zero half of a
    /// code unit below U+0100 (digits, commas, line ends, Latin letters) — the odd bytes of
    /// UTF-16 LE, the even ones of BE. UTF-16 of that order when at least one code unit in
    /// eight has such a half, the other side has at most a tenth as many NULs (an ideograph
    /// such as U+4E00 has a NUL half too), and the pairs read as UTF-16 of that order: no NUL
    /// character, no unpaired surrogate.
    static func utf16WithoutMark(_ head: [UInt8], atEnd: Bool) -> ExportEncoding? {
        let units = head.count / 2
        guard units >= 2 else { return nil }
        var evenNULs = 0, oddNULs = 0
        for i in 0..<units * 2 where head[i] == 0 {
            if i % 2 == 0 { evenNULs += 1 } else { oddNULs += 1 }
        }
        let order: ExportEncoding
        if oddNULs * 8 >= units, evenNULs * 10 <= oddNULs {
            order = .utf16LE
        } else if evenNULs * 8 >= units, oddNULs * 10 <= evenNULs {
            order = .utf16BE
        } else {
            return nil
        }
        var highPending = false
        for u in 0..<units {
            let a = UInt16(head[2 * u]), b = UInt16(head[2 * u + 1])
            let unit = order == .utf16LE ? a | b << 8 : a << 8 | b
            if unit == 0 { return nil }
            switch unit {
            case 0xD800...0xDBFF:
                if highPending { return nil }
                highPending = true
            case 0xDC00...0xDFFF:
                if !highPending { return nil }
                highPending = false
            default:
                if highPending { return nil }
            }
        }
        // A pair may be cut at the end of the sample, not at the end of the file.
        return highPending && atEnd ? nil : order
    }

    /// The script a decoded character belongs to, as far as telling encodings apart needs.
    enum Script: Equatable {
        /// Ideographs and CJK punctuation (full-width forms included).
        case chinese
        case cyrillic
        /// Accented Latin letters (pinyin tone marks, names).
        case latin
        /// Punctuation that Russian and Chinese text uses beside letters: « » № – — … quotes, no-break space.
        case punctuation
        /// Anything else: box drawing, symbols, private use, other scripts. Real export text
        /// has few; a wrong decoding strews them between its letters.
        case other

        init(_ value: UInt32) {
            switch value {
            case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x3000...0x303F, 0xFF00...0xFFEF: self = .chinese
            case 0x0400...0x04FF: self = .cyrillic
            case 0x00AB, 0x00BB, 0x2116, 0x2013, 0x2014, 0x2026, 0x2018, 0x2019, 0x201C, 0x201D, 0x201E, 0x00A0: self = .punctuation
            case 0x00C0...0x024F where value != 0x00D7 && value != 0x00F7: self = .latin
            default: self = .other
            }
        }
    }

    /// How plausible `text` is as the text of an export, from 0 to 1, judged on its non-ASCII
    /// characters only (ASCII reads the same in all the candidates). The characters are cut into
    /// runs of one script; each character earns credit when its run is a plausible word of that
    /// script, and the score is the credit per non-ASCII character:
    /// - a run next to an `other` character earns nothing: words are bounded by ASCII,
    ///   punctuation or another script, not by stray symbols;
    /// - Chinese: 1 per character; in GB18030, 1 for GB2312's symbol rows and 3,755 everyday
    ///   ideographs (lead bytes A1–A9, B0–D7), ½ for its rarer ideographs, ¼ for four-byte ones;
    /// - Cyrillic: a run cased as a word is (all lower, all upper, or capitalised); its letters
    ///   earn 0.4 plus 0.6 × how common they are in Russian (their mean frequency against the mean
    ///   of Russian text, ``russianLetterFrequency``) — a wrong single-byte table swaps letters
    ///   for rarer ones;
    /// - punctuation and accented Latin letters: ½.
    /// Text in several scripts (Chinese headers, Russian product names) scores as high as text
    /// in one, in any encoding that holds both.
    static func plausibility(of text: String, as encoding: ExportEncoding, bytes: [UInt8]) -> Double {
        let scalars = Array(text.unicodeScalars)
        let commonness = encoding == .gb18030 ? gb18030Commonness(bytes) : nil
        var nonASCII = 0
        var credit = 0.0
        var cyrillicLetters = 0
        var cyrillicFrequency = 0.0
        var index = 0
        while index < scalars.count {
            guard scalars[index].value >= 0x80 else { index += 1; continue }
            let script = Script(scalars[index].value)
            var end = index + 1
            while end < scalars.count, scalars[end].value >= 0x80, Script(scalars[end].value) == script { end += 1 }
            nonASCII += end - index
            let before = index > 0 && scalars[index - 1].value >= 0x80 ? Script(scalars[index - 1].value) : nil
            let after = end < scalars.count && scalars[end].value >= 0x80 ? Script(scalars[end].value) : nil
            let bounded = before != .other && after != .other
            switch script {
            case .chinese where bounded:
                for position in index..<end {
                    credit += commonness.map { position < $0.count ? $0[position] : 0.5 } ?? 1
                }
            case .cyrillic where bounded && casedAsAWord(scalars[index..<end]):
                for scalar in scalars[index..<end] {
                    cyrillicLetters += 1
                    let lower = scalar.properties.lowercaseMapping.unicodeScalars.first?.value ?? scalar.value
                    cyrillicFrequency += russianLetterFrequency[lower] ?? 0
                }
            case .punctuation:
                credit += 0.5 * Double(end - index)
            case .latin where bounded:
                credit += 0.5 * Double(end - index)
            default:
                break
            }
            index = end
        }
        guard nonASCII > 0 else { return 0 }
        if cyrillicLetters > 0 {
            let meanFrequency = cyrillicFrequency / Double(cyrillicLetters)
            credit += Double(cyrillicLetters) * (0.4 + 0.6 * min(1, meanFrequency / russianMeanFrequency))
        }
        return credit / Double(nonASCII)
    }

    /// All lower case, all upper case, or one capital then lower case.
    private static func casedAsAWord(_ run: ArraySlice<Unicode.Scalar>) -> Bool {
        let upper = run.map { $0.properties.isUppercase }
        guard let first = upper.first else { return false }
        let rest = upper.dropFirst()
        return rest.allSatisfy { $0 == first } || (first && rest.allSatisfy { !$0 })
    }

    /// For each character GB18030 bytes decode to (in order, ASCII included), how common its
    /// code is: 1 in GB2312's symbol rows and everyday ideographs, ½ elsewhere in the two-byte
    /// area, ¼ for a four-byte code.
    private static func gb18030Commonness(_ bytes: [UInt8]) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            if lead < 0x80 {
                out.append(1)
                i += 1
            } else if i + 1 < bytes.count, (0x30...0x39).contains(bytes[i + 1]) {
                out.append(0.25)
                i += 4
            } else {
                out.append((0xB0...0xD7).contains(lead) || (0xA1...0xA9).contains(lead) ? 1 : 0.5)
                i += 2
            }
        }
        return out
    }

    /// How often each lower-case letter occurs in Russian text (share of letters; the National
    /// Corpus of the Russian Language figures as commonly published). Letters of other Cyrillic
    /// alphabets count 0.
    static let russianLetterFrequency: [UInt32: Double] = {
        let table: [(Character, Double)] = [
            ("о", 10.97), ("е", 8.45), ("а", 8.01), ("и", 7.35), ("н", 6.70), ("т", 6.26), ("с", 5.47), ("р", 4.73),
            ("в", 4.54), ("л", 4.40), ("к", 3.49), ("м", 3.21), ("д", 2.98), ("п", 2.81), ("у", 2.62), ("я", 2.01),
            ("ы", 1.90), ("ь", 1.74), ("г", 1.70), ("з", 1.65), ("б", 1.59), ("ч", 1.44), ("й", 1.21), ("х", 0.97),
            ("ж", 0.94), ("ш", 0.73), ("ю", 0.64), ("ц", 0.48), ("щ", 0.36), ("э", 0.32), ("ф", 0.26), ("ъ", 0.04),
            ("ё", 0.04),
        ]
        return Dictionary(uniqueKeysWithValues: table.map { ($0.0.unicodeScalars.first!.value, $0.1 / 100) })
    }()

    /// The mean frequency of the letters of Russian text (the sum of the squared frequencies):
    /// what a right decoding's letters average.
    static let russianMeanFrequency: Double = russianLetterFrequency.values.reduce(0) { $0 + $1 * $1 }
}
