public import Findings
import InvoiceModel

extension ValidationReport {
    /// The text report of `faktura validate` in `language` (English when nil): one line per
    /// finding (`FILE: error CODE field: message`) or `FILE: ok`, then the summary line. Codes,
    /// fields, file names and the values in messages read the same in every language.
    public func text(in chosen: Language?, strict: Bool) -> String {
        let language = chosen ?? .english
        let catalogue = MessageCatalogue.of(language)
        var out = ""
        for document in documents {
            if document.findings.isEmpty {
                out += TerminalText.escaped(catalogue.text("validate.ok", ["file": .data(document.file)])) + "\n"
            }
            for finding in document.findings {
                let severity = catalogue.text("severity.\(finding.severity.rawValue)")
                let line = "\(document.file): \(severity) \(finding.code.rawValue) \(finding.field.map { "\($0): " } ?? "")"
                    + finding.message(in: language)
                out += TerminalText.escaped(line) + "\n"
            }
        }
        let all = documents.flatMap(\.findings)
        let count = summary.documents
        let documentsText = catalogue.text(count == 1 ? "validate.documents.one" : "validate.documents.other",
                                           ["count": .data(String(count))])
        out += catalogue.text("validate.summary", [
            "documents": .data(documentsText), "ok": .data(String(summary.ok)), "failed": .data(String(summary.failed)),
            "errors": .data(String(all.count { $0.severity == .error })),
            "warnings": .data(String(all.count { $0.severity == .warning })),
            "strict": strict ? .key("validate.strict") : .data(""),
        ]) + "\n"
        return out
    }
}
