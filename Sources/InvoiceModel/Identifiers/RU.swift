/// Russian identifiers: taxpayer number (ИНН), registration reason code (КПП),
/// and state registration numbers of organisations (ОГРН) and sole traders (ОГРНИП).
public enum RU {
    /// ИНН, the Russian taxpayer number: 10 digits for an organisation, 12 for a person
    /// (including a sole trader). Check digits by the weights of the Federal Tax Service
    /// order: each weighted sum mod 11 mod 10.
    ///
    /// Valid: `7707083893` (Sberbank), `500100732259`. Invalid: `7707083894` (check digit).
    public enum INN: TaxIdentifierScheme {
        public static let name = "ru-inn"
        public static let label = "ИНН/INN"
        public static let title = "Russian taxpayer number (ИНН)"
        public static let country = "RU"
        public static let shape = IdentifierShape(lengths: 10...12, characters: IdentifierShape.digits)
        /// Published numbers (each also accepted by python-stdnum 2.2), and broken ones.
        public static let examples = IdentifierExamples(
            valid: ["7707083893", "7736050003", "7728168971", "7702070139", "7740000076", "7710140679", "7704217370",
                    "500100732259", "123456789047", " 7707-083.893 "],
            invalid: [.init("7707083894", .checksum, mentions: "expected 3"),
                      .init("500100732269", .checksum, mentions: "first check digit"),
                      .init("500100732258", .checksum, mentions: "second check digit"),
                      .init("770708389", .length), .init("77070838931", .length), .init("7707083893000", .length), .init("", .length),
                      .init("77070A3893", .format, mentions: "position 6"), .init("٧٧٠٧٠٨٣٨٩٣", .format)])

        static let organisationWeights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
        static let personFirstWeights = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
        static let personSecondWeights = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]

        public static func validate(_ value: String) throws(IdentifierError) -> String {
            let number = compact(value)
            try IdentifierText.requireDigits(number, scheme: name)
            try IdentifierText.requireLength(number, [10, 12], scheme: name)
            let digits = IdentifierText.digitValues(number)
            if digits.count == 10 {
                let check = IdentifierText.weightedSum(digits, organisationWeights) % 11 % 10
                guard digits[9] == check else {
                    throw .invalidChecksum("\(name): check digit (10th) is \(digits[9]), expected \(check) for an organisation's INN")
                }
            } else {
                let first = IdentifierText.weightedSum(digits, personFirstWeights) % 11 % 10
                guard digits[10] == first else {
                    throw .invalidChecksum("\(name): first check digit (11th) is \(digits[10]), expected \(first) for a person's INN")
                }
                let second = IdentifierText.weightedSum(digits, personSecondWeights) % 11 % 10
                guard digits[11] == second else {
                    throw .invalidChecksum("\(name): second check digit (12th) is \(digits[11]), expected \(second) for a person's INN")
                }
            }
            return number
        }

        /// Whether the value is an organisation's INN (10 digits); a person's has 12.
        /// Only KPP-bearing organisations have 10-digit numbers. Says nothing about validity.
        public static func isOrganisation(_ value: String) -> Bool {
            let number = compact(value)
            return number.count == 10 && number.allSatisfy(IdentifierText.isDigit)
        }
    }

    /// КПП, the registration reason code of an organisation: 9 characters `NNNN PP NNN`
    /// (tax office, reason, serial). The reason part may hold Latin capitals A–Z
    /// (the tax service's order allows them); there is no check digit.
    ///
    /// Valid: `773601001`, `7736AB001`.
    public enum KPP: TaxIdentifierScheme {
        public static let name = "ru-kpp"
        public static let label = "КПП/KPP"
        public static let title = "Russian registration reason code (КПП)"
        public static let country = "RU"
        public static let shape = IdentifierShape(lengths: 9...9, characters: IdentifierShape.digitsAndLatinCapitals)
        public static let examples = IdentifierExamples(
            valid: ["773601001", "7736 01 001", "7736AB001", "770501001"],
            invalid: [.init("77A601001", .format), .init("773601A01", .format), .init("7736ЖЖ001", .format),
                      .init("77360100", .length)])

        public static func validate(_ value: String) throws(IdentifierError) -> String {
            let number = compact(value)
            try IdentifierText.requireLength(number, [9], scheme: name, unit: "characters")
            for (index, c) in number.enumerated() {
                let isReason = index == 4 || index == 5
                let allowed = IdentifierText.isDigit(c) || (isReason && c.isASCII && c.isLetter)
                guard allowed else {
                    let what = isReason ? "a digit or a Latin letter A-Z" : "a digit"
                    throw .invalidFormat("\(name): '\(c)' at position \(index + 1) must be \(what) (form NNNNPPNNN)")
                }
            }
            return number
        }
    }

    /// ОГРН, the primary state registration number of an organisation: 13 digits, the last
    /// being (the first 12 as a number mod 11) mod 10. The first digit is never 0.
    ///
    /// Valid: `1027700132195` (Sberbank).
    public enum OGRN: TaxIdentifierScheme {
        public static let name = "ru-ogrn"
        public static let label = "ОГРН/OGRN"
        public static let title = "Russian primary state registration number (ОГРН)"
        public static let country = "RU"
        public static let shape = IdentifierShape(lengths: 13...13, characters: IdentifierShape.digits)
        public static let examples = IdentifierExamples(
            valid: ["1027700132195", "1027700070518", "1027700229193", "1022200525819"],
            invalid: [.init("1027700132196", .checksum), .init("102770013219", .length), .init("0027700132195", .component)])

        public static func validate(_ value: String) throws(IdentifierError) -> String {
            let number = compact(value)
            try IdentifierText.requireDigits(number, scheme: name)
            try IdentifierText.requireLength(number, [13], scheme: name)
            let digits = IdentifierText.digitValues(number)
            guard digits[0] != 0 else {
                throw .invalidComponent("\(name): the first digit (record type) cannot be 0")
            }
            let check = RU.remainder(of: digits.dropLast(), modulo: 11) % 10
            guard digits[12] == check else {
                throw .invalidChecksum("\(name): check digit (13th) is \(digits[12]), expected \(check)")
            }
            return number
        }
    }

    /// ОГРНИП, the primary state registration number of a sole trader: 15 digits, the last
    /// being (the first 14 as a number mod 13) mod 10. It starts with 3 (ОГРНИП) or 4 (a later
    /// record's ГРНИП).
    public enum OGRNIP: TaxIdentifierScheme {
        public static let name = "ru-ogrnip"
        public static let label = "ОГРНИП/OGRNIP"
        public static let title = "Russian sole trader registration number (ОГРНИП)"
        public static let country = "RU"
        public static let shape = IdentifierShape(lengths: 15...15, characters: IdentifierShape.digits)
        public static let examples = IdentifierExamples(
            valid: ["304500116000157", "385768585948949"],
            invalid: [.init("304500116000158", .checksum), .init("104500116000157", .component), .init("1027700132195", .length)])

        public static func validate(_ value: String) throws(IdentifierError) -> String {
            let number = compact(value)
            try IdentifierText.requireDigits(number, scheme: name)
            try IdentifierText.requireLength(number, [15], scheme: name)
            let digits = IdentifierText.digitValues(number)
            guard digits[0] == 3 || digits[0] == 4 else {
                throw .invalidComponent("\(name): the first digit (record type) must be 3 or 4, got \(digits[0])")
            }
            // The tax service's rule: remainder mod 13; when it has two digits, its last one.
            let check = RU.remainder(of: digits.dropLast(), modulo: 13) % 10
            guard digits[14] == check else {
                throw .invalidChecksum("\(name): check digit (15th) is \(digits[14]), expected \(check)")
            }
            return number
        }
    }

    /// The decimal number written by `digits`, mod `modulo`, without overflow.
    static func remainder(of digits: some Sequence<Int>, modulo: Int) -> Int {
        digits.reduce(0) { ($0 * 10 + $1) % modulo }
    }
}
