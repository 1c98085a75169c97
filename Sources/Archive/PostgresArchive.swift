import Foundation
import Logging
import PostgresNIO

/// One tenant's archive in PostgreSQL: the stored files (`archive_object`, bytea, one row per
/// SHA-256 and tenant), the entries and their documents, one hash chain per tenant.
///
/// Appends are serialised in the database, not in the process: each runs in one transaction
/// that first takes `pg_advisory_xact_lock(FAKT, hashtext(tenant))`, then reads the tenant's
/// chain head, writes the files, the entry and its documents, and commits. Writers of one
/// tenant (in any number of processes or machines) thus queue for the lock and each links to
/// the head the one before committed; other tenants' writers do not wait. The lock goes with
/// the transaction, also when the writer's process dies (the server ends its session), and a
/// transaction that did not commit leaves nothing: no half entry, no file without an entry.
struct PostgresArchive: EvidenceArchive {
    let database: PostgresArchiveDatabase
    let tenant: TenantName
    /// True when this archive opened the database itself and closes it.
    let ownsDatabase: Bool
    let clock: @Sendable () -> Date

    var locationDescription: String { "\(database.server) (tenant \(tenant))" }

    func close() async {
        if ownsDatabase { await database.close() }
    }

    /// How problems name a stored file.
    static func objectName(_ sha256: String) -> String { "object \(sha256)" }

    // MARK: Appending

    func append(_ submissions: [EntrySubmission]) async throws(ArchiveError) -> [AppendOutcome] {
        guard !submissions.isEmpty else { return [] }
        for submission in submissions where submission.posting.isEmpty {
            throw .invalidInput(path: submission.documents.first?.name ?? "entry", reason: "empty posting number")
        }
        // Hashing happens before the lock is taken, so that the lock is held only for the writes.
        let prepared = submissions.map { submission in
            (submission, submission.documents.map { document in
                (document, ArchivedDocument(kind: document.kind, name: document.name, mediaType: document.mediaType,
                                            size: Int64(document.content.count), sha256: ContentHash.sha256(document.content)))
            })
        }
        let tenant = tenant.rawValue
        let clock = clock
        let server = database.server
        return try await database.transaction { connection, logger in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.lockClass), hashtext(\(tenant)))",
                                       logger: logger)
            var head = try await Self.headRow(connection, tenant: tenant, server: server, logger: logger)
            var outcomes: [AppendOutcome] = []
            for (submission, files) in prepared {
                let documents = files.map(\.1)
                if let existing = try await Self.matchingEntry(connection, tenant: tenant, posting: submission.posting,
                                                               documents: documents, logger: logger) {
                    outcomes.append(.alreadyArchived(existing))
                    continue
                }
                var reused = 0
                for (document, archived) in files {
                    let inserted = try await connection.query("""
                        INSERT INTO archive_object (tenant, sha256, size, content)
                        VALUES (\(tenant), \(archived.sha256), \(archived.size), \(document.content))
                        ON CONFLICT (tenant, sha256) DO NOTHING RETURNING sha256
                        """, logger: logger).collect()
                    if inserted.isEmpty { reused += 1 }
                }
                let entry = ArchiveEntry.next(after: head, submission: submission, documents: documents,
                                                 recordedAt: clock())
                try await connection.query("""
                    INSERT INTO archive_entry (tenant, sequence, posting, marketplace, order_number, recorded_at,
                        invoice_number, invoice_date, currency, amount_with_vat_minor, minor_units, agent,
                        previous_hash, entry_hash)
                    VALUES (\(tenant), \(entry.sequence), \(entry.posting), \(entry.marketplace), \(entry.orderNumber),
                        \(entry.recordedAt), \(entry.invoice?.number), \(entry.invoice?.date), \(entry.invoice?.currency),
                        \(entry.invoice?.amountWithVatMinor), \(entry.invoice.map { Int32(clamping: $0.minorUnits) }),
                        \(entry.agent), \(entry.previousHash), \(entry.entryHash))
                    """, logger: logger)
                for (position, document) in documents.enumerated() {
                    try await connection.query("""
                        INSERT INTO archive_document (tenant, entry_sequence, position, kind, name, media_type, size, sha256)
                        VALUES (\(tenant), \(entry.sequence), \(Int32(position)), \(document.kind.rawValue), \(document.name),
                            \(document.mediaType), \(document.size), \(document.sha256))
                        """, logger: logger)
                }
                head = entry.link
                outcomes.append(.appended(entry, reusedDocuments: reused))
            }
            return outcomes
        }
    }

    /// The tenant's newest entry; refused when its number is outside what append writes.
    private static func headRow(_ connection: PostgresConnection, tenant: String, server: String,
                                logger: Logger) async throws -> ArchiveEntry.Link? {
        let rows = try await connection.query("""
            SELECT sequence, entry_hash FROM archive_entry WHERE tenant = \(tenant) ORDER BY sequence DESC LIMIT 1
            """, logger: logger).collect()
        guard let row = rows.first else { return nil }
        let (sequence, hash) = try row.decode((Int64, String).self)
        guard ArchiveEntry.sequenceRange.contains(sequence) && sequence < ArchiveEntry.sequenceRange.upperBound else {
            throw ArchiveError.database(server: server, reason: "tenant \(tenant): the newest entry has number \(sequence), "
                + "outside \(ArchiveEntry.sequenceRange.lowerBound)…\(ArchiveEntry.sequenceRange.upperBound): the table "
                + "archive_entry was edited; run 'faktura archive verify' and restore the database from a backup")
        }
        return (sequence, hash)
    }

    /// An entry of the posting with the same PDF, data and receipt (as the folder store does:
    /// the validation report is left out).
    private static func matchingEntry(_ connection: PostgresConnection, tenant: String, posting: String,
                                      documents: [ArchivedDocument], logger: Logger) async throws -> ArchiveEntry? {
        func evidence(_ documents: [ArchivedDocument]) -> [String] {
            documents.filter { $0.kind != .validationReport }.map { "\($0.kind.rawValue) \($0.sha256)" }.sorted()
        }
        guard let probe = documents.first(where: { $0.kind != .validationReport }) else { return nil }
        let wanted = evidence(documents)
        let sequences = try await connection.query("""
            SELECT DISTINCT d.entry_sequence FROM archive_document d
            JOIN archive_entry e ON e.tenant = d.tenant AND e.sequence = d.entry_sequence
            WHERE d.tenant = \(tenant) AND e.posting = \(posting) AND d.sha256 = \(probe.sha256) AND d.kind = \(probe.kind.rawValue)
            """, logger: logger).collect().map { try $0.decode(Int64.self) }
        guard !sequences.isEmpty else { return nil }
        let candidates = try await loadEntries(connection, tenant: tenant, posting: posting, only: sequences, logger: logger)
        return candidates.first { evidence($0.documents) == wanted }
    }

    // MARK: Reading

    func head() async throws(ArchiveError) -> ChainHead? {
        let tenant = tenant.rawValue
        return try await database.connection { connection, logger in
            let rows = try await connection.query("""
                SELECT sequence, entry_hash, recorded_at FROM archive_entry WHERE tenant = \(tenant)
                ORDER BY sequence DESC LIMIT 1
                """, logger: logger).collect()
            return try rows.first.map { row in
                let (sequence, hash, recordedAt) = try row.decode((Int64, String, String).self)
                return ChainHead(sequence: sequence, entryHash: hash, recordedAt: recordedAt)
            }
        }
    }

    func entries(posting: String) async throws(ArchiveError) -> [ArchiveEntry] {
        let tenant = tenant.rawValue
        return try await database.connection { connection, logger in
            try await Self.loadEntries(connection, tenant: tenant, posting: posting, logger: logger)
        }
    }

    func entries(in range: ClosedRange<Int64>) async throws(ArchiveError) -> [ArchiveEntry] {
        let tenant = tenant.rawValue
        return try await database.connection { connection, logger in
            let records = try await connection.query("""
                SELECT \(unescaped: Self.entryColumns) FROM archive_entry
                WHERE tenant = \(tenant) AND sequence BETWEEN \(range.lowerBound) AND \(range.upperBound) ORDER BY sequence
                """, logger: logger).collect().map(Self.entryRecord)
            guard !records.isEmpty else { return [] }
            let documents = try await Self.loadDocuments(connection, tenant: tenant, sequences: records.map(\.record.sequence),
                                                         logger: logger)
            return records.map { $0.record.entry(posting: $0.posting, documents: documents[$0.record.sequence] ?? []) }
        }
    }

    func content(of document: ArchivedDocument) async throws(ArchiveError) -> Data {
        let tenant = tenant.rawValue
        let name = Self.objectName(document.sha256)
        let stored: Data? = try await database.connection { connection, logger in
            let rows = try await connection.query("""
                SELECT content FROM archive_object WHERE tenant = \(tenant) AND sha256 = \(document.sha256)
                """, logger: logger).collect()
            return try rows.first?.decode(Data.self)
        }
        guard let stored else {
            throw .unreadable(path: name, reason: "the stored file is missing; run 'faktura archive verify'")
        }
        let actual = ContentHash.sha256(stored)
        guard actual == document.sha256 else { throw .contentMismatch(path: name, expected: document.sha256, actual: actual) }
        return stored
    }

    /// A posting's entries (all, or those numbered `only`), oldest first.
    private static func loadEntries(_ connection: PostgresConnection, tenant: String, posting: String,
                                    only sequences: [Int64]? = nil, logger: Logger) async throws -> [ArchiveEntry] {
        let query: PostgresQuery = if let sequences {
            """
            SELECT \(unescaped: entryColumns) FROM archive_entry
            WHERE tenant = \(tenant) AND posting = \(posting) AND sequence = ANY(\(sequences)) ORDER BY sequence
            """
        } else {
            """
            SELECT \(unescaped: entryColumns) FROM archive_entry
            WHERE tenant = \(tenant) AND posting = \(posting) ORDER BY sequence
            """
        }
        let records = try await connection.query(query, logger: logger).collect().map(entryRecord)
        guard !records.isEmpty else { return [] }
        let documents = try await loadDocuments(connection, tenant: tenant, sequences: records.map(\.record.sequence),
                                                logger: logger)
        return records.map { $0.record.entry(posting: $0.posting, documents: documents[$0.record.sequence] ?? []) }
    }

    static let entryColumns = """
        sequence, posting, marketplace, order_number, recorded_at, invoice_number, invoice_date, currency, \
        amount_with_vat_minor, minor_units, agent, previous_hash, entry_hash
        """

    /// An `archive_entry` row as the index record the chain checks share (posting ids are
    /// numbered here: PostgreSQL keeps the posting number in the row).
    static func entryRecord(_ row: PostgresRow) throws -> (record: EntryRecord, posting: String) {
        let columns = row.makeRandomAccess()
        let posting = try columns["posting"].decode(String.self)
        let record = EntryRecord(
            sequence: try columns["sequence"].decode(Int64.self), postingId: 0,
            marketplace: try columns["marketplace"].decode(String?.self),
            orderNumber: try columns["order_number"].decode(String?.self),
            recordedAt: try columns["recorded_at"].decode(String.self),
            invoiceNumber: try columns["invoice_number"].decode(String?.self),
            invoiceDate: try columns["invoice_date"].decode(String?.self),
            currency: try columns["currency"].decode(String?.self),
            amountWithVatMinor: try columns["amount_with_vat_minor"].decode(Int64?.self),
            minorUnits: try columns["minor_units"].decode(Int32?.self).map(Int.init),
            agent: try columns["agent"].decode(String.self),
            previousHash: try columns["previous_hash"].decode(String.self),
            entryHash: try columns["entry_hash"].decode(String.self))
        return (record, posting)
    }

    static func documentRecord(_ row: PostgresRow) throws -> DocumentRecord {
        let columns = row.makeRandomAccess()
        return DocumentRecord(
            id: nil, entrySequence: try columns["entry_sequence"].decode(Int64.self),
            position: Int(try columns["position"].decode(Int32.self)),
            kind: try columns["kind"].decode(String.self), name: try columns["name"].decode(String.self),
            mediaType: try columns["media_type"].decode(String.self), size: try columns["size"].decode(Int64.self),
            sha256: try columns["sha256"].decode(String.self))
    }

    static let documentColumns = "entry_sequence, position, kind, name, media_type, size, sha256"

    private static func loadDocuments(_ connection: PostgresConnection, tenant: String, sequences: [Int64],
                                      logger: Logger) async throws -> [Int64: [DocumentRecord]] {
        let rows = try await connection.query("""
            SELECT \(unescaped: documentColumns) FROM archive_document
            WHERE tenant = \(tenant) AND entry_sequence = ANY(\(sequences)) ORDER BY entry_sequence, position
            """, logger: logger).collect()
        return Dictionary(grouping: try rows.map(documentRecord), by: \.entrySequence)
    }
}
