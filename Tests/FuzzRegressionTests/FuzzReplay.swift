import Foundation
import Testing

/// Replays the inputs kept under `Fixtures/fuzz-regressions/<harness>/`: every input that
/// ever crashed or hung a reader under `make fuzz` (libFuzzer writes them there directly).
enum FuzzReplay {
    /// One harness of `Harnesses/`: its name (the file is `<name>Harness.swift`) and its body.
    struct Harness: Sendable, CustomTestStringConvertible {
        let name: String
        /// Async so that a harness talking to a server in this process (`ServerChunked`,
        /// `ServerPipeline`) waits without holding a thread that server needs.
        let run: @Sendable (Data) async -> String?

        var testDescription: String { name }
    }

    /// Every harness, replayed by ``FuzzReplayTests``; a harness file missing here fails
    /// `everyHarnessFileIsReplayed`.
    static let harnesses: [Harness] = [
        Harness(name: "ContentStream") { ContentStreamHarness.run($0) },
        Harness(name: "DKIM") { DKIMHarness.run($0) },
        Harness(name: "ExportCSV") { ExportCSVHarness.run($0) },
        Harness(name: "ExportMapping") { ExportMappingHarness.run($0) },
        Harness(name: "ExportXLSX") { ExportXLSXHarness.run($0) },
        Harness(name: "InvoiceJSON") { InvoiceJSONHarness.run($0) },
        Harness(name: "InvoiceXML") { InvoiceXMLHarness.run($0) },
        Harness(name: "MIME") { MIMEHarness.run($0) },
        Harness(name: "OCRImageHeader") { OCRImageHeaderHarness.run($0) },
        Harness(name: "PDFText") { PDFTextHarness.run($0) },
        Harness(name: "ServerChunked") { await ServerChunkedHarness.answer($0) },
        Harness(name: "ServerForm") { ServerFormHarness.run($0) },
        Harness(name: "ServerPipeline") { await ServerPipelineHarness.answer($0) },
        Harness(name: "Template") { TemplateHarness.run($0) },
        Harness(name: "TokensFile") { TokensFileHarness.run($0) },
        Harness(name: "UPD") { UPDHarness.run($0) },
        Harness(name: "ZIPDirectory") { ZIPDirectoryHarness.run($0) },
    ]

    static func inputs(harness: String) throws -> [URL] {
        let folder = try #require(Bundle.module.resourceURL)
            .appendingPathComponent("Fixtures/fuzz-regressions/\(harness)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Feeds each kept input through the real reader: it must come back (no crash, no hang:
    /// the test's time limit is the budget) with an error or finding that says something.
    static func replay(_ harness: Harness) async throws {
        // The harness reaches its reader: an empty input is refused with a message.
        #expect(await harness.run(Data()).map { !$0.isEmpty } == true, "\(harness.name): an empty input was read without an error")
        for input in try inputs(harness: harness.name) {
            let answer = await harness.run(try Data(contentsOf: input))
            let message = try #require(answer, "\(harness.name)/\(input.lastPathComponent) was read without an error or finding")
            #expect(!message.isEmpty, "\(harness.name)/\(input.lastPathComponent)")
        }
    }
}

@Suite("Fuzz regressions")
struct FuzzReplayTests {
    // The limit catches a hang, not slowness: other suites may hold both test threads for a while.
    @Test(.timeLimit(.minutes(10)), arguments: FuzzReplay.harnesses)
    func keptInputsEndInAnAnswer(_ harness: FuzzReplay.Harness) async throws {
        try await FuzzReplay.replay(harness)
    }

    @Test func everyHarnessFileIsReplayed() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Harnesses")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix("Harness.swift") }
        let names = Set(files.map { String($0.dropLast("Harness.swift".count)) })
        #expect(names.count >= 10)
        #expect(names == Set(FuzzReplay.harnesses.map { $0.name }))
    }
}
