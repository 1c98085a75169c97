/// A country or territory of ISO 3166-1 (on a Russian invoice: ОКСМ, whose codes are the ISO numeric codes).
public struct Country: Sendable, Hashable {
    /// Two-letter code, e.g. `CN`.
    public let alpha2: String
    /// Three-digit numeric code with leading zeros, e.g. `156`, `004`; the ОКСМ code.
    public let numeric: String
    /// ISO English short name.
    public let name: String
    /// ОКСМ Russian short name, for the common trading partners.
    public let nameRU: String?

    public init(alpha2: String, numeric: String, name: String, nameRU: String? = nil) {
        self.alpha2 = alpha2
        self.numeric = numeric
        self.name = name
        self.nameRU = nameRU
    }
}

/// The ISO 3166-1 list, with lookups.
public enum Countries {
    /// Every assigned code, ordered by alpha-2 code.
    public static let all: [Country] = table

    private static let indexByAlpha2 = Dictionary(uniqueKeysWithValues: table.map { ($0.alpha2, $0) })
    private static let indexByNumeric = Dictionary(uniqueKeysWithValues: table.map { ($0.numeric, $0) })

    /// The country with this alpha-2 code (case-insensitive, surrounding spaces ignored).
    public static func byAlpha2(_ s: String) -> Country? {
        if let exact = indexByAlpha2[s] { return exact }  // the code as written (`CN`): no trimming, no case mapping
        return indexByAlpha2[CodeText.trimmed(s).uppercased()]
    }

    /// The country with this numeric (ОКСМ) code; `"4"` and `"004"` both find Afghanistan.
    public static func byNumeric(_ s: String) -> Country? {
        CodeText.threeDigits(s).flatMap { indexByNumeric[$0] }
    }
}
