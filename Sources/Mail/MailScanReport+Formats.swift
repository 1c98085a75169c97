public import Foundation
import InvoiceModel
public import Findings

extension MailScanReport {
    /// How the report is printed (`--format`).
    public enum Format: String, CaseIterable, Sendable {
        case text, json
    }

    public func rendered(as format: Format) -> Data { rendered(as: format, in: nil) }

    /// The report in `language` (English when nil); the JSON keeps its English `message`s and,
    /// when a language was chosen, adds each finding's `localized` text (docs/languages.md).
    public func rendered(as format: Format, in language: Language?) -> Data {
        switch format {
        case .json:
            return json(in: language).data()
        case .text:
            return Data(text(in: language ?? .english).utf8)
        }
    }

    /// For people, in English.
    public var text: String { text(in: .english) }

    /// For people: a summary line, one block per posting, then the findings. The mail's own
    /// words (subjects, senders, file names), codes and hashes read the same in every language.
    public func text(in language: Language) -> String {
        let catalogue = MessageCatalogue.of(language)
        func t(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String { catalogue.text(key, arguments) }
        var lines: [String] = []
        let dkim = DKIMResult.allCases.compactMap { result in
            summary.dkim[result.rawValue].map { t("mailReport.count", ["name": .key("mailReport.dkim.\(result.rawValue)"), "count": .data(String($0))]) }
        }
        lines.append(t("mailReport.summary", [
            "messages": .data(String(summary.messages)), "pdfs": .data(String(summary.pdfs)), "postings": .data(String(summary.postings)),
            "dkim": .data(dkim.isEmpty ? "-" : dkim.joined(separator: t("list.separator"))),
        ]))
        if let export {
            let states = RecoveryState.allCases.map {
                t("mailReport.count", ["name": .key("mailReport.state.\($0.rawValue)"), "count": .data(String(summary.states[$0.rawValue] ?? 0))])
            }
            lines.append(t("mailReport.export", ["export": .data(export), "states": .data(states.joined(separator: t("list.separator")))]))
        }
        for posting in postings {
            var head = posting.postingNumber
            if let state = posting.state { head += "  " + t("mailReport.state.\(state.rawValue)") }
            if let extracted = posting.extractedTo { head += "  -> \(extracted)" }
            if !posting.archiveEntries.isEmpty {
                head += "  " + t("mailReport.archived", ["entries": .data(posting.archiveEntries.map { String($0.prefix(12)) }.joined(separator: ", "))])
            }
            lines.append("")
            lines.append(head)
            for message in posting.messages {
                lines.append(t("mailReport.mail", [
                    "date": message.date.map { .data($0) } ?? .key("mailReport.noDate"),
                    "from": message.from.map { .data($0) } ?? .key("mailReport.noSender"),
                    "dkim": .key("mailReport.dkim.\(message.dkim.rawValue)"),
                ]))
                lines.append("        " + (message.messageID.map { "<\($0)>" } ?? t("mailReport.noMessageID")) + "  "
                             + (message.subject ?? t("mailReport.noSubject")))
            }
            for pdf in posting.pdfs {
                var facts = [t(pdf.readable ? "mailReport.readable" : "mailReport.notReadable"),
                             t(pdf.namesPosting ? "mailReport.namesPosting" : "mailReport.doesNotNamePosting")]
                if let damage = pdf.damageText { facts.append(catalogue.text(damage.key, damage.arguments)) }
                lines.append(t("mailReport.pdf", [
                    "name": pdf.name.map { .data($0) } ?? .key("mail.noName"), "bytes": .data(String(pdf.bytes)),
                    "sha256": .data(String(pdf.sha256.prefix(16))), "facts": .data(facts.joined(separator: t("list.separator"))),
                ]))
            }
            for finding in posting.findings { lines.append("  \(finding.description(in: language))") }
        }
        let messageFindings = findings + messages.flatMap(\.findings)
        if !messageFindings.isEmpty {
            lines.append("")
            lines.append(t("mailReport.findings"))
            for finding in messageFindings { lines.append("  \(finding.description(in: language))") }
        }
        if let amendedExport {
            lines.append("")
            lines.append(t("mailReport.amendedExport", ["file": .data(amendedExport)]))
        }
        // Subjects, senders, Message-IDs and file names come from the mail: no control or bidi
        // character of theirs reaches the terminal.
        return lines.map(TerminalText.escaped).joined(separator: "\n") + "\n"
    }
}
