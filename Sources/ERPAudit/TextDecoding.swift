import InvoiceModel

/// Turns a field's bytes into text. The bytes are UTF-8 already (``ChunkedFile`` converts other
/// encodings); a field that is not valid UTF-8, or holds U+FFFD where the conversion met bytes
/// that are not text in the file's encoding, is refused so that mojibake never passes for data.
struct ExportTextDecoder {
    /// The encoding the file was written in, for messages.
    let encoding: ExportEncoding

    /// The text of `bytes`, or nil when they are not text in the file's encoding.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        if encoding != .utf8, text.unicodeScalars.contains("\u{FFFD}") { return nil }
        return text
    }

    func decode(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    /// `text` with control characters (C0, DEL, C1, bidi overrides) shown as `\u{…}` escapes,
    /// so that an export's bytes never drive the terminal that shows a message.
    static func printable(_ text: String) -> String {
        TerminalText.escaped(text)
    }
}
