import Foundation
public import Hummingbird
import InvoiceModel

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
        case unsupportedMediaType = "unsupported_media_type"
        case internalError = "internal_error"

        var status: HTTPResponse.Status {
            switch self {
            case .badRequest: .badRequest
            case .unauthorized: .unauthorized
            case .notFound: .notFound
            case .methodNotAllowed: .methodNotAllowed
            case .requestTimeout: .requestTimeout
            case .payloadTooLarge: .contentTooLarge
            case .unsupportedMediaType: .unsupportedMediaType
            case .internalError: .internalServerError
            }
        }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
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
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json.data())))
    }

    /// The API's form of an error thrown below the routes (Hummingbird's own, or an unexpected one).
    static func from(_ error: any Error) -> APIError {
        if let error = error as? APIError { return error }
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
}
