public import InvoiceModel

extension Finding {
    /// `{"code", "severity", "field", "message"}`, `field` null when absent (docs/validation.md).
    public var json: JSONText { json(in: nil) }

    /// The JSON form, with `"localized": {"language", "message", "hint"}` when a language was
    /// chosen (docs/languages.md); `message` stays English.
    public func json(in language: Language?) -> JSONText {
        var members: [(String, JSONText)] = [
            ("code", .string(code.rawValue)), ("severity", .string(severity.rawValue)),
            ("field", .optional(field?.description)), ("message", .string(message)),
        ]
        if let language {
            members.append(("localized", .object([
                ("language", .string(language.tag)), ("message", .string(message(in: language))),
                ("hint", .string(hint(in: language))),
            ])))
        }
        return .object(members)
    }
}
