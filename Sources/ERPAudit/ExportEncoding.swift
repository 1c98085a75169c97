/// The text encodings an export may be written in: what Chinese and Russian sellers' ERPs,
/// Excel's "Save as CSV" and 1C really write.
///
/// ``detect(head:atEnd:)`` decides from the first bytes of the file (docs/erp-exports.md):
/// 1. a byte-order mark decides (UTF-8, UTF-16 LE, UTF-16 BE);
///    without one, NUL bytes on one side of the byte pairs only mean UTF-16 of that order;
/// 2. bytes that are valid UTF-8 are UTF-8 (no legacy text of any length is valid UTF-8 by chance);
/// 3. otherwise each legacy candidate (GB18030, Windows-1251, KOI8-R) that decodes the bytes
///    without error is scored for how plausible its text is for its script, and the best wins
///    when it is plausible and clearly ahead of the next one;
/// 4. else the audit stops and names what it tried (`--encoding` overrides).
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

    /// The legacy single- and double-byte encodings weighed against each other when the bytes are not UTF-8.
    static let legacyCandidates: [ExportEncoding] = [.gb18030, .windows1251, .koi8R]

    /// The outcome of detection.
    public struct Detection: Sendable, Hashable {
        public var encoding: ExportEncoding
        /// Bytes of byte-order mark to skip.
        public var bomLength: Int
    }

    /// Why no encoding could be chosen: each candidate tried and what it gave.
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
        if String(validating: utf8Head, as: UTF8.self) != nil {
            return .success(Detection(encoding: .utf8, bomLength: 0))
        }
        var scored: [(ExportEncoding, Double)] = []
        var tried = ["UTF-8: not valid UTF-8"]
        for candidate in legacyCandidates {
            guard let text = IconvTranscoder.decodeSample(head, from: candidate, atEnd: atEnd) else {
                tried.append("\(candidate.displayName): bytes that are not \(candidate.displayName)")
                continue
            }
            let score = plausibility(of: text, as: candidate, bytes: head)
            scored.append((candidate, score))
            tried.append("\(candidate.displayName): plausibility \(Int((score * 100).rounded()))%")
        }
        scored.sort { $0.1 > $1.1 }
        if let best = scored.first, best.1 >= minimumScore,
           scored.count == 1 || best.1 - scored[1].1 >= minimumLead {
            return .success(Detection(encoding: best.0, bomLength: 0))
        }
        return .failure(Undecided(tried: tried))
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

    /// How plausible `text` is as text of the encoding's script, from 0 to 1, judged on its
    /// non-ASCII characters only (ASCII reads the same in all of them).
    static func plausibility(of text: String, as encoding: ExportEncoding, bytes: [UInt8]) -> Double {
        var nonASCII = 0
        var fitting = 0.0
        switch encoding {
        case .gb18030:
            // Chinese text is ideographs and full-width punctuation, and mostly the 3,755 common
            // ideographs of GB2312 level 1 (lead bytes B0–D7) or its symbol rows (A1–A9).
            for scalar in text.unicodeScalars where scalar.value >= 0x80 {
                nonASCII += 1
                let v = scalar.value
                if (0x4E00...0x9FFF).contains(v) || (0x3000...0x303F).contains(v) || (0xFF00...0xFFEF).contains(v) {
                    fitting += 1
                }
            }
            guard nonASCII > 0 else { return 0 }
            var pairs = 0, common = 0
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 { i += 1; continue }
                if i + 1 < bytes.count, (0x30...0x39).contains(bytes[i + 1]) { i += 4; continue }
                pairs += 1
                if (0xB0...0xD7).contains(b) || (0xA1...0xA9).contains(b) { common += 1 }
                i += 2
            }
            let commonShare = pairs == 0 ? 0 : Double(common) / Double(pairs)
            return (fitting / Double(nonASCII)) * (0.5 + 0.5 * commonShare)
        case .windows1251, .koi8R:
            // Russian text is Cyrillic letters, mostly lower case, mostly the frequent ones.
            var letters = 0, lower = 0, frequent = 0
            for scalar in text.unicodeScalars where scalar.value >= 0x80 {
                nonASCII += 1
                let v = scalar.value
                guard (0x0410...0x044F).contains(v) || v == 0x0401 || v == 0x0451 else {
                    if v == 0x2116 || v == 0x00AB || v == 0x00BB || v == 0x2014 || v == 0x2013 { fitting += 1 }
                    continue
                }
                letters += 1
                fitting += 1
                if v >= 0x0430 || v == 0x0451 {
                    lower += 1
                    if Self.frequentRussian.contains(v) { frequent += 1 }
                }
            }
            guard nonASCII > 0, letters > 0 else { return 0 }
            let lowerShare = Double(lower) / Double(letters)
            let frequentShare = Double(frequent) / Double(letters)
            return (fitting / Double(nonASCII)) * (0.4 + 0.3 * lowerShare + 0.3 * min(1, frequentShare / 0.6))
        default:
            return 0
        }
    }

    /// о е а и н т с р в л к м д п у: about 70% of the letters of Russian text.
    private static let frequentRussian: Set<UInt32> = [
        0x043E, 0x0435, 0x0430, 0x0438, 0x043D, 0x0442, 0x0441, 0x0440, 0x0432, 0x043B, 0x043A, 0x043C, 0x0434, 0x043F, 0x0443,
    ]
}
