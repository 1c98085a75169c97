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

/// One problem found in a document (docs/validation.md). The JSON form is
/// `{"code", "severity", "field", "message"}`, with `field` null when the finding is about
/// the whole document, and `localized` when a language was chosen (``json(in:)``).
public struct Finding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Stable machine code; see ``FindingCode``.
    public var code: FindingCode
    public var severity: Severity
    /// Where in the document: a JSON path (`lines[2].hsCode`), `line 17 hs_code`, or nil.
    public var field: FieldPath?
    /// What is wrong, for people, in English (the `message` scripts parse).
    public var message: String
    /// The same message as a catalogue text, which any language can write; nil for a finding
    /// made from an English message alone, which other languages show in English.
    public var text: MessageText?

    /// A finding with an English message only (other languages fall back to it).
    public init(code: FindingCode, severity: Severity? = nil, field: FieldPath? = nil, message: String) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.field = field
        self.message = message
    }

    /// A finding whose message is the catalogue's text `key` with its values (docs/languages.md).
    public init(code: FindingCode, severity: Severity? = nil, field: FieldPath? = nil,
                key: String, _ arguments: [String: MessageArgument] = [:]) {
        self.init(code: code, severity: severity, field: field, text: MessageText(key, arguments))
    }

    /// A finding whose message is a catalogue text.
    public init(code: FindingCode, severity: Severity? = nil, field: FieldPath? = nil, text: MessageText) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.field = field
        self.message = text.english
        self.text = text
    }

    /// The message in `language`: the catalogue's text, or the English message when the finding
    /// has no catalogue text.
    public func message(in language: Language) -> String {
        guard language != .english, let text else { return message }
        return text.rendered(in: language)
    }

    /// How to fix a finding of this code, in `language`.
    public func hint(in language: Language) -> String {
        MessageCatalogue.of(language).text("code.\(code.rawValue).fix", FindingExplanation.arguments)
    }

    /// `error CODE field: message` in `language` (the severity in its words: `错误 CODE …`).
    public func description(in language: Language) -> String {
        guard language != .english else { return description }
        let severity = MessageCatalogue.of(language).text("severity.\(severity.rawValue)")
        return "\(severity) \(code.rawValue) \(field.map { "\($0): " } ?? "")\(message(in: language))"
    }

    enum CodingKeys: String, CodingKey { case code, severity, field, message }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(FindingCode.self, forKey: .code)
        severity = try c.decode(Severity.self, forKey: .severity)
        field = try c.decodeIfPresent(FieldPath.self, forKey: .field)
        message = try c.decode(String.self, forKey: .message)
    }

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
