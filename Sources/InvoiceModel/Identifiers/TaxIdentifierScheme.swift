/// One kind of tax or registration identifier, with its format and check algorithm.
///
/// Every scheme has the same surface so that `faktura id` can list and try them all:
///
/// ```swift
/// let compact = try RU.INN.validate("7707 083 893")   // "7707083893"
/// RU.INN.isValid("7707083894")                        // false: check digit
/// TaxIdentifiers.matchingSchemes(for: "7707083893").map { $0.name }   // ["ru-inn"]
/// ```
public protocol TaxIdentifierScheme: Sendable {
    /// Stable machine name used in invoice JSON, e.g. `ru-inn`.
    static var name: String { get }
    /// The short label printed before a value on a document, e.g. `ИНН/INN`.
    static var label: String { get }
    /// Human title, e.g. `Russian taxpayer number (ИНН)`.
    static var title: String { get }
    /// ISO 3166-1 alpha-2 country of the issuer; `EU` for EU VAT numbers.
    static var country: String { get }
    /// The lengths and characters of a compact value: a value of another shape is never valid.
    static var shape: IdentifierShape { get }
    /// Values it accepts and refuses, run by one parameterised test (IdentifierTests).
    static var examples: IdentifierExamples { get }
    /// The value without separators (spaces, dashes, dots), upper-cased. Never fails.
    static func compact(_ value: String) -> String
    /// Checks the value and returns its compact form, or throws why it is not valid.
    static func validate(_ value: String) throws(IdentifierError) -> String
    /// The value as people write it; for an invalid value, its compact form.
    static func format(_ value: String) -> String
}

extension TaxIdentifierScheme {
    /// Whether `validate` accepts the value.
    public static func isValid(_ v: String) -> Bool {
        (try? validate(v)) != nil
    }

    public static func compact(_ value: String) -> String {
        IdentifierText.compact(value)
    }

    public static func format(_ value: String) -> String {
        compact(value)
    }
}

/// The registry of all identifier schemes.
public enum TaxIdentifiers {
    /// Every scheme, in a stable order (Russian first, then by country).
    public static let schemes: [any TaxIdentifierScheme.Type] = [
        RU.INN.self, RU.KPP.self, RU.OGRN.self, RU.OGRNIP.self,
        CN.USCC.self, TR.VKN.self, KZ.BIN.self, BY.UNP.self, EU.VAT.self,
    ]

    /// The machine names of all schemes, in registry order.
    // A closure, not `map(\.name)`: Swift 6.3.1 crashes in SILGen on a key path to a static
    // requirement through an existential metatype.
    public static var schemeNames: [String] { schemes.map { $0.name } }

    /// The scheme with this machine name (case-insensitive), e.g. `ru-inn`.
    public static func scheme(named: String) -> (any TaxIdentifierScheme.Type)? {
        if let exact = schemes.first(where: { $0.name == named }) { return exact }
        let wanted = named.lowercased()
        return schemes.first { $0.name == wanted }
    }

    /// The schemes whose `validate` accepts the value, in registry order. A scheme whose
    /// ``TaxIdentifierScheme/shape`` the compact value does not have is passed over before its
    /// check (the usual answer for most schemes: no check digit computed, no error message built);
    /// a value with characters outside ASCII goes to `validate` as it is.
    public static func matchingSchemes(for value: String) -> [any TaxIdentifierScheme.Type] {
        schemes.filter { scheme in
            let compact = scheme.compact(value)
            if compact.utf8.allSatisfy({ $0 < 0x80 }), !scheme.shape.admits(compact) { return false }
            return scheme.isValid(value)
        }
    }
}

/// Character handling shared by the schemes.
enum IdentifierText {
    /// Separators people put into identifiers; removed before checking.
    private static let separators: Set<Character> = [" ", "-", ".", "\u{00A0}", "\u{2009}", "\u{202F}", "\t", "\u{2010}", "\u{2011}", "\u{2013}"]

    static func compact(_ value: String) -> String {
        if ASCIIText.isPlain(value) {
            // Already compact (a number as a PDF's text gives it): the value itself, not a copy.
            if !value.utf8.contains(where: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) }) {
                return value
            }
            // The usual case: ASCII without spaces; only '-' and '.' can be separators.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(value.utf8.count)
            for byte in value.utf8 where byte != UInt8(ascii: "-") && byte != UInt8(ascii: ".") {
                bytes.append(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 0x20 : byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(value.filter { !separators.contains($0) }).uppercased()
    }

    static func isDigit(_ c: Character) -> Bool {
        c.asciiValue.map(ASCIIText.isDigit) ?? false
    }

    /// The numeric values of an all-ASCII-digit string.
    static func digitValues(_ value: String) -> [Int] {
        if value.utf8.allSatisfy({ $0 < 0x80 }) {
            return value.utf8.compactMap { ASCIIText.isDigit($0) ? Int($0 &- UInt8(ascii: "0")) : nil }
        }
        return value.compactMap { isDigit($0) ? Int(String($0)) : nil }
    }

    /// Throws `invalidFormat` naming the first character (1-based) that is not an ASCII digit.
    static func requireDigits(_ value: String, scheme: String) throws(IdentifierError) {
        if ASCIIText.isDigits(value) { return }  // the usual value, without walking its characters
        if let (index, c) = value.enumerated().first(where: { !isDigit($0.element) }) {
            throw .invalidFormat("\(scheme): '\(c)' at position \(index + 1) is not a digit; only digits 0-9 are allowed")
        }
    }

    /// Throws `invalidLength` when the length is not one of `allowed`.
    static func requireLength(_ value: String, _ allowed: [Int], scheme: String, unit: String = "digits") throws(IdentifierError) {
        // Printable ASCII has one character a byte.
        let count = ASCIIText.isPlain(value) ? value.utf8.count : value.count
        guard !allowed.contains(count) else { return }
        let expected = allowed.map(String.init).joined(separator: " or ")
        throw .invalidLength("\(scheme): expected \(expected) \(unit), got \(value.count)")
    }

    /// Σ weight × digit, for check-digit algorithms.
    static func weightedSum(_ digits: some Sequence<Int>, _ weights: [Int]) -> Int {
        zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
