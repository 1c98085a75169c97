public import Foundation

/// A PostgreSQL server of the tests' own: a cluster made with `initdb` in a temporary folder,
/// listening on 127.0.0.1 at a free port and on a unix socket in that folder, started once
/// per test process and stopped (and its folder removed) when the process ends, however it
/// ends: a watchdog process waits for the test process to go.
///
/// The server binaries come from Debian's `postgresql` package (`/usr/lib/postgresql/N/bin`,
/// or `FAKTURA_PG_BIN`). `initdb` refuses to run as root, so as root the cluster belongs to
/// the `postgres` user the package creates. When the server cannot start, ``shared()``
/// throws the reason: tests that need it fail, never skip.
public final class PostgresTestServer: Sendable {
    /// Why the server could not be started.
    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `postgres://faktura@127.0.0.1:PORT/faktura` (no password: the cluster trusts local users).
    public let url: String
    public let port: Int
    /// The folder holding the cluster, its log and its socket.
    public let folder: URL
    let binaries: URL
    let runAs: [String]

    private init(url: String, port: Int, folder: URL, binaries: URL, runAs: [String]) {
        self.url = url
        self.port = port
        self.folder = folder
        self.binaries = binaries
        self.runAs = runAs
    }

    private static let started: Result<PostgresTestServer, StartFailure> = Result { () throws(StartFailure) in try start() }

    /// The process's server, started on first use.
    public static func shared() throws -> PostgresTestServer {
        try started.get()
    }

    /// A URL for the same database with another user name and password (for error messages).
    public func url(user: String, password: String) -> String {
        "postgres://\(user):\(password)@127.0.0.1:\(port)/faktura"
    }

    /// Runs SQL with `psql` as the superuser (what someone with database access could do);
    /// returns what it printed (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String) throws -> String {
        let result = try CLI.runTool(binaries.appendingPathComponent("psql").path,
                                     ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port),
                                      "-U", "faktura", "-d", "faktura", "-c", sql])
        guard result.status == 0 else {
            throw StartFailure(description: "psql failed (\(result.status)) on \(sql.prefix(200)): \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func start() throws(StartFailure) -> PostgresTestServer {
        let binaries = try findBinaries()
        var runAs: [String] = []
        let folder = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("faktura-pg-\(getpid())-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StartFailure(description: "cannot create \(folder.path): \(error)")
        }
        if getuid() == 0 {
            guard let user = getpwnam("postgres") else {
                throw StartFailure(description: "running as root, and there is no 'postgres' user to run initdb as "
                    + "(it comes with Debian's postgresql package: make deps)")
            }
            guard chown(folder.path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw StartFailure(description: "cannot give \(folder.path) to the postgres user: \(String(cString: strerror(errno)))")
            }
            runAs = ["/usr/sbin/runuser", "-u", "postgres", "--"]
        }
        let data = folder.appendingPathComponent("data").path
        try run(runAs, binaries, "initdb", ["-D", data, "-U", "faktura", "--auth=trust", "-E", "UTF8", "--no-locale", "-N"])
        let port = try freePort()
        // The server outlives pg_ctl. It must not inherit this process's descriptors:
        // Foundation learns that a child ended when a socket the child holds closes, so a
        // daemon holding it would make pg_ctl seem to run forever. A shell closes them first.
        let start = (runAs + [binaries.appendingPathComponent("pg_ctl").path, "-D", data,
                              "-l", folder.appendingPathComponent("server.log").path, "-w", "-t", "60",
                              "-o", "'-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200'",
                              "start"]).joined(separator: " ")
        try run([], URL(fileURLWithPath: "/bin"), "bash", ["-c", closeInheritedDescriptors + "exec " + start])
        // The watchdog stops the cluster once this process has ended, even when it crashed.
        let stop = (runAs + [binaries.appendingPathComponent("pg_ctl").path]).joined(separator: " ")
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        watchdog.arguments = ["/bin/bash", "-c", closeInheritedDescriptors + """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            \(stop) -D '\(data)' -m immediate stop >/dev/null 2>&1
            rm -rf '\(folder.path)'
            """]
        watchdog.standardOutput = FileHandle.nullDevice
        watchdog.standardError = FileHandle.nullDevice
        do {
            try watchdog.run()
        } catch {
            throw StartFailure(description: "cannot start the watchdog that stops the test PostgreSQL: \(error)")
        }
        try run([], binaries, "createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "faktura", "faktura"])
        return PostgresTestServer(url: "postgres://faktura@127.0.0.1:\(port)/faktura", port: port, folder: folder,
                                  binaries: binaries, runAs: runAs)
    }

    /// Bash code that closes every descriptor above 2 before the command that follows.
    private static let closeInheritedDescriptors = """
        for fd in $(ls /proc/$$/fd); do if [ "$fd" -gt 2 ] && [ -e /proc/$$/fd/$fd ]; then eval "exec $fd>&-"; fi; done
        
        """

    private static func findBinaries() throws(StartFailure) -> URL {
        if let given = ProcessInfo.processInfo.environment["FAKTURA_PG_BIN"] { return URL(fileURLWithPath: given) }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted()
        for version in versions.reversed() {
            let bin = URL(fileURLWithPath: "\(root)/\(version)/bin")
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("initdb").path) { return bin }
        }
        throw StartFailure(description: "no PostgreSQL server binaries under \(root)/N/bin: install Debian's "
            + "'postgresql' package ('make deps' does) or set FAKTURA_PG_BIN")
    }

    private static func run(_ runAs: [String], _ binaries: URL, _ tool: String, _ arguments: [String]) throws(StartFailure) {
        let command = runAs + [binaries.appendingPathComponent(tool).path] + arguments
        let result: CLIResult
        do {
            result = try CLI.runTool(command[0], Array(command.dropFirst()))
        } catch {
            throw StartFailure(description: "cannot run \(tool): \(error)")
        }
        guard result.status == 0 else {
            throw StartFailure(description: "\(tool) failed with status \(result.status): \(result.stderr)\(result.stdout)")
        }
    }

    /// A TCP port nothing listens on now (the kernel's pick for port 0).
    private static func freePort() throws(StartFailure) -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw StartFailure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else { throw StartFailure(description: "cannot find a free port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
