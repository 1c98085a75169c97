public import InvoiceModel
public import Findings

extension StoreVerification {
    /// The verify report as `faktura archive verify --format json` prints it and
    /// `POST /v1/archive/verify` answers (docs/schemas/archive-verify-report.schema.json).
    /// - Parameters:
    ///   - store: what the store is called for the reader (its location, or the tenant's name).
    ///   - expectedHead: the `--head` / `?head=` the caller asked about, if any.
    ///   - toolVersion: the version of Faktura that verified.
    ///   - language: the language chosen for the reader (`--lang`, the locale, `?lang=` or
    ///     `Accept-Language`): each finding then carries its `localized` text (docs/languages.md).
    public func json(store: String, expectedHead: String?, toolVersion: String, language: Language? = nil) -> JSONText {
        var byCode: [(String, JSONText)] = []
        for code in ArchiveProblem.Code.allCases {
            let count = problems.count { $0.code == code }
            if count > 0 { byCode.append((code.rawValue, .integer(count))) }
        }
        return .object([
            ("tool", .object([("name", .string("faktura")), ("version", .string(toolVersion)),
                              ("rules", .string(EntryEncoding.header))])),
            ("store", .string(store)),
            ("summary", .object([
                ("entries", .integer(entries)), ("files", .integer(objectsChecked)),
                ("bytes", .integer(bytesHashed)), ("orphanFiles", .integer(orphanObjects)),
                ("status", .string(isIntact ? "ok" : "failed")), ("byCode", .object(byCode)),
            ])),
            ("head", head?.json ?? .null),
            ("expectedHead", expectedHead.map { hash in
                .object([("hash", .string(hash)), ("entry", expectedHeadEntry.map { .integer($0) } ?? .null)])
            } ?? .null),
            ("timestamps", .object([
                ("checked", .array(timestamps.stamps.map { stamp in
                    .object([
                        ("entry", .integer(stamp.entry.sequence)), ("headSequence", .integer(stamp.headSequence)),
                        ("headHash", .string(stamp.headHash)), ("time", .string(stamp.check.time)),
                        ("tsa", .string(stamp.check.signer)), ("serial", .string(stamp.check.serial)),
                    ])
                })),
                ("unchecked", .integer(timestamps.unchecked)),
            ])),
            ("findings", .array(problems.map { $0.finding.json(in: language) })),
        ])
    }
}
