/// Where a message was read: a file, and for an mbox its place in the file. Enough to read
/// the same bytes again (for extraction and the archive) without keeping them in memory.
public struct MessageLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file (an `.eml`, a Maildir message, or the mbox).
    public var file: String
    /// In an mbox: the message's number (1-based), the byte offset of its `From ` line and the
    /// bytes it spans up to the next one.
    public var index: Int?
    public var offset: Int?
    public var length: Int?

    public init(file: String, index: Int? = nil, offset: Int? = nil, length: Int? = nil) {
        self.file = file
        self.index = index
        self.offset = offset
        self.length = length
    }

    /// `inbox.mbox, message 17 (byte 40213)` or the file's path.
    public var description: String {
        guard let index else { return file }
        return "\(file), message \(index)" + (offset.map { " (byte \($0))" } ?? "")
    }
}
