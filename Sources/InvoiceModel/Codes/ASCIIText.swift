/// Byte-level tests for the codes and identifiers every rule reads: `Character` properties
/// (`isNumber`, `isWhitespace`) and Foundation's trimming cost a Unicode table look-up or a
/// bridge per character, which validation pays for every field of every invoice. Text that is
/// not plain ASCII goes the Unicode-aware way as before.
enum ASCIIText {
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Whether every character is an ASCII digit 0–9 (true for "").
    static func isDigits(_ text: some StringProtocol) -> Bool { text.utf8.allSatisfy(isDigit) }

    /// Printable ASCII without white space: nothing a Unicode-aware filter or trim would change.
    static func isPlain(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
