/// The verdict on one value under one scheme, as `faktura id` reports it.
public struct IdentifierCheck: Sendable, Hashable, Codable {
    public let value: String
    /// nil when the value fits no scheme at all.
    public let scheme: String?
    public let valid: Bool
    /// `TAX_ID_FORMAT` or `TAX_ID_CHECKSUM`; nil when valid.
    public let code: String?
    /// What is wrong, for people; nil when valid.
    public let message: String?
    /// The value in the scheme's presentation, when valid.
    public let formatted: String?

    public init(value: String, scheme: String?, valid: Bool, code: String?, message: String?, formatted: String?) {
        self.value = value
        self.scheme = scheme
        self.valid = valid
        self.code = code
        self.message = message
        self.formatted = formatted
    }

    // Keys are always written, with null, so scripts can rely on the shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(scheme, forKey: .scheme)
        try c.encode(valid, forKey: .valid)
        try c.encode(code, forKey: .code)
        try c.encode(message, forKey: .message)
        try c.encode(formatted, forKey: .formatted)
    }
}

extension TaxIdentifiers {
    /// Checks a value under one scheme.
    public static func check(_ value: String, scheme: any TaxIdentifierScheme.Type) -> IdentifierCheck {
        do {
            let compact = try scheme.validate(value)
            return IdentifierCheck(value: value, scheme: scheme.name, valid: true, code: nil, message: nil,
                                   formatted: scheme.format(compact))
        } catch {
            return IdentifierCheck(value: value, scheme: scheme.name, valid: false, code: error.findingCode,
                                   message: error.description, formatted: nil)
        }
    }

    /// Checks a value against every scheme: the schemes it fits; else those whose format it has
    /// but whose check digit fails; else one verdict with no scheme.
    public static func identify(_ value: String) -> [IdentifierCheck] {
        let verdicts = schemes.map { check(value, scheme: $0) }
        let fitting = verdicts.filter(\.valid)
        if !fitting.isEmpty { return fitting }
        let checksumOnly = verdicts.filter { $0.code == "TAX_ID_CHECKSUM" }
        if !checksumOnly.isEmpty { return checksumOnly }
        return [IdentifierCheck(value: value, scheme: nil, valid: false, code: "TAX_ID_FORMAT",
                                message: "fits the format of no known scheme (\(schemes.map { $0.name }.joined(separator: ", ")))",
                                formatted: nil)]
    }
}
