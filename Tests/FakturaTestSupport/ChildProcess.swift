public import Foundation
import SystemIO
#if canImport(Glibc)
import Glibc
#endif

/// A program a test starts: `posix_spawn` in a process group of its own, waited for with
/// `waitpid` against a deadline and killed (the whole group) once it passes.
///
/// Foundation's `Process.waitUntilExit()` has no deadline, and on Linux it learns that a child
/// ended from a socket the child holds: a child that was killed while a grandchild kept that
/// socket, or a busy machine, left a test spinning in it for minutes. Every child of the suite
/// goes through this type instead, so no test waits without a deadline.
public final class ChildProcess: @unchecked Sendable {
    /// Where a standard stream of the child goes.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// A file, created or truncated (output) or read from its start (input).
        case file(URL)
    }

    /// How a child ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        /// The exit status, or 128 + the signal as a shell reports it.
        public var status: Int32 {
            switch self {
            case .exited(let status): status
            case .signalled(let signal): 128 + signal
            }
        }

        public var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "killed by signal \(signal)"
            }
        }
    }

    /// The child could not be started, or overran its deadline (and was killed).
    public enum Failure: Error, CustomStringConvertible {
        case cannotStart(command: String, reason: String)
        case timedOut(command: String, seconds: Double)

        public var description: String {
            switch self {
            case .cannotStart(let command, let reason): "cannot start \(command): \(reason)"
            case .timedOut(let command, let seconds):
                "\(command) was still running after \(String(format: "%.0f", seconds)) s and was killed"
            }
        }
    }

    /// The child's process id (also its process group's).
    public let pid: pid_t
    /// The command line, for messages.
    public let command: String
    private let lock = NSLock()
    private var ended: Termination?

    /// Starts `executable` with `arguments`. `environment` nil keeps the caller's.
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                directory: URL? = nil, stdin: Stream = .null, stdout: Stream = .null, stderr: Stream = .null) throws(Failure) {
        let command = ([executable] + arguments).map { $0.count > 80 ? $0.prefix(77) + "..." : $0 }.joined(separator: " ")
        self.command = command.count > 400 ? String(command.prefix(397)) + "..." : command
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (descriptor, stream, flags) in [(Int32(0), stdin, O_RDONLY), (1, stdout, O_WRONLY | O_CREAT | O_TRUNC),
                                            (2, stderr, O_WRONLY | O_CREAT | O_TRUNC)] {
            switch stream {
            case .null: posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", flags & ~(O_CREAT | O_TRUNC), 0)
            case .file(let url): posix_spawn_file_actions_addopen(&actions, descriptor, url.path, flags, 0o644)
            }
        }
        // Nothing else of the test process goes to the child: a socket of an in-process server
        // it inherited would keep that server's closed connections open for their clients.
        SpawnActions.closeDescriptors(from: 3, in: &actions)
        if let directory, !SpawnActions.changeDirectory(to: directory.path, in: &actions) {
            throw .cannotStart(command: self.command, reason: "this C library cannot start a program in another folder")
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own: the deadline kills what the child started too (PDF readers, servers).
        posix_spawnattr_setpgroup(&attributes, 0)
        // The test process may block or ignore signals; the child starts with the defaults.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var envp: [UnsafeMutablePointer<CChar>?] = (environment ?? ProcessInfo.processInfo.environment)
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, &argv, &envp)
        guard status == 0 else { throw .cannotStart(command: self.command, reason: String(cString: strerror(status))) }
        self.pid = pid
    }

    deinit {
        // A child nobody waited for is killed and reaped rather than left behind.
        if termination() == nil { kill() }
    }

    /// How the child ended, or nil while it runs (reaps it once it has ended).
    public func termination() -> Termination? {
        lock.lock()
        defer { lock.unlock() }
        if let ended { return ended }
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(pid, &status, WNOHANG) } while reaped < 0 && errno == EINTR
        guard reaped == pid else { return nil }
        ended = Self.decode(status)
        return ended
    }

    public var isRunning: Bool { termination() == nil }

    /// Waits until the child ends or `seconds` pass; then kills its group and throws `.timedOut`.
    @discardableResult
    public func wait(seconds: Double) throws(Failure) -> Termination {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1e9)
        var pause: UInt32 = 1_000
        while DispatchTime.now().uptimeNanoseconds < deadline {
            if let ended = termination() { return ended }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
        if let ended = termination() { return ended }
        kill()
        throw .timedOut(command: command, seconds: seconds)
    }

    /// Sends `signal` to the child alone (SIGTERM to ask a server to drain, say).
    public func signal(_ signal: Int32) {
        if termination() == nil { _ = Glibc.kill(pid, signal) }
    }

    /// Kills the child's whole group with SIGKILL and reaps the child.
    @discardableResult
    public func kill() -> Termination {
        lock.lock()
        defer { lock.unlock() }
        if let ended { return ended }
        _ = Glibc.kill(-pid, SIGKILL)
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        // SIGKILL cannot be caught: the child is gone as soon as the kernel has run it down.
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        ended = Self.decode(status)
        return ended!
    }

    private static func decode(_ status: Int32) -> Termination {
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }
}

extension ChildProcess {
    /// Runs a program to its end within `seconds`, with `input` on its standard input, and
    /// returns its status and both outputs (files, never pipes: a large output cannot stall it).
    public static func run(_ executable: String, _ arguments: [String], input: Data? = nil,
                           environment: [String: String]? = nil, directory: URL? = nil,
                           seconds: Double = ChildProcess.defaultSeconds) throws -> CLIResult {
        let scratch = ScratchFolder("child")
        defer { scratch.remove() }
        let inURL = scratch.write("stdin", input ?? Data())
        let outURL = scratch.url.appendingPathComponent("stdout"), errURL = scratch.url.appendingPathComponent("stderr")
        let child = try ChildProcess(executable, arguments, environment: environment, directory: directory,
                                     stdin: .file(inURL), stdout: .file(outURL), stderr: .file(errURL))
        let ended = try child.wait(seconds: seconds)
        return CLIResult(termination: ended, stdoutData: (try? Data(contentsOf: outURL)) ?? Data(),
                         stderrData: (try? Data(contentsOf: errURL)) ?? Data())
    }

    /// The deadline of a run that names none: generous for a loaded 2-core machine, far below
    /// the suite's own budget. `FAKTURA_TEST_CHILD_SECONDS` overrides it.
    public static var defaultSeconds: Double {
        ProcessInfo.processInfo.environment["FAKTURA_TEST_CHILD_SECONDS"].flatMap(Double.init) ?? 300
    }
}
