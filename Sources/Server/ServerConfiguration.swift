public import Archive
public import Foundation

/// How `faktura serve` runs: where it listens, its limits, its tokens (docs/server.md).
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Request bodies larger than this are refused with 413 (`--max-body`).
    public var maximumBodyBytes: Int
    /// Time a request's body may take to arrive, and its work to finish, before the server
    /// answers 408 (`--timeout`).
    public var requestTimeout: Duration
    /// Time a request head (request line and headers) may take from its first byte before the
    /// server answers 408 and closes the connection; capped by `requestTimeout`.
    public var headTimeout: Duration
    /// Bearer tokens and their tenants; nil: no token needed, every request is tenant `default`.
    public var tokens: TokenTable?
    /// Where the tenants' archives are kept: a folder (files + SQLite) or PostgreSQL.
    public var archive: ArchiveLocation
    /// The version reported by `/health` and in reports.
    public var toolVersion: String
    /// A whole export with its attachments (`POST /v1/audits`) may be this large (`--max-audit-body`).
    public var maximumAuditBodyBytes: Int = defaultMaximumAuditBodyBytes
    /// Time an export audit may run once its upload has arrived (`--audit-timeout`).
    public var auditTimeout: Duration = .seconds(1800)

    public static let defaultMaximumAuditBodyBytes = 1 << 30
    /// The RFC 3161 authority whose CA the archive's time-stamp tokens are checked against
    /// (verify, bundles), and which the server asks when ``timestampInterval`` is set.
    public var timestampAuthority: TimestampAuthority?
    /// How often each tenant's head is time-stamped when it moved (`--timestamp-every`); nil: never.
    public var timestampInterval: Duration?

    public static let defaultMaximumBodyBytes = 20 * 1024 * 1024
    /// A client sends its head at once; 10 s leaves room for a slow link, not for a slow loris.
    public static let defaultHeadTimeout: Duration = .seconds(10)

    public init(host: String = "127.0.0.1", port: Int = 8080, maximumBodyBytes: Int = defaultMaximumBodyBytes,
                requestTimeout: Duration = .seconds(60), headTimeout: Duration = defaultHeadTimeout, tokens: TokenTable? = nil,
                archive: ArchiveLocation, toolVersion: String) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.requestTimeout = requestTimeout
        self.headTimeout = headTimeout
        self.tokens = tokens
        self.archive = archive
        self.toolVersion = toolVersion
    }
}
