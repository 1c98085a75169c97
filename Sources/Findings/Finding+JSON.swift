public import InvoiceModel

extension Finding {
    /// `{"code", "severity", "field", "message"}`, `field` null when absent (docs/validation.md).
    public var json: JSONText {
        .object([("code", .string(code.rawValue)), ("severity", .string(severity.rawValue)),
                 ("field", .optional(field)), ("message", .string(message))])
    }
}
