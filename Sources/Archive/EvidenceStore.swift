public import Foundation
import GRDB
import Findings

/// A tamper-evident evidence store: files kept once by SHA-256 under `objects/`, an SQLite
/// index (`index.sqlite`, WAL mode) and a hash chain over the entries.
///
/// ```swift
/// let store = try EvidenceStore(at: URL(fileURLWithPath: "/tmp/archive"), create: true)
/// let outcome = try store.append([EntrySubmission(posting: "0123456789-0001-1", documents: [
///     DocumentSubmission(kind: .pdf, name: "invoice.pdf", mediaType: "application/pdf", content: pdf)],
///     agent: "faktura 0.1.0")])
/// let report = try store.verify()          // report.problems is empty
/// ```
///
/// Several processes may use one store at once: SQLite serialises the writers (busy timeout
/// 30 s) and each append reads the chain head inside its own `IMMEDIATE` transaction.
public final class EvidenceStore: Sendable {
    /// The store folder.
    public let location: URL
    let objects: ObjectStore
    let database: DatabaseQueue
    /// The time recorded in new entries.
    public let clock: @Sendable () -> Date

    /// Where the index lives inside the store.
    public static let indexFileName = "index.sqlite"

    /// `$FAKTURA_HOME/archive`, else `~/.local/share/faktura/archive`.
    public static func defaultLocation(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let home = environment["FAKTURA_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home).appendingPathComponent("archive")
        }
        let userHome = environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return userHome.appendingPathComponent(".local/share/faktura/archive")
    }

    /// Opens a store; with `create`, makes the folder and index when they are not there.
    /// - Parameter clock: the time recorded in new entries (tests pass a fixed one).
    public init(at location: URL, create: Bool = false,
                clock: @escaping @Sendable () -> Date = { Date() }) throws(ArchiveError) {
        self.location = location.standardizedFileURL
        self.objects = ObjectStore(root: self.location)
        self.clock = clock
        let indexPath = self.location.appendingPathComponent(Self.indexFileName).path
        if create {
            if (try? FileManager.default.createDirectory(at: self.location, withIntermediateDirectories: true)) == nil {
                throw .storeUnavailable(path: self.location.path, reason: "cannot create the folder")
            }
            try objects.createFolders()
        } else if !FileManager.default.fileExists(atPath: indexPath) {
            let stored = ObjectStore(root: self.location).storedHashes().count
            guard stored == 0 else {
                throw .storeUnavailable(path: self.location.path, reason: "the index \(Self.indexFileName) is gone but objects/ "
                    + "still holds \(stored) stored file(s): the archive lost its entries. " + Self.restoreAdvice)
            }
            throw .storeUnavailable(path: self.location.path,
                                    reason: "no archive here (no \(Self.indexFileName)); add a file first or give --store")
        }
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(30)
        configuration.label = "faktura-archive"
        configuration.prepareDatabase { db in
            // Evidence must survive a power cut once `add` has said it is stored.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        // Creating the file and migrating it happen under a file lock, so two processes that
        // open a new store at once do not race on the schema.
        let lock = try StoreLock(path: self.location.appendingPathComponent("lock").path)
        defer { lock.release() }
        do {
            database = try DatabaseQueue(path: indexPath, configuration: configuration)
            try IndexSchema.migrator.migrate(database)
        } catch {
            throw .index(path: indexPath, reason: String(describing: error))
        }
    }

    var indexPath: String { location.appendingPathComponent(Self.indexFileName).path }

    /// How to get the entries back when the index lost them (the files themselves are intact).
    /// ``restoreAdvice`` as a catalogue text: the commands are values, the same in every language.
    static var restoreAdviceText: MessageArgument {
        .key("archive.restoreAdvice", ["index": .data(indexFileName), "verifyCommand": .data("faktura archive verify --head"),
                                       "grepCommand": .data("grep -rl %PDF- objects/"),
                                       "addCommand": .data("faktura archive add --posting NUMBER FILE")])
    }

    static let restoreAdvice = "Restore \(indexFileName) from a backup (then 'faktura archive verify --head' with the "
        + "head hash kept elsewhere). Without a backup, move the store aside and add the PDFs again from its "
        + "objects/ folder (files starting with %PDF-: 'grep -rl %PDF- objects/'), each with its posting: "
        + "'faktura archive add --posting NUMBER FILE'; the old chain cannot be proved, so keep the old folder."

    /// Runs index work, turning SQLite failures into ``ArchiveError/index(path:reason:)``.
    func withIndex<T>(_ work: () throws -> T) throws(ArchiveError) -> T {
        do {
            return try work()
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw .index(path: indexPath, reason: String(describing: error))
        }
    }

    // MARK: Appending

    /// What ``append(_:)`` did with one submission.
    public typealias AppendOutcome = Archive.AppendOutcome

    /// Appends entries, all or none: files are stored and flushed first, then the index
    /// rows and chain links are written in one `IMMEDIATE` transaction.
    public func append(_ submissions: [EntrySubmission]) throws(ArchiveError) -> [AppendOutcome] {
        guard !submissions.isEmpty else { return [] }
        objects.removeStaleTemporaryFiles()
        for submission in submissions where submission.posting.isEmpty {
            throw .invalidInput(path: submission.documents.first?.name ?? "entry", reason: "empty posting number")
        }
        // Hash everything, then store the files of the whole batch in one durable step.
        let hashed = submissions.map { submission in
            submission.documents.map { (content: $0.content, sha256: ContentHash.sha256($0.content)) }
        }
        // The journal names the files before they exist, so that `verify` can tell what a crash
        // left behind from files whose entries were lost; it goes once the index holds them.
        let journal = try objects.writeJournal(hashed.flatMap { $0.map(\.sha256) })
        let writes = try objects.store(hashed.flatMap { $0 })
        var prepared: [(EntrySubmission, [ArchivedDocument], reused: Int)] = []
        var offset = 0
        for (submission, files) in zip(submissions, hashed) {
            let documents = zip(submission.documents, files).map { document, file in
                ArchivedDocument(kind: document.kind, name: document.name, mediaType: document.mediaType,
                                 size: Int64(document.content.count), sha256: file.sha256)
            }
            let reused = writes[offset..<offset + files.count].count { if case .reused = $0 { true } else { false } }
            offset += files.count
            prepared.append((submission, documents, reused))
        }

        let outcomes = try withIndex {
            var outcomes: [AppendOutcome] = []
            try database.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    var head = try Self.headRow(db, indexPath: indexPath)
                    for (submission, documents, reused) in prepared {
                        let postingID = try Self.postingID(for: submission.posting, db)
                        if let existing = try Self.matchingEntry(postingID: postingID, posting: submission.posting,
                                                                 documents: documents, db) {
                            outcomes.append(.alreadyArchived(existing))
                            continue
                        }
                        let entry = ArchiveEntry.next(after: head, submission: submission, documents: documents,
                                                         recordedAt: clock())
                        try EntryRecord(entry, postingID: postingID).insert(db)
                        for (position, document) in documents.enumerated() {
                            var row = DocumentRecord(id: nil, entrySequence: entry.sequence, position: position,
                                                     kind: document.kind.rawValue, name: document.name,
                                                     mediaType: document.mediaType, size: document.size,
                                                     sha256: document.sha256)
                            try row.insert(db)
                        }
                        head = entry.link
                        outcomes.append(.appended(entry, reusedDocuments: reused))
                    }
                    return .commit
                }
            }
            return outcomes
        }
        objects.removeJournal(journal)
        return outcomes
    }

    /// The newest entry; refused when its number is outside what append writes, so that the
    /// next number never overflows.
    private static func headRow(_ db: Database, indexPath: String) throws -> ArchiveEntry.Link? {
        guard let row = try Row.fetchOne(db, sql: "SELECT sequence, entryHash FROM entry ORDER BY sequence DESC LIMIT 1")
        else { return nil }
        let sequence: Int64 = row["sequence"]
        guard ArchiveEntry.sequenceRange.contains(sequence) && sequence < ArchiveEntry.sequenceRange.upperBound else {
            throw ArchiveError.index(path: indexPath, reason: "the newest entry has number \(sequence), outside "
                + "\(ArchiveEntry.sequenceRange.lowerBound)…\(ArchiveEntry.sequenceRange.upperBound): the index was edited; "
                + "run 'faktura archive verify' and restore index.sqlite from a backup")
        }
        return (sequence, row["entryHash"])
    }

    private static func postingID(for number: String, _ db: Database) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM posting WHERE number = ?", arguments: [number]) {
            return id
        }
        var record = PostingRecord(id: nil, number: number)
        try record.insert(db)
        return record.id!
    }

    /// An entry of the posting with the same PDF, data and receipt (the validation report is
    /// left out: a newer Faktura may word it differently, and that is not new evidence).
    private static func matchingEntry(postingID: Int64, posting: String, documents: [ArchivedDocument],
                                      _ db: Database) throws -> ArchiveEntry? {
        func evidence(_ documents: [ArchivedDocument]) -> [String] {
            documents.filter { $0.kind != .validationReport }.map { "\($0.kind.rawValue) \($0.sha256)" }.sorted()
        }
        let wanted = evidence(documents)
        // Only entries of this posting that hold one of the same files can match.
        guard let probe = documents.first(where: { $0.kind != .validationReport }) else { return nil }
        let candidates = try EntryRecord.fetchAll(db, sql: """
            SELECT * FROM entry WHERE postingId = ? AND sequence IN
                (SELECT entrySequence FROM document WHERE sha256 = ? AND kind = ?)
            ORDER BY sequence
            """, arguments: [postingID, probe.sha256, probe.kind.rawValue])
        for candidate in candidates {
            let rows = try DocumentRecord.filter(Column("entrySequence") == candidate.sequence).fetchAll(db)
            let entry = candidate.entry(posting: posting, documents: rows)
            if evidence(entry.documents) == wanted { return entry }
        }
        return nil
    }

    // MARK: Reading

    /// The newest entry, or nil for an empty store.
    public func head() throws(ArchiveError) -> ChainHead? {
        try withIndex {
            try database.read { db in
                try EntryRecord.order(Column("sequence").desc).fetchOne(db).map {
                    ChainHead(sequence: $0.sequence, entryHash: $0.entryHash, recordedAt: $0.recordedAt)
                }
            }
        }
    }

    /// All entries of a posting, oldest first (empty when the posting is unknown).
    public func entries(posting: String) throws(ArchiveError) -> [ArchiveEntry] {
        try withIndex {
            try database.read { db in
                guard let postingID = try Int64.fetchOne(db, sql: "SELECT id FROM posting WHERE number = ?",
                                                         arguments: [posting]) else { return [] }
                let rows = try EntryRecord.filter(Column("postingId") == postingID).order(Column("sequence")).fetchAll(db)
                return try rows.map { row in
                    let documents = try DocumentRecord.filter(Column("entrySequence") == row.sequence).fetchAll(db)
                    return row.entry(posting: posting, documents: documents)
                }
            }
        }
    }

    /// The entries numbered within `range`, of every posting, oldest first.
    public func entries(in range: ClosedRange<Int64>) throws(ArchiveError) -> [ArchiveEntry] {
        try withIndex {
            try database.read { db in
                let postings = Dictionary(try PostingRecord.fetchAll(db).map { ($0.id ?? -1, $0.number) },
                                          uniquingKeysWith: { a, _ in a })
                let rows = try EntryRecord.filter(range.contains(Column("sequence"))).order(Column("sequence")).fetchAll(db)
                let documents = Dictionary(grouping: try DocumentRecord.filter(range.contains(Column("entrySequence"))).fetchAll(db),
                                           by: \.entrySequence)
                return rows.map { $0.entry(posting: postings[$0.postingId] ?? "", documents: documents[$0.sequence] ?? []) }
            }
        }
    }

    /// Number of entries in the chain.
    public func entryCount() throws(ArchiveError) -> Int {
        try withIndex { try database.read { db in try EntryRecord.fetchCount(db) } }
    }

    /// The bytes of a stored document, checked against its hash.
    public func content(of document: ArchivedDocument) throws(ArchiveError) -> Data {
        try objects.read(document.sha256)
    }

    /// The path of a stored document's file (read-only).
    public func fileURL(of document: ArchivedDocument) throws(ArchiveError) -> URL {
        URL(fileURLWithPath: try objects.path(of: document.sha256))
    }
}

extension EntryRecord {
    init(_ entry: ArchiveEntry, postingID: Int64) {
        self.init(sequence: entry.sequence, postingId: postingID, marketplace: entry.marketplace,
                  orderNumber: entry.orderNumber, recordedAt: entry.recordedAt,
                  invoiceNumber: entry.invoice?.number, invoiceDate: entry.invoice?.date,
                  currency: entry.invoice?.currency, amountWithVatMinor: entry.invoice?.amountWithVatMinor,
                  minorUnits: entry.invoice?.minorUnits, agent: entry.agent, previousHash: entry.previousHash,
                  entryHash: entry.entryHash)
    }
}

/// An exclusive `flock` on a file in the store, held while the index is created or migrated.
struct StoreLock {
    private let descriptor: Int32

    init(path: String) throws(ArchiveError) {
        descriptor = open(path, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw .storeUnavailable(path: path, reason: systemErrorText()) }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno != EINTR {
                close(descriptor)
                throw .storeUnavailable(path: path, reason: "cannot lock: \(systemErrorText())")
            }
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
