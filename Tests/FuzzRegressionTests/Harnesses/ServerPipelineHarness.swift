// Fuzz harness: the raw bytes of one HTTP/1.1 connection (pipelined requests, any method, any
// framing) through the server's whole pipeline (NIO's parser, Hummingbird, the exchange guard,
// every route), in-process over 127.0.0.1 (``InProcessServer``, shared with ServerChunked).
// Compiled alone into `fuzz-ServerPipeline` by `make fuzz` and into FuzzRegressionTests.
import FakturaTestSupport
import Foundation
import FuzzServerSupport
#if !FUZZING
import Testing
#endif

enum ServerPipelineHarness {
    /// libFuzzer's entry (its own thread, which may block): sends the input as one connection's
    /// bytes, then ends the sending side. See ``verdict(_:input:)``.
    static func run(_ data: Data) -> String? {
        verdict(InProcessServer.exchangeBlocking(data), input: data)
    }

    /// The replay's entry: ``run(_:)`` without blocking a Swift concurrency thread that the
    /// in-process server needs.
    static func answer(_ data: Data) async -> String? {
        verdict(await InProcessServer.exchange(data), input: data)
    }

    /// Every request must be answered 2xx or 4xx, in order, and the connection closed; an input
    /// holding more than CR and LF is at least one request. Returns the refusals
    /// (`400 bad_request: …`), nil when every answer was 2xx. A broken promise is an issue in the
    /// replay and a crash under libFuzzer (so the input is kept).
    static func verdict(_ reply: RawHTTPConnection.Reply?, input: Data) -> String? {
        let blank = input.allSatisfy { $0 == 0x0D || $0 == 0x0A }
        let breach = reply.map { $0.breach(expectedAnswers: blank ? 0...0 : 1...Int.max) } ?? "the in-process server did not start"
        if let breach {
            #if FUZZING
            fatalError("ServerPipeline: \(breach)")
            #else
            Issue.record("ServerPipeline: \(breach)")
            return breach
            #endif
        }
        return reply?.refusals ?? (blank ? "no request in the input" : nil)
    }
}

#if FUZZING
import LibFuzzerEntry

/// `fuzz-ServerPipeline` runs this harness under libFuzzer.
@main extension ServerPipelineHarness: LibFuzzerHarness {}
#endif
