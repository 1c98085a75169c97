public import Foundation

/// What a run of a program (`faktura` or a tool) printed and how it ended.
public struct CLIResult: Sendable {
    /// The exit status, or 128 + the signal that killed it.
    public let status: Int32
    public let termination: ChildProcess.Termination
    /// Standard output as bytes (a PDF a tool wrote to it, say) and as UTF-8 text.
    public let stdoutData: Data
    public let stdout: String
    public let stderr: String

    public init(termination: ChildProcess.Termination, stdoutData: Data, stderrData: Data) {
        self.termination = termination
        self.status = termination.status
        self.stdoutData = stdoutData
        self.stdout = String(decoding: stdoutData, as: UTF8.self)
        self.stderr = String(decoding: stderrData, as: UTF8.self)
    }
}

/// Runs the built `faktura` executable as a user would. `swift build --build-tests` builds it
/// with the package; it sits next to the test bundle (`.build/debug/faktura`).
/// `FAKTURA_EXECUTABLE` overrides the location.
public enum CLI {
    /// The executable was not found where the build puts it.
    public struct NotBuilt: Error, CustomStringConvertible {
        public var description: String {
            "the faktura executable was not found next to the test bundle; run 'swift build' first (or set FAKTURA_EXECUTABLE)"
        }
    }

    /// The repository root, for the shipped templates and examples.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `faktura` binary, or nil when it has not been built.
    public static var executable: URL? {
        if let given = ProcessInfo.processInfo.environment["FAKTURA_EXECUTABLE"] { return URL(fileURLWithPath: given) }
        var candidates: [URL] = []
        for start in [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments.first ?? ".")] {
            var folder = start.resolvingSymlinksInPath()
            for _ in 0..<5 {
                candidates.append(folder.appendingPathComponent("faktura"))
                folder.deleteLastPathComponent()
            }
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The environment a run gets: the caller's, the repository's templates, then `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["FAKTURA_TEMPLATES"] = repositoryRoot.appendingPathComponent("templates").path
        for (key, value) in extra { env[key] = value }
        return env
    }

    /// Runs faktura to its end (within `seconds`, else it is killed and this throws), feeding
    /// `stdin` and capturing both outputs.
    @discardableResult
    public static func run(_ arguments: [String], stdin: String? = nil, in directory: URL? = nil,
                           environment: [String: String] = [:], seconds: Double = ChildProcess.defaultSeconds) throws -> CLIResult {
        guard let executable else { throw NotBuilt() }
        return try ChildProcess.run(executable.path, arguments, input: stdin.map { Data($0.utf8) },
                                    environment: Self.environment(environment), directory: directory, seconds: seconds)
    }

    /// Runs another program (a poppler tool, qpdf, python3) to its end within `seconds`,
    /// with `input` on its standard input, capturing both outputs.
    @discardableResult
    public static func runTool(_ path: String, _ arguments: [String], input: Data? = nil,
                               seconds: Double = ChildProcess.defaultSeconds) throws -> CLIResult {
        try ChildProcess.run(path, arguments, input: input, seconds: seconds)
    }

    /// A `faktura` process started by ``start(_:environment:discardOutput:)``: the process and
    /// the files its outputs go to (read them while it runs; removed with this value).
    public final class Started: Sendable {
        public let process: ChildProcess
        public let stdout: URL
        public let stderr: URL
        private let scratch: ScratchFolder?

        init(process: ChildProcess, stdout: URL, stderr: URL, scratch: ScratchFolder?) {
            self.process = process
            self.stdout = stdout
            self.stderr = stderr
            self.scratch = scratch
        }
    }

    /// Starts faktura and returns at once; the caller waits (with a deadline) or kills. Its
    /// outputs go to files, or to /dev/null with `discardOutput`.
    public static func start(_ arguments: [String], environment: [String: String] = [:],
                             discardOutput: Bool = false) throws -> Started {
        guard let executable else { throw NotBuilt() }
        let scratch = discardOutput ? nil : ScratchFolder("started")
        let out = scratch?.path("stdout") ?? URL(fileURLWithPath: "/dev/null")
        let err = scratch?.path("stderr") ?? URL(fileURLWithPath: "/dev/null")
        let process = try ChildProcess(executable.path, arguments, environment: Self.environment(environment),
                                       stdout: discardOutput ? .null : .file(out), stderr: discardOutput ? .null : .file(err))
        return Started(process: process, stdout: out, stderr: err, scratch: scratch)
    }
}
