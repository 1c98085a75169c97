public import Findings

/// The result of `faktura mail scan` (docs/mail.md, docs/schemas/mail-report.schema.json).
public struct MailScanReport: Sendable, Hashable, Codable {
    public struct Summary: Sendable, Hashable, Codable {
        public var messages = 0
        /// Messages with an error finding (unreadable, too complex, broken attachment).
        public var messagesWithErrors = 0
        public var pdfs = 0
        public var postings = 0
        /// Messages per DKIM result.
        public var dkim: [String: Int] = [:]
        /// With `--export`: postings per state.
        public var states: [String: Int] = [:]
        public var extracted = 0
        public var archived = 0
        public var byCode: [String: Int] = [:]
    }

    public var tool: ReportTool
    public var mailboxes: [String]
    public var export: String?
    /// With `--extract`: the amended copy of the export.
    public var amendedExport: String?
    public var summary = Summary()
    /// Postings in the order the export lists them, then the ones only the mail names.
    public var postings: [PostingMail] = []
    /// Every message read, in mailbox order.
    public var messages: [ScannedMessage] = []
    /// Findings about the scan as a whole (export rows that could not be copied, ...).
    public var findings: [Finding] = []

    public init(tool: ReportTool, mailboxes: [String], export: String? = nil) {
        self.tool = tool
        self.mailboxes = mailboxes
        self.export = export
    }

    /// All findings: the scan's, each message's and each posting's.
    public var allFindings: [Finding] {
        findings + messages.flatMap(\.findings) + postings.flatMap(\.findings)
    }

    /// An error finding anywhere (exit status 1).
    public var hasErrors: Bool { allFindings.contains { $0.severity == .error } }

    /// Recomputes ``summary`` from the lists.
    mutating func summarise() {
        var summary = Summary()
        summary.messages = messages.count
        summary.messagesWithErrors = messages.filter { $0.findings.contains { $0.severity == .error } }.count
        summary.pdfs = messages.reduce(0) { $0 + $1.pdfs.count }
        summary.postings = postings.count
        for message in messages { summary.dkim[message.dkim.rawValue, default: 0] += 1 }
        for posting in postings {
            if let state = posting.state { summary.states[state.rawValue, default: 0] += 1 }
            if posting.extractedTo != nil { summary.extracted += 1 }
            summary.archived += posting.archiveEntries.count
        }
        for finding in allFindings { summary.byCode[finding.code.rawValue, default: 0] += 1 }
        self.summary = summary
    }
}
