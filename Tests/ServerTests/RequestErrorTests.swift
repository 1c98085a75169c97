import Foundation
import FakturaTestSupport
import Hummingbird
import Server
import Testing

@Suite struct RequestErrorTests {
    static let tokens = try! TokenTable(text: Data("""
        # two tenants
        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa alpha

        bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb beta
        """.utf8), file: "tokens.txt")

    @Test func unknownRouteIs404WithAJSONError() async throws {
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(ServerHarness.errorCode(response.body) == "not_found")
            }
        }
    }

    @Test func aKnownPathWithAnotherMethodIs405NamingTheMethodsItTakes() async throws {
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/validate", method: .get) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
                #expect(ServerHarness.errorCode(response.body) == "method_not_allowed")
            }
            // A path parameter matches any posting; an unknown path stays 404.
            try await client.execute(uri: "/v1/archive/0100000001-0001-1/bundle", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
            }
            try await client.execute(uri: "/v1/archive/verify", method: .get) { response in
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/v1/archive/a/b/c", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func unknownContentTypeIs415() async throws {
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/validate", method: .post, headers: [.contentType: "image/png"],
                                     body: ByteBuffer(string: "x")) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(ServerHarness.errorCode(response.body) == "unsupported_media_type")
            }
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        let big = ByteBuffer(repeating: UInt8(ascii: " "), count: 4096)
        try await ServerHarness.withServer(ServerHarness.configuration(maximumBodyBytes: 1024)) { client in
            try await client.execute(uri: "/v1/validate", method: .post, headers: [.contentType: "application/json"], body: big) { response in
                #expect(response.status == .contentTooLarge)
                #expect(ServerHarness.errorCode(response.body) == "payload_too_large")
            }
        }
    }

    @Test func emptyBodyIs400() async throws {
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/validate", method: .post, headers: [.contentType: "application/json"]) { response in
                #expect(response.status == .badRequest)
                #expect(ServerHarness.errorCode(response.body) == "bad_request")
            }
        }
    }

    @Test func withTokensAV1RouteNeedsAKnownBearerToken() async throws {
        let invoice = try ServerHarness.example("examples/invoices/cn-seller-ozon.json")
        try await ServerHarness.withServer(ServerHarness.configuration(tokens: Self.tokens)) { client in
            for authorization in [nil, "Bearer cccccccccccccccccccccccccccccccc", "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
                                  "Bearer aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"] {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let authorization { headers[.authorization] = authorization }
                try await client.execute(uri: "/v1/validate", method: .post, headers: headers, body: ByteBuffer(bytes: invoice)) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                    #expect(ServerHarness.errorCode(response.body) == "unauthorized")
                }
            }
            try await client.execute(uri: "/v1/validate", method: .post,
                                     headers: [.contentType: "application/json", .authorization: "Bearer bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"],
                                     body: ByteBuffer(bytes: invoice)) { response in
                #expect(response.status == .ok)
            }
            // Health stays open: load balancers probe it without a token.
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let health = ServerHarness.object(response.body)
                #expect(health["status"] as? String == "ok")
                #expect(health["version"] as? String == ServerHarness.version)
            }
        }
    }
}
