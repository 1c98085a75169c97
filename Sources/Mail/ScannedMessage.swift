public import Findings

/// What a scan learnt of one message: its identity, its DKIM result, the posting numbers it
/// mentions and its PDF attachments, and the findings (unreadable, too complex, broken).
public struct ScannedMessage: Sendable, Hashable, Codable {
    public var location: MessageLocation
    public var messageID: String?
    /// ISO 8601, from the `Date:` header.
    public var date: String?
    public var from: String?
    public var subject: String?
    /// ISO 8601, from the newest `Received:` header: when the mail server took the message.
    public var received: String?
    public var dkim: DKIMResult
    /// Posting numbers in the subject, bodies (text and HTML), attachment names and PDFs.
    public var postings: [String]
    public var pdfs: [MailPDF]
    public var findings: [Finding]
    /// Size of the raw message.
    public var bytes: Int

    public init(location: MessageLocation, messageID: String? = nil, date: String? = nil, from: String? = nil,
                subject: String? = nil, dkim: DKIMResult = .none, postings: [String] = [], pdfs: [MailPDF] = [],
                findings: [Finding] = [], bytes: Int = 0) {
        self.location = location
        self.messageID = messageID
        self.date = date
        self.from = from
        self.subject = subject
        self.dkim = dkim
        self.postings = postings
        self.pdfs = pdfs
        self.findings = findings
        self.bytes = bytes
    }
}
