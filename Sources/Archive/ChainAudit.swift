import Findings

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
            func broken(_ key: String, _ arguments: [String: MessageArgument]) {
                problems.append(ArchiveProblem(code: .chainBroken, entry: row.sequence, posting: posting, key: "archive.chain.\(key)", arguments))
            }
            func number(_ value: Int64) -> MessageArgument { .data(String(value)) }
            let rows = documentsByEntry[row.sequence] ?? []
            // Entry numbers come from a file anyone can edit: one outside the range append
            // writes (1, 2, 3, …) is a finding, and never reaches the arithmetic below.
            guard ArchiveEntry.sequenceRange.contains(row.sequence) else {
                broken("outOfRange", ["entry": number(row.sequence), "lowest": number(ArchiveEntry.sequenceRange.lowerBound),
                                      "highest": number(ArchiveEntry.sequenceRange.upperBound)])
                continue
            }
            if row.sequence != expectedSequence {
                if row.sequence < expectedSequence {
                    broken("outOfOrder", ["entry": number(row.sequence), "expected": number(expectedSequence)])
                } else if row.sequence - expectedSequence == 1 {
                    broken("entryMissing", ["missing": number(expectedSequence), "entry": number(row.sequence), "previous": number(expectedSequence - 1)])
                } else {
                    broken("entriesMissing", ["first": number(expectedSequence), "last": number(row.sequence - 1), "entry": number(row.sequence),
                                              "previous": number(expectedSequence - 1)])
                }
            } else if row.previousHash != previousHash {
                broken("unlinked", ["entry": number(row.sequence), "previous": number(row.sequence - 1),
                                    "recorded": .data(String(row.previousHash.prefix(16))), "actual": .data(String(previousHash.prefix(16)))])
            }
            if posting == nil {
                broken("postingGone", ["entry": number(row.sequence), "id": number(row.postingId)])
            }
            for unknown in rows where EvidenceKind(rawValue: unknown.kind) == nil {
                broken("unknownKind", ["position": .data("\(unknown.position)"), "kind": .data(unknown.kind)])
            }
            let recomputed = EntryEncoding.hash(of: row.entry(posting: posting ?? "", documents: rows))
            if posting != nil && recomputed != row.entryHash && rows.allSatisfy({ EvidenceKind(rawValue: $0.kind) != nil }) {
                broken("changed", ["entry": number(row.sequence), "recomputed": .data(String(recomputed.prefix(16))),
                                   "recorded": .data(String(row.entryHash.prefix(16)))])
            }
            previousHash = row.entryHash
            expectedSequence = row.sequence + 1
        }
        // A hash from the index becomes a path only when it is one.
        for row in documents where !ContentHash.isWellFormed(row.sha256) {
            problems.append(ArchiveProblem(
                code: .chainBroken, entry: row.entrySequence,
                key: "archive.chain.badHash", ["name": .data(row.name), "hash": .data(String(row.sha256.prefix(80)))]))
        }
        for row in documents where !sequences.contains(row.entrySequence) {
            problems.append(ArchiveProblem(
                code: .chainBroken, entry: row.entrySequence,
                file: ContentHash.isWellFormed(row.sha256) ? fileName(row.sha256) : nil,
                key: "archive.chain.orphanDocument", ["name": .data(row.name), "entry": .data(String(row.entrySequence))]))
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
                    key: wanted.count < 8 ? "archive.chain.headTooShort" : "archive.chain.headNotInChain", ["head": .data(expectedHead)]))
            }
        }

        return (problems, expectedHeadEntry)
    }
}
