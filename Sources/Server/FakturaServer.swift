public import Foundation
public import Hummingbird
public import Logging
import Archive
import HummingbirdCore
import NIOCore

/// `faktura serve`: the engine over HTTP (docs/server.md).
///
/// ```swift
/// let server = try FakturaServer(configuration: ServerConfiguration(port: 8080, toolVersion: "0.1.0"))
/// try await server.run()   // until SIGTERM or SIGINT: requests in flight finish, then it returns
/// ```
public struct FakturaServer: Sendable {
    public let configuration: ServerConfiguration
    let routes: ServerRoutes
    let logger: Logger

    /// - Throws: when the built-in templates cannot be loaded.
    public init(configuration: ServerConfiguration, logger: Logger? = nil) throws {
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "faktura.server") { JSONLineLogHandler(label: $0) }
        routes = try ServerRoutes(configuration: configuration, metrics: ServerMetrics())
    }

    /// The router with every route; tests run it through HummingbirdTesting.
    public func router() -> Router<FakturaRequestContext> {
        let router = Router(context: FakturaRequestContext.self)
        routes.register(on: router, logger: logger)
        return router
    }

    /// The application: the router on an HTTP/1 server with an idle timeout, a deadline for
    /// request heads and the API's answers to malformed HTTP (``HTTPExchangeGuard``), bound as configured.
    /// `onListening` is told the bound port (with port 0, the one the system chose).
    public func application(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let logger = self.logger
        let host = configuration.host
        // An idle connection outlives the request deadline by a wide margin, so a stalled body
        // gets its 408 even when the deadline's timer runs late on a busy machine.
        let deadline = max(1, configuration.requestTimeout.components.seconds)
        let idle = TimeAmount.seconds(max(2 * deadline, deadline + 30))
        let head = min(configuration.headTimeout, configuration.requestTimeout)
        let headTimeout = TimeAmount.nanoseconds(max(1_000_000, head.components.seconds * 1_000_000_000 + head.components.attoseconds / 1_000_000_000))
        return Application(
            router: router(),
            server: HTTPServerBuilder { responder in
                GuardedHTTP1Channel(http1: HTTP1Channel(responder: responder, configuration: .init(idleTimeout: idle)),
                                    headTimeout: headTimeout)
            },
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "faktura"),
            onServerRunning: { channel in
                // The bound port (with --port 0, the one the system chose).
                let port = channel.localAddress?.port ?? 0
                logger.info("listening", metadata: ["address": .string("\(host):\(port)")])
                await onListening(port)
            },
            logger: logger)
    }

    /// Serves on a task of its own until that task is cancelled (signals are left alone);
    /// returns once the server listens, with the port it bound. For tests and fuzz harnesses
    /// that talk to a server in their own process.
    public func start() async throws -> (port: Int, running: Task<Void, any Error>) {
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let application = application { port in listening.yield(port) }
        let running = Task {
            // A server that stops (or cannot bind) ends the wait for its port.
            defer { listening.finish() }
            try await application.runService(gracefulShutdownSignals: [])
        }
        for await port in ports { return (port, running) }
        try await running.value
        throw CancellationError()
    }

    /// Serves until SIGTERM or SIGINT, then lets the requests in flight finish and returns.
    public func run() async throws {
        let stamping = startTimestamping()
        defer { stamping?.cancel() }
        try await application().runService()
    }

    /// Every ``ServerConfiguration/timestampInterval``, each tenant's head that moved since its
    /// last time stamp is time-stamped (``ChainTimestamps/stamp(_:authority:agent:)``); nil when
    /// the server does not stamp. The task ends when cancelled.
    public func startTimestamping() -> Task<Void, Never>? {
        guard let interval = configuration.timestampInterval, let authority = configuration.timestampAuthority,
              authority.url != nil else { return nil }
        let tenants = configuration.tokens?.tenants ?? [.default]
        let archives = routes.archives
        let logger = logger
        let agent = "faktura serve \(configuration.toolVersion)"
        return Task {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    return
                }
                for tenant in tenants {
                    do {
                        let archive = try await archives.archive(for: tenant)
                        guard try await archive.head() != nil else { continue }
                        if let stamp = try await ChainTimestamps.stamp(archive, authority: authority, agent: agent) {
                            logger.info("time-stamped", metadata: [
                                "tenant": .string(tenant.rawValue), "entry": .stringConvertible(stamp.entry.sequence),
                                "head": .stringConvertible(stamp.headSequence), "time": .string(stamp.check.time),
                            ])
                        }
                    } catch {
                        logger.error("time stamp failed", metadata: ["tenant": .string(tenant.rawValue), "error": .string(String(describing: error))])
                    }
                }
            }
        }
    }
}
