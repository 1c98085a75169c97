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
    /// Why it is broken (damaged base64, truncated PDF, ...), when it is, in English (the JSON
    /// report's `damage`).
    public var damage: String? { damageText?.english }
    /// The same as a catalogue text, which any language can write.
    public var damageText: MessageText?

    enum CodingKeys: String, CodingKey { case name, bytes, sha256, readable, postingsNamed, part, damage }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        bytes = try c.decode(Int.self, forKey: .bytes)
        sha256 = try c.decode(String.self, forKey: .sha256)
        readable = try c.decode(Bool.self, forKey: .readable)
        postingsNamed = try c.decode([String].self, forKey: .postingsNamed)
        part = try c.decode(String.self, forKey: .part)
        damageText = try c.decodeIfPresent(String.self, forKey: .damage).map(MessageText.pdfDamage(readBack:))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(readable, forKey: .readable)
        try c.encode(postingsNamed, forKey: .postingsNamed)
        try c.encode(part, forKey: .part)
        try c.encodeIfPresent(damage, forKey: .damage)
    }

    public init(name: String?, bytes: Int, sha256: String, readable: Bool, postingsNamed: [String], part: String,
                damage: MessageText? = nil) {
        self.name = name
        self.bytes = bytes
        self.sha256 = sha256
        self.readable = readable
        self.postingsNamed = postingsNamed
        self.part = part
        self.damageText = damage
    }
}

extension MessageText {
    /// A PDF's damage read back from a report or the archive: its English words are all there
    /// is (as for a finding's message), kept as the detail of the catalogue's text.
    static func pdfDamage(readBack english: String) -> MessageText {
        MessageText("mail.pdf.unreadable", ["englishDetail": .data(english)])
    }
}
