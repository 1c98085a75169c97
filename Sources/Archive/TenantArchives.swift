import Foundation

/// The archives of all tenants at one location, for a long-running process (the server):
/// each tenant's archive is opened once, on first use, and closed together at the end.
///
/// ```swift
/// let archives = TenantArchives(location: .folder(root))
/// let archive = try await archives.archive(for: tenant)   // made when new
/// _ = try await archive.append([submission])
/// await archives.close()
/// ```
public actor TenantArchives {
    public nonisolated let location: ArchiveLocation
    private var open: [TenantName: any EvidenceArchive] = [:]
    /// The one connection pool all tenants of a database share.
    private var database: PostgresArchiveDatabase?

    public init(location: ArchiveLocation) {
        self.location = location
    }

    /// The tenant's archive, created when it does not exist yet (an empty archive answers
    /// every read with "nothing there": no entries, no head).
    public func archive(for tenant: TenantName) async throws(ArchiveError) -> any EvidenceArchive {
        if let archive = open[tenant] { return archive }
        let archive: any EvidenceArchive
        switch location {
        case .folder:
            archive = try await location.open(tenant: tenant, create: true)
        case .postgres(let url):
            if database == nil {
                let connected = try await PostgresArchiveDatabase.open(url)
                if database == nil { database = connected } else { await connected.close() }
            }
            archive = PostgresArchive(database: database!, tenant: tenant, ownsDatabase: false, clock: { Date() })
        }
        // Another call may have opened it while this one waited.
        if let earlier = open[tenant] {
            await archive.close()
            return earlier
        }
        open[tenant] = archive
        return archive
    }

    /// Closes every archive opened so far.
    public func close() async {
        let archives = open.values
        open = [:]
        for archive in archives { await archive.close() }
        await database?.close()
        database = nil
    }
}
