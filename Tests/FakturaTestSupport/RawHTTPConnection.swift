public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A hand-driven HTTP/1.1 connection to a server on 127.0.0.1: bytes sent exactly as given
/// (malformed, pipelined, trickled), the server's bytes read until it closes the connection or
/// the deadline passes. For the hostile-input tests and the server's fuzz harnesses.
///
/// The exchange runs on a thread of its own, never on a Swift concurrency thread: a test that
/// blocked one of those (2 on a 2-core machine) while waiting for an in-process server would
/// take it from the server it waits for.
public enum RawHTTPConnection {
    /// One piece of the request: its bytes, sent `after` the previous piece.
    public struct Piece: Sendable {
        public let bytes: Data
        public let after: Duration

        public init(_ bytes: Data, after: Duration = .zero) {
            self.bytes = bytes
            self.after = after
        }

        public init(_ text: String, after: Duration = .zero) {
            self.init(Data(text.utf8), after: after)
        }
    }

    /// What came back.
    public struct Reply: Sendable {
        /// Every byte the server sent.
        public let bytes: Data
        /// The server closed the connection (rather than the deadline passing first).
        public let closedByServer: Bool
        /// Time from the connection to the server's close or the deadline.
        public let elapsed: Duration

        /// The responses in `bytes`, in order; a truncated last one is left out.
        public var responses: [Response] { Response.split(bytes) }
        public var statuses: [Int] { responses.map(\.status) }

        /// How this reply breaks the server's promise for hostile input (every request answered
        /// 2xx or 4xx, `expected` answers, the connection closed, nothing left hanging); nil when it keeps it.
        public func breach(expectedAnswers expected: ClosedRange<Int>) -> String? {
            let responses = self.responses
            if !closedByServer {
                return "the connection was still open after \(elapsed) (answers: \(responses.map(\.status)))"
            }
            if !expected.contains(responses.count) {
                return "\(responses.count) answers where \(expected) were due: \(String(decoding: bytes.prefix(400), as: UTF8.self))"
            }
            if let failed = responses.first(where: { $0.status >= 500 || $0.status < 200 }) {
                return "answered \(failed.status): \(failed.text.prefix(300))"
            }
            return nil
        }

        /// The 4xx answers as `400 bad_request: message`, joined by `; `; nil when there are none.
        public var refusals: String? {
            let refused = responses.filter { $0.status >= 400 }
            guard !refused.isEmpty else { return nil }
            return refused.map { "\($0.status) \($0.errorCode ?? "-"): \($0.text.prefix(200))" }.joined(separator: "; ")
        }
    }

    /// One HTTP/1.1 response.
    public struct Response: Sendable {
        public let status: Int
        /// Field names lowercased.
        public let headers: [String: String]
        public let body: Data

        public var text: String { String(decoding: body, as: UTF8.self) }

        /// `{"error": {"code": …}}`'s code, when the body is one.
        public var errorCode: String? {
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
            return (object["error"] as? [String: Any])?["code"] as? String
        }

        /// Splits a byte stream into responses framed by `Content-Length` or chunked coding.
        static func split(_ data: Data) -> [Response] {
            var responses: [Response] = []
            var rest = data[...]
            let separator = Data("\r\n\r\n".utf8)
            while let end = rest.range(of: separator) {
                let head = String(decoding: rest[rest.startIndex..<end.lowerBound], as: UTF8.self)
                var lines = head.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst().split(separator: " ")
                guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else { break }
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                var bodyStart = end.upperBound
                var body = Data()
                if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
                    var complete = false
                    while let lineEnd = rest[bodyStart...].range(of: Data("\r\n".utf8)) {
                        let sizeText = String(decoding: rest[bodyStart..<lineEnd.lowerBound], as: UTF8.self)
                        guard let size = Int(sizeText.split(separator: ";").first.map(String.init) ?? "", radix: 16) else { break }
                        let chunkStart = lineEnd.upperBound
                        if size == 0 {
                            // No trailers from this server: the chunked body ends with an empty line.
                            bodyStart = min(rest.endIndex, chunkStart + 2)
                            complete = true
                            break
                        }
                        guard rest.distance(from: chunkStart, to: rest.endIndex) >= size + 2 else { break }
                        body.append(rest[chunkStart..<chunkStart + size])
                        bodyStart = chunkStart + size + 2
                    }
                    guard complete else { break }
                    rest = rest[bodyStart...]
                } else {
                    let length = headers["content-length"].flatMap { Int($0) } ?? 0
                    guard rest.distance(from: bodyStart, to: rest.endIndex) >= length else { break }
                    body = Data(rest[bodyStart..<bodyStart + length])
                    rest = rest[(bodyStart + length)...]
                }
                responses.append(Response(status: status, headers: headers, body: body))
            }
            return responses
        }
    }

    /// Sends `pieces` to 127.0.0.1:`port` on a thread of its own and reads the answer until the
    /// server closes the connection or `deadline` (from the connection) passes.
    /// - Parameters:
    ///   - closeSending: shut the sending side once every piece is sent (the server then sees the end).
    ///   - stopOnAnswer: send no further piece once the server has answered (or closed).
    public static func exchange(port: Int, _ pieces: [Piece], closeSending: Bool = false, stopOnAnswer: Bool = true,
                                deadline: Duration) async -> Reply {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: exchangeBlocking(port: port, pieces, closeSending: closeSending,
                                                                stopOnAnswer: stopOnAnswer, deadline: deadline))
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// ``exchange(port:_:closeSending:stopOnAnswer:deadline:)`` on the calling thread: for
    /// callers that are not Swift concurrency threads (a fuzzer's main thread).
    public static func exchangeBlocking(port: Int, _ pieces: [Piece], closeSending: Bool = false, stopOnAnswer: Bool = true,
                                        deadline: Duration) -> Reply {
        let clock = ContinuousClock()
        let start = clock.now
        let end = start + deadline
        // Close-on-exec: a process another test starts meanwhile must not hold this connection.
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { return Reply(bytes: Data(), closedByServer: false, elapsed: .zero) }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return Reply(bytes: Data(), closedByServer: true, elapsed: clock.now - start) }

        var received = Data()
        var closedByServer = false
        var next = 0
        var nextAt = start + (pieces.first?.after ?? .zero)
        var sendingClosed = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        while clock.now < end {
            let answered = !received.isEmpty
            if next < pieces.count, stopOnAnswer && answered {
                next = pieces.count   // the server answered: the rest is not sent
            }
            if next < pieces.count, clock.now >= nextAt {
                if !sendAll(socket, pieces[next].bytes, until: end) { next = pieces.count } else { next += 1 }
                if next < pieces.count { nextAt = clock.now + pieces[next].after }
                continue
            }
            if next >= pieces.count, closeSending, !sendingClosed {
                shutdown(socket, Int32(SHUT_WR))
                sendingClosed = true
            }
            let wakeAt = next < pieces.count ? min(nextAt, end) : end
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds(wakeAt - clock.now))
            guard ready > 0 else { continue }
            let count = recv(socket, &buffer, buffer.count, 0)
            if count > 0 {
                received.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                closedByServer = true
                break
            }
        }
        return Reply(bytes: received, closedByServer: closedByServer, elapsed: clock.now - start)
    }

    private static func sendAll(_ socket: Int32, _ data: Data, until end: ContinuousClock.Instant) -> Bool {
        var offset = 0
        let clock = ContinuousClock()
        while offset < data.count {
            var descriptor = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
            guard clock.now < end, poll(&descriptor, 1, milliseconds(end - clock.now)) > 0 else { return false }
            let sent = data.withUnsafeBytes { bytes in
                send(socket, bytes.baseAddress! + offset, data.count - offset, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            }
            if sent < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1))
    }
}

/// A value handed from a task to a thread that blocks for it, with a deadline: a fuzzer's main
/// thread has no async context to await in.
public final class BlockingHandOff<Value: Sendable>: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var value: Value?

    public init() {}

    public func set(_ value: Value) {
        lock.withLock { self.value = value }
        semaphore.signal()
    }

    /// The value, or nil when none was handed over within `timeout` seconds.
    public func wait(timeout seconds: Double) -> Value? {
        guard semaphore.wait(timeout: .now() + seconds) == .success else { return nil }
        return lock.withLock { value }
    }
}
