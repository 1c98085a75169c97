public import Foundation
import InvoiceModel

extension MailScanReport {
    /// How the report is printed (`--format`).
    public enum Format: String, CaseIterable, Sendable {
        case text, json
    }

    public func rendered(as format: Format) -> Data {
        switch format {
        case .json:
            return json.data()
        case .text:
            return Data(text.utf8)
        }
    }

    /// For people: a summary line, one block per posting, then the findings.
    public var text: String {
        var lines: [String] = []
        let dkim = DKIMResult.allCases.compactMap { result in summary.dkim[result.rawValue].map { "\(result.rawValue) \($0)" } }
        lines.append("\(summary.messages) message(s), \(summary.pdfs) PDF attachment(s), \(summary.postings) posting(s); DKIM: \(dkim.isEmpty ? "-" : dkim.joined(separator: ", "))")
        if export != nil {
            let states = RecoveryState.allCases.map { "\($0.rawValue) \(summary.states[$0.rawValue] ?? 0)" }
            lines.append("export \(export!): " + states.joined(separator: ", "))
        }
        for posting in postings {
            var head = posting.postingNumber
            if let state = posting.state { head += "  \(state.rawValue)" }
            if let extracted = posting.extractedTo { head += "  -> \(extracted)" }
            if !posting.archiveEntries.isEmpty { head += "  archived \(posting.archiveEntries.map { String($0.prefix(12)) }.joined(separator: ", "))" }
            lines.append("")
            lines.append(head)
            for message in posting.messages {
                lines.append("  mail  \(message.date ?? "(no date)")  \(message.from ?? "(no sender)")  DKIM \(message.dkim.rawValue)")
                lines.append("        \(message.messageID.map { "<\($0)>" } ?? "(no Message-ID)")  \(message.subject ?? "(no subject)")")
            }
            for pdf in posting.pdfs {
                var facts = [pdf.readable ? "readable" : "NOT readable", pdf.namesPosting ? "names the posting" : "does not name the posting"]
                if let damage = pdf.damage { facts.append(damage) }
                lines.append("  pdf   \(pdf.name ?? "(no name)")  \(pdf.bytes) bytes  sha256 \(pdf.sha256.prefix(16))…  \(facts.joined(separator: ", "))")
            }
            for finding in posting.findings { lines.append("  \(finding)") }
        }
        let messageFindings = findings + messages.flatMap(\.findings)
        if !messageFindings.isEmpty {
            lines.append("")
            lines.append("findings:")
            for finding in messageFindings { lines.append("  \(finding)") }
        }
        if let amendedExport {
            lines.append("")
            lines.append("amended export: \(amendedExport) (audit it with: faktura audit \(amendedExport))")
        }
        // Subjects, senders, Message-IDs and file names come from the mail: no control or bidi
        // character of theirs reaches the terminal.
        return lines.map(TerminalText.escaped).joined(separator: "\n") + "\n"
    }
}
