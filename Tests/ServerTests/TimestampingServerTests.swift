import Archive
import FakturaTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Testing
import ZIPFoundation

/// `faktura serve --tsa-url --tsa-ca --timestamp-every`: the server time-stamps the head after
/// an add, on its own, and its verify and bundle routes check the token against the CA.
@Suite struct TimestampingServerTests {
    @Test func theServerStampsAMovedHeadAndItsBundleCarriesTheToken() async throws {
        let tsa = try TestTimestampAuthority()
        var configuration = ServerHarness.configuration()
        configuration.timestampAuthority = try TimestampAuthority(url: tsa.url("good"), caPath: tsa.caCertificate.path)
        configuration.timestampInterval = .milliseconds(300)
        let server = try FakturaServer(configuration: configuration, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let stamping = try #require(server.startTimestamping())
        defer { stamping.cancel() }
        try await server.application().test(.live) { client in
            let posting = "0100000001-0001-1"
            let pdf = try ServerHarness.example("examples/erp-export/pdf/\(posting).pdf")
            let form = ServerHarness.multipart([("invoice", "application/pdf", pdf), ("posting", "text/plain", Data(posting.utf8))])
            try await client.execute(uri: "/v1/archive", method: .post, headers: form.headers, body: form.body) { response in
                #expect(response.status == .created)
            }
            // Entry 2, the time stamp of entry 1, appears within the deadline (a loaded machine is slow).
            let deadline = Date().addingTimeInterval(90)
            var head = 0
            while head < 2 && Date() < deadline {
                head = try await client.execute(uri: "/v1/archive/head", method: .get) { response in
                    ServerHarness.object(response.body)["sequence"] as? Int ?? 0
                }
                if head < 2 { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(head == 2)
            // Nothing moved since: no third entry.
            try await Task.sleep(for: .seconds(1))
            try await client.execute(uri: "/v1/archive/head", method: .get) { response in
                #expect(ServerHarness.object(response.body)["sequence"] as? Int == 2)
            }
            try await client.execute(uri: "/v1/archive/verify", method: .post) { response in
                #expect(response.status == .ok)
                let checked = (ServerHarness.object(response.body)["timestamps"] as? [String: Any])?["checked"] as? [[String: Any]]
                #expect(checked?.first?["headSequence"] as? Int == 1)
            }
            try await client.execute(uri: "/v1/archive/\(posting)/bundle", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPFields.Element.Name("Faktura-Archive-Check")!] == "ok")
                let zip = try ZIPFoundation.Archive(data: Data(response.body.readableBytesView), accessMode: .read)
                #expect(zip.contains { $0.path.contains("/data/timestamps/head-1-") && $0.path.hasSuffix(".tsr") })
                #expect(zip.contains { $0.path.hasSuffix("/data/VERIFY.txt") })
            }
        }
    }
}
