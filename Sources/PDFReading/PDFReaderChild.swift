import Foundation
import SystemIO
#if canImport(Glibc)
import Glibc
#endif

/// One running `faktura-pdf-reader` process and the pipes to it; killed when its PDF overruns
/// the budget, when it dies, or when the value goes away.
final class PDFReaderChild {
    let pid: pid_t
    /// The memory limit the process was started with (a reader serves only that budget).
    let memoryBytes: Int
    /// The OCR page limit the process was started with.
    let maxOCRPages: Int
    /// Whether the process reads simple text PDFs from their content streams (else all by poppler).
    let readsContentStreams: Bool
    /// The OCR image pixel limit the process was started with.
    let maxImagePixels: Int
    private let input: Int32
    private let output: Int32
    private var alive = true

    init(executable: String, budget: PDFReadBudget, readsContentStreams: Bool = true) throws(PDFReadError) {
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0 else { throw .damaged("", reason: "cannot create a pipe to the PDF reader") }
        guard pipe(&fromChild) == 0 else {
            close(toChild[0]); close(toChild[1])
            throw .damaged("", reason: "cannot create a pipe from the PDF reader")
        }
        // Close-on-exec: a reader started later must not hold this reader's pipes open. (Another
        // thread may start a process between pipe and fcntl; then this reader's death shows no
        // end of file, which is why `read` also asks waitpid.)
        for descriptor in toChild + fromChild { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Nothing else of this process goes to the reader: a socket it inherited (NIO's accepted
        // connections are not close-on-exec) would stay open while the reader lives, so a
        // connection `faktura serve` closed would not end for its client until the reader exits.
        SpawnActions.closeDescriptors(from: 3, in: &actions)
        let arguments = [executable, "--memory", String(budget.memoryBytes), "--max-ocr-pages", String(budget.maxOCRPages),
                         "--content-streams", readsContentStreams ? "on" : "off",
                         "--max-image-pixels", String(budget.maxImagePixels)]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Tesseract's OpenMP threads spin while they wait: with one reader per job they only
        // take CPU from the other readers (Tesseract's advice for parallel processes).
        var environment: [UnsafeMutablePointer<CChar>?] = ProcessInfo.processInfo.environment
            .filter { $0.key != "OMP_THREAD_LIMIT" }.map { strdup("\($0.key)=\($0.value)") } + [strdup("OMP_THREAD_LIMIT=1"), nil]
        defer { environment.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, &argv, &environment)
        close(toChild[0])
        close(fromChild[1])
        guard status == 0 else {
            close(toChild[1]); close(fromChild[0])
            throw .damaged("", reason: "cannot start the PDF reader \(executable): \(String(cString: strerror(status)))")
        }
        self.pid = pid
        self.memoryBytes = budget.memoryBytes
        self.maxOCRPages = budget.maxOCRPages
        self.readsContentStreams = readsContentStreams
        self.maxImagePixels = budget.maxImagePixels
        self.input = toChild[1]
        self.output = fromChild[0]
    }

    deinit { stop() }

    /// Sends one PDF and waits for the answer within the budget; throws `.overBudget` after
    /// killing the process when the budget runs out or the process dies.
    func read(_ pdf: Data, mode: PDFReaderWire.Mode, source: String, budget: PDFReadBudget) throws(PDFReadError) -> PDFReadout {
        var request = Data([mode.rawValue])
        PDFReaderWire.appendUInt32(&request, UInt32(pdf.count))
        request.append(pdf)
        var cpuAllowed = budget.cpuSeconds
        let cpuStart = cpuSeconds()
        let wallStart = DispatchTime.now().uptimeNanoseconds
        let deadline = WorkDeadline.current
        guard send(request) else { throw died(source: source, budget: budget) }
        func check() throws(PDFReadError) {
            if let deadline, ContinuousClock.now >= deadline {
                stop()
                throw .overBudget(source, limit: .deadline)
            }
            // A reader that ended is reported as such even if its pipe shows no end of file.
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { throw died(source: source, budget: budget, reaped: status) }
            let used = cpuSeconds() - cpuStart
            if used > cpuAllowed {
                stop()
                throw .overBudget(source, limit: .cpuTime(seconds: cpuAllowed))
            }
            let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
            if wall > cpuAllowed * budget.wallFactor {
                stop()
                throw .overBudget(source, limit: .wallClock(seconds: cpuAllowed * budget.wallFactor))
            }
        }
        while true {
            guard let header = try receive(5, check: check) else { throw died(source: source, budget: budget) }
            let length = Int(header[1]) | Int(header[2]) << 8 | Int(header[3]) << 16 | Int(header[4]) << 24
            guard length <= PDFReaderWire.maxFrame, let payload = try receive(length, check: check) else {
                throw died(source: source, budget: budget)
            }
            switch PDFReaderWire.Kind(rawValue: header[0]) {
            case .ocrStarted:
                var reader = PDFReaderWire.ByteReader(bytes: payload)
                let pages = (try? reader.uint32()).map(Int.init) ?? 0
                cpuAllowed += Double(pages) * budget.ocrCPUSecondsPerPage
            case .readout:
                do {
                    return try PDFReaderWire.decode(bytes: payload)
                } catch {
                    stop()
                    throw .damaged(source, reason: "the PDF reader's answer was cut short")
                }
            case .failed:
                let detail = String(decoding: payload.dropFirst(), as: UTF8.self)
                switch payload.first {
                case 1: throw .notPDF(source)
                case 2: throw .encrypted(source)
                default: throw .damaged(source, reason: detail)
                }
            case nil:
                stop()
                throw .damaged(source, reason: "the PDF reader answered with an unknown frame")
            }
        }
    }

    var isAlive: Bool { alive }

    /// Kills the process (if still running) and reaps it.
    func stop() {
        guard alive else { return }
        alive = false
        close(input)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        close(output)
    }

    /// - Parameter reaped: the wait status when the process was already reaped.
    private func died(source: String, budget: PDFReadBudget, reaped: Int32? = nil) -> PDFReadError {
        guard alive else { return .overBudget(source, limit: .readerKilled(signal: SIGKILL, memoryBytes: budget.memoryBytes)) }
        alive = false
        close(input)
        var status: Int32 = reaped ?? 0
        if reaped == nil { while waitpid(pid, &status, 0) < 0 && errno == EINTR {} }
        close(output)
        let signal = status & 0x7F
        if signal != 0 {
            return .overBudget(source, limit: .readerKilled(signal: signal, memoryBytes: budget.memoryBytes))
        }
        return .overBudget(source, limit: .readerExited(status: (status >> 8) & 0xFF, memoryBytes: budget.memoryBytes))
    }

    private func send(_ data: Data) -> Bool {
        (try? DescriptorIO.write(data, to: input)) != nil
    }

    /// `count` bytes, polling so that `check` can stop a reader that overruns; nil at end of file.
    private func receive(_ count: Int, check: () throws(PDFReadError) -> Void) throws(PDFReadError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 20)
            if ready == 0 || (ready < 0 && errno == EINTR) {
                try check()
                continue
            }
            guard let chunk = try? DescriptorIO.read(from: output, upTo: count - filled), !chunk.isEmpty else { return nil }
            buffer.replaceSubrange(filled..<(filled + chunk.count), with: chunk)
            filled += chunk.count
        }
        return buffer
    }

    /// The process's user + system CPU time so far: its CPU-time clock (one system call, asked
    /// for every PDF), else `/proc/PID/stat` fields 14 and 15.
    private func cpuSeconds() -> Double {
        var clock = clockid_t()
        var time = timespec()
        if clock_getcpuclockid(pid, &clock) == 0, clock_gettime(clock, &time) == 0 {
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
