public import Foundation

/// Where a deployment keeps its archives: a folder (files + SQLite, the default) or a
/// PostgreSQL database that several servers share.
///
/// In a folder, tenant `default` is the folder itself (the layout the CLI has always used)
/// and any other tenant is `FOLDER/tenants/NAME/`, a store of the same layout. In PostgreSQL
/// every tenant has its own chain in the same tables.
public enum ArchiveLocation: Sendable, Hashable, CustomStringConvertible {
    case folder(URL)
    /// `postgres://user:password@host:port/database` (also `postgresql://`).
    case postgres(URL)

    /// The folder under a store that holds the other tenants' stores.
    public static let tenantsFolderName = "tenants"

    /// A database URL as given to `--database`, checked: scheme `postgres` or `postgresql`
    /// and a host (or a unix socket folder, `?host=/run/postgresql`).
    public static func database(_ text: String) throws(ArchiveError) -> ArchiveLocation {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql" else {
            throw .invalidInput(path: "--database", reason: "'\(Self.redacted(text))' is not a PostgreSQL URL; "
                + "write postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let socketFolder = components?.queryItems?.first { $0.name == "host" }?.value
        guard !(url.host ?? "").isEmpty || (socketFolder ?? "").hasPrefix("/") else {
            throw .invalidInput(path: "--database", reason: "'\(Self.redacted(text))' names no host; "
                + "write postgres://USER@HOST:PORT/DATABASE (for a unix socket: postgres://USER@localhost/DB?host=/run/postgresql)")
        }
        try checkPort(components?.port, of: text)
        return .postgres(url)
    }

    /// Refuses a port outside 1–65535: a TCP port is 16 bits, and a larger number would be
    /// cut to its low bits by the connection (99999999 would reach port 57599).
    static func checkPort(_ port: Int?, of text: String) throws(ArchiveError) {
        guard let port, !(1...65535).contains(port) else { return }
        throw .invalidInput(path: "--database", reason: "'\(redacted(text))' names port \(port); "
            + "a port is 1 to 65535 (PostgreSQL's own is 5432)")
    }

    /// The folder store of a tenant under a root folder.
    public static func folder(of tenant: TenantName, under root: URL) -> URL {
        tenant == .default ? root
            : root.appendingPathComponent(tenantsFolderName).appendingPathComponent(tenant.rawValue)
    }

    /// The location for messages: the folder path, or the database URL without its password.
    public var description: String {
        switch self {
        case .folder(let url): url.path
        case .postgres(let url): Self.redacted(url.absoluteString)
        }
    }

    /// Opens one tenant's archive. With `create`, a folder store that is not there yet is
    /// made (adding needs it; reading a folder store that does not exist is an error). A
    /// database is connected to and its tables made or migrated; ``EvidenceArchive/close()``
    /// disconnects.
    public func open(tenant: TenantName, create: Bool = false,
                     clock: @escaping @Sendable () -> Date = { Date() }) async throws(ArchiveError) -> any EvidenceArchive {
        switch self {
        case .folder(let root):
            return try await FolderArchive.open(at: Self.folder(of: tenant, under: root), tenant: tenant,
                                                create: create, clock: clock)
        case .postgres(let url):
            // The tables are made on connecting; a tenant without entries is an empty archive.
            let database = try await PostgresArchiveDatabase.open(url)
            return PostgresArchive(database: database, tenant: tenant, ownsDatabase: true, clock: clock)
        }
    }

    /// A database URL's text with its password replaced by `***`, for every message that shows
    /// it. The rule is lexical, so it also holds for text that does not parse as a URL (an
    /// unclosed `[`, a port `abc`, a space in the host): the password is whatever lies between
    /// the first `:` after the scheme's `//` and the last `@` after that, the `@` that precedes
    /// the host. Without `//`, the search starts at the first character. A `@` later in the text
    /// (in a query) may widen the hidden part, never narrow it.
    public static func redacted(_ text: String) -> String {
        let start = text.range(of: "://").map(\.upperBound) ?? text.startIndex
        guard let at = text[start...].lastIndex(of: "@"),
              let colon = text[start..<at].firstIndex(of: ":") else { return text }
        return text[..<text.index(after: colon)] + "***" + text[at...]
    }
}
