import Findings
import Foundation
import Hummingbird

/// What a request body claims to be, by its `Content-Type`: an invoice as JSON or XML, a PDF,
/// or unstated (`application/octet-stream` or none), when the bytes decide.
enum InvoiceBodyKind: Sendable {
    case json, xml, pdf, sniffed

    /// Media types accepted, with their kind; the parameters (`charset=`) are ignored.
    private static let byMediaType: [String: InvoiceBodyKind] = [
        "application/json": .json, "text/json": .json,
        "application/xml": .xml, "text/xml": .xml,
        "application/pdf": .pdf,
        "application/octet-stream": .sniffed,
    ]

    /// The kind of the request's body, limited to `allowed`.
    /// - Throws: 415 naming the media types the route takes.
    static func of(_ request: Request, allowed: Set<InvoiceBodyKind>) throws -> InvoiceBodyKind {
        guard let header = request.headers[.contentType] else { return .sniffed }
        let mediaType = header.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard let kind = byMediaType[mediaType], allowed.contains(kind) || kind == .sniffed else {
            let names = byMediaType.filter { allowed.contains($0.value) || $0.value == .sniffed }.keys.sorted()
            throw APIError(.unsupportedMediaType, MessageText("server.mediaTypeRefused", ["mediaType": .data("\(mediaType)"), "mediaTypes": .data("\(names.joined(separator: ", "))")]))
        }
        return kind
    }

    /// The name the body goes by in reports: its extension steers the reading when the bytes
    /// alone do not tell.
    var sourceName: String {
        switch self {
        case .json: "request.json"
        case .xml: "request.xml"
        case .pdf: "request.pdf"
        case .sniffed: "request"
        }
    }
}
