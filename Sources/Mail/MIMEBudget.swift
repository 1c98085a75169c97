/// The limits a message is held to while it is read, so that hostile mail (a MIME tree
/// thousands deep, 100,000 parts, a 50 MB header, a mailbox of gigabytes) costs bounded time
/// and memory. Exceeding one is a `MAIL_TOO_COMPLEX` finding for that message, never a crash.
public struct MIMEBudget: Sendable, Hashable {
    /// Bytes of one message; a marketplace mail with a 10 MB PDF is under 14 MB in base64.
    public var messageBytes: Int
    /// Bytes of one message's header block.
    public var headerBytes: Int
    /// Nesting of multiparts and forwarded messages.
    public var depth: Int
    /// Parts in one message (leaves and containers).
    public var parts: Int
    /// Multipart and `message/rfc822` headers in one message, counted before parsing: GMime
    /// descends into containers recursively, so this bounds its stack whatever the nesting.
    public var containers: Int

    public init(messageBytes: Int = 40 << 20, headerBytes: Int = 1 << 20, depth: Int = 32, parts: Int = 2_000,
                containers: Int = 256) {
        self.messageBytes = messageBytes
        self.headerBytes = headerBytes
        self.depth = depth
        self.parts = parts
        self.containers = containers
    }

    public static let standard = MIMEBudget()
}
