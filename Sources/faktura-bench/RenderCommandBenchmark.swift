import Foundation
import InvoiceModel

/// `faktura render DIR --jobs 1` as a user runs it (the whole process on one core: start-up,
/// reading, validating, rendering, writing), beside reportlab drawing the same content from the
/// same files in one Python process (tools/reportlab-render.py), for the two kinds of seller:
/// a Chinese seller's commercial invoice (target ≥ 15×) and a Russian seller's счёт-фактура
/// (target ≥ 20×). `FAKTURA_BENCH_COMMAND_COUNT` sets the number of invoices (default 2,000).
///
/// The figure compared is CPU time (user + system, of the process and its children): on a
/// machine shared with other work, wall time measures the neighbours as much as the program.
/// Wall time and the load average are printed beside it.
func runRenderCommandBenchmark() {
    let count = ProcessInfo.processInfo.environment["FAKTURA_BENCH_COMMAND_COUNT"].flatMap(Int.init) ?? 2_000
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let faktura = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("faktura")
    guard FileManager.default.isExecutableFile(atPath: faktura.path) else {
        print("  whole command: \(faktura.path) is missing; build it with make build (swift build -c release --static-swift-stdlib --product faktura)")
        return
    }
    let kinds: [(label: String, invoice: Invoice, target: Double)] = [
        ("CN seller, commercial-invoice", RenderBenchmarkData.fiveLineInvoice(), 15),
        ("RU seller, ru-schet-faktura", RenderBenchmarkData.fiveLineRussianInvoice(), 20),
    ]
    let hasReportlab = RenderCommandBenchmark.hasReportlab()
    print("render command benchmark: the figure compared is CPU time (user + system of the process), steadier than wall time on a shared machine")
    // Every kind's files are removed only after the last run. Removed at the end of each kind,
    // the 3,000 files freed just before the next kind's run made ext4 step over thousands of
    // recently deleted inodes for every file that run created (`recently_deleted` in
    // `ext4_new_inode`): the RU run's system time was mostly the CN run's clean-up.
    var folders: [URL] = []
    defer { for folder in folders { try? FileManager.default.removeItem(at: folder) } }
    for (kindIndex, kind) in kinds.enumerated() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-bench-render-\(getpid())-\(kindIndex)")
        folders.append(folder)
        let inputs = folder.appendingPathComponent("in")
        try? FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        var invoice = kind.invoice
        for index in 0..<count {
            invoice.number = "BENCH-\(index)"
            try? InvoiceJSON.encode(invoice).write(to: inputs.appendingPathComponent(String(format: "invoice-%05d.json", index)))
        }
        print("render command benchmark, \(kind.label): \(count) invoice JSON files (5 lines), whole process pinned to one core")

        // One core for both: taskset pins the process and everything it starts.
        let pin = FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") ? ["/usr/bin/taskset", "-c", "0"] : []
        guard let fakturaRun = RenderCommandBenchmark.time(pin + [faktura.path, "render", inputs.path, "--jobs", "1",
                                                                   "--out", folder.appendingPathComponent("faktura").path],
                                                           environment: ["FAKTURA_TEMPLATES": repository.appendingPathComponent("templates").path])
        else { continue }
        print(RenderCommandBenchmark.line("faktura render DIR --jobs 1", fakturaRun, count))

        let script = repository.appendingPathComponent("tools/reportlab-render.py").path
        guard hasReportlab else {
            print("  reportlab is not installed (pip install reportlab): Faktura's figure only")
            continue
        }
        guard let reportlabRun = RenderCommandBenchmark.time(pin + ["/usr/bin/env", "python3", script, inputs.path,
                                                                     folder.appendingPathComponent("reportlab").path])
        else { continue }
        print(RenderCommandBenchmark.line("reportlab (tools/reportlab-render.py)", reportlabRun, count))
        let ratio = reportlabRun.cpu / fakturaRun.cpu
        print(String(format: "  %@: %.3f ms CPU per invoice against reportlab's %.3f ms: %.1f× (target ≥ %.0f×, %@); by wall time %.1f×",
                     kind.label as NSString, fakturaRun.cpu * 1000 / Double(count), reportlabRun.cpu * 1000 / Double(count), ratio,
                     kind.target, (ratio >= kind.target ? "met" : "not met") as NSString, reportlabRun.wall / fakturaRun.wall))
    }
}

enum RenderCommandBenchmark {
    struct Run {
        let wall: Double
        let user: Double
        let system: Double
        let loadBefore: String
        let loadAfter: String
        var cpu: Double { user + system }
    }

    /// Runs a command to its end; wall time and the CPU time of it and its children.
    static func time(_ command: [String], environment: [String: String] = [:]) -> Run? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        let cpuBefore = childrenCPUSeconds()
        let loadBefore = loadAverage()
        let clock = ContinuousClock()
        let start = clock.now
        do { try process.run() } catch {
            print("  cannot run \(command.joined(separator: " ")): \(error)")
            return nil
        }
        process.waitUntilExit()
        let elapsed = clock.now - start
        guard process.terminationStatus == 0 else {
            print("  \(command.joined(separator: " ")) exited with \(process.terminationStatus)")
            return nil
        }
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpuAfter = childrenCPUSeconds()
        return Run(wall: wall, user: cpuAfter.user - cpuBefore.user, system: cpuAfter.system - cpuBefore.system,
                   loadBefore: loadBefore, loadAfter: loadAverage())
    }

    static func line(_ label: String, _ run: Run, _ count: Int) -> String {
        String(format: "  %@ %.3f ms CPU/invoice (user %.3f, system %.3f), %.3f ms wall; load average %@ before, %@ after",
               label.padding(toLength: 40, withPad: " ", startingAt: 0) as NSString,
               run.cpu * 1000 / Double(count), run.user * 1000 / Double(count), run.system * 1000 / Double(count),
               run.wall * 1000 / Double(count), run.loadBefore as NSString, run.loadAfter as NSString)
    }

    /// The 1, 5 and 15-minute load averages, as /proc/loadavg gives them.
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "n/a" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func hasReportlab() -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import reportlab"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// User and system CPU time of the children waited for so far.
    private static func childrenCPUSeconds() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN_WHO, &usage)
        return (Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
                Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
    }
}

#if canImport(Glibc)
private let RUSAGE_CHILDREN_WHO = __rusage_who_t(RUSAGE_CHILDREN.rawValue)
#else
private let RUSAGE_CHILDREN_WHO = RUSAGE_CHILDREN
#endif
