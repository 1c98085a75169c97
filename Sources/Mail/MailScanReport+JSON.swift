public import InvoiceModel
public import Findings

extension MailScanReport {
    /// The report as `faktura mail scan --format json` prints it
    /// (docs/schemas/mail-report.schema.json): keys sorted at every level, absent optional
    /// fields left out, a finding's `field` null when absent.
    public var json: JSONText { json(in: nil) }

    /// The JSON report, each finding with its `localized` text when a language was chosen.
    public func json(in language: Language?) -> JSONText {
        JSONText.object(omittingNils: [
            ("tool", tool.json),
            ("mailboxes", .array(mailboxes.map(JSONText.string))),
            ("export", export.map(JSONText.string)),
            ("amendedExport", amendedExport.map(JSONText.string)),
            ("summary", summary.json),
            ("postings", .array(postings.map { $0.json(in: language) })),
            ("messages", .array(messages.map { $0.json(in: language) })),
            ("findings", .array(findings.map { $0.json(in: language) })),
        ]).sortingKeys()
    }
}

extension MailScanReport.Summary {
    var json: JSONText {
        func counts(_ table: [String: Int]) -> JSONText {
            .object(table.sorted { $0.key < $1.key }.map { ($0.key, .integer($0.value)) })
        }
        return .object([
            ("messages", .integer(messages)), ("messagesWithErrors", .integer(messagesWithErrors)),
            ("pdfs", .integer(pdfs)), ("postings", .integer(postings)),
            ("dkim", counts(dkim)), ("states", counts(states)),
            ("extracted", .integer(extracted)), ("archived", .integer(archived)), ("byCode", counts(byCode)),
        ])
    }
}

extension PostingMail {
    func json(in language: Language?) -> JSONText {
        JSONText.object(omittingNils: [
            ("postingNumber", .string(postingNumber)),
            ("state", state.map { .string($0.rawValue) }),
            ("messages", .array(messages.map(\.json))),
            ("pdfs", .array(pdfs.map(\.json))),
            ("extractedTo", extractedTo.map(JSONText.string)),
            ("archiveEntries", .array(archiveEntries.map(JSONText.string))),
            ("findings", .array(findings.map { $0.json(in: language) })),
        ])
    }
}

extension PostingMail.Message {
    var json: JSONText {
        JSONText.object(omittingNils: [
            ("messageID", messageID.map(JSONText.string)), ("date", date.map(JSONText.string)),
            ("from", from.map(JSONText.string)), ("subject", subject.map(JSONText.string)),
            ("dkim", .string(dkim.rawValue)), ("location", location.json),
        ])
    }
}

extension PostingMail.PDF {
    var json: JSONText {
        JSONText.object(omittingNils: [
            ("name", name.map(JSONText.string)), ("bytes", .integer(bytes)), ("sha256", .string(sha256)),
            ("readable", .bool(readable)), ("namesPosting", .bool(namesPosting)),
            ("messageID", messageID.map(JSONText.string)), ("location", location.json), ("part", .string(part)),
            ("damage", damage.map(JSONText.string)),
        ])
    }
}

extension ScannedMessage {
    func json(in language: Language?) -> JSONText {
        JSONText.object(omittingNils: [
            ("location", location.json), ("messageID", messageID.map(JSONText.string)),
            ("date", date.map(JSONText.string)), ("from", from.map(JSONText.string)),
            ("subject", subject.map(JSONText.string)), ("received", received.map(JSONText.string)),
            ("dkim", .string(dkim.rawValue)), ("postings", .array(postings.map(JSONText.string))),
            ("pdfs", .array(pdfs.map(\.json))), ("findings", .array(findings.map { $0.json(in: language) })), ("bytes", .integer(bytes)),
        ])
    }
}

extension MailPDF {
    var json: JSONText {
        JSONText.object(omittingNils: [
            ("name", name.map(JSONText.string)), ("bytes", .integer(bytes)), ("sha256", .string(sha256)),
            ("readable", .bool(readable)), ("postingsNamed", .array(postingsNamed.map(JSONText.string))),
            ("part", .string(part)), ("damage", damage.map(JSONText.string)),
        ])
    }
}

extension MessageLocation {
    var json: JSONText {
        JSONText.object(omittingNils: [
            ("file", .string(file)), ("index", index.map { .integer($0) }),
            ("offset", offset.map { .integer($0) }), ("length", length.map { .integer($0) }),
        ])
    }
}
