import FakturaTestSupport
import Foundation

/// A hand-driven HTTP/1.1 exchange over a real socket (Python's socket module): the head and
/// the first `sendFirst` body bytes, a pause, then the rest; for slow clients and for requests
/// in flight while the server is told to stop. Returns the status code and the body.
enum RawHTTP {
    struct Reply: Sendable {
        let status: Int
        let body: String
    }

    private static let script = """
        import select, socket, sys
        port, method, path, content_type, first, pause, body_path, extra = sys.argv[1:9]
        body = open(body_path, 'rb').read()
        first, pause = int(first), float(pause)
        s = socket.create_connection(('127.0.0.1', int(port)), timeout=60)
        head = '%s %s HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nContent-Type: %s\\r\\nContent-Length: %d\\r\\nConnection: close\\r\\n%s\\r\\n' % (method, path, content_type, len(body), extra)
        s.sendall(head.encode() + body[:first])
        sys.stderr.write('sent\\n'); sys.stderr.flush()
        # The pause ends early when the server answers first (a timeout): the rest is then not sent.
        answered, _, _ = select.select([s], [], [], pause)
        if not answered:
            try:
                s.sendall(body[first:])
            except OSError:
                pass
        reply = b''
        while True:
            try:
                chunk = s.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            reply += chunk
        head, _, rest = reply.partition(b'\\r\\n\\r\\n')
        status = head.split(b' ')[1].decode() if head else '0'
        sys.stdout.write(status + '\\n' + rest.decode('utf-8', 'replace'))
        """

    /// Starts the exchange in a child process; `wait()` on the result gives the reply.
    static func start(port: Int, method: String = "POST", path: String, contentType: String, body: Data,
                      sendFirst: Int, pause: Double, headers: [String: String] = [:]) throws -> Exchange {
        let folder = ScratchFolder("raw-http")
        let bodyFile = folder.write("body", body)
        let output = folder.path("reply"), progress = folder.path("progress")
        let process = try ChildProcess("/usr/bin/python3",
                                       ["-c", script, String(port), method, path, contentType, String(sendFirst), String(pause),
                                        bodyFile.path, headers.map { "\($0.key): \($0.value)\r\n" }.joined()],
                                       stdout: .file(output), stderr: .file(progress))
        return Exchange(process: process, output: output, progress: progress, folder: folder, seconds: pause + 90)
    }

    final class Exchange: Sendable {
        let process: ChildProcess
        let output: URL
        let progress: URL
        let folder: ScratchFolder
        /// The client's own deadline: its pause, then the socket's 60 s timeout, and a margin.
        let seconds: Double

        init(process: ChildProcess, output: URL, progress: URL, folder: ScratchFolder, seconds: Double) {
            self.process = process
            self.output = output
            self.progress = progress
            self.folder = folder
            self.seconds = seconds
        }

        /// Whether the head and the first part of the body were sent within `seconds` (python
        /// starts slowly on a busy machine: a test that acts "while a request is in flight"
        /// waits for this rather than for a fixed time).
        func waitUntilSent(seconds: Double = 60) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let text = try? String(contentsOf: progress, encoding: .utf8), text.contains("sent") { return true }
                if !process.isRunning { return false }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return false
        }

        /// The reply; status 0 when the server closed without one (or the client overran its deadline).
        func wait() -> Reply {
            _ = try? process.wait(seconds: seconds)
            let text = String(decoding: (try? Data(contentsOf: output)) ?? Data(), as: UTF8.self)
            let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            return Reply(status: Int(lines.first ?? "") ?? 0, body: lines.count > 1 ? String(lines[1]) : "")
        }
    }
}
