import Archive
import Foundation
import FakturaTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Testing

/// Runs a `FakturaServer` on a free port of 127.0.0.1 and sends it real HTTP requests through
/// HummingbirdTesting's live client (`application.test(.live)`). What a normal client cannot
/// send (malformed HTTP, slow heads and bodies, a lingering close) goes through
/// `RawHTTPConnection` (FakturaTestSupport) on the port the live client names.
enum ServerHarness {
    static let version = "test"

    static func configuration(tokens: TokenTable? = nil, maximumBodyBytes: Int = ServerConfiguration.defaultMaximumBodyBytes)
        -> ServerConfiguration {
        ServerConfiguration(host: "127.0.0.1", port: 0, maximumBodyBytes: maximumBodyBytes, tokens: tokens,
                            archive: .folder(FileManager.default.temporaryDirectory.appendingPathComponent("faktura-server-test-\(UUID().uuidString)")),
                            toolVersion: version)
    }

    /// Runs the server for the duration of `test`, then shuts it down gracefully.
    static func withServer<T>(_ configuration: ServerConfiguration = configuration(),
                                        _ test: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let server = try FakturaServer(configuration: configuration, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        return try await server.application().test(.live, test)
    }

    /// Sends requests to a `faktura serve` running in a child process on `port`, through
    /// HummingbirdTesting's HTTP client, for the duration of `body`.
    static func withClient<T>(port: Int, _ body: (TestClient) async throws -> T) async throws -> T {
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(60)))
        client.connect()
        do {
            let value = try await body(client)
            try await client.shutdown()
            return value
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// The JSON object of a body HummingbirdTesting's own client read (nil when there was none).
    static func object(_ body: ByteBuffer?) -> [String: Any] { object(body ?? ByteBuffer()) }

    static func example(_ path: String) throws -> Data {
        try Data(contentsOf: CLI.repositoryRoot.appendingPathComponent(path))
    }

    /// The JSON object of a response body.
    /// (Not throwing: `#expect(try …)` inside a response closure would not compile.)
    static func object(_ body: ByteBuffer) -> [String: Any] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)), let object = value as? [String: Any] else {
            Issue.record("the body is not a JSON object: \(String(decoding: body.readableBytesView, as: UTF8.self).prefix(300))")
            return [:]
        }
        return object
    }

    /// `{"error": {"code", …}}`'s code.
    static func errorCode(_ body: ByteBuffer) -> String? {
        (object(body)["error"] as? [String: Any])?["code"] as? String
    }

    /// A multipart/form-data body with the given parts (name, content type, bytes).
    static func multipart(_ parts: [(name: String, type: String, data: Data)], boundary: String = "faktura-test-boundary")
        -> (headers: HTTPFields, body: ByteBuffer) {
        var body = Data()
        for part in parts {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"; filename=\"\(part.name)\"\r\nContent-Type: \(part.type)\r\n\r\n".utf8))
            body.append(part.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(bytes: body))
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// HummingbirdTesting's client on a server's port, one connection per request: for a test whose
/// requests include refusals that close their connection (413 after a lingering close, 408),
/// which the one connection of `.live`'s client would not survive. The calls read as `.live`'s.
struct ConnectionPerRequest: Sendable {
    let port: Int?

    @discardableResult
    func execute<R>(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
                    _ check: (TestClient.Response) async throws -> R) async throws -> R {
        guard let port else { throw HarnessError("the server named no port") }
        return try await ServerHarness.withClient(port: port) { client in
            try await check(try await client.execute(TestClient.Request(uri, method: method, authority: "127.0.0.1", headers: headers, body: body)))
        }
    }
}
