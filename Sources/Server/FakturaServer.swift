public import Foundation
public import Hummingbird
public import Logging
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

    /// The application: the router on an HTTP/1 server with an idle timeout, bound as configured.
    /// `onListening` is told the bound port (with port 0, the one the system chose).
    public func application(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let logger = self.logger
        let host = configuration.host
        // An idle connection outlives the request deadline by a wide margin, so a stalled body
        // gets its 408 even when the deadline's timer runs late on a busy machine.
        let deadline = max(1, configuration.requestTimeout.components.seconds)
        let idle = TimeAmount.seconds(max(2 * deadline, deadline + 30))
        return Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: idle)),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "faktura"),
            onServerRunning: { channel in
                // The bound port (with --port 0, the one the system chose).
                let port = channel.localAddress?.port ?? 0
                logger.info("listening", metadata: ["address": .string("\(host):\(port)")])
                await onListening(port)
            },
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then lets the requests in flight finish and returns.
    public func run() async throws {
        try await application().runService()
    }
}
