import FakturaTestSupport
import Foundation
import Testing

/// The real `faktura serve` binary: SIGTERM drains the requests in flight and exits 0, and the
/// log is one JSON line per request without tokens, bodies or query values.
@Suite struct ServeProcessTests {
    static let token = "feedfacefeedfacefeedfacefeedface"

    /// Starts `faktura serve --port 0` and waits for its `listening` line; returns the process, the port and its log so far.
    static func start(_ extra: [String]) throws -> (process: ChildProcess, port: Int, log: LogReader) {
        let started = try CLI.start(["serve", "--port", "0"] + extra)
        let process = started.process
        let log = LogReader(started)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let line = log.lines().first(where: { $0["message"] as? String == "listening" }),
               let address = line["address"] as? String, let port = Int(address.split(separator: ":").last ?? "") {
                return (process, port, log)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.kill()
        throw HarnessError("faktura serve did not log 'listening' within 30 s: \(log.text())")
    }

    @Test func sigtermFinishesTheRequestInFlightThenExitsZero() throws {
        let scratch = ScratchFolder("serve-sigterm")
        defer { scratch.remove() }
        let tokens = scratch.write("tokens.txt", "# test tenant\n\(Self.token) shop\n")
        let (process, port, log) = try Self.start(["--tokens", tokens.path])
        let invoice = try ServerHarness.example("examples/invoices/cn-seller-ozon.json")
        let replies = ReplyBox()
        // Half the body now, the rest 1.5 s later: the server is told to stop in between.
        let head = "POST /v1/validate?profile=ozon-crossborder HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(invoice.count)\r\nConnection: close\r\nAuthorization: Bearer \(Self.token)\r\n\r\n"
        let half = invoice.count / 2
        let exchange = Thread {
            let reply = RawHTTPConnection.exchangeBlocking(
                port: port, [.init(Data(head.utf8) + invoice.prefix(half)), .init(invoice.dropFirst(half), after: .milliseconds(1500))],
                deadline: .seconds(60))
            replies.set(reply)
        }
        exchange.start()
        Thread.sleep(forTimeInterval: 0.5)
        process.signal(SIGTERM)
        // Bounded waits: the server process within 60 s of SIGTERM, the exchange within its own 60 s deadline.
        let ended = try process.wait(seconds: 60)
        let deadline = Date().addingTimeInterval(65)
        while Date() < deadline && replies.get() == nil {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let reply = try #require(replies.get()?.responses.first)
        #expect(reply.status == 200)
        #expect(reply.text.contains("\"documents\""))
        #expect(ended == .exited(0))

        let requests = log.lines().filter { $0["message"] as? String == "request" }
        #expect(requests.count == 1)
        let line = try #require(requests.first)
        #expect(line["method"] as? String == "POST")
        #expect(line["route"] as? String == "/v1/validate")
        #expect(line["status"] as? String == "200")
        #expect(line["tenant"] as? String == "shop")
        #expect(Double(line["ms"] as? String ?? "") != nil)
        let text = log.text()
        #expect(!text.contains(Self.token))
        #expect(!text.contains("ozon-crossborder"))
        #expect(!text.contains("Redmi") && !text.contains("91440300"))
    }

    @Test func malformedTokensFileIsNamedByLineAndTheServerDoesNotStart() throws {
        let scratch = ScratchFolder("serve-tokens")
        defer { scratch.remove() }
        let tokens = scratch.write("tokens.txt", "# header\n\(Self.token)\n")
        let result = try CLI.run(["serve", "--port", "0", "--tokens", tokens.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("tokens.txt:2: expected 'TOKEN TENANT' (two fields), found 1"))
    }
}

/// The reply of an exchange run on a thread of its own.
final class ReplyBox: @unchecked Sendable {
    private let lock = NSLock()
    private var reply: RawHTTPConnection.Reply?

    func set(_ reply: RawHTTPConnection.Reply) { lock.withLock { self.reply = reply } }
    func get() -> RawHTTPConnection.Reply? { lock.withLock { reply } }
}

/// What a started process has written to its standard error so far, split into JSON log lines.
final class LogReader: Sendable {
    private let started: CLI.Started

    init(_ started: CLI.Started) {
        self.started = started
    }

    func text() -> String {
        String(decoding: (try? Data(contentsOf: started.stderr)) ?? Data(), as: UTF8.self)
    }

    /// Every complete line that is a JSON object.
    func lines() -> [[String: Any]] {
        text().split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }
}
