import Foundation

/// `faktura serve` under load (benchmark, never a test): the release binary started on
/// 127.0.0.1, `wrk` with 16 connections posting one invoice JSON to /v1/validate, then to
/// /v1/render. Prints requests/s, p50/p99 latency and the server's peak RSS (VmHWM), with the
/// load average. Targets on 2 cores: ≥ 2,000 validations/s, ≥ 500 renders/s, p99 < 50 ms.
/// `FAKTURA_BENCH_SERVER_SECONDS` sets each run's length (default 15).
func runServerBenchmark() {
    let seconds = ProcessInfo.processInfo.environment["FAKTURA_BENCH_SERVER_SECONDS"].flatMap(Int.init) ?? 15
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let faktura = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("faktura")
    guard FileManager.default.isExecutableFile(atPath: faktura.path) else {
        print("  \(faktura.path) is missing; build it with make build (swift build -c release --static-swift-stdlib --product faktura)")
        return
    }
    guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
        print("  wrk is not installed (apt-get install wrk; it is in the Makefile's PACKAGES)")
        return
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-bench-server-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let invoice = repository.appendingPathComponent("examples/invoices/cn-seller-ozon.json")
    // wrk posts the file's bytes from a Lua script (its only way to send a body).
    let script = folder.appendingPathComponent("post.lua")
    let body = (try? String(contentsOf: invoice, encoding: .utf8)) ?? "{}"
    let lua = """
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        wrk.body = [==[\(body)]==]
        """
    try? lua.write(to: script, atomically: true, encoding: .utf8)

    let port = 18_000 + Int(getpid() % 1000)
    let server = Process()
    server.executableURL = faktura
    server.arguments = ["serve", "--port", String(port), "--store", folder.appendingPathComponent("archive").path]
    server.environment = ProcessInfo.processInfo.environment.merging(
        ["FAKTURA_TEMPLATES": repository.appendingPathComponent("templates").path]) { _, new in new }
    server.standardError = FileHandle.nullDevice  // one log line per request: not what is measured
    do { try server.run() } catch {
        print("  cannot start faktura serve: \(error)")
        return
    }
    defer {
        server.terminate()
        server.waitUntilExit()
    }
    guard ServerBenchmark.waitForHealth(port: port) else {
        print("  faktura serve did not answer /health on port \(port)")
        return
    }
    print("server benchmark: wrk -t2 -c16 -d\(seconds)s on 127.0.0.1:\(port), body examples/invoices/cn-seller-ozon.json")
    for (route, target) in [("/v1/validate", 2_000.0), ("/v1/render", 500.0)] {
        let output = ServerBenchmark.run([wrk, "-t2", "-c16", "-d\(seconds)s", "--latency", "-s", script.path,
                                          "http://127.0.0.1:\(port)\(route)"])
        let figures = ServerBenchmark.WrkFigures(output)
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        print(String(format: "  %@: %.0f requests/s (target ≥ %.0f), p50 %@, p99 %@ (target < 50 ms), non-2xx %d, load average %@",
                     route, figures.requestsPerSecond, target, figures.p50, figures.p99, figures.non2xx, load))
    }
    print("  server peak RSS (VmHWM): \(ServerBenchmark.peakRSS(pid: server.processIdentifier))")
}

enum ServerBenchmark {
    /// What `wrk --latency` printed: requests/s, the 50% and 99% latency, non-2xx answers.
    struct WrkFigures {
        var requestsPerSecond = 0.0
        var p50 = "?"
        var p99 = "?"
        var non2xx = 0

        init(_ output: String) {
            for line in output.split(separator: "\n") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard let first = fields.first else { continue }
                switch first {
                case "Requests/sec:": requestsPerSecond = Double(fields.last ?? "") ?? 0
                case "50%": p50 = String(fields.last ?? "?")
                case "99%": p99 = String(fields.last ?? "?")
                case "Non-2xx": non2xx = Int(fields.last ?? "") ?? 0
                default: break
                }
            }
        }
    }

    static func run(_ command: [String]) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return "" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func waitForHealth(port: Int) -> Bool {
        for _ in 0..<200 {
            if run(["/usr/bin/curl", "-sf", "http://127.0.0.1:\(port)/health"]).contains("\"ok\"") { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    static func peakRSS(pid: Int32) -> String {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
            .map { $0.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces) } ?? "?"
    }
}
