public import Findings

/// A PDF attachment of a message: `application/pdf`, or `application/octet-stream` with a
/// `.pdf` name or a `%PDF-` start.
public struct MailPDF: Sendable, Hashable, Codable {
    /// The attachment's own file name as the sender gave it (decoded); only ever shown, never
    /// used as a path.
    public var name: String?
    /// Decoded size in bytes.
    public var bytes: Int
    public var sha256: String
    /// The PDF reader opened it.
    public var readable: Bool
    /// Posting numbers the PDF itself names (its embedded invoice data, or its text).
    public var postingsNamed: [String]
    /// Its place in the message's MIME tree (`1.2`), to find it again.
    public var part: String
    /// Why it is broken (damaged base64, truncated PDF, ...), when it is, as a catalogue text,
    /// which any language can write.
    public var damageText: MessageText? {
        get { damageRecord?.text }
        set { damageRecord = newValue.map(PDFDamage.init) }
    }
    /// Why it is broken in English (the JSON report's `damage`).
    public var damage: String? { damageText?.english }
    var damageRecord: PDFDamage?

    enum CodingKeys: String, CodingKey { case name, bytes, sha256, readable, postingsNamed, part, damageRecord = "damage" }

    public init(name: String?, bytes: Int, sha256: String, readable: Bool, postingsNamed: [String], part: String,
                damage: MessageText? = nil) {
        self.name = name
        self.bytes = bytes
        self.sha256 = sha256
        self.readable = readable
        self.postingsNamed = postingsNamed
        self.part = part
        self.damageRecord = damage.map(PDFDamage.init)
    }
}

/// A PDF's damage as a report or the archive carries it: a catalogue text, written as its
/// English words and read back as those words (as a finding's message is), the detail of the
/// catalogue's `mail.pdf.unreadable`. Both PDF records (``MailPDF``, ``PostingMail/PDF``) store it.
struct PDFDamage: Sendable, Hashable, Codable {
    let text: MessageText

    init(_ text: MessageText) {
        self.text = text
    }

    init(from decoder: any Decoder) throws {
        let english = try decoder.singleValueContainer().decode(String.self)
        text = MessageText("mail.pdf.unreadable", ["englishDetail": .data(english)])
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text.english)
    }
}
