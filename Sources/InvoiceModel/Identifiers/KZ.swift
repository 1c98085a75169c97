/// Kazakh identifiers.
public enum KZ {
    /// БИН/ИИН, the 12-digit Kazakh business (or individual) identification number.
    /// Digits 3–4 are a month (of registration, or of birth for an ИИН). The 12th digit is
    /// Σ dᵢ·i (i = 1…11) mod 11; when that is 10, the weights 3…11, 1, 2 are used instead, and
    /// a second 10 means no number is issued with those eleven digits.
    ///
    /// Valid: `971240001315`.
    public enum BIN: TaxIdentifierScheme {
        public static let name = "kz-bin"
        public static let label = "БИН/BIN"
        public static let title = "Kazakh business identification number (БИН/ИИН)"
        public static let country = "KZ"
        public static let shape = IdentifierShape(lengths: 12...12, characters: IdentifierShape.digits)
        public static let examples = IdentifierExamples(
            valid: ["940140000385", "990140004654", "971240001315"],
            invalid: [.init("940140000386", .checksum), .init("941340000385", .component), .init("94014000038", .length)])

        static let firstWeights = Array(1...11)
        static let secondWeights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]

        public static func validate(_ value: String) throws(IdentifierError) -> String {
            let number = compact(value)
            try IdentifierText.requireDigits(number, scheme: name)
            try IdentifierText.requireLength(number, [12], scheme: name)
            let digits = IdentifierText.digitValues(number)
            let month = digits[2] * 10 + digits[3]
            guard (1...12).contains(month) else {
                throw .invalidComponent("\(name): digits 3-4 are a month (01-12), got \(digits[2])\(digits[3])")
            }
            var check = IdentifierText.weightedSum(digits, firstWeights) % 11
            if check == 10 {
                check = IdentifierText.weightedSum(digits, secondWeights) % 11
            }
            guard check != 10 else {
                throw .invalidChecksum("\(name): the first eleven digits give no check digit, so this number is never issued")
            }
            guard digits[11] == check else {
                throw .invalidChecksum("\(name): check digit (12th) is \(digits[11]), expected \(check)")
            }
            return number
        }
    }
}
