public import Foundation

/// A tenant's archive in a folder: an ``EvidenceStore`` (files + SQLite) behind the
/// ``EvidenceArchive`` interface. Its work blocks on disk and SQLite locks, so it runs on a
/// thread of its own, never on the caller's task executor.
public struct FolderArchive: EvidenceArchive {
    /// The store, for the synchronous API (the CLI, tests, benchmarks).
    public let store: EvidenceStore
    public let tenant: TenantName

    public init(store: EvidenceStore, tenant: TenantName = .default) {
        self.store = store
        self.tenant = tenant
    }

    /// Opens (with `create`, makes) the store at `folder`, off the caller's executor.
    public static func open(at folder: URL, tenant: TenantName, create: Bool,
                            clock: @escaping @Sendable () -> Date = { Date() }) async throws(ArchiveError) -> FolderArchive {
        try await offload { () throws(ArchiveError) in
            FolderArchive(store: try EvidenceStore(at: folder, create: create, clock: clock), tenant: tenant)
        }
    }

    public var locationDescription: String { store.location.path }
    public var clock: @Sendable () -> Date { store.clock }

    public func append(_ submissions: [EntrySubmission]) async throws(ArchiveError) -> [AppendOutcome] {
        try await Self.offload { () throws(ArchiveError) in try store.append(submissions) }
    }

    public func head() async throws(ArchiveError) -> ChainHead? {
        try await Self.offload { () throws(ArchiveError) in try store.head() }
    }

    public func entries(posting: String) async throws(ArchiveError) -> [ArchiveEntry] {
        try await Self.offload { () throws(ArchiveError) in try store.entries(posting: posting) }
    }

    public func entries(in range: ClosedRange<Int64>) async throws(ArchiveError) -> [ArchiveEntry] {
        try await Self.offload { () throws(ArchiveError) in try store.entries(in: range) }
    }

    public func content(of document: ArchivedDocument) async throws(ArchiveError) -> Data {
        try await Self.offload { () throws(ArchiveError) in try store.content(of: document) }
    }

    public func verify(expectedHead: String?, posting: String?) async throws(ArchiveError) -> StoreVerification {
        try await Self.offload { () throws(ArchiveError) in try store.verify(expectedHead: expectedHead, posting: posting) }
    }

    public func close() async {}

    /// Runs blocking work on a global queue and resumes the caller when it is done.
    private static func offload<T: Sendable>(_ work: @escaping @Sendable () throws(ArchiveError) -> T) async throws(ArchiveError) -> T {
        let result: Result<T, ArchiveError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(ArchiveError) in try work() })
            }
        }
        return try result.get()
    }
}
