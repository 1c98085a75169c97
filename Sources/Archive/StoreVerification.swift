import Foundation
import GRDB
public import Findings

/// A problem `verify` found in a store. The codes are docs/validation.md's finding codes.
public struct ArchiveProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// A stored file's content differs from its hash.
        case tampered = "ARCHIVE_TAMPERED"
        /// A stored file is gone.
        case missing = "ARCHIVE_MISSING"
        /// An entry was changed or removed, or the kept head is no longer in the chain.
        case chainBroken = "ARCHIVE_CHAIN_BROKEN"
        /// A time-stamp token over the chain head does not prove what it names.
        case timestampInvalid = "ARCHIVE_TIMESTAMP_INVALID"
    }

    public var code: Code
    /// The entry's sequence number, when the problem belongs to one.
    public var entry: Int64?
    public var posting: String?
    /// The stored file, relative to the store (`objects/ab/cdef…`), when one is involved.
    public var file: String?
    /// What is wrong, in English.
    public var message: String
    /// The same as a catalogue text (`archive.problem.*`), which any language can write.
    public var text: MessageText?

    public init(code: Code, entry: Int64? = nil, posting: String? = nil, file: String? = nil, message: String) {
        self.code = code
        self.entry = entry
        self.posting = posting
        self.file = file
        self.message = message
    }

    /// A problem whose message is the catalogue's text `key` with its values.
    public init(code: Code, entry: Int64? = nil, posting: String? = nil, file: String? = nil,
                key: String, _ arguments: [String: MessageArgument] = [:]) {
        let text = MessageText(key, arguments)
        self.init(code: code, entry: entry, posting: posting, file: file, message: text.english)
        self.text = text
    }

    /// A stored document named in a problem (`kind 'name'`): its kind as the index records it, and its name.
    static func label(kind: String, name: String) -> [String: MessageArgument] {
        ["kind": .data(kind), "name": .data(name)]
    }

    /// `entry 12 (posting P), objects/ab/cdef…` — where the problem is.
    public var location: String? {
        var parts: [String] = []
        if let entry { parts.append("entry \(entry)" + (posting.map { " (posting \($0))" } ?? "")) }
        if let file { parts.append(file) }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    public var description: String {
        "\(code.rawValue) \(location.map { "\($0): " } ?? "")\(message)"
    }
}

/// The result of ``EvidenceStore/verify(expectedHead:)``.
public struct StoreVerification: Sendable, Hashable {
    /// Entries walked.
    public var entries: Int
    /// Distinct stored files re-hashed.
    public var objectsChecked: Int
    public var bytesHashed: Int64
    /// Files under `objects/` that no entry names but an interrupted add's journal lists
    /// (harmless: the next add of the same bytes reuses them). Files that no entry names and
    /// no journal lists are an ``ArchiveProblem/Code/chainBroken`` problem: entries were lost.
    public var orphanObjects: Int
    public var head: ChainHead?
    /// The head hash that was to be proved, and the entry that carries it if found.
    public var expectedHead: String?
    public var expectedHeadEntry: Int64?
    public var problems: [ArchiveProblem]
    /// Every entry's hash by its number, as the index holds them (what time-stamp tokens are checked against).
    public var chain: [Int64: String] = [:]
    /// The time-stamp tokens checked (``EvidenceArchive/verify(expectedHead:posting:timestampAuthority:)``).
    public var timestamps = ChainTimestamps.Audit()

    /// True when nothing was found.
    public var isIntact: Bool { problems.isEmpty }
}

extension EvidenceStore {
    /// Re-hashes every stored file an entry names and walks the chain from the first entry.
    /// - Parameter expectedHead: a head hash kept elsewhere (full, or a unique prefix of at
    ///   least 8 hex digits); the result says whether that entry is still in the chain.
    /// - Parameter posting: re-hash only this posting's files (the chain is always walked whole).
    public func verify(expectedHead: String? = nil, posting scope: String? = nil) throws(ArchiveError) -> StoreVerification {
        let (entries, postings, documents) = try withIndex {
            try database.read { db in
                (try EntryRecord.order(Column("sequence")).fetchAll(db),
                 Dictionary(try PostingRecord.fetchAll(db).map { ($0.id ?? -1, $0.number) }, uniquingKeysWith: { a, _ in a }),
                 try DocumentRecord.order(Column("entrySequence"), Column("position")).fetchAll(db))
            }
        }
        let audit = try ChainAudit.check(entries: entries, postings: postings, documents: documents,
                                         expectedHead: expectedHead, fileName: ObjectStore.relativePath(of:))
        var problems = audit.problems
        let expectedHeadEntry = audit.expectedHeadEntry
        // The files, re-hashed in parallel.
        let postingOfEntry = Dictionary(entries.map { ($0.sequence, postings[$0.postingId]) }, uniquingKeysWith: { a, _ in a })
        var referencing: [String: [DocumentRecord]] = [:]
        for row in documents where (scope == nil || (postingOfEntry[row.entrySequence] ?? nil) == scope)
            && ContentHash.isWellFormed(row.sha256) {
            referencing[row.sha256, default: []].append(row)
        }
        let hashes = referencing.keys.sorted()
        let results = ConcurrentResults<Result<(hash: String, size: Int64)?, ArchiveError>>(count: hashes.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, hashes.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: hashes.count, by: workers) {
                results.set(index, Result { () throws(ArchiveError) in
                    try ContentHash.sha256(fileAt: try objects.path(of: hashes[index]))
                })
            }
        }
        var bytesHashed: Int64 = 0
        let values = results.values
        for (index, expected) in hashes.enumerated() {
            let file = ObjectStore.relativePath(of: expected)
            for row in referencing[expected] ?? [] {
                let posting = postingOfEntry[row.entrySequence] ?? nil
                let label = ArchiveProblem.label(kind: row.kind, name: row.name)
                switch values[index] {
                case .success(nil), .none:
                    problems.append(ArchiveProblem(code: .missing, entry: row.entrySequence, posting: posting, file: file,
                                                   key: "archive.problem.missing", label))
                case .success(let found?):
                    if found.hash != expected {
                        problems.append(ArchiveProblem(
                            code: .tampered, entry: row.entrySequence, posting: posting, file: file,
                            key: "archive.problem.altered", label.merging(["hash": .data(String(found.hash.prefix(16)))]) { $1 }))
                    }
                case .failure(let error):
                    problems.append(ArchiveProblem(code: .missing, entry: row.entrySequence, posting: posting, file: file,
                                                   key: "archive.problem.unreadable", label.merging(["englishDetail": .data("\(error)")]) { $1 }))
                }
            }
            if case .success(let found?) = values[index] { bytesHashed += found.size }
        }

        // Files no entry names: an interrupted add's (its journal lists them), or entries lost
        // from the index (deleted, replaced, or restored from an older copy).
        var orphans = 0
        if scope == nil {
            let named = Set(documents.map(\.sha256))
            let unnamed = objects.storedHashes().subtracting(named)
            let journaled = unnamed.intersection(objects.journaledHashes())
            orphans = journaled.count
            let lost = unnamed.subtracting(journaled).sorted()
            if !lost.isEmpty {
                let shown = lost.prefix(3).map(ObjectStore.relativePath(of:)).joined(separator: ", ")
                problems.append(ArchiveProblem(
                    code: .chainBroken, file: lost.count == 1 ? ObjectStore.relativePath(of: lost[0]) : nil,
                    key: "archive.problem.lostEntries", ["count": .data(String(lost.count)), "files": .data(shown + (lost.count > 3 ? ", …" : "")),
                                                        "advice": EvidenceStore.restoreAdviceText]))
            }
        }
        let head = entries.last.map { ChainHead(sequence: $0.sequence, entryHash: $0.entryHash, recordedAt: $0.recordedAt) }
        return StoreVerification(entries: entries.count, objectsChecked: hashes.count, bytesHashed: bytesHashed,
                                 orphanObjects: orphans, head: head, expectedHead: expectedHead,
                                 expectedHeadEntry: expectedHeadEntry, problems: problems,
                                 chain: Dictionary(entries.map { ($0.sequence, $0.entryHash) }, uniquingKeysWith: { a, _ in a }))
    }
}

/// Result slots filled from several threads.
final class ConcurrentResults<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Value?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
