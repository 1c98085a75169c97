public import Foundation

/// A time-stamping authority of the test's own: `openssl ts -reply` behind
/// `Tests/Fixtures/tsa/tsa-responder.py` on 127.0.0.1, with a CA, certificates and keys made
/// by `openssl` here. It plays four authorities, each at its own path:
///
/// - `/good`: a TSA certificate from ``caCertificate``, valid now;
/// - `/expired`: the same key, certified by the same CA for 2020 only;
/// - `/other`: a TSA certificated by another CA;
/// - `/plain`: a certificate from the same CA without the time-stamping purpose.
public final class TestTimestampAuthority: @unchecked Sendable {
    let folder: ScratchFolder
    let process: ChildProcess
    public let port: Int

    /// The CA that certified the `good`, `expired` and `plain` authorities.
    public var caCertificate: URL { folder.path("ca.crt") }
    /// The CA of the `other` authority.
    public var otherCACertificate: URL { folder.path("other-ca.crt") }

    /// The address of one of the authorities: `good`, `expired`, `other` or `plain`.
    public func url(_ name: String) -> URL { URL(string: "http://127.0.0.1:\(port)/\(name)")! }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Makes the CAs and certificates and starts the responder (within 60 s, or throws why not).
    public init() throws {
        folder = ScratchFolder("tsa")
        let openssl = "/usr/bin/openssl"
        func run(_ arguments: [String]) throws {
            let result = try CLI.runTool(openssl, arguments, seconds: 60)
            guard result.status == 0 else { throw Failure(description: "openssl \(arguments.prefix(3)) failed: \(result.stderr)") }
        }
        let f = folder.url.path
        for ca in ["ca", "other-ca"] {
            try run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                     "-keyout", "\(f)/\(ca).key", "-out", "\(f)/\(ca).crt", "-days", "3650", "-subj", "/CN=Faktura test \(ca)",
                     "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        }
        try run(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                 "-keyout", "\(f)/tsa.key", "-out", "\(f)/tsa.csr", "-subj", "/CN=Faktura test TSA"])
        let extensions = """
            [ ca ]
            default_ca = test_ca
            [ test_ca ]
            database = \(f)/index.txt
            new_certs_dir = \(f)
            serial = \(f)/serial
            default_md = sha256
            policy = any
            unique_subject = no
            copy_extensions = none
            [ any ]
            commonName = supplied
            [ tsa ]
            basicConstraints = CA:false
            extendedKeyUsage = critical,timeStamping
            keyUsage = critical,digitalSignature
            [ plain ]
            basicConstraints = CA:false
            keyUsage = critical,digitalSignature

            """
        _ = folder.write("ca.cnf", Data(extensions.utf8))
        _ = folder.write("index.txt", Data())
        _ = folder.write("serial", Data("1000\n".utf8))
        func certify(_ out: String, ca: String, section: String, start: String, end: String) throws {
            try run(["ca", "-batch", "-config", "\(f)/ca.cnf", "-cert", "\(f)/\(ca).crt", "-keyfile", "\(f)/\(ca).key",
                     "-in", "\(f)/tsa.csr", "-out", "\(f)/\(out)", "-startdate", start, "-enddate", end,
                     "-extensions", section, "-notext"])
        }
        try certify("good.crt", ca: "ca", section: "tsa", start: "20250101000000Z", end: "20450101000000Z")
        try certify("expired.crt", ca: "ca", section: "tsa", start: "20200101000000Z", end: "20210101000000Z")
        try certify("other.crt", ca: "other-ca", section: "tsa", start: "20250101000000Z", end: "20450101000000Z")
        try certify("plain.crt", ca: "ca", section: "plain", start: "20250101000000Z", end: "20450101000000Z")

        let script = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/tsa/tsa-responder.py").path
        let portFile = folder.path("port")
        process = try ChildProcess("/usr/bin/python3", [script, f, portFile.path, "600"]
            + ["good", "expired", "other", "plain"].map { "\($0)=\(f)/\($0).crt,\(f)/tsa.key" },
            stdout: .file(folder.path("responder.out")), stderr: .file(folder.path("responder.err")))
        let deadline = Date().addingTimeInterval(60)
        var port: Int?
        while port == nil && Date() < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let number = Int(text) {
                port = number
            } else if process.termination() != nil {
                break
            } else {
                usleep(50_000)
            }
        }
        guard let port else {
            let log = (try? String(contentsOf: folder.path("responder.err"), encoding: .utf8)) ?? ""
            _ = process.kill()
            throw Failure(description: "the test TSA did not start within 60 s: \(log)")
        }
        self.port = port
    }

    deinit {
        _ = process.kill()
        folder.remove()
    }
}
