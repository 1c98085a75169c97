import Foundation
import Logging
import PostgresNIO

/// A PostgreSQL database that holds the archives of any number of tenants: one connection
/// pool, and the tables made or migrated when it is opened.
final class PostgresArchiveDatabase: Sendable {
    /// The database as messages name it: `postgres://user@host:port/db`, never the password.
    let server: String
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>

    private init(server: String, client: PostgresClient, logger: Logger) {
        self.server = server
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
    }

    /// Connects, migrates the tables, and starts the pool. The first connection is made on
    /// its own, so that a wrong host, user, password or database is reported as the server said it.
    static func open(_ url: URL) async throws(ArchiveError) -> PostgresArchiveDatabase {
        let server = ArchiveLocation.postgres(url).description
        let settings = try PostgresSettings(url: url)
        var logger = Logger(label: "faktura.archive.postgres")
        logger.logLevel = .error
        do {
            let connection = try await PostgresConnection.connect(configuration: settings.connection, id: 0, logger: logger)
            do {
                _ = try await PostgresSchema.migrate(connection, logger: logger)
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        } catch {
            throw .database(server: server, reason: reason(error))
        }
        return PostgresArchiveDatabase(server: server, client: PostgresClient(configuration: settings.client,
                                                                              backgroundLogger: logger), logger: logger)
    }

    /// Stops the pool and closes its connections.
    func close() async {
        runner.cancel()
        await runner.value
    }

    /// Runs `work` in one transaction on a pooled connection: committed when it returns,
    /// rolled back when it throws (or the connection is lost).
    func transaction<T: Sendable>(_ work: (PostgresConnection, Logger) async throws -> T) async throws(ArchiveError) -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await work(connection, logger) }
        } catch {
            throw archiveError(error)
        }
    }

    /// Runs `work` on a pooled connection, outside any explicit transaction.
    func connection<T: Sendable>(_ work: (PostgresConnection, Logger) async throws -> T) async throws(ArchiveError) -> T {
        do {
            return try await client.withConnection { connection in try await work(connection, logger) }
        } catch {
            throw archiveError(error)
        }
    }

    private func archiveError(_ error: any Error) -> ArchiveError {
        if let archive = error as? ArchiveError { return archive }
        if let transaction = error as? PostgresTransactionError,
           let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
            return archiveError(inner)
        }
        return .database(server: server, reason: Self.reason(error))
    }

    /// What went wrong, in the server's words when it said something (PostgresNIO's own
    /// description of its errors is deliberately vague).
    static func reason(_ error: any Error) -> String {
        if let transaction = error as? PostgresTransactionError,
           let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
            return reason(inner)
        }
        guard let psql = error as? PSQLError else { return String(describing: error) }
        if let info = psql.serverInfo, let message = info[.message] {
            var text = message
            if let detail = info[.detail] { text += " (\(detail))" }
            if let state = info[.sqlState] { text += " [SQLSTATE \(state)]" }
            return text
        }
        if let underlying = psql.underlying { return "\(psql.code): \(underlying)" }
        return "\(psql.code)"
    }
}

/// How to reach the database, read from a `postgres://` URL: user, password, host and port,
/// or a unix socket folder (`?host=/run/postgresql`), the database name, and TLS
/// (`sslmode`, `sslrootcert`: ``PostgresTLS``).
struct PostgresSettings {
    var connection: PostgresConnection.Configuration
    var client: PostgresClient.Configuration

    init(url: URL) throws(ArchiveError) {
        let server = ArchiveLocation.postgres(url).description
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            throw .invalidInput(path: "--database", reason: "'\(server)' is not a URL")
        }
        let user = components.user.flatMap { $0.removingPercentEncoding } ?? NSUserName()
        let password = components.password.flatMap { $0.removingPercentEncoding }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
        try ArchiveLocation.checkPort(components.port, of: url.absoluteString)
        let port = components.port ?? 5432
        var socketFolder: String?
        var tls = PostgresTLS()
        for item in components.queryItems ?? [] {
            switch item.name {
            case "host" where (item.value ?? "").hasPrefix("/"):
                socketFolder = item.value
            case "sslmode":
                tls.mode = try PostgresTLS.mode(item.value)
            case "sslrootcert" where !(item.value ?? "").isEmpty:
                tls.rootCertificates = item.value
            default:
                throw .invalidInput(path: "--database", reason: "unknown parameter '\(item.name)' in '\(server)'; "
                    + "known: host=/socket/folder, sslmode=disable|require|verify-full, sslrootcert=/path/to/ca.pem")
            }
        }
        let tlsConfiguration = try tls.configuration()
        if let socketFolder {
            guard tlsConfiguration == nil else {
                throw .invalidInput(path: "--database", reason: "sslmode=\(tls.mode.rawValue) with a unix socket "
                    + "(host=\(socketFolder)): the socket is local and not encrypted by PostgreSQL; leave sslmode out")
            }
            let socket = "\(socketFolder)/.s.PGSQL.\(port)"
            connection = .init(unixSocketPath: socket, username: user, password: password, database: database)
            client = .init(unixSocketPath: socket, username: user, password: password, database: database)
        } else {
            guard let host = components.host, !host.isEmpty else {
                throw .invalidInput(path: "--database", reason: "'\(server)' names no host")
            }
            var connectionTLS = PostgresConnection.Configuration.TLS.disable
            var clientTLS = PostgresClient.Configuration.TLS.disable
            if let tlsConfiguration {
                do {
                    connectionTLS = .require(try NIOSSLContext(configuration: tlsConfiguration))
                } catch {
                    throw .invalidInput(path: "--database", reason: "the TLS settings of '\(server)' cannot be used: \(error)")
                }
                clientTLS = .require(tlsConfiguration)
            }
            connection = .init(host: host, port: port, username: user, password: password, database: database, tls: connectionTLS)
            client = .init(host: host, port: port, username: user, password: password, database: database, tls: clientTLS)
        }
        client.options.maximumConnections = 8
    }
}
