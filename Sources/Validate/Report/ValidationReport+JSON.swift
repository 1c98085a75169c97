public import InvoiceModel
public import Findings

extension ValidationReport {
    /// The report as `faktura validate --format json` prints it
    /// (docs/schemas/validation-report.schema.json), keys in a fixed order, `byCode` by code.
    public var json: JSONText { json(in: nil) }

    /// The JSON report, each finding with its `localized` text when a language was chosen.
    public func json(in language: Language?) -> JSONText {
        .object([
            ("tool", tool.json),
            ("summary", .object([
                ("documents", .integer(summary.documents)), ("ok", .integer(summary.ok)), ("failed", .integer(summary.failed)),
                ("byCode", .object(summary.byCode.sorted { $0.key < $1.key }.map { ($0.key, .integer($0.value)) })),
            ])),
            ("documents", .array(documents.map { document in
                .object([("file", .string(document.file)), ("status", .string(document.status.rawValue)),
                         ("findings", .array(document.findings.map { $0.json(in: language) }))])
            })),
        ])
    }
}
