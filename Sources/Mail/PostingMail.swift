public import Findings

/// One posting as the mail shows it: the messages that mention it, their PDFs, and with an
/// export, where its invoice stands.
public struct PostingMail: Sendable, Hashable, Codable {
    /// A message that mentions the posting.
    public struct Message: Sendable, Hashable, Codable {
        public var messageID: String?
        public var date: String?
        public var from: String?
        public var subject: String?
        public var dkim: DKIMResult
        public var location: MessageLocation
    }

    /// A PDF attachment of such a message.
    public struct PDF: Sendable, Hashable, Codable {
        public var name: String?
        public var bytes: Int
        public var sha256: String
        public var readable: Bool
        /// The PDF itself names this posting (embedded invoice data or text).
        public var namesPosting: Bool
        public var messageID: String?
        public var location: MessageLocation
        public var part: String
        /// Why it is broken, as a catalogue text (``MailPDF/damageText``).
        public var damageText: MessageText? {
            get { damageRecord?.text }
            set { damageRecord = newValue.map(PDFDamage.init) }
        }
        /// The same in English (the JSON report's `damage`).
        public var damage: String? { damageText?.english }
        var damageRecord: PDFDamage?

        enum CodingKeys: String, CodingKey {
            case name, bytes, sha256, readable, namesPosting, messageID, location, part, damageRecord = "damage"
        }

        init(name: String?, bytes: Int, sha256: String, readable: Bool, namesPosting: Bool, messageID: String?,
             location: MessageLocation, part: String, damage: MessageText?) {
            self.name = name
            self.bytes = bytes
            self.sha256 = sha256
            self.readable = readable
            self.namesPosting = namesPosting
            self.messageID = messageID
            self.location = location
            self.part = part
            self.damageRecord = damage.map(PDFDamage.init)
        }
    }

    public var postingNumber: String
    /// With `--export`: nil for a posting the export does not list, or one that needs no invoice.
    public var state: RecoveryState?
    public var messages: [Message] = []
    public var pdfs: [PDF] = []
    /// With `--extract`: the file written (or already there with the same content).
    public var extractedTo: String?
    /// With `--archive`: the archive entries' hashes made for its PDFs.
    public var archiveEntries: [String] = []
    public var findings: [Finding] = []

    public init(postingNumber: String) {
        self.postingNumber = postingNumber
    }

    /// The PDF that can stand in for a lost invoice: readable, undamaged and naming the posting;
    /// from a DKIM-verified message first, then the latest.
    public var bestPDF: PDF? {
        let usable = pdfs.filter { $0.readable && $0.damage == nil && $0.namesPosting }
        func rank(_ pdf: PDF) -> (Int, String) {
            let message = messages.first { $0.location == pdf.location }
            return (message?.dkim == .pass ? 1 : 0, message?.date ?? "")
        }
        return usable.max { rank($0) < rank($1) }
    }
}
