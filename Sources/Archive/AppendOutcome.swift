/// What appending one submission to an archive did.
public enum AppendOutcome: Sendable, Hashable {
    /// A new entry; `reusedDocuments` of its documents were already stored.
    case appended(ArchiveEntry, reusedDocuments: Int)
    /// The posting already has an entry with the same PDF, data and receipt: nothing added.
    case alreadyArchived(ArchiveEntry)

    /// The entry that holds the submission (new or earlier); its ``ArchiveEntry/entryHash``
    /// is the chain hash to acknowledge.
    public var entry: ArchiveEntry {
        switch self {
        case .appended(let entry, _), .alreadyArchived(let entry): entry
        }
    }

    /// True when the submission made a new entry.
    public var isNew: Bool {
        if case .appended = self { true } else { false }
    }
}
