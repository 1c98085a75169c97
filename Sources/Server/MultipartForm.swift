import Findings
public import Foundation
import Hummingbird
import MultipartKit

/// A `multipart/form-data` body split into its named parts by MultipartKit's parser, under a
/// budget: at most ``maximumParts`` parts and ``maximumHeadersPerPart`` headers each, only the
/// names the route takes, each name once. The body itself was already held to `--max-body`.
public struct MultipartForm: Sendable {
    public struct Part: Sendable {
        public var contentType: String?
        public var data: Data
    }

    static let maximumParts = 8
    static let maximumHeadersPerPart = 16

    private(set) var parts: [String: Part] = [:]

    public subscript(name: String) -> Part? { parts[name] }

    /// The multipart boundary of the request's `Content-Type`.
    /// - Throws: 415 when the body is not `multipart/form-data`, 400 when it names no boundary.
    static func boundary(of request: Request) throws -> String {
        let header = request.headers[.contentType] ?? ""
        let pieces = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else {
            throw APIError(.unsupportedMediaType, MessageText("server.form.notMultipart", ["mediaType": .data("\(pieces.first ?? "")")]))
        }
        guard let boundary = parameter("boundary", in: pieces.dropFirst()), !boundary.isEmpty, boundary.utf8.count <= 70 else {
            throw APIError(.badRequest, MessageText("server.form.noBoundary"))
        }
        return boundary
    }

    /// Splits `body`; `names` are the parts the route takes.
    /// - Throws: ``APIError`` (400) naming what is wrong with the form.
    public init(body: Data, boundary: String, names: Set<String>) throws {
        let parser = MultipartParser(boundary: boundary)
        var failure: APIError?
        var current: (name: String?, contentType: String?, headers: Int, data: Data)?
        var count = 0
        parser.onHeader = { field, value in
            guard failure == nil else { return }
            if current == nil { current = (nil, nil, 0, Data()) }
            current!.headers += 1
            if current!.headers > Self.maximumHeadersPerPart {
                failure = APIError(.badRequest, MessageText("server.form.tooManyHeaders", ["count": .data("\(Self.maximumHeadersPerPart)")]))
            }
            switch field.lowercased() {
            case "content-disposition":
                let pieces = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                current!.name = Self.parameter("name", in: pieces.dropFirst())
            case "content-type":
                current!.contentType = value
            default:
                break
            }
        }
        parser.onBody = { buffer in
            guard failure == nil else { return }
            if current == nil { current = (nil, nil, 0, Data()) }
            current!.data.append(contentsOf: buffer.readableBytesView)
        }
        var parts: [String: Part] = [:]
        parser.onPartComplete = {
            defer { current = nil }
            guard failure == nil, let part = current else { return }
            count += 1
            guard count <= Self.maximumParts else {
                failure = APIError(.badRequest, MessageText("server.form.tooManyParts", ["count": .data("\(Self.maximumParts)")]))
                return
            }
            guard let name = part.name else {
                failure = APIError(.badRequest, MessageText("server.form.partWithoutName", ["number": .data("\(count)")]))
                return
            }
            guard names.contains(name) else {
                failure = APIError(.badRequest, MessageText("server.form.unknownPart", ["name": .data("\(name)"), "names": .data("\(names.sorted().joined(separator: ", "))")]))
                return
            }
            guard parts[name] == nil else {
                failure = APIError(.badRequest, MessageText("server.form.partTwice", ["name": .data("\(name)")]))
                return
            }
            parts[name] = Part(contentType: part.contentType, data: part.data)
        }
        let bytes = [UInt8](body)
        try Self.refuseNonASCIIHeaderNames(in: bytes, boundary: boundary)
        do {
            try parser.execute(bytes)
        } catch {
            throw APIError(.badRequest, MessageText("server.form.malformed", ["englishDetail": .data("\(error)")]))
        }
        if let failure { throw failure }
        if current != nil || parts.isEmpty {
            throw APIError(.badRequest, MessageText("server.form.noClosingBoundary", ["boundary": .data("\(boundary)")]))
        }
        self.parts = parts
    }

    /// `key=value` or `key="value"` among header parameters.
    /// MultipartKit 4.7.1 looks a header name's bytes up in a 128-entry table and traps on a
    /// byte of 0x80 or above (a crash of the whole server, found by the ServerForm fuzz harness).
    /// So before it parses, every line that can be a part's header (after each `--boundary`
    /// line, up to the blank line) must have an ASCII name: bytes below 0x80 up to its colon.
    static func refuseNonASCIIHeaderNames<Bytes: RandomAccessCollection<UInt8>>(in bytes: Bytes, boundary: String) throws
    where Bytes.Index == Int {
        let marker = Array("--\(boundary)".utf8)
        var from = bytes.startIndex
        while let found = bytes[from...].firstRange(of: marker) {
            // The rest of the boundary line, then header lines until a blank one.
            var line = bytes[found.upperBound...].firstRange(of: [13, 10])?.upperBound ?? bytes.endIndex
            while line < bytes.endIndex {
                let end = bytes[line...].firstRange(of: [13, 10])?.lowerBound ?? bytes.endIndex
                if end == line { break }
                let name = bytes[line..<end].prefix { $0 != UInt8(ascii: ":") }
                if let offset = name.firstIndex(where: { $0 >= 0x80 }) {
                    throw APIError(.badRequest, MessageText("server.form.headerNameByte", ["byte": .data("\(String(bytes[offset], radix: 16))"), "offset": .data("\(offset)")]))
                }
                line = min(end + 2, bytes.endIndex)
            }
            // Lines already checked are not searched again: one pass over the body.
            from = max(found.upperBound, line)
        }
    }

    static func parameter(_ key: String, in pieces: some Sequence<String>) -> String? {
        for piece in pieces {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            guard piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
