import FakturaTestSupport
import Foundation
import Hummingbird
import Testing

/// The scans of issue 28 over HTTP: with `--timeout 10` the 408 came after 40–94 s while the
/// reader ran on. Their pages are now refused before any image is decoded, so the answer is the
/// ordinary report, well inside the request's deadline, naming every refused page.
@Suite struct HostileScanRouteTests {
    static let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/ValidateTests/Fixtures/hostile")

    @Test(arguments: ["jbig2-giant.pdf", "jbig2-giant-ten-pages.pdf", "jbig2-lying-dictionary.pdf", "jpx-giant.pdf"])
    func aScanWhoseImageClaimsTooManyPixelsIsAnsweredWithinTheDeadline(_ name: String) async throws {
        let pdf = try Data(contentsOf: Self.fixtures.appendingPathComponent(name))
        var configuration = ServerHarness.configuration()
        configuration.requestTimeout = .seconds(10)
        try await ServerHarness.withServer(configuration) { client in
            try await client.execute(uri: "/v1/validate", method: .post, headers: [.contentType: "application/pdf"],
                                     body: ByteBuffer(bytes: pdf)) { response in
                // 422: a report whose document has errors; 408 would mean the reader was still
                // decoding when the deadline passed.
                #expect(response.status.code == 422, "\(String(decoding: response.body.readableBytesView, as: UTF8.self).prefix(400))")
                let report = ServerHarness.object(response.body)
                let document = (report["documents"] as? [[String: Any]])?.first ?? [:]
                let findings = document["findings"] as? [[String: Any]] ?? []
                let refused = findings.filter {
                    $0["code"] as? String == "ATTACHMENT_UNREADABLE" && ($0["message"] as? String ?? "").contains("was not read by OCR")
                }
                #expect(refused.count == (name.contains("ten") ? 10 : 1), "\(findings)")
                #expect(document["status"] as? String != "ok")
            }
        }
    }
}
