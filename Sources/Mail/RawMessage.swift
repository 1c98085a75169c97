import Foundation

/// One message's bytes as read from a mailbox, or the note that it was too large to read.
struct RawMessage: Sendable {
    var location: MessageLocation
    /// The message (mbox `From ` line removed, `>From ` unescaped); empty when over budget.
    var bytes: Data
    /// Set when the message exceeded the byte budget: its full size. Its bytes were skipped.
    var oversizeBytes: Int?
    /// Set when the file could not be read as a message file (not a regular file, a symbolic
    /// link inside a mail folder, a read error): why.
    var unreadable: String?
}
