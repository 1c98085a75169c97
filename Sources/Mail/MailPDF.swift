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
    /// Why it is broken (damaged base64, truncated PDF, ...), when it is.
    public var damage: String?

    public init(name: String?, bytes: Int, sha256: String, readable: Bool, postingsNamed: [String], part: String,
                damage: String? = nil) {
        self.name = name
        self.bytes = bytes
        self.sha256 = sha256
        self.readable = readable
        self.postingsNamed = postingsNamed
        self.part = part
        self.damage = damage
    }
}
