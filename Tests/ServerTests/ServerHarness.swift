import Archive
import Foundation
import FakturaTestSupport
import Hummingbird
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Server
import Testing

/// Runs a `FakturaServer` on a free port of 127.0.0.1 and sends it real HTTP requests.
enum ServerHarness {
    static let version = "test"

    static func configuration(tokens: TokenTable? = nil, maximumBodyBytes: Int = ServerConfiguration.defaultMaximumBodyBytes)
        -> ServerConfiguration {
        ServerConfiguration(host: "127.0.0.1", port: 0, maximumBodyBytes: maximumBodyBytes, tokens: tokens,
                            archive: .folder(FileManager.default.temporaryDirectory.appendingPathComponent("faktura-server-test-\(UUID().uuidString)")),
                            toolVersion: version)
    }

    /// Runs the server for the duration of `test`, then stops it as SIGTERM would.
    static func withServer<T>(_ configuration: ServerConfiguration = configuration(),
                              _ test: (TestClient) async throws -> T) async throws -> T {
        let server = try FakturaServer(configuration: configuration, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let listening = PortPromise()
        let application = server.application { port in await listening.fulfil(port) }
        let running = Task { try await application.runService(gracefulShutdownSignals: []) }
        defer { running.cancel() }
        let port = try await listening.port()
        return try await test(TestClient(port: port))
    }

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

/// The port a server bound, handed from its start-up to the test.
actor PortPromise {
    private var value: Int?
    private var waiting: [CheckedContinuation<Int, Never>] = []

    func fulfil(_ port: Int) {
        value = port
        for continuation in waiting { continuation.resume(returning: port) }
        waiting = []
    }

    func port() async throws -> Int {
        if let value { return value }
        return await withCheckedContinuation { waiting.append($0) }
    }
}

/// Sends real HTTP requests to 127.0.0.1 through URLSession (libcurl); the answer as
/// Hummingbird's types, so tests read like the server's own code.
struct TestClient: Sendable {
    let port: Int?

    struct Response {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: ByteBuffer
    }

    init(port: Int) { self.port = port }

    @discardableResult
    func execute<R>(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
                    _ check: (Response) async throws -> R = { $0 }) async throws -> R {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port!)\(uri)")!)
        request.httpMethod = method.rawValue
        request.timeoutInterval = 60
        for field in headers { request.addValue(field.value, forHTTPHeaderField: field.name.rawName) }
        if let body { request.httpBody = Data(body.readableBytesView) }
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, answer) = try await session.data(for: request)
        let http = answer as! HTTPURLResponse
        var fields = HTTPFields()
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let name = HTTPFields.Element.Name(key), let value = value as? String { fields[name] = value }
        }
        return try await check(Response(status: HTTPResponse.Status(code: http.statusCode), headers: fields, body: ByteBuffer(bytes: data)))
    }
}
