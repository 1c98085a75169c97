/// `String.lowercased()` for the scripts invoices are written in, on UTF-8 bytes: ASCII,
/// Latin-1, Cyrillic's basic block and the scalars that have no case (CJK, general punctuation)
/// are mapped byte by byte; a line with any other scalar goes to `lowercased()` itself, so the
/// result is always exactly `lowercased()`'s (TextCaseFoldingTests compares every scalar of the
/// Basic Multilingual Plane). Runs for every line of every PDF, where `lowercased()`'s per-scalar
/// lookup cost more than the label search.
enum TextCaseFolding {
    static func lowercased(_ text: String) -> String {
        var text = text
        var covered = true
        var changed = false
        // Written straight into the new string's storage (one allocation a line, not two).
        let folded = text.withUTF8 { bytes -> String in
            String(unsafeUninitializedCapacity: bytes.count) { out in
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte < 0x80 {
                        let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                        changed = changed || lower != byte
                        out[index] = lower
                        index += 1
                        continue
                    }
                    guard let (first, second, width) = lowercasedPair(bytes, index) else {
                        covered = false
                        return 0
                    }
                    changed = changed || first != bytes[index] || (width > 1 && second != bytes[index + 1])
                    out[index] = first
                    if width > 1 { out[index + 1] = second }
                    for offset in 2..<max(2, width) { out[index + offset] = bytes[index + offset] }
                    index += width
                }
                return bytes.count
            }
        }
        guard covered else { return text.lowercased() }
        return changed ? folded : text
    }

    /// The lower case of the scalar at `index` as its first two bytes (the others stay), and
    /// its width; nil for a scalar this table does not cover (or broken UTF-8).
    private static func lowercasedPair(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (UInt8, UInt8, Int)? {
        let lead = bytes[index]
        switch lead {
        case 0xC2:  // U+0080...U+00BF: controls, punctuation, NBSP, µ ª º: no upper case among them
            guard index + 1 < bytes.count, bytes[index + 1] & 0xC0 == 0x80 else { return nil }
            return (lead, bytes[index + 1], 2)
        case 0xC3:  // U+00C0...U+00FF: À...Þ (not ×) lower by 0x20
            guard index + 1 < bytes.count, bytes[index + 1] & 0xC0 == 0x80 else { return nil }
            let second = bytes[index + 1]
            return (lead, second >= 0x80 && second <= 0x9E && second != 0x97 ? second + 0x20 : second, 2)
        case 0xD0:  // U+0400...U+043F: Ѐ...Џ → ѐ...џ (D1 90...9F), А...П → а...п, Р...Я → р...я (D1 80...8F)
            guard index + 1 < bytes.count, bytes[index + 1] & 0xC0 == 0x80 else { return nil }
            let second = bytes[index + 1]
            switch second {
            case 0x80...0x8F: return (0xD1, second + 0x10, 2)
            case 0x90...0x9F: return (0xD0, second + 0x20, 2)
            case 0xA0...0xAF: return (0xD1, second - 0x20, 2)
            default: return (lead, second, 2)  // а...п already lower case
            }
        case 0xD1:  // U+0440...U+045F lower case already; U+0460... (old letters) alternate: not covered
            guard index + 1 < bytes.count, bytes[index + 1] & 0xC0 == 0x80 else { return nil }
            let second = bytes[index + 1]
            return second <= 0x9F ? (lead, second, 2) : nil
        case 0xE2:  // U+2000...U+206F: spaces, dashes, quotes; U+2116 №
            guard index + 2 < bytes.count, bytes[index + 1] & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80 else { return nil }
            let second = bytes[index + 1], third = bytes[index + 2]
            guard second == 0x80 || (second == 0x81 && third <= 0xAF) || (second == 0x84 && third == 0x96) else { return nil }
            return (lead, second, 3)
        case 0xE3...0xE9:  // U+3000...U+9FFF: CJK symbols, kana, ideographs: no case
            guard index + 2 < bytes.count, bytes[index + 1] & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80 else { return nil }
            return (lead, bytes[index + 1], 3)
        case 0xEF:  // U+FF01...U+FF20, U+FF3B...U+FF40, U+FF5B...U+FFEF: full-width signs and digits
            guard index + 2 < bytes.count, bytes[index + 1] & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80 else { return nil }
            let second = bytes[index + 1], third = bytes[index + 2]
            // Ａ...Ｚ (EF BC A1...BA) lower to ａ...ｚ (EF BD 81...9A).
            if second == 0xBC && third >= 0xA1 && third <= 0xBA { return nil }
            guard second >= 0xBC else { return nil }
            return (lead, second, 3)
        default:
            return nil
        }
    }
}
