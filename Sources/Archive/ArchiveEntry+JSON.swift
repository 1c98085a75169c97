public import InvoiceModel

extension InvoiceSummary {
    var json: JSONText {
        .object([
            ("number", .string(number)),
            ("date", .string(date)),
            ("currency", .string(currency)),
            ("amountWithVat", .string(amountWithVatText)),
            ("amountWithVatMinor", .integer(amountWithVatMinor)),
            ("minorUnits", .integer(minorUnits)),
        ])
    }
}

extension ArchivedDocument {
    var json: JSONText {
        .object([
            ("kind", .string(kind.rawValue)),
            ("name", .string(name)),
            ("mediaType", .string(mediaType)),
            ("size", .integer(size)),
            ("sha256", .string(sha256)),
        ])
    }
}

extension ArchiveEntry {
    /// The entry as `show --format json` and the bundle manifest print it.
    public var json: JSONText {
        .object([
            ("sequence", .integer(sequence)),
            ("posting", .string(posting)),
            ("marketplace", .optional(marketplace)),
            ("orderNumber", .optional(orderNumber)),
            ("recordedAt", .string(recordedAt)),
            ("invoice", invoice?.json ?? .null),
            ("agent", .string(agent)),
            ("documents", .array(documents.map(\.json))),
            ("previousHash", .string(previousHash)),
            ("entryHash", .string(entryHash)),
        ])
    }
}

extension ChainHead {
    public var json: JSONText {
        .object([("sequence", .integer(sequence)), ("entryHash", .string(entryHash)), ("recordedAt", .string(recordedAt))])
    }
}

extension ArchiveProblem {
    public var json: JSONText {
        .object([
            ("code", .string(code.rawValue)),
            ("severity", .string("error")),
            ("field", .optional(location)),
            ("message", .string(message)),
            ("entry", entry.map { .integer($0) } ?? .null),
            ("file", .optional(file)),
        ])
    }
}
