import InvoiceModel
import Findings

/// Writes the audit report's JSON straight into bytes (a report of half a million postings
/// must not go through a tree of values); strings are escaped by the project's one writer,
/// ``JSONText/quote(_:into:)``.
struct AuditJSONWriter {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Empties the buffer, keeping its capacity for the next piece.
    mutating func clear() { bytes.removeAll(keepingCapacity: true) }

    mutating func string(_ text: String?) {
        guard let text else { raw("null"); return }
        JSONText.quote(text, into: &bytes)
    }

    mutating func findings(_ findings: [Finding], indent: String, language: Language? = nil) {
        guard !findings.isEmpty else { raw("[]"); return }
        raw("[")
        for (index, finding) in findings.enumerated() {
            raw(index == 0 ? "\n\(indent)" : ",\n\(indent)")
            raw("{\"code\": ")
            string(finding.code.rawValue)
            raw(", \"severity\": ")
            string(finding.severity.rawValue)
            raw(", \"field\": ")
            string(finding.field?.description)
            raw(", \"message\": ")
            string(finding.message)
            if let language {
                raw(", \"localized\": {\"language\": ")
                string(language.tag)
                raw(", \"message\": ")
                string(finding.message(in: language))
                raw(", \"hint\": ")
                string(finding.hint(in: language))
                raw("}")
            }
            raw("}")
        }
        raw("\n\(indent.dropLast(2))]")
    }
}
