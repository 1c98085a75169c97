/// Where a posting's invoice stands once the export and the mail are joined.
public enum RecoveryState: String, Sendable, Hashable, Codable, CaseIterable {
    /// The export's own attachment is there and fine.
    case inExport = "in-export"
    /// The export lacks it (or its file is broken), and the mail has a readable PDF naming the posting.
    case recoverable
    /// Neither: no usable attachment in the export, no readable PDF for it in the mail.
    case missing
}
