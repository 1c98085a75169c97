import Foundation
public import Hummingbird
import InvoiceModel
import NIOHTTP1

/// A request the server refuses: the HTTP status and a `{"error": {"code", "message"}}` body
/// (docs/server.md). The message names the part of the request to fix.
public struct APIError: Error, Sendable, HTTPResponseError, CustomStringConvertible {
    /// The stable error codes of the API: clients branch on these, never on messages.
    public enum Code: String, Sendable, CaseIterable {
        case badRequest = "bad_request"
        case unauthorized = "unauthorized"
        case notFound = "not_found"
        case methodNotAllowed = "method_not_allowed"
        case requestTimeout = "request_timeout"
        case payloadTooLarge = "payload_too_large"
        case headerFieldsTooLarge = "header_fields_too_large"
        case unsupportedMediaType = "unsupported_media_type"
        case conflict = "conflict"
        case internalError = "internal_error"
        case serviceUnavailable = "service_unavailable"

        var status: HTTPResponse.Status {
            switch self {
            case .badRequest: .badRequest
            case .unauthorized: .unauthorized
            case .notFound: .notFound
            case .methodNotAllowed: .methodNotAllowed
            case .requestTimeout: .requestTimeout
            case .payloadTooLarge: .contentTooLarge
            case .headerFieldsTooLarge: .requestHeaderFieldsTooLarge
            case .unsupportedMediaType: .unsupportedMediaType
            case .conflict: .conflict
            case .internalError: .internalServerError
            case .serviceUnavailable: .serviceUnavailable
            }
        }
    }

    public let code: Code
    public let message: String
    /// The answer ends the connection (`Connection: close`): after a request the server could
    /// not read to its end (a deadline passed, the HTTP framing broke), the next one cannot be found.
    public let closesConnection: Bool

    public init(_ code: Code, _ message: String, closesConnection: Bool = false) {
        self.code = code
        self.message = message
        self.closesConnection = closesConnection || code == .requestTimeout
    }

    public var status: HTTPResponse.Status { code.status }
    public var description: String { "\(code.rawValue): \(message)" }

    /// The JSON body of the error.
    var json: JSONText {
        .object([("error", .object([("code", .string(code.rawValue)), ("message", .string(message))]))])
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if code == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if code == .serviceUnavailable { headers[.retryAfter] = "10" }
        if closesConnection { headers[.connection] = "close" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json.data())))
    }

    /// The API's form of an error thrown below the routes (Hummingbird's own, or an unexpected one).
    static func from(_ error: any Error) -> APIError {
        if let error = error as? APIError { return error }
        if let error = error as? HTTPParserError { return from(error) }
        if let error = error as? any HTTPResponseError {
            let byStatus: [HTTPResponse.Status: Code] = Dictionary(uniqueKeysWithValues: Code.allCases.map { ($0.status, $0) })
            let code = byStatus[error.status] ?? (error.status.code < 500 ? .badRequest : .internalError)
            let message: String
            switch code {
            case .notFound: message = "no such route"
            case .payloadTooLarge: message = "the request body is larger than the server's limit (--max-body)"
            case .methodNotAllowed: message = "this route does not take that method"
            default: message = (error as? HTTPError)?.body ?? "the request could not be handled (\(error.status.code))"
            }
            return APIError(code, message)
        }
        return APIError(.internalError, "the server failed on this request; its log has the reason")
    }

    /// The answer to a request that is not HTTP/1.1 as NIO's parser reads it (llhttp): 431 for
    /// header fields over the parser's limits, 400 for the rest; the connection ends with it.
    static func from(_ error: HTTPParserError) -> APIError {
        let what: String
        switch error {
        case .headerOverflow:
            return APIError(.headerFieldsTooLarge, "the request's header fields are longer or more numerous than this server reads (80 KB, 1,000 fields)",
                            closesConnection: true)
        case .invalidChunkSize: what = "a chunk size of the chunked body is not a hexadecimal number the server can hold"
        case .invalidMethod: what = "the method is not one HTTP/1.1 knows"
        case .invalidURL: what = "the request target is not a valid URL path"
        case .invalidVersion: what = "the HTTP version is not HTTP/1.x"
        case .invalidContentLength, .unexpectedContentLength: what = "the Content-Length is malformed or contradicts the framing"
        case .invalidHeaderToken: what = "a header field name or value holds a character HTTP does not allow"
        case .lfExpected, .invalidConstant, .invalidCharactersUsed, .strictModeAssertion:
            what = "a line of the request is malformed (a missing LF, an unexpected character)"
        case .invalidEOFState, .closedConnection: what = "the connection ended before the request was complete"
        case .trailingGarbage: what = "bytes follow the request where none may"
        default: what = "the parser stopped (\(error))"
        }
        return APIError(.badRequest, "the request is not well-formed HTTP/1.1: \(what)", closesConnection: true)
    }
}
