import InvoiceModel

/// A pull reader over a chunked file: finds where the next JSON value ends, so that a long
/// array of records is never held whole, and reads that value with the project's one JSON
/// reader (`JSONText.parse`). Depth and size limits keep hostile input from exhausting memory.
struct JSONStream {
    static let maxDepth = 64
    static let maxValueBytes = 16 << 20

    private var source: ChunkedFile
    private var position = 0
    private(set) var line = 1

    init(source: ChunkedFile, line: Int = 1) {
        self.source = source
        self.line = line
    }

    var path: String { source.path }

    /// The next byte without consuming it; nil at the end of the file.
    mutating func peek() throws(ExportReadError) -> UInt8? {
        if position >= source.buffer.count {
            if source.atEnd { return nil }
            position -= try source.refill(keepingFrom: position)
            if position >= source.buffer.count { return nil }
        }
        return source.buffer[position]
    }

    mutating func advance() {
        if source.buffer[position] == UInt8(ascii: "\n") { line += 1 }
        position += 1
    }

    /// Skips whitespace (and a UTF-8 byte-order mark at the very start).
    mutating func skipWhitespace() throws(ExportReadError) {
        while let byte = try peek() {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D: advance()
            case 0xEF where line == 1:
                // BOM EF BB BF
                advance()
                if try peek() == 0xBB { advance() }
                if try peek() == 0xBF { advance() }
            default: return
            }
        }
    }

    /// Consumes bytes up to and including the next line break (error recovery for JSON Lines).
    mutating func skipLine() throws(ExportReadError) {
        while let byte = try peek() {
            advance()
            if byte == UInt8(ascii: "\n") { return }
        }
    }

    private func fail(_ message: String) -> ExportStreamFailure {
        .syntax(line: line, message: message)
    }

    /// Reads one complete value (after optional whitespace).
    mutating func parseValue() throws(ExportStreamFailure) -> JSONText {
        try skipWS()
        let startLine = line
        var bytes: [UInt8] = []
        try collectValue(into: &bytes)
        let parsed: Result<JSONText, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONSyntaxError) {
                return .success(try JSONText.parse(buffer))
            } catch {
                return .failure(error)
            }
        }
        switch parsed {
        case .success(let value):
            return value
        case .failure(let error):
            let newlines = bytes[..<min(error.offset, bytes.count)].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            throw .syntax(line: startLine + newlines, message: error.message)
        }
    }

    /// Moves the bytes of the next value into `bytes`: a container up to its matching close,
    /// a string up to its closing quote, a scalar up to the next delimiter. Only structure is
    /// followed here (brackets outside strings); whether the bytes are JSON is the reader's call.
    private mutating func collectValue(into bytes: inout [UInt8]) throws(ExportStreamFailure) {
        var depth = 0
        var inString = false
        var escaped = false
        while let byte = try peekByte() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { bytes.append(byte); advance(); return }
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""):
                    inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    guard depth <= Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth) levels") }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard depth > 0 else { return try endOfScalar(bytes, at: byte) }
                    depth -= 1
                    if depth == 0 { bytes.append(byte); advance(); return }
                case UInt8(ascii: ","), UInt8(ascii: ":"), 0x20, 0x09, 0x0A, 0x0D:
                    if depth == 0 { return try endOfScalar(bytes, at: byte) }
                default:
                    break
                }
            }
            bytes.append(byte)
            advance()
            guard bytes.count <= Self.maxValueBytes else { throw fail("one record is larger than \(Self.maxValueBytes >> 20) MiB") }
        }
        // The file ends inside the value: the reader names what is missing.
        if bytes.isEmpty { throw fail("unexpected end of file where a value was expected") }
    }

    /// A delimiter at the top level ends a scalar; with nothing before it, no value was there.
    private func endOfScalar(_ bytes: [UInt8], at byte: UInt8) throws(ExportStreamFailure) {
        guard bytes.isEmpty else { return }
        throw fail("unexpected character '\(Character(Unicode.Scalar(byte)))' where a value was expected")
    }

    private mutating func wrap<T>(_ body: (inout JSONStream) throws(ExportReadError) -> T) throws(ExportStreamFailure) -> T {
        do {
            return try body(&self)
        } catch {
            throw .read(error)
        }
    }

    mutating func skipWS() throws(ExportStreamFailure) {
        try wrap { (s: inout JSONStream) throws(ExportReadError) in try s.skipWhitespace() }
    }

    mutating func peekByte() throws(ExportStreamFailure) -> UInt8? {
        try wrap { (s: inout JSONStream) throws(ExportReadError) in try s.peek() }
    }

    // MARK: Streaming into containers

    /// Consumes `byte` after optional whitespace, or returns false leaving it.
    mutating func consume(_ byte: UInt8) throws(ExportStreamFailure) -> Bool {
        try skipWS()
        guard try peekByte() == byte else { return false }
        advance()
        return true
    }

    /// Reads an object key (after whitespace) and its ':'.
    mutating func key() throws(ExportStreamFailure) -> String {
        try skipWS()
        guard try peekByte() == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
        guard case .string(let key) = try parseValue() else { throw fail("expected a quoted key") }
        guard try consume(UInt8(ascii: ":")) else { throw fail("expected ':' after key \"\(key)\"") }
        return key
    }

    func syntax(_ message: String) -> ExportStreamFailure { fail(message) }
}

/// Either the file failed (fatal) or its JSON did (a malformed row, at a physical line).
enum ExportStreamFailure: Error {
    case read(ExportReadError)
    case syntax(line: Int, message: String)
}
