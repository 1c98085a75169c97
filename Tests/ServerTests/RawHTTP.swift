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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("raw-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bodyFile = folder.appendingPathComponent("body")
        try body.write(to: bodyFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, String(port), method, path, contentType, String(sendFirst), String(pause), bodyFile.path,
                             headers.map { "\($0.key): \($0.value)\r\n" }.joined()]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        return Exchange(process: process, output: output, folder: folder)
    }

    final class Exchange: @unchecked Sendable {
        let process: Process
        let output: Pipe
        let folder: URL

        init(process: Process, output: Pipe, folder: URL) {
            self.process = process
            self.output = output
            self.folder = folder
        }

        func wait() -> Reply {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: folder)
            let text = String(decoding: data, as: UTF8.self)
            let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            return Reply(status: Int(lines.first ?? "") ?? 0, body: lines.count > 1 ? String(lines[1]) : "")
        }
    }
}
