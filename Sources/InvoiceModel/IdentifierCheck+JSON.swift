extension IdentifierCheck {
    /// One verdict as `faktura id --format json` prints it (docs/schemas/id-report.schema.json):
    /// every key present, null where there is nothing to say.
    public var json: JSONText {
        .object([("value", .string(value)), ("scheme", .optional(scheme)), ("valid", .bool(valid)),
                 ("code", .optional(code)), ("message", .optional(message)), ("formatted", .optional(formatted))])
    }
}
