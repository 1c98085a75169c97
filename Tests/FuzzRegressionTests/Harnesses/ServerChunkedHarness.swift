// Fuzz harness: a chunked request body through the server's whole HTTP/1.1 pipeline (NIO's
// parser, Hummingbird, the exchange guard, the validate route), in-process over 127.0.0.1
// (``InProcessServer``, shared with ServerPipeline).
// Compiled alone into `fuzz-ServerChunked` by `make fuzz` and into FuzzRegressionTests.
import FakturaTestSupport
import Foundation
import FuzzServerSupport
#if !FUZZING
import Testing
#endif

enum ServerChunkedHarness {
    /// The head every input follows: the input is the chunked body, as sent.
    static let head = Data("POST /v1/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)

    /// libFuzzer's entry (its own thread, which may block): sends the head and the input, then
    /// ends the sending side. See ``verdict(_:)``.
    static func run(_ data: Data) -> String? {
        verdict(InProcessServer.exchangeBlocking(head + data))
    }

    /// The replay's entry: ``run(_:)`` without blocking a Swift concurrency thread that the
    /// in-process server needs.
    static func answer(_ data: Data) async -> String? {
        verdict(await InProcessServer.exchange(head + data))
    }

    /// The one request must be answered 2xx or 4xx and the connection closed: returns the
    /// refusal (`400 bad_request: …`), nil for a 2xx. A broken promise is an issue in the replay
    /// and a crash under libFuzzer (so the input is kept).
    static func verdict(_ reply: RawHTTPConnection.Reply?) -> String? {
        let breach = reply.map { $0.breach(expectedAnswers: 1...1) } ?? "the in-process server did not start"
        if let breach {
            #if FUZZING
            fatalError("ServerChunked: \(breach)")
            #else
            Issue.record("ServerChunked: \(breach)")
            return breach
            #endif
        }
        return reply?.refusals
    }
}

#if FUZZING
import LibFuzzerEntry

/// `fuzz-ServerChunked` runs this harness under libFuzzer.
@main extension ServerChunkedHarness: LibFuzzerHarness {}
#endif
