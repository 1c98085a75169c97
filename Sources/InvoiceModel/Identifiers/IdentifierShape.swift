/// What a scheme's compact value can look like: its lengths and its characters. Checked before
/// the scheme's `validate`, so that trying every scheme on a value (``TaxIdentifiers/matchingSchemes(for:)``,
/// which the PDF text scan runs for each number beside a tax-id label) rejects the schemes a
/// value cannot belong to without computing a check digit or building an error message.
///
/// A shape only ever rejects what `validate` would reject too (IdentifierTests checks this on
/// every scheme's valid examples and on random values).
public struct IdentifierShape: Sendable {
    /// The lengths a compact value can have, in characters.
    public let lengths: ClosedRange<Int>
    /// The ASCII characters a compact value may hold.
    public let characters: String
    /// The prefixes a compact value starts with, one of them (a country prefix: `DE…`); none
    /// when empty.
    public let prefixes: [String]

    public init(lengths: ClosedRange<Int>, characters: String, prefixes: [String] = []) {
        self.lengths = lengths
        self.characters = characters
        self.prefixes = prefixes
        var allowed = [Bool](repeating: false, count: 128)
        for byte in characters.utf8 where byte < 0x80 { allowed[Int(byte)] = true }
        self.allowed = allowed
    }

    /// The characters, as a table by ASCII code.
    private let allowed: [Bool]

    public static let digits = "0123456789"
    public static let digitsAndLatinCapitals = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    /// Whether a compact value has this shape (a value with any character outside ASCII has none).
    public func admits(_ compact: String) -> Bool {
        let bytes = compact.utf8
        guard lengths.contains(bytes.count) else { return false }
        for byte in bytes {
            guard byte < 0x80, allowed[Int(byte)] else { return false }
        }
        return prefixes.isEmpty || prefixes.contains { bytes.starts(with: $0.utf8) }
    }
}
