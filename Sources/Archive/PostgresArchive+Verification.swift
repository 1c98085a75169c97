import Foundation
import PostgresNIO
import Findings

extension PostgresArchive {
    /// Walks the tenant's chain with the checks every store shares (``ChainAudit``), then
    /// re-hashes the stored bytes, streamed one row at a time: `ARCHIVE_TAMPERED` when a row's
    /// content no longer has its hash, `ARCHIVE_MISSING` when a row an entry names is gone,
    /// `ARCHIVE_CHAIN_BROKEN` for files no entry names (entries were deleted: a write never
    /// leaves such a row, since files and entry commit together).
    func verify(expectedHead: String?, posting scope: String?) async throws(ArchiveError) -> StoreVerification {
        let tenant = tenant.rawValue
        let (rows, documents) = try await database.connection { connection, logger in
            let entries = try await connection.query("""
                SELECT \(unescaped: Self.entryColumns) FROM archive_entry WHERE tenant = \(tenant) ORDER BY sequence
                """, logger: logger).collect().map(Self.entryRecord)
            let documents = try await connection.query("""
                SELECT \(unescaped: Self.documentColumns) FROM archive_document WHERE tenant = \(tenant)
                ORDER BY entry_sequence, position
                """, logger: logger).collect().map(Self.documentRecord)
            return (entries, documents)
        }
        // The shared checks read posting numbers by id, as the SQLite index keeps them.
        var postingIDs: [String: Int64] = [:]
        var postings: [Int64: String] = [:]
        let entries = rows.map { row in
            var record = row.record
            let id = postingIDs[row.posting] ?? Int64(postingIDs.count + 1)
            postingIDs[row.posting] = id
            postings[id] = row.posting
            record.postingId = id
            return record
        }
        let audit = try ChainAudit.check(entries: entries, postings: postings, documents: documents,
                                         expectedHead: expectedHead, fileName: Self.objectName)
        var problems = audit.problems

        let postingOfEntry = Dictionary(rows.map { ($0.record.sequence, $0.posting) }, uniquingKeysWith: { a, _ in a })
        var referencing: [String: [DocumentRecord]] = [:]
        for row in documents where (scope == nil || postingOfEntry[row.entrySequence] == scope)
            && ContentHash.isWellFormed(row.sha256) {
            referencing[row.sha256, default: []].append(row)
        }
        let wanted = Array(referencing.keys)
        let named = Set(documents.map(\.sha256))
        // Stream the stored bytes: all rows (to find rows no entry names) or only the posting's.
        let found: (hashes: [String: String], bytes: Int64, unnamed: [String]) = try await database.connection { connection, logger in
            let query: PostgresQuery = scope == nil
                ? "SELECT sha256, content FROM archive_object WHERE tenant = \(tenant)"
                : "SELECT sha256, content FROM archive_object WHERE tenant = \(tenant) AND sha256 = ANY(\(wanted))"
            var hashes: [String: String] = [:]
            var bytes: Int64 = 0
            var unnamed: [String] = []
            for try await (key, content) in try await connection.query(query, logger: logger).decode((String, Data).self) {
                if !named.contains(key) { unnamed.append(key) }
                guard referencing[key] != nil else { continue }
                hashes[key] = ContentHash.sha256(content)
                bytes += Int64(content.count)
            }
            return (hashes, bytes, unnamed)
        }
        for expected in wanted.sorted() {
            for row in referencing[expected] ?? [] {
                let posting = postingOfEntry[row.entrySequence]
                let label = ArchiveProblem.label(kind: row.kind, name: row.name)
                guard let actual = found.hashes[expected] else {
                    problems.append(ArchiveProblem(code: .missing, entry: row.entrySequence, posting: posting,
                                                   file: Self.objectName(expected), key: "archive.problem.missing", label))
                    continue
                }
                if actual != expected {
                    problems.append(ArchiveProblem(
                        code: .tampered, entry: row.entrySequence, posting: posting, file: Self.objectName(expected),
                        key: "archive.problem.altered", label.merging(["hash": .data(String(actual.prefix(16)))]) { $1 }))
                }
            }
        }
        if !found.unnamed.isEmpty {
            let lost = found.unnamed.sorted()
            let shown = lost.prefix(3).map { "\($0.prefix(16))…" }.joined(separator: ", ")
            problems.append(ArchiveProblem(
                code: .chainBroken, file: lost.count == 1 ? Self.objectName(lost[0]) : nil,
                key: "archive.problem.lostRows", ["count": .data(String(lost.count)), "files": .data(shown + (lost.count > 3 ? ", …" : "")),
                                                  "verifyCommand": .data("faktura archive verify --head")]))
        }
        let head = rows.last.map {
            ChainHead(sequence: $0.record.sequence, entryHash: $0.record.entryHash, recordedAt: $0.record.recordedAt)
        }
        return StoreVerification(entries: rows.count, objectsChecked: found.hashes.count, bytesHashed: found.bytes,
                                 orphanObjects: 0, head: head, expectedHead: expectedHead,
                                 expectedHeadEntry: audit.expectedHeadEntry, problems: problems,
                                 chain: Dictionary(rows.map { ($0.record.sequence, $0.record.entryHash) },
                                                   uniquingKeysWith: { a, _ in a }))
    }
}
