import Foundation
import FakturaTestSupport
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// docs/openapi.json is true to the server: served byte for byte, naming exactly the router's
/// routes, and every status it lists for a route is one that route really answers.
@Suite struct OpenAPIContractTests {
    static let documentURL = CLI.repositoryRoot.appendingPathComponent("docs/openapi.json")

    static func document() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: documentURL)) as! [String: Any]
    }

    /// `METHOD /path status` for every response of every operation of the document.
    static func documentedTriples() throws -> Set<String> {
        var triples: Set<String> = []
        for (path, item) in try document()["paths"] as! [String: [String: Any]] {
            for (method, operation) in item {
                for status in ((operation as! [String: Any])["responses"] as! [String: Any]).keys {
                    triples.insert("\(method.uppercased()) \(path) \(status)")
                }
            }
        }
        return triples
    }

    @Test func servedDocumentIsTheRepositoryFileByteForByte() async throws {
        let file = try Data(contentsOf: Self.documentURL)
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Data(response.body.readableBytesView) == file)
            }
        }
        #expect((try Self.document())["openapi"] as? String == "3.1.0")
    }

    @Test func documentNamesExactlyTheRoutesOfTheRouter() throws {
        let server = try FakturaServer(configuration: ServerHarness.configuration())
        let routed = Set(server.router().routes.map { route in
            let path = route.path.description.split(separator: "/").map { part in
                part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
            }.joined(separator: "/")
            return "\(route.method.rawValue) /\(path)"
        })
        var documented: Set<String> = []
        for (path, item) in try Self.document()["paths"] as! [String: [String: Any]] {
            for method in item.keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        #expect(routed == documented)
    }

    @Test func everyDocumentedStatusIsOneTheRouteAnswers() async throws {
        let recipes = try Self.recipes()
        #expect(Set(recipes.keys) == (try Self.documentedTriples()))
        let tokens = try TokenTable(text: Data("\(Self.token) shop\n".utf8), file: "tokens")
        var configuration = ServerHarness.configuration(tokens: tokens, maximumBodyBytes: 1 << 20)
        configuration.requestTimeout = .seconds(2)
        try await ServerHarness.withServer(configuration) { client in
            for (triple, recipe) in recipes.sorted(by: { $0.key < $1.key }) {
                let expected = Int(triple.split(separator: " ").last!)!
                let status = try await recipe(client)
                #expect(status == expected, "\(triple) answered \(status)")
            }
        }
    }

    static let token = "0123456789abcdef0123456789abcdef"

    typealias Recipe = @Sendable (any TestClientProtocol) async throws -> Int

    static func post(_ path: String, _ contentType: String, _ body: Data, bearer: Bool = true) -> Recipe {
        { client in
            var headers: HTTPFields = [.contentType: contentType]
            if bearer { headers[.authorization] = "Bearer \(token)" }
            return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(data: body)) { Int($0.status.code) }
        }
    }

    static func form(_ path: String, _ parts: [(name: String, type: String, data: Data)]) -> Recipe {
        { client in
            var form = ServerHarness.multipart(parts)
            form.headers[.authorization] = "Bearer \(token)"
            return try await client.execute(uri: path, method: .post, headers: form.headers, body: form.body) { Int($0.status.code) }
        }
    }

    static func get(_ path: String) -> Recipe {
        { client in try await client.execute(uri: path, method: .get) { Int($0.status.code) } }
    }

    /// A request that stops sending its body until the server's deadline has passed.
    static func stalled(_ path: String, _ contentType: String) -> Recipe {
        { client in
            let exchange = try RawHTTP.start(port: client.port!, path: path, contentType: contentType,
                                             body: Data(repeating: 0x20, count: 100), sendFirst: 10, pause: 4,
                                             headers: ["Authorization": "Bearer \(token)"])
            return exchange.wait().status
        }
    }

    static func recipes() throws -> [String: Recipe] {
        let invoice = try ServerHarness.example("examples/invoices/cn-seller-ozon.json")
        let broken = Data(String(decoding: invoice, as: UTF8.self).replacingOccurrences(of: "\"currency\": \"", with: "\"currency\": \"X").utf8)
        let pdf = try ServerHarness.example("examples/erp-export/pdf/0100000001-0001-1.pdf")
        let big = Data(repeating: 0x20, count: 2 << 20)
        var recipes: [String: Recipe] = [
            "GET /health 200": get("/health"),
            "GET /openapi.json 200": get("/openapi.json"),
            "GET /metrics 200": get("/metrics"),
        ]
        for (route, good, bad) in [("/v1/validate", invoice, broken), ("/v1/render", invoice, Data("{".utf8))] {
            recipes["POST \(route) 200"] = post(route, "application/json", good)
            recipes["POST \(route) 422"] = post(route, "application/json", bad)
            recipes["POST \(route) 400"] = post(route + (route == "/v1/validate" ? "?profile=none" : "?template=none"), "application/json", good)
            recipes["POST \(route) 401"] = post(route, "application/json", good, bearer: false)
            recipes["POST \(route) 413"] = post(route, "application/json", big)
            recipes["POST \(route) 415"] = post(route, "image/png", good)
            recipes["POST \(route) 408"] = stalled(route, "application/json")
        }
        let check = "/v1/postings/check"
        recipes["POST \(check) 200"] = form(check, [("posting", "application/json", PostingCheckRouteTests.posting()), ("invoice", "application/pdf", pdf)])
        recipes["POST \(check) 422"] = form(check, [("posting", "application/json", PostingCheckRouteTests.posting())])
        recipes["POST \(check) 400"] = form(check, [("invoice", "application/pdf", pdf)])
        recipes["POST \(check) 401"] = post(check, "multipart/form-data; boundary=x", Data(), bearer: false)
        recipes["POST \(check) 413"] = form(check, [("posting", "application/json", big)])
        recipes["POST \(check) 415"] = post(check, "application/json", PostingCheckRouteTests.posting())
        recipes["POST \(check) 408"] = stalled(check, "multipart/form-data; boundary=x")
        return recipes
    }
}
