import Foundation
import FakturaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `make install-files PREFIX=…` (what `make install` runs after building): the installed
/// `faktura` renders, validates through its reader process and serves from another folder, with
/// no environment pointing at the repository.
@Suite struct InstallTests {
    @Test func anInstalledCopyRendersValidatesAndServesFromAnotherFolder() async throws {
        let built = try #require(CLI.executable, "faktura is not built").deletingLastPathComponent()
        let scratch = ScratchFolder("install")
        defer { scratch.remove() }
        let prefix = scratch.path("prefix")
        let makeArguments = ["-s", "-C", CLI.repositoryRoot.path, "install-files", "PREFIX=\(prefix.path)", "BUILT=\(built.path)"]
        let make = try await onOwnThread { try CLI.runTool("/usr/bin/make", makeArguments, seconds: 120) }
        #expect(make.status == 0, "\(make.stderr)")
        for file in ["bin/faktura", "bin/faktura-pdf-reader", "share/faktura/templates/template.xsd",
                     "share/faktura/templates/commercial-invoice.xml", "share/faktura/templates/ru-schet-faktura.xml"] {
            #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(file).path), "\(file) is not installed")
        }
        // Nothing leads back to the repository: no FAKTURA_* variables, a PATH without the build.
        let environment = ["PATH": "/usr/bin:/bin", "HOME": scratch.url.path, "LANG": "C.UTF-8"]
        let work = scratch.path("elsewhere")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let invoice = CLI.repositoryRoot.appendingPathComponent("examples/invoices/cn-seller-ozon.json")
        try FileManager.default.copyItem(at: invoice, to: work.appendingPathComponent("invoice.json"))
        let faktura = prefix.appendingPathComponent("bin/faktura").path
        let rendered = try await onOwnThread {
            try ChildProcess.run(faktura, ["render", "invoice.json", "--out", "out"], environment: environment, directory: work, seconds: 120)
        }
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let pdf = work.appendingPathComponent("out/invoice.pdf")
        #expect(FileManager.default.fileExists(atPath: pdf.path), "\(rendered.stdout) \(rendered.stderr)")
        // A PDF it did not render goes through the installed reader process.
        let foreign = CLI.repositoryRoot.appendingPathComponent("examples/erp-export/pdf/0100000002-0001-1.pdf")
        let validated = try await onOwnThread {
            try ChildProcess.run(faktura, ["validate", foreign.path], environment: environment, directory: work, seconds: 120)
        }
        #expect(validated.status == 0, "\(validated.stdout) \(validated.stderr)")

        let log = scratch.path("serve.log")
        let server = try ChildProcess(faktura, ["serve", "--port", "0", "--store", scratch.path("store").path], environment: environment,
                                      directory: work, stderr: .file(log))
        defer {
            server.signal(SIGTERM)
            if (try? server.wait(seconds: 30)) == nil { _ = server.kill() }
        }
        var port: Int?
        let deadline = Date().addingTimeInterval(30)
        while port == nil, Date() < deadline, server.isRunning {
            let text = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
            if let range = text.range(of: "\"address\":\"127.0.0.1:") {
                port = Int(text[range.upperBound...].prefix { $0.isNumber })
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let bound = try #require(port, "the installed faktura serve did not listen: \(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))")
        try await ServerHarness.withClient(port: bound) { client in
            let console = try await client.execute(TestClient.Request("/", method: .get))
            #expect(console.status == .ok)
            #expect(String(buffer: console.body ?? ByteBuffer()).contains("/console/app.js"))
            let rendered = try await client.execute(TestClient.Request("/v1/render", method: .post, headers: [.contentType: "application/json"],
                                                                       body: ByteBuffer(bytes: try Data(contentsOf: invoice))))
            #expect(rendered.status == .ok)
            #expect(Data((rendered.body ?? ByteBuffer()).readableBytesView).starts(with: Data("%PDF-".utf8)))
        }
    }
}
