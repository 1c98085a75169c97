/// The checks of the index rows that every store makes alike, whatever keeps them (SQLite,
/// PostgreSQL): the chain walked from entry 1 with every hash recomputed (``EntryEncoding``),
/// documents that name no entry or a malformed hash, and a head kept elsewhere.
enum ChainAudit {
    /// - Parameters:
    ///   - entries: the entry rows, oldest first.
    ///   - postings: posting numbers by the id the entry rows use.
    ///   - fileName: how a problem names a stored file (`objects/ab/cdef…`).
    static func check(entries: [EntryRecord], postings: [Int64: String], documents: [DocumentRecord],
                      expectedHead: String?,
                      fileName: (String) -> String) throws(ArchiveError) -> (problems: [ArchiveProblem], expectedHeadEntry: Int64?) {
        var problems: [ArchiveProblem] = []
        let documentsByEntry = Dictionary(grouping: documents, by: \.entrySequence)
        let sequences = Set(entries.map(\.sequence))

        // The chain, oldest first.
        var expectedSequence: Int64 = 1
        var previousHash = EntryEncoding.genesis
        for row in entries {
            let posting = postings[row.postingId]
            func broken(_ message: String) {
                problems.append(ArchiveProblem(code: .chainBroken, entry: row.sequence, posting: posting, message: message))
            }
            let rows = documentsByEntry[row.sequence] ?? []
            // Entry numbers come from a file anyone can edit: one outside the range append
            // writes (1, 2, 3, …) is a finding, and never reaches the arithmetic below.
            guard ArchiveEntry.sequenceRange.contains(row.sequence) else {
                broken("entry number \(row.sequence) is outside \(ArchiveEntry.sequenceRange.lowerBound)…"
                    + "\(ArchiveEntry.sequenceRange.upperBound), which Faktura never writes: the index was edited")
                continue
            }
            if row.sequence != expectedSequence {
                broken(row.sequence > expectedSequence
                    ? (row.sequence - expectedSequence == 1
                        ? "entry \(expectedSequence) is missing: entry \(row.sequence) follows entry \(expectedSequence - 1)"
                        : "entries \(expectedSequence)–\(row.sequence - 1) are missing: entry \(row.sequence) follows entry \(expectedSequence - 1)")
                    : "entry number \(row.sequence) is out of order (expected \(expectedSequence))")
            } else if row.previousHash != previousHash {
                broken("entry \(row.sequence) does not link to entry \(row.sequence - 1): it records previous hash "
                    + "\(row.previousHash.prefix(16))…, the entry before it has \(previousHash.prefix(16))…")
            }
            if posting == nil {
                broken("the posting row of entry \(row.sequence) (id \(row.postingId)) is gone or was changed")
            }
            for unknown in rows where EvidenceKind(rawValue: unknown.kind) == nil {
                broken("document \(unknown.position) has kind '\(unknown.kind)', which Faktura never writes")
            }
            let recomputed = EntryEncoding.hash(of: row.entry(posting: posting ?? "", documents: rows))
            if posting != nil && recomputed != row.entryHash && rows.allSatisfy({ EvidenceKind(rawValue: $0.kind) != nil }) {
                broken("entry \(row.sequence) was changed after it was recorded: its index rows hash to "
                    + "\(recomputed.prefix(16))…, the chain recorded \(row.entryHash.prefix(16))…")
            }
            previousHash = row.entryHash
            expectedSequence = row.sequence + 1
        }
        // A hash from the index becomes a path only when it is one.
        for row in documents where !ContentHash.isWellFormed(row.sha256) {
            problems.append(ArchiveProblem(
                code: .chainBroken, entry: row.entrySequence,
                message: "document '\(row.name)' names the file hash '\(row.sha256.prefix(80))', which is not 64 lowercase "
                    + "hex digits: the index was edited; no file was looked up for it"))
        }
        for row in documents where !sequences.contains(row.entrySequence) {
            problems.append(ArchiveProblem(
                code: .chainBroken, entry: row.entrySequence,
                file: ContentHash.isWellFormed(row.sha256) ? fileName(row.sha256) : nil,
                message: "document '\(row.name)' belongs to entry \(row.entrySequence), which is no longer in the chain"))
        }

        // The head kept elsewhere.
        var expectedHeadEntry: Int64?
        if let expectedHead {
            let wanted = expectedHead.lowercased()
            let matches = entries.filter { $0.entryHash.hasPrefix(wanted) }
            if wanted.count >= 8, matches.count == 1 {
                expectedHeadEntry = matches[0].sequence
            } else if matches.count > 1 {
                throw .invalidInput(path: expectedHead, reason: "the head prefix fits \(matches.count) entries; give the full hash")
            } else {
                problems.append(ArchiveProblem(
                    code: .chainBroken,
                    message: wanted.count < 8
                        ? "the head '\(expectedHead)' is too short to identify an entry; give the full hash"
                        : "the head \(expectedHead) is not in the chain: the entries up to it were removed or rewritten"))
            }
        }

        return (problems, expectedHeadEntry)
    }
}
