import Foundation
import FakturaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The web console end to end in a real browser: `faktura serve` with two tenants, driven by
/// Tests/Browser/console_e2e.py (Debian's chromium, chromedriver and python3-selenium): sign in,
/// audit the example export with its PDFs, hostile names shown as text, Chinese remembered,
/// check invoices, make one, the archive's bundle, and the other tenant kept out.
@Suite(.serialized) struct ConsoleBrowserTests {
    static let alpha = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
    static let beta = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"
    static let script = CLI.repositoryRoot.appendingPathComponent("Tests/Browser/console_e2e.py")

    @Test func theConsoleWorksInChromiumAndKeepsHostileTextInert() async throws {
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver", "/usr/bin/python3"] {
            #expect(FileManager.default.isExecutableFile(atPath: tool), "\(tool) is missing: make deps installs chromium, chromium-driver and python3-selenium")
        }
        let scratch = ScratchFolder("console-browser")
        defer { scratch.remove() }
        let tokens = scratch.write("tokens.txt", "\(Self.alpha) alpha\n\(Self.beta) beta\n")
        let downloads = scratch.path("downloads")
        try FileManager.default.createDirectory(at: downloads, withIntermediateDirectories: true)

        // A PDF whose invoice number is markup, rendered by faktura itself, and an export whose
        // posting number is markup naming it: both reach the page only in findings and cells.
        let example = CLI.repositoryRoot.appendingPathComponent("examples/erp-export/invoices/0100000001-0001-1.json")
        let invoice = try String(contentsOf: example, encoding: .utf8)
            .replacingOccurrences(of: "\"CN-2026-000001\"", with: "\"<script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>\"")
        let hostileFolder = scratch.path("hostile")
        try FileManager.default.createDirectory(at: hostileFolder, withIntermediateDirectories: true)
        try Data(invoice.utf8).write(to: hostileFolder.appendingPathComponent("hostile.json"))
        let renderArguments = ["render", hostileFolder.appendingPathComponent("hostile.json").path, "--out", hostileFolder.path]
        let rendered = try await onOwnThread { try CLI.run(renderArguments) }
        // Such a number breaks Ozon's rules: render says so (exit 1) and still writes the PDF.
        #expect(rendered.status == 1 && rendered.stderr.contains("NUMBER_FORMAT"), "\(rendered.stderr)")
        #expect(FileManager.default.fileExists(atPath: hostileFolder.appendingPathComponent("hostile.pdf").path))
        let orders = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("examples/erp-export/orders.csv"), encoding: .utf8)
        let lines = orders.split(separator: "\n")
        // The first posting's row, renamed: its number, its invoice file, its invoice number (a mismatch the report quotes).
        let header = lines[0].split(separator: ",").map(String.init)
        func column(_ name: String) -> Int { header.firstIndex(of: name)! }
        var hostileRow = Self.csvCells(String(lines[1]))
        hostileRow[column("posting_number")] = "\"<img src=x onerror=alert(1)>\""
        hostileRow[column("invoice_file")] = "hostile.pdf"
        hostileRow[column("invoice_number")] = "CN-1"
        hostileRow[column("invoice_sha256")] = ""
        let hostileExport = scratch.write("hostile/hostile.csv", String(lines[0]) + "\n" + hostileRow.joined(separator: ",") + "\n")

        let serveArguments = ["--tokens", tokens.path, "--store", scratch.path("store").path]
        let (server, port, log) = try await onOwnThread { try ServeProcessTests.start(serveArguments) }
        defer {
            server.signal(SIGTERM)
            _ = try? server.wait(seconds: 30)
            if server.isRunning { _ = server.kill() }
        }
        // Tenant alpha has one archived posting.
        let posting = "0100000002-0001-1"
        let pdf = try Data(contentsOf: CLI.repositoryRoot.appendingPathComponent("examples/erp-export/pdf/\(posting).pdf"))
        var form = ServerHarness.multipart([("invoice", "application/pdf", pdf)])
        form.headers[.authorization] = "Bearer \(Self.alpha)"
        try await ServerHarness.withClient(port: port) { client in
            let response = try await client.execute(TestClient.Request("/v1/archive", method: .post, headers: form.headers, body: form.body))
            #expect(response.status == .created)
        }

        let output = scratch.path("e2e.log")
        var arguments = [Self.script.path, "--url", "http://127.0.0.1:\(port)/", "--token-a", Self.alpha, "--token-b", Self.beta,
                         "--export", CLI.repositoryRoot.appendingPathComponent("examples/erp-export/orders.csv").path,
                         "--pdfs", CLI.repositoryRoot.appendingPathComponent("examples/erp-export/pdf").path,
                         "--hostile-export", hostileExport.path, "--hostile-pdf", hostileFolder.appendingPathComponent("hostile.pdf").path,
                         "--invoice-json", CLI.repositoryRoot.appendingPathComponent("examples/invoices/cn-seller-ozon.json").path,
                         "--archived-posting", posting, "--downloads", downloads.path, "--deadline", "280"]
        if let folder = ProcessInfo.processInfo.environment["FAKTURA_CONSOLE_SCREENSHOTS"] { arguments += ["--screenshots", folder] }
        let browser = try ChildProcess("/usr/bin/python3", arguments, stdout: .file(output), stderr: .file(scratch.path("e2e.err")))
        let ended: ChildProcess.Termination
        do {
            ended = try await onOwnThread { try browser.wait(seconds: 300) }
        } catch {
            _ = browser.kill()
            Issue.record("the browser run did not end within 300 s: \(Self.read(output))")
            return
        }
        let transcript = Self.read(output) + Self.read(scratch.path("e2e.err"))
        #expect(ended == .exited(0), "\(transcript)\nserver log:\n\(log.text().suffix(3000))")
        #expect(transcript.contains("ok: another tenant's audit report is 404"), "\(transcript)")
    }

    static func read(_ url: URL) -> String {
        String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
    }

    /// The cells of one CSV line, quotes kept (the example's quoted cells hold commas).
    static func csvCells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if character == ",", !quoted {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        cells.append(current)
        return cells
    }
}
