public import Foundation

/// One tenant's tamper-evident archive, wherever it is kept: a folder with an SQLite index
/// (``FolderArchive``) or a PostgreSQL database shared by several servers.
///
/// Every implementation keeps the same chain (``EntryEncoding``), reports the same
/// ``ArchiveProblem`` codes and appends atomically: an entry is there whole or not at all.
///
/// ```swift
/// let archive = try await ArchiveLocation.folder(url).open(tenant: .default, create: true)
/// defer { Task { await archive.close() } }
/// let outcomes = try await archive.append([submission])
/// let report = try await archive.verify(expectedHead: nil, posting: nil)
/// ```
public protocol EvidenceArchive: Sendable {
    /// Whose archive this is.
    var tenant: TenantName { get }
    /// Where it is kept, for messages: a folder path, or `postgres://host:port/db` (never a password).
    var locationDescription: String { get }
    /// The time recorded in new entries and bundles (tests pass a fixed one).
    var clock: @Sendable () -> Date { get }

    /// Appends entries, all or none, each linked to the chain head at the moment it is written.
    func append(_ submissions: [EntrySubmission]) async throws(ArchiveError) -> [AppendOutcome]
    /// The newest entry, or nil for an empty archive.
    func head() async throws(ArchiveError) -> ChainHead?
    /// All entries of a posting, oldest first (empty when the posting is unknown).
    func entries(posting: String) async throws(ArchiveError) -> [ArchiveEntry]
    /// The entries numbered within `range`, of every posting, oldest first, as the index holds them.
    func entries(in range: ClosedRange<Int64>) async throws(ArchiveError) -> [ArchiveEntry]
    /// The bytes of a stored document, checked against its hash.
    func content(of document: ArchivedDocument) async throws(ArchiveError) -> Data
    /// Re-hashes the stored files (all, or only `posting`'s) and walks the whole chain.
    /// - Parameter expectedHead: a head hash kept elsewhere (full, or a unique prefix of at
    ///   least 8 hex digits); the result says whether that entry is still in the chain.
    func verify(expectedHead: String?, posting: String?) async throws(ArchiveError) -> StoreVerification
    /// Releases connections or files; the archive is not used afterwards.
    func close() async
}
