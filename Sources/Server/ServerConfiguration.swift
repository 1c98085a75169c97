public import Archive
public import Foundation

/// How `faktura serve` runs: where it listens, its limits, its tokens (docs/server.md).
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Request bodies larger than this are refused with 413 (`--max-body`).
    public var maximumBodyBytes: Int
    /// Time a request may take, from its head to its response, before the server answers 503.
    public var requestTimeout: Duration
    /// Bearer tokens and their tenants; nil: no token needed, every request is tenant `default`.
    public var tokens: TokenTable?
    /// Where the tenants' archives are kept: a folder (files + SQLite) or PostgreSQL.
    public var archive: ArchiveLocation
    /// The version reported by `/health` and in reports.
    public var toolVersion: String

    public static let defaultMaximumBodyBytes = 20 * 1024 * 1024

    public init(host: String = "127.0.0.1", port: Int = 8080, maximumBodyBytes: Int = defaultMaximumBodyBytes,
                requestTimeout: Duration = .seconds(60), tokens: TokenTable? = nil, archive: ArchiveLocation,
                toolVersion: String) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.requestTimeout = requestTimeout
        self.tokens = tokens
        self.archive = archive
        self.toolVersion = toolVersion
    }
}
