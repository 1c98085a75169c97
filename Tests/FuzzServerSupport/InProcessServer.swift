public import FakturaTestSupport
public import Foundation
import Server

/// The server the HTTP fuzz harnesses (ServerChunked, ServerPipeline) send their inputs to:
/// one `faktura serve` in this process on 127.0.0.1, started on first use, with short deadlines
/// (2 s for a head, 4 s for a body) so that no input holds it for long.
public enum InProcessServer {
    static let port = Task.detached {
        try await FakturaServer(configuration: ServerConfiguration(
            host: "127.0.0.1", port: 0, maximumBodyBytes: 1 << 20, requestTimeout: .seconds(4), headTimeout: .seconds(2),
            archive: .folder(FileManager.default.temporaryDirectory.appendingPathComponent("faktura-fuzz-\(UUID().uuidString)")),
            toolVersion: "fuzz")).start().port
    }

    static let blockingPort: Int = {
        let port = BlockingHandOff<Int?>()
        Task.detached { port.set(try? await InProcessServer.port.value) }
        guard let port = port.wait(timeout: 60) ?? nil else { fatalError("the in-process server did not start within 60 s") }
        return port
    }()

    /// Sends `bytes` as one connection's, ends the sending side and reads what comes back
    /// within 8 s. Blocks: for libFuzzer's own thread.
    public static func exchangeBlocking(_ bytes: Data) -> RawHTTPConnection.Reply {
        RawHTTPConnection.exchangeBlocking(port: blockingPort, [.init(bytes)], closeSending: true, deadline: .seconds(8))
    }

    /// The same without blocking a Swift concurrency thread that the server needs (the replay);
    /// nil when the server did not start. The replay runs inside the whole suite, where other
    /// tests wait for their child processes on the few cooperative threads the server's routes
    /// also need: 8 s without an answer was seen there twice at a load average of 15–25, and
    /// never when the replay ran alone. A hang is still caught: 60 s is far past any deadline
    /// the server keeps.
    public static func exchange(_ bytes: Data) async -> RawHTTPConnection.Reply? {
        guard let port = try? await port.value else { return nil }
        return await RawHTTPConnection.exchange(port: port, [.init(bytes)], closeSending: true, deadline: .seconds(60))
    }
}
