/// Turkish identifiers.
public enum TR {
    /// VKN (Vergi Kimlik Numarası), the 10-digit Turkish tax number of businesses. The last digit
    /// checks the first nine: for the digit at place i from the right (1…9),
    /// t = (d + i) mod 10 and, when t ≠ 0, (t · 2ⁱ) mod 9 (9 for 0) is added; the check digit
    /// is (10 − sum mod 10) mod 10.
    ///
    /// Valid: `4540536920`.
    public enum VKN: TaxIdentifierScheme {
        public static let name = "tr-vkn"
        public static let label = "VKN"
        public static let title = "Turkish tax number (Vergi Kimlik Numarası)"
        public static let country = "TR"
        public static let shape = IdentifierShape(lengths: 10...10, characters: IdentifierShape.digits)
        public static let examples = IdentifierExamples(
            valid: ["4540536920"],
            invalid: [.init("4540536921", .checksum), .init("454053692", .length)])

        public static func validate(_ value: String) throws(IdentifierError) -> String {
            let number = compact(value)
            try IdentifierText.requireDigits(number, scheme: name)
            try IdentifierText.requireLength(number, [10], scheme: name)
            let digits = IdentifierText.digitValues(number)
            var sum = 0
            for (offset, digit) in digits.prefix(9).reversed().enumerated() {
                let place = offset + 1
                let t = (digit + place) % 10
                guard t != 0 else { continue }
                let term = (t * (1 << place)) % 9
                sum += term == 0 ? 9 : term
            }
            let check = (10 - sum % 10) % 10
            guard digits[9] == check else {
                throw .invalidChecksum("\(name): check digit (10th) is \(digits[9]), expected \(check)")
            }
            return number
        }
    }
}
