import Findings
import Foundation
import Hummingbird
import NIOHTTP1

/// Reads request bodies under the server's size limit: a `Content-Length` over the limit is
/// refused before a byte is read, and a streamed body is cut off as soon as it passes the limit.
/// A body whose framing breaks (a chunk size that is not hex, or too big to hold) is a 400 that
/// ends the connection: NIO's parser stops there, so nothing after it can be read.
struct BodyReader: Sendable {
    let maximumBytes: Int

    func collect(_ request: Request) async throws -> Data {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maximumBytes {
            throw tooLarge
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge
        } catch let error as HTTPParserError {
            throw APIError.from(error)
        }
        return Data(buffer.readableBytesView)
    }

    private var tooLarge: APIError {
        // The answer ends the connection, once the rest of the body is read and dropped for a
        // bounded time (HTTPExchangeGuard lingers): never the whole of whatever a client sends.
        APIError(.payloadTooLarge, MessageText("server.bodyTooLarge", ["bytes": .data("\(maximumBytes)")]),
                 closesConnection: true)
    }
}
