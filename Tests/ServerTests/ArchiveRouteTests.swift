import Foundation
import FakturaTestSupport
import Hummingbird
import Server
import Testing
import ZIPFoundation

/// The archive routes over real sockets, on the folder store: each tenant's archive is its
/// own, and the bundle carries exactly the archived PDF.
@Suite struct ArchiveRouteTests {
    static let alpha = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    static let beta = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
    static let posting = "0100000001-0001-1"

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    @Test func addShowBundleHeadAndVerifyStayWithinTheTenant() async throws {
        let tokens = try TokenTable(text: Data("\(Self.alpha) alpha\n\(Self.beta) beta\n".utf8), file: "tokens")
        let pdf = try ServerHarness.example("examples/erp-export/pdf/\(Self.posting).pdf")
        try await ServerHarness.withServer(ServerHarness.configuration(tokens: tokens)) { client in
            var form = ServerHarness.multipart([("invoice", "application/pdf", pdf), ("posting", "text/plain", Data(Self.posting.utf8))])
            form.headers[.authorization] = "Bearer \(Self.alpha)"
            let hash = try await client.execute(uri: "/v1/archive", method: .post, headers: form.headers, body: form.body) { response in
                #expect(response.status == .created)
                let added = ServerHarness.object(response.body)
                let entry = try #require(added["entry"] as? [String: Any])
                #expect(entry["posting"] as? String == Self.posting)
                #expect(entry["entryHash"] as? String == added["hash"] as? String)
                return try #require(added["hash"] as? String)
            }
            let shown = try await client.execute(uri: "/v1/archive/\(Self.posting)", method: .get, headers: Self.bearer(Self.alpha)) { response in
                #expect(response.status == .ok)
                return ServerHarness.object(response.body)
            }
            #expect((shown["entries"] as? [[String: Any]])?.count == 1)
            let first = try JSONSerialization.data(withJSONObject: (shown["entries"] as? [Any])?.first ?? [:])
            #expect(try JSONSchemaCheck.problems(in: [first], against: "archive-entry.schema.json").isEmpty)
            try await client.execute(uri: "/v1/archive/\(Self.posting)/bundle", method: .get, headers: Self.bearer(Self.alpha)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/zip")
                #expect(response.headers[HTTPFields.Element.Name("Faktura-Archive-Check")!] == "ok")
                let zip = try ZIPFoundation.Archive(data: Data(response.body.readableBytesView), accessMode: .read)
                var pdfs: [Data] = []
                for entry in zip where entry.path.lowercased().hasSuffix(".pdf") && entry.path.contains("data/") {
                    var bytes = Data()
                    _ = try zip.extract(entry) { bytes.append($0) }
                    pdfs.append(bytes)
                }
                #expect(pdfs.contains(pdf))
            }
            try await client.execute(uri: "/v1/archive/head", method: .get, headers: Self.bearer(Self.alpha)) { response in
                #expect(response.status == .ok)
                #expect(ServerHarness.object(response.body)["entryHash"] as? String == hash)
            }
            try await client.execute(uri: "/v1/archive/verify?head=\(hash)", method: .post, headers: Self.bearer(Self.alpha)) { response in
                #expect(response.status == .ok)
                let report = ServerHarness.object(response.body)
                #expect((report["summary"] as? [String: Any])?["status"] as? String == "ok")
                #expect(((report["expectedHead"] as? [String: Any])?["entry"] as? Int) == 1)
            }
            // Tenant beta sees none of it: another tenant's posting is 404, never 403.
            for uri in ["/v1/archive/\(Self.posting)", "/v1/archive/\(Self.posting)/bundle", "/v1/archive/head"] {
                try await client.execute(uri: uri, method: .get, headers: Self.bearer(Self.beta)) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(ServerHarness.errorCode(response.body) == "not_found")
                }
            }
        }
    }

    @Test func aFileThatIsNotAPDFIs400() async throws {
        try await ServerHarness.withServer { client in
            let form = ServerHarness.multipart([("invoice", "application/pdf", Data("not a pdf".utf8)), ("posting", "text/plain", Data("1-1-1".utf8))])
            try await client.execute(uri: "/v1/archive", method: .post, headers: form.headers, body: form.body) { response in
                #expect(response.status == .badRequest)
                #expect(ServerHarness.errorCode(response.body) == "bad_request")
            }
        }
    }
}
