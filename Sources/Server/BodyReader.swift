import Foundation
import Hummingbird

/// Reads request bodies under the server's size limit: a `Content-Length` over the limit is
/// refused before a byte is read, and a streamed body is cut off as soon as it passes the limit.
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
        }
        return Data(buffer.readableBytesView)
    }

    private var tooLarge: APIError {
        APIError(.payloadTooLarge, "the request body is larger than this server's limit of \(maximumBytes) bytes (--max-body)")
    }
}
