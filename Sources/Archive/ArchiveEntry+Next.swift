import Foundation

extension ArchiveEntry {
    /// The last link of a chain as appending needs it: its number and hash.
    typealias Link = (sequence: Int64, entryHash: String)

    /// The entry that follows `head` (or starts the chain when there is none): the next number,
    /// linked to the head's hash (``EntryEncoding/genesis`` for the first), hashed. Both stores
    /// build their entries here so that they chain alike.
    static func next(after head: Link?, submission: EntrySubmission, documents: [ArchivedDocument],
                     recordedAt: Date) -> ArchiveEntry {
        var entry = ArchiveEntry(
            sequence: (head?.sequence ?? 0) + 1, posting: submission.posting,
            marketplace: submission.marketplace, orderNumber: submission.orderNumber,
            recordedAt: EntryEncoding.timestamp(recordedAt), invoice: submission.invoice,
            agent: submission.agent, documents: documents,
            previousHash: head?.entryHash ?? EntryEncoding.genesis, entryHash: "")
        entry.entryHash = EntryEncoding.hash(of: entry)
        return entry
    }

    /// This entry as the head the next one links to.
    var link: Link { (sequence, entryHash) }
}
