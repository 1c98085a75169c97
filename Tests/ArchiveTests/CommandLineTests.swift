import Archive
import FakturaTestSupport
import Foundation
import Testing

@Suite("faktura archive (command line)", .serialized)
struct CommandLineTests {
    @Test func addVerifyShowHeadAndExportThroughTheCommand() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = folder.path("store").path
        let pdf = folder.path("invoice.pdf")
        try fakturaPDF(posting: "0123456789-0020-1").write(to: pdf)

        let add = try CLI.run(["archive", "--store", store, "add", pdf.path])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.contains("added   \(pdf.path): posting 0123456789-0020-1, entry 1"))
        let again = try CLI.run(["archive", "add", "--store", store, pdf.path])
        #expect(again.status == 0)
        #expect(again.stdout.contains("already holds this PDF in entry 1"))

        let head = try CLI.run(["archive", "--store", store, "head"])
        let hash = String(head.stdout.prefix(64))
        #expect(ContentHash.isWellFormed(hash))

        let verify = try CLI.run(["archive", "--store", store, "verify", "--head", hash, "--format", "json"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        #expect((report["summary"] as? [String: Any])?["status"] as? String == "ok")
        #expect((report["expectedHead"] as? [String: Any])?["entry"] as? Int == 1)
        #expect((report["tool"] as? [String: Any])?["name"] as? String == "faktura")

        let show = try CLI.run(["archive", "--store", store, "show", "0123456789-0020-1", "--format", "json"])
        #expect(show.status == 0)
        #expect(show.stdout.contains(hash))

        let out = folder.path("bundle.zip").path
        #expect(try CLI.run(["archive", "--store", store, "export", "0123456789-0020-1", "--out", out]).status == 0)
        let refused = try CLI.run(["archive", "--store", store, "export", "0123456789-0020-1", "--out", out])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--force"))
        #expect(try CLI.run(["archive", "--store", store, "export", "0123456789-0020-1", "--out", out,
                                           "--force"]).status == 0)
    }

    @Test func verifyExitsOneAndNamesTheEntryAndFile() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = folder.path("store")
        let pdf = folder.path("scan.pdf")
        try handMadePDF(text: "scan").write(to: pdf)
        let missing = try CLI.run(["archive", "--store", store.path, "add", pdf.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("give --posting"))
        #expect(try CLI.run(["archive", "--store", store.path, "add", pdf.path, "--posting", "P-1"]).status == 0)

        let document = try #require(try EvidenceStore(at: store).entries(posting: "P-1").first?.document(.pdf))
        try FileManager.default.removeItem(at: EvidenceStore(at: store).fileURL(of: document))
        let verify = try CLI.run(["archive", "--store", store.path, "verify"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("error ARCHIVE_MISSING entry 1 (posting P-1), objects/\(document.sha256.prefix(2))/"))
        #expect(verify.stdout.contains("scan.pdf"))
    }

    @Test func threeProcessesAddingAtOnceKeepOneUnbrokenChain() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = folder.path("store").path
        var processes: [ChildProcess] = []
        for writer in 0..<3 {
            var files: [String] = []
            for index in 0..<40 {
                let url = folder.path("w\(writer)-\(index).pdf")
                try handMadePDF(text: "writer \(writer) file \(index)").write(to: url)
                files.append(url.path)
            }
            // Twelve processes in all (three writers, four calls of ten files each), started together.
            for part in 0..<4 {
                let started = try CLI.start(
                    ["archive", "--store", store, "add", "--posting", "W\(writer)-\(part)"]
                        + files[(part * 10)..<(part * 10 + 10)], discardOutput: true)
                processes.append(started.process)
            }
        }
        for process in processes {
            #expect(try process.wait(seconds: ChildProcess.defaultSeconds) == .exited(0))
        }
        let report = try EvidenceStore(at: URL(fileURLWithPath: store)).verify()
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.entries == 120)
        #expect(report.head?.sequence == 120)
    }

    @Test func anAddKilledMidwayLeavesAStoreThatVerifiesAndTheNextAddCompletesIt() throws {
        let folder = ScratchFolder()
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
            let process = try CLI.start(arguments, discardOutput: true).process
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
                // Still running, or ended just now: only a kill that found it running counts.
                if process.kill() == .signalled(SIGKILL) { interrupted += 1 }
            }
            if FileManager.default.fileExists(atPath: store.appendingPathComponent("index.sqlite").path) {
                let report = try EvidenceStore(at: store).verify()
                #expect(report.problems.isEmpty, "after SIGKILL: \(report.problems)")
            }
        }
        #expect(interrupted >= 1, "faktura finished before it could be killed; the test needs a longer add")
        let before = (try? EvidenceStore(at: store).entryCount()) ?? 0
        #expect(before < files.count)

        let finish = try CLI.run(arguments)
        #expect(finish.status == 0, "\(finish.stderr)")
        let stored = try EvidenceStore(at: store)
        let report = try stored.verify()
        #expect(report.problems.isEmpty)
        #expect(report.entries == files.count)
        #expect(try stored.entries(posting: "0123456789-0030-1").count == files.count)
        // What the killed runs had committed is reported as already archived, not added twice.
        #expect(finish.stdout.split(separator: "\n").count { $0.hasPrefix("already ") } == before)
    }
}
