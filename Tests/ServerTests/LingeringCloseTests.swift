import Foundation
import FakturaTestSupport
import Server
import Testing

/// A body over `--max-body` gets its 413 read by an ordinary client: Python's urllib sends the
/// whole body before it reads an answer (and asks for `Connection: close`), so a server that
/// closed, or stopped reading, at its refusal left it with a reset or a timeout. The server
/// reads the rest of the body and drops it, then closes (HTTPExchangeGuard's lingering close).
@Suite struct LingeringCloseTests {
    static let client = """
        import sys, urllib.request, urllib.error
        body = b"{" + b" " * (25 * 1024 * 1024) + b"}"
        request = urllib.request.Request(sys.argv[1], data=body, method="POST", headers={"Content-Type": sys.argv[2]})
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                print("answered", answer.status)
        except urllib.error.HTTPError as refusal:
            print("refused", refusal.code, refusal.read().decode())
        except Exception as failure:
            print("failed", type(failure).__name__, failure)
        """

    @Test(arguments: [("/v1/validate", "application/json"), ("/v1/postings/check", "multipart/form-data; boundary=x"),
                      ("/v1/audits", "multipart/form-data; boundary=x")])
    func urllibSending25MBReadsIts413(route: String, contentType: String) async throws {
        var configuration = ServerHarness.configuration()
        configuration.maximumAuditBodyBytes = 20 << 20
        try await ServerHarness.withServer(configuration) { client in
            let arguments = ["-c", Self.client, "http://127.0.0.1:\(client.port!)\(route)", contentType]
            let result = try await onOwnThread { try CLI.runTool("/usr/bin/python3", arguments, seconds: 90) }
            #expect(result.stdout.hasPrefix("refused 413"), "\(route): \(result.stdout) \(result.stderr)")
            #expect(result.stdout.contains("payload_too_large"))
        }
    }
}
