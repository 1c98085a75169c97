public import Findings
import Foundation
public import Hummingbird
import InvoiceModel
import NIOHTTP1

/// A request the server refuses: the HTTP status and a `{"error": {"code", "message"}}` body
/// (docs/server.md). The message names the part of the request to fix; when the request chose
/// a language (`?lang=`, `Accept-Language`), the body adds `localized` and the answer
/// `Content-Language`, as the reports do (docs/languages.md).
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
    /// What to fix, as a catalogue text (`server.*`): English in `message`, the request's
    /// language in `localized`.
    public let text: MessageText
    /// The English message, the one clients have always read.
    public var message: String { text.english }
    /// The answer ends the connection (`Connection: close`): after a request the server could
    /// not read to its end (a deadline passed, the HTTP framing broke), the next one cannot be found.
    public let closesConnection: Bool

    public init(_ code: Code, _ text: MessageText, closesConnection: Bool = false) {
        self.code = code
        self.text = text
        self.closesConnection = closesConnection || code == .requestTimeout
    }

    public var status: HTTPResponse.Status { code.status }
    public var description: String { "\(code.rawValue): \(message)" }

    /// The JSON body of the error: `{"error": {"code", "message"}}`, with `"localized":
    /// {"language", "message"}` in the error when a language was chosen.
    func json(in language: Language? = nil) -> JSONText {
        var members: [(String, JSONText)] = [("code", .string(code.rawValue)), ("message", .string(message))]
        if let language {
            members.append(("localized", .object([("language", .string(language.tag)), ("message", .string(text.rendered(in: language)))])))
        }
        return .object([("error", .object(members))])
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if code == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if code == .serviceUnavailable { headers[.retryAfter] = "10" }
        if closesConnection { headers[.connection] = "close" }
        // An unknown `?lang=` is itself the error being answered: the header then decides.
        let language = (try? ServerRoutes.language(request)) ?? ServerRoutes.acceptedLanguage(request)
        if let language { headers[.contentLanguage] = language.tag }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json(in: language).data())))
    }

    /// The API's form of an error thrown below the routes (Hummingbird's own, or an unexpected one).
    static func from(_ error: any Error) -> APIError {
        if let error = error as? APIError { return error }
        if let error = error as? HTTPParserError { return from(error) }
        if let error = error as? any HTTPResponseError {
            let byStatus: [HTTPResponse.Status: Code] = Dictionary(uniqueKeysWithValues: Code.allCases.map { ($0.status, $0) })
            let code = byStatus[error.status] ?? (error.status.code < 500 ? .badRequest : .internalError)
            let text: MessageText
            switch code {
            case .notFound: text = MessageText("server.noRoute")
            case .payloadTooLarge: text = MessageText("server.bodyTooLargeLimit")
            case .methodNotAllowed: text = MessageText("server.methodRefused")
            default:
                if let body = (error as? HTTPError)?.body {
                    text = MessageText("server.refused", ["englishDetail": .data(body)])
                } else {
                    text = MessageText("server.notHandled", ["status": .data(String(error.status.code))])
                }
            }
            return APIError(code, text)
        }
        return APIError(.internalError, MessageText("server.internal"))
    }

    /// The answer to a request that is not HTTP/1.1 as NIO's parser reads it (llhttp): 431 for
    /// header fields over the parser's limits, 400 for the rest; the connection ends with it.
    static func from(_ error: HTTPParserError) -> APIError {
        let what: MessageText
        switch error {
        case .headerOverflow:
            return APIError(.headerFieldsTooLarge, MessageText("server.headerTooLarge"),
                            closesConnection: true)
        case .invalidChunkSize: what = MessageText("server.http.chunkSize")
        case .invalidMethod: what = MessageText("server.http.method")
        case .invalidURL: what = MessageText("server.http.url")
        case .invalidVersion: what = MessageText("server.http.version")
        case .invalidContentLength, .unexpectedContentLength: what = MessageText("server.http.contentLength")
        case .invalidHeaderToken: what = MessageText("server.http.headerToken")
        case .lfExpected, .invalidConstant, .invalidCharactersUsed, .strictModeAssertion: what = MessageText("server.http.line")
        case .invalidEOFState, .closedConnection: what = MessageText("server.http.ended")
        case .trailingGarbage: what = MessageText("server.http.trailing")
        default: what = MessageText("server.http.parser", ["englishDetail": .data("\(error)")])
        }
        return APIError(.badRequest, MessageText("server.notHTTP", ["what": .text(what)]), closesConnection: true)
    }
}
