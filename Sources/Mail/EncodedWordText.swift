import Foundation
private import CGMime

/// An unstructured header field (a Subject) decoded as RFC 2047 says: the raw value unfolded,
/// each encoded word (`=?charset?B|Q?text?=`) decoded on its own, white space between two
/// adjacent encoded words dropped, and each run of adjacent words in one charset converted as
/// one text, so a character a sender split across two words comes out whole.
///
/// GMime does the base64 and quoted-printable decoding and the charset conversion (iconv). The
/// words are found here, not by GMime's own header decoder, because GMime 3.2.13 (Debian 12)
/// decodes a run of same-charset base64 words as one stream that stops at the first `=`
/// padding: a subject split over several words is cut after the first padded one (GMime issue
/// 133, fixed in 3.2.14).
enum EncodedWordText {
    /// Charset labels mail programs write for text in a larger charset than the label names
    /// (GB2312 on GBK text, Latin-1 on Windows-1252): each is converted with the larger one, as
    /// the WHATWG Encoding Standard maps the labels.
    static let supersets: [String: String] = [
        "gb2312": "GB18030", "gbk": "GB18030", "x-gbk": "GB18030", "csgb2312": "GB18030", "euc-cn": "GB18030",
        "cp936": "GB18030", "chinese": "GB18030",
        "big5": "BIG5-HKSCS", "x-x-big5": "BIG5-HKSCS",
        "iso-8859-1": "WINDOWS-1252", "latin1": "WINDOWS-1252", "us-ascii": "WINDOWS-1252",
        "euc-kr": "CP949", "ks_c_5601-1987": "CP949",
    ]

    /// What 8-bit bytes outside encoded words (or in a word whose charset is unknown or does not
    /// fit) are tried as, in order: the same fallbacks the MIME parser is given.
    static let fallbackCharsets = ["UTF-8", "GB18030", "WINDOWS-1251"]

    private enum Piece {
        case text([UInt8])
        case word(charset: String, bytes: [UInt8])
    }

    /// GMime's charset tables (behind `g_mime_iconv_open`) exist once it is initialised; it
    /// counts its initialisations, so this and ``MIMEMessage``'s are one.
    private static let initialised: Bool = {
        g_mime_init()
        return true
    }()

    /// The decoded text of the raw header value `raw` (as it follows `Name:`, folds included),
    /// without leading and trailing white space.
    static func decode(_ raw: [UInt8]) -> String {
        _ = initialised
        var pieces: [Piece] = []
        for piece in split(unfold(raw)) {
            // White space alone between two encoded words is not part of the text.
            if case .word = piece, case .text(let gap)? = pieces.last, gap.allSatisfy(isWhiteSpace),
               pieces.count >= 2, case .word = pieces[pieces.count - 2] {
                pieces.removeLast()
            }
            pieces.append(piece)
        }
        var text = ""
        var index = 0
        while index < pieces.count {
            switch pieces[index] {
            case .text(let bytes):
                text += convert(bytes, charset: nil)
                index += 1
            case .word(let charset, var bytes):
                index += 1
                while index < pieces.count, case .word(let next, let more) = pieces[index],
                      next.caseInsensitiveCompare(charset) == .orderedSame {
                    bytes += more
                    index += 1
                }
                text += convert(bytes, charset: charset)
            }
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// RFC 5322 unfolding: a line break followed by white space is removed (the white space stays).
    private static func unfold(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        for byte in raw where byte != 0x0D && byte != 0x0A { out.append(byte) }
        return out
    }

    private static func isWhiteSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// The value cut into plain text and encoded words. Something that starts `=?` but is not a
    /// well-formed word (no charset, an encoding other than B or Q, white space inside, no
    /// closing `?=`) stays plain text.
    private static func split(_ value: [UInt8]) -> [Piece] {
        var pieces: [Piece] = []
        var plain: [UInt8] = []
        var index = 0
        while index < value.count {
            if value[index] == UInt8(ascii: "="), index + 1 < value.count, value[index + 1] == UInt8(ascii: "?"),
               let (word, end) = encodedWord(in: value, at: index) {
                if !plain.isEmpty { pieces.append(.text(plain)); plain = [] }
                pieces.append(word)
                index = end
            } else {
                plain.append(value[index])
                index += 1
            }
        }
        if !plain.isEmpty { pieces.append(.text(plain)) }
        return pieces
    }

    /// The encoded word starting at `start` (at its `=?`) and the index after its `?=`.
    private static func encodedWord(in value: [UInt8], at start: Int) -> (Piece, Int)? {
        let question = UInt8(ascii: "?")
        func field(from: Int) -> Int? {
            var index = from
            while index < value.count, value[index] != question {
                if value[index] <= 0x20 || value[index] >= 0x7F { return nil }
                index += 1
            }
            return index < value.count ? index : nil
        }
        guard let charsetEnd = field(from: start + 2), charsetEnd > start + 2,
              let encodingEnd = field(from: charsetEnd + 1), encodingEnd == charsetEnd + 2 else { return nil }
        let encoding = value[charsetEnd + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q"),
              let textEnd = field(from: encodingEnd + 1), textEnd + 1 < value.count, value[textEnd + 1] == UInt8(ascii: "=")
        else { return nil }
        // RFC 2231 allows a language after the charset: `=?utf-8*ru?Q?...?=`.
        let label = String(decoding: value[(start + 2)..<charsetEnd], as: UTF8.self)
        let charset = String(label.prefix { $0 != "*" })
        let payload = Array(value[(encodingEnd + 1)..<textEnd])
        let bytes = encoding == UInt8(ascii: "b") ? base64(payload) : qEncoding(payload)
        return (.word(charset: charset, bytes: bytes), textEnd + 2)
    }

    /// One word's base64, decoded with a fresh decoder state (never carried into the next word).
    private static func base64(_ payload: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: payload.count * 3 / 4 + 4)
        var state: Int32 = 0
        var save: UInt32 = 0
        let count = payload.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                g_mime_encoding_base64_decode_step(input.baseAddress, input.count, output.baseAddress, &state, &save)
            }
        }
        return Array(out.prefix(count))
    }

    /// One word's "Q" encoding: quoted-printable in which `_` stands for a space (RFC 2047 4.2).
    private static func qEncoding(_ payload: [UInt8]) -> [UInt8] {
        var escaped: [UInt8] = []
        for byte in payload {
            if byte == UInt8(ascii: "_") { escaped += Array("=20".utf8) } else { escaped.append(byte) }
        }
        var out = [UInt8](repeating: 0, count: escaped.count + 4)
        var state: Int32 = 0
        var save: UInt32 = 0
        let count = escaped.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                g_mime_encoding_quoted_decode_step(input.baseAddress, input.count, output.baseAddress, &state, &save)
            }
        }
        return Array(out.prefix(count))
    }

    /// `bytes` as text: in `charset` (through its superset) when it converts cleanly, else in
    /// the first fallback charset that does, else as UTF-8 with U+FFFD for what does not fit.
    private static func convert(_ bytes: [UInt8], charset: String?) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        var candidates: [String] = []
        if let charset { candidates.append(supersets[charset.lowercased()] ?? charset) }
        candidates += fallbackCharsets
        for candidate in candidates {
            if let text = strictConversion(bytes, from: candidate) { return text }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func strictConversion(_ bytes: [UInt8], from charset: String) -> String? {
        if charset.caseInsensitiveCompare("UTF-8") == .orderedSame || charset.caseInsensitiveCompare("utf8") == .orderedSame {
            return String(validating: bytes, as: UTF8.self)
        }
        let converter = g_mime_iconv_open("UTF-8", charset)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        defer { g_mime_iconv_close(converter) }
        let converted = bytes.withUnsafeBufferPointer { input in
            input.baseAddress!.withMemoryRebound(to: CChar.self, capacity: input.count) {
                g_mime_iconv_strndup(converter, $0, input.count)
            }
        }
        guard let converted else { return nil }
        defer { g_free(converted) }
        return String(validatingCString: converted)
    }
}
