/// Chinese identifiers.
public enum CN {
    /// 统一社会信用代码, the Unified Social Credit Code (GB 32100-2015): 18 characters of
    /// `0-9ABCDEFGHJKLMNPQRTUWXY` (no I, O, Z, S, V). Positions 1–2 are the registering
    /// authority and entity type, 3–8 the region code (digits), 9–17 the organisation code,
    /// 18 a check character: weights 1, 3, 9, … (3ⁱ mod 31), and 31 − (sum mod 31).
    ///
    /// Valid: `91350100M000100Y43`, `91110000600037341L`.
    public enum USCC: TaxIdentifierScheme {
        public static let name = "cn-uscc"
        public static let label = "USCC 统一社会信用代码"
        public static let title = "Chinese unified social credit code (统一社会信用代码)"
        public static let country = "CN"
        public static let shape = IdentifierShape(lengths: 18...18, characters: "0123456789ABCDEFGHJKLMNPQRTUWXY")
        /// Published codes, and broken ones (letters outside the code's alphabet: I, O, Z, S, V).
        public static let examples = IdentifierExamples(
            valid: ["91350100M000100Y43", "91110000600037341L", "91440300MA5G8K2P17", "91440300708461136T", "9144030071526726XG",
                    "9 1 350100 m000100y43"],
            invalid: [.init("91350100M000100Y44", .checksum, mentions: "'3'"),
                      .init("91350100M000100I43", .format, mentions: "position 16"), .init("91350100M000100O43", .format, mentions: "position 16"),
                      .init("91350100M000100Z43", .format, mentions: "position 16"), .init("91350100M000100S43", .format, mentions: "position 16"),
                      .init("91350100M000100V43", .format, mentions: "position 16"),
                      .init("913501A0M000100Y43", .format), .init("91350100M000100Y4", .length)])

        static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

        public static func validate(_ value: String) throws(IdentifierError) -> String {
            let code = compact(value)
            try IdentifierText.requireLength(code, [18], scheme: name, unit: "characters")
            var values: [Int] = []
            for (index, c) in code.enumerated() {
                // The authority and type codes (1-2) may be letters (e.g. N for rural collectives);
                // the region code (3-8) is the numeric administrative division code.
                let regionPart = (2...7).contains(index)
                guard let v = alphabet.firstIndex(of: c), !regionPart || v < 10 else {
                    let expected = regionPart ? "a digit (region code)" : "a digit or one of ABCDEFGHJKLMNPQRTUWXY"
                    throw .invalidFormat("\(name): '\(c)' at position \(index + 1) must be \(expected); I, O, Z, S and V are never used")
                }
                values.append(v)
            }
            let sum = IdentifierText.weightedSum(values, weights)
            let check = (31 - sum % 31) % 31
            guard values[17] == check else {
                throw .invalidChecksum("\(name): check character (18th) is '\(alphabet[values[17]])', expected '\(alphabet[check])'")
            }
            return code
        }
    }
}
