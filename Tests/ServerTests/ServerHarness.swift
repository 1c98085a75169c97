import Foundation
import FakturaTestSupport
import Hummingbird
import HummingbirdTesting
import Server

/// Runs a `FakturaServer` on a free port of 127.0.0.1 and sends it real HTTP requests.
enum ServerHarness {
    static let version = "test"

    static func configuration(tokens: TokenTable? = nil, maximumBodyBytes: Int = ServerConfiguration.defaultMaximumBodyBytes)
        -> ServerConfiguration {
        ServerConfiguration(host: "127.0.0.1", port: 0, maximumBodyBytes: maximumBodyBytes, tokens: tokens, toolVersion: version)
    }

    static func withServer<T>(_ configuration: ServerConfiguration = configuration(),
                              _ test: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let server = try FakturaServer(configuration: configuration)
        return try await server.application().test(.live) { client in try await test(client) }
    }

    static func example(_ path: String) throws -> Data {
        try Data(contentsOf: CLI.repositoryRoot.appendingPathComponent(path))
    }

    /// The JSON object of a response body.
    static func object(_ body: ByteBuffer) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
        guard let object = value as? [String: Any] else { throw HarnessError("the body is not a JSON object") }
        return object
    }

    /// `{"error": {"code", …}}`'s code.
    static func errorCode(_ body: ByteBuffer) throws -> String? {
        ((try object(body))["error"] as? [String: Any])?["code"] as? String
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
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(data: body))
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
