import Foundation

/// A currency of ISO 4217 (on a Russian invoice: ОКВ, whose codes are the ISO numeric codes).
public struct Currency: Sendable, Hashable {
    /// Three-letter code, e.g. `RUB`.
    public let alpha: String
    /// Three-digit numeric code with leading zeros, e.g. `643`, `008`.
    public let numeric: String
    /// Digits after the decimal point money is rounded to (`JPY` 0, `KWD` 3); 0 where ISO has none.
    public let minorUnits: Int
    /// ISO English name, e.g. `Russian Ruble`.
    public let name: String
    /// ОКВ Russian name where known, e.g. `Российский рубль`, as the счёт-фактура prints it.
    public let nameRU: String?

    public init(alpha: String, numeric: String, minorUnits: Int, name: String, nameRU: String? = nil) {
        self.alpha = alpha
        self.numeric = numeric
        self.minorUnits = minorUnits
        self.name = name
        self.nameRU = nameRU
    }
}

/// The current ISO 4217 list, with lookups.
public enum Currencies {
    /// Every current currency, ordered by alphabetic code.
    public static let all: [Currency] = table

    private static let indexByAlpha = Dictionary(uniqueKeysWithValues: table.map { ($0.alpha, $0) })
    private static let indexByNumeric = Dictionary(uniqueKeysWithValues: table.map { ($0.numeric, $0) })

    /// The currency with this alphabetic code (case-insensitive, surrounding spaces ignored).
    public static func byAlpha(_ s: String) -> Currency? {
        // The code as written (`RUB`) first: trimming and upper-casing cost more than the lookup,
        // and money is formatted through this for every amount of a rendered invoice.
        if let exact = indexByAlpha[s] { return exact }
        return indexByAlpha[CodeText.trimmed(s).uppercased()]
    }

    /// The currency with this numeric code; `"8"`, `"08"` and `"008"` all find `ALL`.
    public static func byNumeric(_ s: String) -> Currency? {
        CodeText.threeDigits(s).flatMap { indexByNumeric[$0] }
    }
}

/// Normalisation of code-table keys.
enum CodeText {
    static func trimmed(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A 1–3 digit ASCII number padded to three digits; nil for anything else.
    static func threeDigits(_ s: String) -> String? {
        let text = trimmed(s)
        guard (1...3).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(repeating: "0", count: 3 - text.count) + text
    }
}
