/// Belarusian identifiers.
public enum BY {
    /// УНП (учётный номер плательщика), the 9-character Belarusian payer number.
    /// Organisations have 9 digits. Individuals' numbers start with two letters of
    /// `ABCEHKMOPT` (the first a region letter A B C E H K M), Cyrillic look-alikes accepted.
    /// The 9th digit is Σ vᵢ·wᵢ mod 11 with weights 29, 23, 19, 17, 13, 7, 5, 3, where a first
    /// letter counts as its base-36 value (A = 10) and a second letter as its place in
    /// `ABCEHKMOPT` (A = 0); a remainder of 10 is never issued.
    ///
    /// Valid: `200988541`, `MA1953684`.
    public enum UNP: TaxIdentifierScheme {
        public static let name = "by-unp"
        public static let label = "УНП/UNP"
        public static let title = "Belarusian payer number (УНП)"
        public static let country = "BY"
        /// Digits, or two letters of `ABCEHKMOPT` and seven digits (after ``compact(_:)``).
        public static let shape = IdentifierShape(lengths: 9...9, characters: IdentifierShape.digits + "ABCEHKMOPT")
        public static let examples = IdentifierExamples(
            valid: ["200988541", "MA1953684", "УНП MA1953684", "МА1953684", "100582333", "190542056"],
            invalid: [.init("200988542", .checksum), .init("1A1953684", .format), .init("800988541", .component),
                      .init("20098854", .length)])

        static let weights = [29, 23, 19, 17, 13, 7, 5, 3]
        static let letters = Array("ABCEHKMOPT")
        static let regionStarts = Array("1234567ABCEHKM")
        /// Cyrillic capitals that look like the Latin letters used in УНП.
        static let cyrillicLookalikes: [Character: Character] = [
            "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
        ]

        public static func compact(_ value: String) -> String {
            var text = IdentifierText.compact(value)
            for prefix in ["УНП", "UNP"] where text.hasPrefix(prefix) {
                text.removeFirst(prefix.count)
            }
            // Only a value with characters outside ASCII can hold a Cyrillic look-alike.
            guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
            return String(text.map { cyrillicLookalikes[$0] ?? $0 })
        }

        public static func validate(_ value: String) throws(IdentifierError) -> String {
            let number = compact(value)
            try IdentifierText.requireLength(number, [9], scheme: name, unit: "characters")
            let chars = Array(number)
            try IdentifierText.requireDigits(String(chars[2...]), scheme: name + " (positions 3-9)")
            let head = chars[0..<2]
            let numericHead = head.allSatisfy(IdentifierText.isDigit)
            guard numericHead || head.allSatisfy(letters.contains) else {
                throw .invalidFormat("\(name): the first two characters must both be digits or both letters of ABCEHKMOPT, got '\(String(head))'")
            }
            guard regionStarts.contains(chars[0]) else {
                throw .invalidComponent("\(name): '\(chars[0])' is no region; the first character must be 1-7 or A, B, C, E, H, K, M")
            }
            var values = IdentifierText.digitValues(String(chars[2...]))
            if numericHead {
                values.insert(contentsOf: IdentifierText.digitValues(String(head)), at: 0)
            } else {
                let first = Int(String(chars[0]), radix: 36)!
                let second = letters.firstIndex(of: chars[1])!
                values.insert(contentsOf: [first, second], at: 0)
            }
            let check = IdentifierText.weightedSum(values, weights) % 11
            guard check != 10 else {
                throw .invalidChecksum("\(name): the first eight characters give no check digit, so this number is never issued")
            }
            guard values[8] == check else {
                throw .invalidChecksum("\(name): check digit (9th) is \(values[8]), expected \(check)")
            }
            return number
        }
    }
}
