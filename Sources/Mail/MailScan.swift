public import Foundation
public import Findings
public import ERPAudit
import Crypto

/// Scans mailboxes for the invoice PDFs of order mails and, given an ERP export, tells which
/// lost invoices the mail can recover (docs/mail.md).
///
/// ```swift
/// var options = MailScan.Options(mailboxes: ["inbox.mbox"])
/// options.export = URL(fileURLWithPath: "orders.csv")
/// options.extract = URL(fileURLWithPath: "recovered")
/// let report = try await MailScan(options: options).run()
/// report.postings.filter { $0.state == .recoverable }   // written to recovered/<posting>.pdf
/// ```
///
/// Messages are read one at a time (an mbox in 1 MiB chunks) and only their summaries are kept,
/// so memory does not grow with the mailbox's bytes; PDFs are read again from the mailbox when
/// they are extracted or archived.
public struct MailScan: Sendable {
    public struct Options: Sendable {
        /// `.eml` files, mbox files, Maildirs, folders of `.eml`.
        public var mailboxes: [String]
        public var export: URL?
        /// How the export is read and where its invoices are: the options `faktura audit` takes
        /// for it (mapping, attachments folder, encoding, sheet, skipped statuses, one PDF per posting).
        public var audit = ExportAudit.Options()
        /// Write recoverable PDFs as `<posting>.pdf` and the amended export here.
        public var extract: URL?
        /// Add every readable PDF that names a posting to this evidence store.
        public var archive: URL?
        /// DKIM key records (`selector._domainkey.domain  v=DKIM1; k=rsa; p=…`).
        public var dkimKeys: String?
        public var budget: MIMEBudget = .standard

        public init(mailboxes: [String]) {
            self.mailboxes = mailboxes
        }
    }

    public let options: Options
    public let tool: ReportTool

    public init(options: Options, tool: ReportTool = ReportTool(version: "dev")) {
        self.options = options
        self.tool = tool
    }

    /// Reads every message, joins the postings with the export, extracts and archives.
    /// - Throws: ``MailError`` when a mailbox, the export, the key file, the extract folder or
    ///   the store cannot be used at all; problems of single messages are findings instead.
    public func run(progress: (@Sendable (Int) -> Void)? = nil) async throws(MailError) -> MailScanReport {
        let scanner = try MessageScanner(budget: options.budget, dkimKeys: options.dkimKeys)
        var report = MailScanReport(tool: tool, mailboxes: options.mailboxes, export: options.export?.path)
        var mailbox = try Mailbox(paths: options.mailboxes, budget: options.budget)
        while let raw = try mailbox.next() {
            report.messages.append(scanner.scan(raw))
            if report.messages.count % 256 == 0 { progress?(report.messages.count) }
        }
        var postings = Self.postings(of: report.messages)

        var audit: AuditReport?
        if let export = options.export {
            do {
                audit = try await ExportAudit(options: options.audit, tool: tool).run(export: export)
            } catch {
                throw .export(error.description)
            }
            postings = Self.join(postings, audit: audit!)
        }
        if let folder = options.extract {
            guard let export = options.export else {
                throw .extract(path: folder.path, reason: "--extract needs --export: the amended export is what makes the PDFs usable")
            }
            var extraction = Extraction(folder: folder, scanner: scanner,
                                        attachments: options.audit.attachments ?? export.deletingLastPathComponent())
            try extraction.prepare()
            for index in postings.indices { extraction.extract(&postings[index]) }
            let inExport = Set(postings.filter { $0.state == .inExport }.map(\.postingNumber))
            let written = try AmendedExport.write(export: export, audit: options.audit, files: extraction.files,
                                                  inExport: inExport, attachments: extraction.attachments, into: folder)
            report.amendedExport = written.url.path
            report.findings += written.findings
        }
        if let store = options.archive {
            let archiving = try MailArchiving(store: store, scanner: scanner, toolVersion: tool.version)
            for index in postings.indices {
                archiving.archive(&postings[index], messages: report.messages)
            }
        }
        report.postings = postings
        report.summarise()
        return report
    }

    /// Postings in order of first mention, each with its messages and PDFs.
    static func postings(of messages: [ScannedMessage]) -> [PostingMail] {
        var order: [String] = []
        var byNumber: [String: PostingMail] = [:]
        for message in messages {
            for number in message.postings {
                if byNumber[number] == nil { order.append(number); byNumber[number] = PostingMail(postingNumber: number) }
                byNumber[number]!.messages.append(PostingMail.Message(
                    messageID: message.messageID, date: message.date, from: message.from, subject: message.subject,
                    dkim: message.dkim, location: message.location))
                for pdf in message.pdfs {
                    byNumber[number]!.pdfs.append(PostingMail.PDF(
                        name: pdf.name, bytes: pdf.bytes, sha256: pdf.sha256, readable: pdf.readable,
                        namesPosting: pdf.postingsNamed.contains(number), messageID: message.messageID,
                        location: message.location, part: pdf.part, damage: pdf.damageText))
                }
            }
        }
        return order.map { byNumber[$0]! }
    }

    /// Findings of the audit that mean the export's own attachment cannot serve.
    static let unusableAttachment: Set<FindingCode> = [
        .attachmentMissing, .attachmentNotPDF, .attachmentUnreadable, .attachmentTooLarge,
        .attachmentHashMismatch, .attachmentOrderMismatch,
    ]

    /// The export's postings (in its order) with a state each, then the postings only the mail names.
    static func join(_ mail: [PostingMail], audit: AuditReport) -> [PostingMail] {
        var byNumber = Dictionary(mail.map { ($0.postingNumber, $0) }, uniquingKeysWith: { first, _ in first })
        var joined: [PostingMail] = []
        for posting in audit.postings {
            var entry = byNumber.removeValue(forKey: posting.postingNumber) ?? PostingMail(postingNumber: posting.postingNumber)
            // A posting that needs no invoice is listed only when the mail mentions it.
            guard posting.status != .skipped else {
                if !entry.messages.isEmpty { joined.append(entry) }
                continue
            }
            let problems = posting.findings.filter { unusableAttachment.contains($0.code) }
            if problems.isEmpty {
                entry.state = .inExport
            } else if entry.bestPDF != nil {
                entry.state = .recoverable
            } else {
                entry.state = .missing
                let broken: [MessageArgument] = entry.pdfs.filter { $0.damage != nil || !$0.readable }.map { pdf in
                    .key("mail.missing.brokenPDF", ["name": pdf.name.map { .data($0) } ?? .key("mail.noName"),
                                                    "message": .data(pdf.messageID ?? pdf.location.description),
                                                    "damage": pdf.damageText.map { .text($0) } ?? .key("mail.pdf.unreadableShort")])
                }
                let unnamed = entry.pdfs.filter { $0.readable && $0.damage == nil && !$0.namesPosting }.count
                // The audit's own findings, each in the reader's language where it has a catalogue text,
                // joined "a; b" (`list.semicolon`, folded pairwise).
                let reasons = problems.map { $0.text.map { MessageArgument.text($0) } ?? .data($0.message) }
                    .reduce(nil as MessageArgument?) { joined, next in joined.map { .key("list.semicolon", ["first": $0, "second": next]) } ?? next }
                let arguments: [String: MessageArgument] = [
                    "reasons": reasons ?? .data(""),
                    "mentions": entry.messages.isEmpty ? .key("mail.missing.noMessage")
                        : .key("mail.missing.noReadablePDF", ["count": .data(String(entry.messages.count))]),
                    "damaged": broken.isEmpty ? .data("") : .key("mail.missing.damaged", ["list": .list(broken)]),
                    "unnamed": unnamed == 0 ? .data("") : .key("mail.missing.unnamed", ["count": .data(String(unnamed))]),
                ]
                entry.findings.append(Finding(code: .attachmentMissing, field: .column(.invoiceFile),
                                              key: "mail.missing", arguments))
            }
            joined.append(entry)
        }
        let exportOrder = Set(joined.map(\.postingNumber))
        return joined + mail.filter { !exportOrder.contains($0.postingNumber) }
    }
}
