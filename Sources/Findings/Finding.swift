/// How much a finding matters. Errors fail a run; warnings fail it only with `--strict`;
/// info never does.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case error, warning, info

    /// Errors sort first.
    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .info: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in a document (docs/validation.md). The JSON form is exactly
/// `{"code", "severity", "field", "message"}`, with `field` null when the finding is about
/// the whole document.
public struct Finding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Stable machine code; see ``FindingCode``.
    public var code: FindingCode
    public var severity: Severity
    /// Where in the document: a JSON path (`lines[2].hsCode`), `line 17`, or nil.
    public var field: String?
    /// What is wrong, for people.
    public var message: String

    public init(code: FindingCode, severity: Severity? = nil, field: String? = nil, message: String) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.field = field
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case code, severity, field, message }

    // `field` is always written (null when absent) so that scripts can rely on the shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(severity, forKey: .severity)
        try c.encode(field, forKey: .field)
        try c.encode(message, forKey: .message)
    }

    /// `error CODE field: message`.
    public var description: String {
        "\(severity.rawValue) \(code.rawValue) \(field.map { "\($0): " } ?? "")\(message)"
    }
}
