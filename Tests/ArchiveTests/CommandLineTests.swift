import Archive
import Foundation
import Testing

/// Runs the built `faktura` executable. `swift test` builds it with the package (the CLI test
/// target depends on it); it sits next to the test bundle, e.g. `.build/debug/faktura`.
/// `FAKTURA_EXECUTABLE` overrides the location.
enum FakturaExecutable {
    static var url: URL? {
        if let given = ProcessInfo.processInfo.environment["FAKTURA_EXECUTABLE"] { return URL(fileURLWithPath: given) }
        var candidates: [URL] = []
        for start in [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments.first ?? ".")] {
            var folder = start.resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent("faktura"))
                folder = folder.deletingLastPathComponent()
            }
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Run {
        let status: Int32
        let output: String
        let errors: String
    }

    /// Starts faktura; the caller waits or kills.
    static func start(_ arguments: [String], environment: [String: String] = [:],
                      discardOutput: Bool = false) throws -> (Process, Pipe, Pipe) {
        let executable = try #require(url, "the faktura executable was not found next to the test bundle; run 'swift build' first")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), errors = Pipe()
        // Output nobody reads must not fill a pipe and stall the process.
        process.standardOutput = discardOutput ? FileHandle.nullDevice : output
        process.standardError = discardOutput ? FileHandle.nullDevice : errors
        try process.run()
        return (process, output, errors)
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let (process, output, errors) = try start(arguments, environment: environment)
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
                   errors: String(decoding: err, as: UTF8.self))
    }
}

@Suite("faktura archive (command line)", .serialized)
struct CommandLineTests {
    @Test func addVerifyShowHeadAndExportThroughTheCommand() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = folder.path("store").path
        let pdf = folder.path("invoice.pdf")
        try fakturaPDF(posting: "0123456789-0020-1").write(to: pdf)

        let add = try FakturaExecutable.run(["archive", "--store", store, "add", pdf.path])
        #expect(add.status == 0, "\(add.errors)")
        #expect(add.output.contains("added   \(pdf.path): posting 0123456789-0020-1, entry 1"))
        let again = try FakturaExecutable.run(["archive", "add", "--store", store, pdf.path])
        #expect(again.status == 0)
        #expect(again.output.contains("already holds this PDF in entry 1"))

        let head = try FakturaExecutable.run(["archive", "--store", store, "head"])
        let hash = String(head.output.prefix(64))
        #expect(ContentHash.isWellFormed(hash))

        let verify = try FakturaExecutable.run(["archive", "--store", store, "verify", "--head", hash, "--format", "json"])
        #expect(verify.status == 0, "\(verify.output)\(verify.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(verify.output.utf8)) as? [String: Any])
        #expect((report["summary"] as? [String: Any])?["status"] as? String == "ok")
        #expect((report["expectedHead"] as? [String: Any])?["entry"] as? Int == 1)
        #expect((report["tool"] as? [String: Any])?["name"] as? String == "faktura")

        let show = try FakturaExecutable.run(["archive", "--store", store, "show", "0123456789-0020-1", "--format", "json"])
        #expect(show.status == 0)
        #expect(show.output.contains(hash))

        let out = folder.path("bundle.zip").path
        #expect(try FakturaExecutable.run(["archive", "--store", store, "export", "0123456789-0020-1", "--out", out]).status == 0)
        let refused = try FakturaExecutable.run(["archive", "--store", store, "export", "0123456789-0020-1", "--out", out])
        #expect(refused.status == 2)
        #expect(refused.errors.contains("--force"))
        #expect(try FakturaExecutable.run(["archive", "--store", store, "export", "0123456789-0020-1", "--out", out,
                                           "--force"]).status == 0)
    }

    @Test func verifyExitsOneAndNamesTheEntryAndFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = folder.path("store")
        let pdf = folder.path("scan.pdf")
        try handMadePDF(text: "scan").write(to: pdf)
        let missing = try FakturaExecutable.run(["archive", "--store", store.path, "add", pdf.path])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("give --posting"))
        #expect(try FakturaExecutable.run(["archive", "--store", store.path, "add", pdf.path, "--posting", "P-1"]).status == 0)

        let document = try #require(try EvidenceStore(at: store).entries(posting: "P-1").first?.document(.pdf))
        try FileManager.default.removeItem(at: EvidenceStore(at: store).fileURL(of: document))
        let verify = try FakturaExecutable.run(["archive", "--store", store.path, "verify"])
        #expect(verify.status == 1)
        #expect(verify.output.contains("error ARCHIVE_MISSING entry 1 (posting P-1), objects/\(document.sha256.prefix(2))/"))
        #expect(verify.output.contains("scan.pdf"))
    }

    @Test func threeProcessesAddingAtOnceKeepOneUnbrokenChain() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = folder.path("store").path
        var processes: [Process] = []
        for writer in 0..<3 {
            var files: [String] = []
            for index in 0..<40 {
                let url = folder.path("w\(writer)-\(index).pdf")
                try handMadePDF(text: "writer \(writer) file \(index)").write(to: url)
                files.append(url.path)
            }
            // Twelve processes in all (three writers, four calls of ten files each), started together.
            for part in 0..<4 {
                let (process, _, _) = try FakturaExecutable.start(
                    ["archive", "--store", store, "add", "--posting", "W\(writer)-\(part)"]
                        + files[(part * 10)..<(part * 10 + 10)], discardOutput: true)
                processes.append(process)
            }
        }
        for process in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let report = try EvidenceStore(at: URL(fileURLWithPath: store)).verify()
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.entries == 120)
        #expect(report.head?.sequence == 120)
    }

    @Test func anAddKilledMidwayLeavesAStoreThatVerifiesAndTheNextAddCompletesIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = folder.path("store")
        // 400 distinct PDFs of ~48 KB: long enough to be killed in the middle (6+ transactions,
        // each of 64 entries, preceded by validating and writing their files).
        var files: [String] = []
        for index in 0..<400 {
            let url = folder.path("scan-\(index).pdf")
            try handMadePDF(text: "scan \(index)", padding: 48_000).write(to: url)
            files.append(url.path)
        }
        let arguments = ["archive", "--store", store.path, "add", "--posting", "0123456789-0030-1"] + files
        // Kill once right after the first transaction has committed and once at an arbitrary
        // moment (while files are being written or validated), verifying the store each time.
        var interrupted = 0
        for delay in [nil, 0.35] as [Double?] {
            let (process, _, _) = try FakturaExecutable.start(arguments, discardOutput: true)
            let deadline = Date().addingTimeInterval(60)
            if let delay {
                Thread.sleep(forTimeInterval: delay)
            } else {
                while process.isRunning && Date() < deadline {
                    if FileManager.default.fileExists(atPath: store.appendingPathComponent("index.sqlite").path),
                       let count = try? EvidenceStore(at: store).entryCount(), count > 0 { break }
                    Thread.sleep(forTimeInterval: 0.005)
                }
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                #expect(process.terminationReason == .uncaughtSignal)
                interrupted += 1
            }
            if FileManager.default.fileExists(atPath: store.appendingPathComponent("index.sqlite").path) {
                let report = try EvidenceStore(at: store).verify()
                #expect(report.problems.isEmpty, "after SIGKILL: \(report.problems)")
            }
        }
        #expect(interrupted >= 1, "faktura finished before it could be killed; the test needs a longer add")
        let before = (try? EvidenceStore(at: store).entryCount()) ?? 0
        #expect(before < files.count)

        let finish = try FakturaExecutable.run(arguments)
        #expect(finish.status == 0, "\(finish.errors)")
        let stored = try EvidenceStore(at: store)
        let report = try stored.verify()
        #expect(report.problems.isEmpty)
        #expect(report.entries == files.count)
        #expect(try stored.entries(posting: "0123456789-0030-1").count == files.count)
        // What the killed runs had committed is reported as already archived, not added twice.
        #expect(finish.output.split(separator: "\n").count { $0.hasPrefix("already ") } == before)
    }
}
