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

    /// Every schema the document's `$ref`s may lead to is served at /schemas/NAME, byte for byte.
    @Test func everySchemaOfDocsSchemasIsServedBesideTheDocument() async throws {
        let folder = CLI.repositoryRoot.appendingPathComponent("docs/schemas")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(names.count >= 10)
        let referenced = Set(String(decoding: try Data(contentsOf: Self.documentURL), as: UTF8.self)
            .components(separatedBy: "\"schemas/").dropFirst().map { String($0.prefix { $0 != "#" && $0 != "\"" }) })
        #expect(!referenced.isEmpty && referenced.isSubset(of: Set(names)), "\(referenced.subtracting(names))")
        try await ServerHarness.withServer { client in
            for name in names {
                let file = try Data(contentsOf: folder.appendingPathComponent(name))
                try await client.execute(uri: "/schemas/\(name)", method: .get) { response in
                    #expect(response.status == .ok, "\(name)")
                    #expect(Data(response.body.readableBytesView) == file, "\(name) is not served as docs/schemas holds it")
                }
            }
        }
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
        let tokens = try TokenTable(text: Data("\(Self.token) shop\n".utf8), file: "tokens")
        var configuration = ServerHarness.configuration(tokens: tokens, maximumBodyBytes: 1 << 20)
        configuration.requestTimeout = .seconds(2)
        configuration.maximumAuditBodyBytes = 1 << 20
        guard case .folder(let store) = configuration.archive else { throw HarnessError("the harness uses the folder store") }
        let recipes = try Self.recipes(store: store)
        #expect(Set(recipes.map(\.triple)) == (try Self.documentedTriples()))
        #expect(Set(recipes.map(\.triple)).count == recipes.count)
        try await ServerHarness.withServer(configuration) { live in
            // Each request on a connection of its own: the 413s and 408s close theirs.
            let client = ConnectionPerRequest(port: live.port)
            for (triple, recipe) in recipes {
                let expected = Int(triple.split(separator: " ").last!)!
                let status = try await recipe(client)
                #expect(status == expected, "\(triple) answered \(status)")
            }
        }
    }

    static let token = "0123456789abcdef0123456789abcdef"

    typealias Recipe = @Sendable (ConnectionPerRequest) async throws -> Int

    static func post(_ path: String, _ contentType: String, _ body: Data, bearer: Bool = true) -> Recipe {
        { client in
            var headers: HTTPFields = [.contentType: contentType]
            if bearer { headers[.authorization] = "Bearer \(token)" }
            return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { Int($0.status.code) }
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

    /// A request that sends its head and 10 of its 100 body bytes, then nothing: the server's
    /// deadline (2 s in this test) must answer 408. The client waits up to 60 s on a thread of its
    /// own, so a busy machine delays the answer but cannot turn it into no answer.
    static func stalled(_ path: String, _ contentType: String) -> Recipe {
        { client in
            let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: \(contentType)\r\nContent-Length: 100\r\n"
                + "Authorization: Bearer \(token)\r\n\r\n"
            let reply = await RawHTTPConnection.exchange(port: client.port!, [.init(head + String(repeating: " ", count: 10))],
                                                         deadline: .seconds(60))
            return reply.statuses.first ?? 0
        }
    }

    /// In order: the archive's reads after its add, the tampering last.
    static func recipes(store: URL) throws -> [(triple: String, recipe: Recipe)] {
        let invoice = try ServerHarness.example("examples/invoices/cn-seller-ozon.json")
        let broken = Data(String(decoding: invoice, as: UTF8.self).replacingOccurrences(of: "\"currency\": \"", with: "\"currency\": \"X").utf8)
        let pdf = try ServerHarness.example("examples/erp-export/pdf/0100000001-0001-1.pdf")
        let big = Data(repeating: 0x20, count: 2 << 20)
        var recipes: [(triple: String, recipe: Recipe)] = [
            ("GET /health 200", get("/health")),
            ("GET /openapi.json 200", get("/openapi.json")),
            ("GET /metrics 200", get("/metrics")),
        ]
        for (route, good, bad) in [("/v1/validate", invoice, broken), ("/v1/render", invoice, Data("{".utf8))] {
            recipes.append(("POST \(route) 200", post(route, "application/json", good)))
            recipes.append(("POST \(route) 422", post(route, "application/json", bad)))
            recipes.append(("POST \(route) 400", post(route + (route == "/v1/validate" ? "?profile=none" : "?template=none"), "application/json", good)))
            recipes.append(("POST \(route) 401", post(route, "application/json", good, bearer: false)))
            recipes.append(("POST \(route) 413", post(route, "application/json", big)))
            recipes.append(("POST \(route) 415", post(route, "image/png", good)))
            recipes.append(("POST \(route) 408", stalled(route, "application/json")))
        }
        let check = "/v1/postings/check"
        recipes.append(("POST \(check) 200", form(check, [("posting", "application/json", PostingCheckRouteTests.posting()), ("invoice", "application/pdf", pdf)])))
        recipes.append(("POST \(check) 422", form(check, [("posting", "application/json", PostingCheckRouteTests.posting())])))
        recipes.append(("POST \(check) 400", form(check, [("invoice", "application/pdf", pdf)])))
        recipes.append(("POST \(check) 401", post(check, "multipart/form-data; boundary=x", Data(), bearer: false)))
        recipes.append(("POST \(check) 413", form(check, [("posting", "application/json", big)])))
        recipes.append(("POST \(check) 415", post(check, "application/json", PostingCheckRouteTests.posting())))
        recipes.append(("POST \(check) 408", stalled(check, "multipart/form-data; boundary=x")))
        let archive = "/v1/archive"
        let posting = PostingCheckRouteTests.postingNumber
        let authorized: HTTPFields = [.authorization: "Bearer \(token)"]
        func authorizedGet(_ path: String) -> Recipe {
            { client in try await client.execute(uri: path, method: .get, headers: authorized) { Int($0.status.code) } }
        }
        func unauthorizedGet(_ path: String) -> Recipe {
            { client in try await client.execute(uri: path, method: .get) { Int($0.status.code) } }
        }
        let verify: Recipe = { client in
            try await client.execute(uri: "\(archive)/verify", method: .post, headers: authorized) { Int($0.status.code) }
        }
        recipes += [
            ("GET \(archive)/head 404", authorizedGet("\(archive)/head")),
            ("GET \(archive)/{posting} 404", authorizedGet("\(archive)/\(posting)")),
            ("GET \(archive)/{posting}/bundle 404", authorizedGet("\(archive)/\(posting)/bundle")),
            ("POST \(archive) 201", form(archive, [("invoice", "application/pdf", pdf), ("posting", "text/plain", Data(posting.utf8))])),
            ("POST \(archive) 400", form(archive, [("posting", "text/plain", Data(posting.utf8))])),
            ("POST \(archive) 401", post(archive, "multipart/form-data; boundary=x", Data(), bearer: false)),
            ("POST \(archive) 413", form(archive, [("invoice", "application/pdf", big)])),
            ("POST \(archive) 415", post(archive, "application/pdf", pdf)),
            ("POST \(archive) 408", stalled(archive, "multipart/form-data; boundary=x")),
            ("GET \(archive)/head 200", authorizedGet("\(archive)/head")),
            ("GET \(archive)/head 401", unauthorizedGet("\(archive)/head")),
            ("GET \(archive)/{posting} 200", authorizedGet("\(archive)/\(posting)")),
            ("GET \(archive)/{posting} 401", unauthorizedGet("\(archive)/\(posting)")),
            ("GET \(archive)/{posting}/bundle 200", authorizedGet("\(archive)/\(posting)/bundle")),
            ("GET \(archive)/{posting}/bundle 401", unauthorizedGet("\(archive)/\(posting)/bundle")),
            ("GET \(archive)/{posting}/bundle 400", authorizedGet("\(archive)/\(posting)/bundle?head=xyz")),
            ("POST \(archive)/verify 200", verify),
            ("POST \(archive)/verify 401", post("\(archive)/verify", "application/json", Data(), bearer: false)),
            ("POST \(archive)/verify 400", { client in
                try await client.execute(uri: "\(archive)/verify?head=", method: .post, headers: authorized) { Int($0.status.code) }
            }),
            ("GET /schemas/{name} 200", get("/schemas/audit-report.schema.json")),
            ("GET /schemas/{name} 404", get("/schemas/no-such.schema.json")),
        ]
        for route in ["/v1/session", "/v1/mappings", "/v1/finding-codes"] {
            recipes.append(("GET \(route) 200", authorizedGet(route)))
            recipes.append(("GET \(route) 401", unauthorizedGet(route)))
        }
        recipes += [
            ("GET /v1/finding-codes 400", authorizedGet("/v1/finding-codes?lang=xx")),
            ("GET /v1/identifiers 200", authorizedGet("/v1/identifiers?value=7707083893")),
            ("GET /v1/identifiers 400", authorizedGet("/v1/identifiers?value=7707083893&scheme=xx-none")),
            ("GET /v1/identifiers 401", unauthorizedGet("/v1/identifiers?value=7707083893")),
            ("GET /v1/hs-codes/{code} 200", authorizedGet("/v1/hs-codes/8517130000")),
            ("GET /v1/hs-codes/{code} 401", unauthorizedGet("/v1/hs-codes/8517130000")),
            ("GET /v1/vat-rates 200", authorizedGet("/v1/vat-rates?date=2026-11-20")),
            ("GET /v1/vat-rates 400", authorizedGet("/v1/vat-rates?date=20.11.2026")),
            ("GET /v1/vat-rates 401", unauthorizedGet("/v1/vat-rates?date=2026-11-20")),
        ]
        recipes += try auditRecipes(authorized: authorized)
        let tampering: [(triple: String, recipe: Recipe)] = [
            ("POST \(archive)/verify 422", { client in
                // The stored PDF changed behind the archive's back: verify must say so.
                try Self.tamperWithStoredFiles(under: store.appendingPathComponent("tenants/shop"))
                return try await verify(client)
            }),
            // The posting's own PDF is among the changed files: no bundle.
            ("GET \(archive)/{posting}/bundle 422", authorizedGet("\(archive)/\(posting)/bundle")),
        ]
        recipes += tampering
        return recipes
    }

    /// The ids of audits a recipe started, for the recipes after it.
    final class AuditIDs: @unchecked Sendable {
        private let lock = NSLock()
        private var ids: [String: String] = [:]
        subscript(name: String) -> String {
            get { lock.withLock { ids[name] ?? "none" } }
            set { lock.withLock { ids[name] = newValue } }
        }
    }

    /// `POST /v1/audits` and the job's routes: a good export (202, then its report), an export
    /// that cannot be read (its job fails: 409 for its report), and two stalled uploads holding
    /// both running slots while a third is refused (503).
    static func auditRecipes(authorized: HTTPFields) throws -> [(triple: String, recipe: Recipe)] {
        let export = try ServerHarness.example("examples/erp-export/orders.csv")
        let pdf = try ServerHarness.example("examples/erp-export/pdf/0100000001-0001-1.pdf")
        let ids = AuditIDs()
        @Sendable func start(_ name: String, _ parts: [(name: String, type: String, data: Data)]) -> Recipe {
            { client in
                var form = ServerHarness.multipart(parts)
                form.headers[.authorization] = "Bearer \(token)"
                return try await client.execute(uri: "/v1/audits", method: .post, headers: form.headers, body: form.body) { response in
                    if let id = ServerHarness.object(response.body)["id"] as? String { ids[name] = id }
                    return Int(response.status.code)
                }
            }
        }
        @Sendable func ended(_ client: ConnectionPerRequest, _ name: String) async throws {
            let deadline = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < deadline {
                let state = try await client.execute(uri: "/v1/audits/\(ids[name])", method: .get, headers: authorized) {
                    ServerHarness.object($0.body)["state"] as? String
                }
                if state == "done" || state == "failed" { return }
                try await Task.sleep(for: .milliseconds(200))
            }
            throw HarnessError("audit \(name) did not end within 120 s")
        }
        @Sendable func get(_ path: @escaping @Sendable () -> String, bearer: Bool = true, after name: String? = nil) -> Recipe {
            { client in
                if let name { try await ended(client, name) }
                return try await client.execute(uri: path(), method: .get, headers: bearer ? authorized : [:]) { Int($0.status.code) }
            }
        }
        let audits = "/v1/audits"
        let stalledUpload: Recipe = { client in
            // Two uploads that stop after their head hold both running slots; the third is refused.
            let head = "POST \(audits) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                + "Content-Length: 100\r\nAuthorization: Bearer \(token)\r\n\r\n"
            let holders = (0..<2).map { _ in
                Task { await RawHTTPConnection.exchange(port: client.port!, [.init(head)], deadline: .seconds(4)) }
            }
            try await Task.sleep(for: .seconds(1))
            let status = try await start("refused", [("export", "text/csv", export)])(client)
            for holder in holders { _ = await holder.value }
            return status
        }
        return [
            ("POST \(audits) 202", start("good", [("export", "text/csv", export), ("attachment", "application/pdf", pdf)])),
            ("POST \(audits) 400", start("none", [("attachment", "application/pdf", pdf)])),
            ("POST \(audits) 401", post(audits, "multipart/form-data; boundary=x", Data(), bearer: false)),
            ("POST \(audits) 413", start("none", [("export", "text/csv", Data(repeating: 0x41, count: 2 << 20))])),
            ("POST \(audits) 415", post(audits, "text/csv", export)),
            ("GET \(audits)/{id} 200", get({ "\(audits)/\(ids["good"])" })),
            ("GET \(audits)/{id} 401", get({ "\(audits)/\(ids["good"])" }, bearer: false)),
            ("GET \(audits)/{id} 404", get({ "\(audits)/0123456789abcdef0123456789abcdef" })),
            ("GET \(audits)/{id}/report 200", get({ "\(audits)/\(ids["good"])/report?format=html" }, after: "good")),
            ("GET \(audits)/{id}/report 400", get({ "\(audits)/\(ids["good"])/report?format=docx" })),
            ("GET \(audits)/{id}/report 401", get({ "\(audits)/\(ids["good"])/report" }, bearer: false)),
            ("GET \(audits)/{id}/report 404", get({ "\(audits)/0123456789abcdef0123456789abcdef/report" })),
            ("GET \(audits)/{id}/report 409", { client in
                // A workbook that is not one: the audit cannot read its export and fails.
                _ = try await start("broken", [("export", "application/octet-stream", Data("PK\u{3}\u{4}not a workbook".utf8))])(client)
                return try await get({ "\(audits)/\(ids["broken"])/report" }, after: "broken")(client)
            }),
            ("POST \(audits) 408", stalled(audits, "multipart/form-data; boundary=x")),
            ("POST \(audits) 503", stalledUpload),
        ]
    }

    /// Appends a byte to every stored file of a folder store (its objects, not its index).
    static func tamperWithStoredFiles(under folder: URL) throws {
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        var changed = 0
        while let url = walker?.nextObject() as? URL {
            guard url.path.contains("/objects/"), (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data([0x0A]))
            try handle.close()
            changed += 1
        }
        guard changed > 0 else { throw HarnessError("no stored file found under \(folder.path)") }
    }
}
