public import Foundation

/// What a run of the `faktura` executable printed and how it ended.
public struct CLIResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
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

    /// Runs faktura to its end, feeding `stdin` and capturing both outputs.
    @discardableResult
    public static func run(_ arguments: [String], stdin: String? = nil, in directory: URL? = nil,
                           environment: [String: String] = [:]) throws -> CLIResult {
        guard let executable else { throw NotBuilt() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = Self.environment(environment)
        // Output goes to files, not pipes: a large output can then never block the child.
        let scratch = ScratchFolder("cli")
        let outURL = scratch.write("stdout", Data()), errURL = scratch.write("stderr", Data())
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        let inPipe = Pipe()
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = inPipe
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return CLIResult(status: process.terminationStatus,
                         stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Runs another program (a poppler tool, qpdf) to its end, capturing both outputs.
    public static func runTool(_ path: String, _ arguments: [String]) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let scratch = ScratchFolder("tool")
        let outURL = scratch.write("stdout", Data()), errURL = scratch.write("stderr", Data())
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus,
                         stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Starts faktura and returns at once; the caller waits or kills. Its outputs are pipes
    /// (or discarded: output nobody reads must not fill a pipe and stall the process).
    public static func start(_ arguments: [String], environment: [String: String] = [:],
                             discardOutput: Bool = false) throws -> (Process, Pipe, Pipe) {
        guard let executable else { throw NotBuilt() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = Self.environment(environment)
        let output = Pipe(), errors = Pipe()
        process.standardOutput = discardOutput ? FileHandle.nullDevice : output
        process.standardError = discardOutput ? FileHandle.nullDevice : errors
        try process.run()
        return (process, output, errors)
    }
}
