/// European Union identifiers.
public enum EU {
    /// An EU VAT identification number: a two-letter VIES prefix (EL for Greece, XI for
    /// Northern Ireland) and the member state's number. Only the format is checked here;
    /// the national check digits are not.
    ///
    /// Valid: `DE136695976`, `FR40303265045`, `NL004495445B01`.
    public enum VAT: TaxIdentifierScheme {
        public static let name = "eu-vat"
        public static let label = "VAT"
        public static let title = "EU VAT identification number (format only)"
        public static let country = "EU"
        /// A prefix of ``formats`` and 2 to 12 digits, capitals, `+` or `*` (the national formats).
        public static let shape = IdentifierShape(lengths: 4...14, characters: IdentifierShape.digitsAndLatinCapitals + "+*",
                                                  prefixes: formats.keys.sorted())
        public static let examples = IdentifierExamples(
            valid: ["DE136695976", "FR40303265045", "NL004495445B01", "ATU13585627", "BE0411905847", "IE6388047V",
                    "ESA28015865", "EL094259216", "XI123456789"],
            invalid: [.init("RU7707083893", .format, mentions: "'RU'"), .init("DE12345678", .format),
                      .init("NL004495445X01", .format), .init("DE", .length)])

        /// The national part after the prefix, per member state: a regular expression
        /// (whole match) and its description for messages. Greece also accepts GR.
        static let formats: [String: (pattern: String, shape: String)] = [
            "AT": (#"U\d{8}"#, "U and 8 digits"),
            "BE": (#"[01]?\d{9}"#, "10 digits starting with 0 or 1"),
            "BG": (#"\d{9,10}"#, "9 or 10 digits"),
            "CY": (#"\d{8}[A-Z]"#, "8 digits and a letter"),
            "CZ": (#"\d{8,10}"#, "8 to 10 digits"),
            "DE": (#"\d{9}"#, "9 digits"),
            "DK": (#"\d{8}"#, "8 digits"),
            "EE": (#"\d{9}"#, "9 digits"),
            "EL": (#"\d{9}"#, "9 digits"),
            "GR": (#"\d{9}"#, "9 digits"),
            "ES": (#"[0-9A-Z]\d{7}[0-9A-Z]"#, "9 characters: a letter or digit, 7 digits, a letter or digit"),
            "FI": (#"\d{8}"#, "8 digits"),
            "FR": (#"[0-9A-HJ-NP-Z]{2}\d{9}"#, "2 check characters and the 9-digit SIREN"),
            "HR": (#"\d{11}"#, "11 digits"),
            "HU": (#"\d{8}"#, "8 digits"),
            "IE": (#"\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W]"#, "7 digits and 1 or 2 letters"),
            "IT": (#"\d{11}"#, "11 digits"),
            "LT": (#"\d{9}|\d{12}"#, "9 or 12 digits"),
            "LU": (#"\d{8}"#, "8 digits"),
            "LV": (#"\d{11}"#, "11 digits"),
            "MT": (#"\d{8}"#, "8 digits"),
            "NL": (#"\d{9}B\d{2}"#, "9 digits, B and 2 digits"),
            "PL": (#"\d{10}"#, "10 digits"),
            "PT": (#"\d{9}"#, "9 digits"),
            "RO": (#"\d{2,10}"#, "2 to 10 digits"),
            "SE": (#"\d{10}01"#, "12 digits ending in 01"),
            "SI": (#"\d{8}"#, "8 digits"),
            "SK": (#"\d{10}"#, "10 digits"),
            "XI": (#"\d{9}|\d{12}|GD\d{3}|HA\d{3}"#, "9 or 12 digits, or GD/HA and 3 digits"),
        ]

        public static func validate(_ value: String) throws(IdentifierError) -> String {
            let number = compact(value)
            guard number.count >= 3 else {
                throw .invalidLength("\(name): expected a country prefix and a national number, got \(number.count) characters")
            }
            let prefix = String(number.prefix(2))
            let national = String(number.dropFirst(2))
            guard let format = formats[prefix] else {
                let known = formats.keys.sorted().joined(separator: ", ")
                throw .invalidFormat("\(name): '\(prefix)' is not an EU VAT prefix (one of \(known))")
            }
            guard let regex = try? Regex(format.pattern), (try? regex.wholeMatch(in: national)) != nil else {
                throw .invalidFormat("\(name): a \(prefix) VAT number is \(prefix) followed by \(format.shape), got '\(national)'")
            }
            return number
        }
    }
}
