import Foundation
import FakturaTestSupport
import Hummingbird
import Server
import Testing

/// Malformed, trickled and pipelined HTTP/1.1 over a real socket: each answered with the
/// API's JSON error and the right status, within its budget, and the connection closed after
/// (issue 28's attacks 6, 10 and 12). Deadlines are generous: they catch a hang, not slowness.
@Suite struct HostileHTTPTests {
    /// Every hostile input must be answered within this, on a machine as busy as CI's.
    static let budget: Duration = .seconds(20)

    static func chunked(_ chunks: String) -> RawHTTPConnection.Piece {
        .init("POST /v1/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks)
    }

    /// Chunk sizes that are not hex, negative, or past any integer (10^40): 400 `bad_request`,
    /// never 500.
    @Test(arguments: ["zzz", "-5", "1" + String(repeating: "0", count: 40)])
    func malformedChunkSizeIs400(size: String) async throws {
        try await ServerHarness.withServer { client in
            let reply = await RawHTTPConnection.exchange(port: client.port!, [Self.chunked("\(size)\r\n{}\r\n0\r\n\r\n")],
                                                         deadline: Self.budget)
            #expect(reply.statuses == [400], "\(size.prefix(50)): \(String(decoding: reply.bytes.prefix(300), as: UTF8.self))")
            #expect(reply.responses.first?.errorCode == "bad_request")
            #expect(reply.responses.first?.headers["connection"] == "close")
            #expect(reply.closedByServer)
            #expect(reply.elapsed < Self.budget)
        }
    }

    /// A 100 KB chunk extension: NIO's parser (llhttp) skips extensions without holding them,
    /// so the chunk is read as the body it frames (`{}`: not an invoice, 422), never 500.
    @Test func longChunkExtensionIsSkippedNot500() async throws {
        try await ServerHarness.withServer { client in
            let reply = await RawHTTPConnection.exchange(
                port: client.port!, [Self.chunked("2;" + String(repeating: "e", count: 100 * 1024) + "\r\n{}\r\n0\r\n\r\n")],
                closeSending: true, deadline: Self.budget)
            #expect(reply.statuses == [422])
            #expect(reply.closedByServer)
            #expect(reply.elapsed < Self.budget)
        }
    }

    /// A well-formed chunked body still reads: the mapping did not break the framing.
    @Test func wellFormedChunkedBodyIsRead() async throws {
        let invoice = try ServerHarness.example("examples/invoices/cn-seller-ozon.json")
        let chunks = String(invoice.count, radix: 16) + "\r\n" + String(decoding: invoice, as: UTF8.self) + "\r\n0\r\n\r\n"
        try await ServerHarness.withServer { client in
            let reply = await RawHTTPConnection.exchange(port: client.port!, [Self.chunked(chunks)], closeSending: true, deadline: .seconds(60))
            #expect(reply.statuses == [200])
        }
    }

    /// Slow loris: a header line every second, never the blank line. The head deadline (2 s
    /// here) answers 408 and closes, instead of the idle timeout dropping it silently.
    @Test func headTrickledLineByLineIs408() async throws {
        var configuration = ServerHarness.configuration()
        configuration.headTimeout = .seconds(2)
        try await ServerHarness.withServer(configuration) { client in
            let lines = [RawHTTPConnection.Piece("POST /v1/validate HTTP/1.1\r\n")]
                + (0..<30).map { RawHTTPConnection.Piece("X-Line-\($0): slow\r\n", after: .seconds(1)) }
            let reply = await RawHTTPConnection.exchange(port: client.port!, lines, deadline: .seconds(60))
            #expect(reply.statuses == [408])
            #expect(reply.responses.first?.errorCode == "request_timeout")
            #expect(reply.responses.first?.headers["connection"] == "close")
            #expect(reply.closedByServer)
            // Not before its deadline; well before the 30 lines were sent.
            #expect(reply.elapsed >= .seconds(2))
            #expect(reply.elapsed < Self.budget)
        }
    }

    /// An idle keep-alive connection is not a slow head: it gets no 408 (the idle timeout
    /// closes it silently), and a request sent on it after the head deadline is answered.
    @Test func idleKeepAliveConnectionIsNotRefused() async throws {
        var configuration = ServerHarness.configuration()
        configuration.headTimeout = .seconds(1)
        try await ServerHarness.withServer(configuration) { client in
            let health = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            let reply = await RawHTTPConnection.exchange(
                port: client.port!, [.init(health), .init(health, after: .seconds(3))], closeSending: true, stopOnAnswer: false,
                deadline: .seconds(60))
            #expect(reply.statuses == [200, 200])
        }
    }

    /// 50 slow-loris connections at once do not keep a normal request from its answer, and
    /// each of them gets its 408.
    @Test func slowHeadsDoNotBlockOtherClients() async throws {
        var configuration = ServerHarness.configuration()
        configuration.headTimeout = .seconds(5)
        try await ServerHarness.withServer(configuration) { client in
            let port = client.port!
            try await withThrowingTaskGroup(of: [Int].self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let lines = [RawHTTPConnection.Piece("GET /health HTTP/1.1\r\n")]
                            + (0..<60).map { RawHTTPConnection.Piece("X-Slow-\(index)-\($0): 1\r\n", after: .seconds(1)) }
                        return await RawHTTPConnection.exchange(port: port, lines, deadline: .seconds(90)).statuses
                    }
                }
                // While they trickle, a normal client is answered.
                try await Task.sleep(for: .milliseconds(500))
                try await client.execute(uri: "/health", method: .get) { response in
                    #expect(response.status == .ok)
                }
                var refused = 0
                for try await statuses in group where statuses == [408] { refused += 1 }
                #expect(refused == 50)
            }
        }
    }

    /// A body that stops arriving: 408 after `--timeout` (2 s here), with `Connection: close`,
    /// and the connection closed.
    @Test func stalledBodyIs408AndClosesTheConnection() async throws {
        var configuration = ServerHarness.configuration()
        configuration.requestTimeout = .seconds(2)
        try await ServerHarness.withServer(configuration) { client in
            let head = "POST /v1/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            let reply = await RawHTTPConnection.exchange(port: client.port!, [.init(head + "{\"a\": 1")], deadline: .seconds(60))
            #expect(reply.statuses == [408])
            #expect(reply.responses.first?.errorCode == "request_timeout")
            #expect(reply.responses.first?.headers["connection"] == "close")
            #expect(reply.closedByServer)
            #expect(reply.elapsed >= .seconds(2))
        }
    }

    /// An unknown method alone, and pipelined after a valid request: the valid one is answered,
    /// then the unknown one gets 400 `bad_request` before the connection closes.
    @Test func unknownMethodIs400AloneAndPipelined() async throws {
        try await ServerHarness.withServer { client in
            let unknown = "FAKTURA /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            let alone = await RawHTTPConnection.exchange(port: client.port!, [.init(unknown)], deadline: Self.budget)
            #expect(alone.statuses == [400])
            #expect(alone.responses.first?.errorCode == "bad_request")
            #expect(alone.closedByServer)

            let valid = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            let pipelined = await RawHTTPConnection.exchange(port: client.port!, [.init(valid + unknown)], stopOnAnswer: false,
                                                             deadline: Self.budget)
            #expect(pipelined.statuses == [200, 400], "\(String(decoding: pipelined.bytes.prefix(600), as: UTF8.self))")
            #expect(pipelined.responses.last?.errorCode == "bad_request")
            #expect(pipelined.responses.last?.headers["connection"] == "close")
            #expect(pipelined.closedByServer)
            #expect(pipelined.elapsed < Self.budget)

            // Behind a request whose work takes a while (validation), the 400 waits its turn.
            let invoice = try ServerHarness.example("examples/invoices/cn-seller-ozon.json")
            let validate = "POST /v1/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(invoice.count)\r\n\r\n"
            let behindWork = await RawHTTPConnection.exchange(
                port: client.port!, [.init(Data(validate.utf8) + invoice + Data(unknown.utf8))], stopOnAnswer: false, deadline: .seconds(60))
            #expect(behindWork.statuses == [200, 400])
        }
    }

    /// A header field longer than the parser's limit (80 KB): 431 with the API's JSON error.
    @Test func overlongHeaderFieldIs431() async throws {
        try await ServerHarness.withServer { client in
            let head = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: \(String(repeating: "a", count: 100 * 1024))\r\n\r\n"
            let reply = await RawHTTPConnection.exchange(port: client.port!, [.init(head)], deadline: Self.budget)
            #expect(reply.statuses == [431])
            #expect(reply.responses.first?.errorCode == "header_fields_too_large")
            #expect(reply.closedByServer)
        }
    }
}
