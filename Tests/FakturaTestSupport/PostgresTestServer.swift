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
///
/// TLS is on (`ssl=on`) with a certificate for 127.0.0.1 and `localhost` that `openssl` makes at
/// start, signed by a test CA (``certificateAuthority``); the user ``tlsUser`` is refused
/// without TLS, so a connection of it that works was encrypted.
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

    /// The user (and its database) that the server's pg_hba.conf admits over TLS only.
    public static let tlsUser = "faktura_tls"
    /// The PEM certificate of the CA that signed the server's certificate.
    public var certificateAuthority: URL { folder.appendingPathComponent("tls/ca.crt") }
    /// The PEM certificate of a CA that signed nothing of this server's.
    public var otherCertificateAuthority: URL { folder.appendingPathComponent("tls/other-ca.crt") }

    /// `postgres://faktura_tls@127.0.0.1:PORT/faktura_tls?QUERY`.
    public func tlsURL(_ query: String) -> String {
        "postgres://\(Self.tlsUser)@127.0.0.1:\(port)/\(Self.tlsUser)?\(query)"
    }

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
        let tls = try makeCertificates(in: folder.appendingPathComponent("tls"), runAs: runAs)
        try refusePlainConnections(of: tlsUser, hba: URL(fileURLWithPath: data).appendingPathComponent("pg_hba.conf"))
        let port = try freePort()
        // The server outlives pg_ctl. It must not inherit this process's descriptors:
        // Foundation learns that a child ended when a socket the child holds closes, so a
        // daemon holding it would make pg_ctl seem to run forever. A shell closes them first.
        let start = (runAs + [binaries.appendingPathComponent("pg_ctl").path, "-D", data,
                              "-l", folder.appendingPathComponent("server.log").path, "-w", "-t", "60",
                              "-o", "'-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 "
                              + "-c ssl=on -c ssl_cert_file=\(tls.certificate) -c ssl_key_file=\(tls.key)'",
                              "start"]).joined(separator: " ")
        try run([], URL(fileURLWithPath: "/bin"), "bash", ["-c", closeInheritedDescriptors + "exec " + start])
        // The watchdog stops the cluster once this process has ended, even when it crashed.
        let stop = (runAs + [binaries.appendingPathComponent("pg_ctl").path]).joined(separator: " ")
        // setsid forks (its child is a process group's leader) and returns at once: the watchdog
        // lives on in a session of its own, out of reach of the deadline that kills setsid's group.
        do {
            let watchdog = try ChildProcess("/usr/bin/setsid", ["/bin/bash", "-c", closeInheritedDescriptors + """
                while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
                \(stop) -D '\(data)' -m immediate stop >/dev/null 2>&1
                rm -rf '\(folder.path)'
                """])
            try watchdog.wait(seconds: 30)
        } catch {
            throw StartFailure(description: "cannot start the watchdog that stops the test PostgreSQL: \(error)")
        }
        try run([], binaries, "createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "faktura", "faktura"])
        try run([], binaries, "createuser", ["-h", "127.0.0.1", "-p", String(port), "-U", "faktura", tlsUser])
        try run([], binaries, "createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "faktura", "-O", tlsUser, tlsUser])
        return PostgresTestServer(url: "postgres://faktura@127.0.0.1:\(port)/faktura", port: port, folder: folder,
                                  binaries: binaries, runAs: runAs)
    }

    /// A test CA, a server certificate it signs for 127.0.0.1 and `localhost`, and a second CA
    /// that signs nothing, made by `openssl` in `folder`; the server's key is the server's own.
    private static func makeCertificates(in folder: URL, runAs: [String]) throws(StartFailure) -> (certificate: String, key: String) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n".utf8)
                .write(to: folder.appendingPathComponent("server.ext"))
        } catch {
            throw StartFailure(description: "cannot write the test certificates' folder \(folder.path): \(error)")
        }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for ca in ["ca", "other-ca"] {
            try openssl(["req", "-x509"] + newKey + ["-keyout", path("\(ca).key"), "-out", path("\(ca).crt"), "-days", "7",
                         "-subj", "/CN=Faktura test \(ca)", "-addext", "basicConstraints=critical,CA:TRUE",
                         "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        }
        try openssl(["req", "-new"] + newKey + ["-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=localhost"])
        try openssl(["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.crt"), "-CAkey", path("ca.key"),
                     "-CAcreateserial", "-out", path("server.crt"), "-days", "7", "-extfile", path("server.ext")])
        // PostgreSQL refuses a key that others can read, or (as root runs it) that is not its user's.
        guard chmod(path("server.key"), 0o600) == 0 else {
            throw StartFailure(description: "cannot chmod \(path("server.key")): \(String(cString: strerror(errno)))")
        }
        if !runAs.isEmpty, let user = getpwnam("postgres") {
            guard chown(path("server.key"), user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw StartFailure(description: "cannot give \(path("server.key")) to postgres: \(String(cString: strerror(errno)))")
            }
        }
        return (path("server.crt"), path("server.key"))
    }

    private static func openssl(_ arguments: [String]) throws(StartFailure) {
        try run([], URL(fileURLWithPath: "/usr/bin"), "openssl", arguments)
    }

    /// Puts a line first in pg_hba.conf that rejects `user` on any connection without TLS.
    private static func refusePlainConnections(of user: String, hba: URL) throws(StartFailure) {
        do {
            let rules = try String(contentsOf: hba, encoding: .utf8)
            try ("hostnossl all \(user) all reject\n" + rules).write(to: hba, atomically: false, encoding: .utf8)
        } catch {
            throw StartFailure(description: "cannot edit \(hba.path): \(error)")
        }
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
