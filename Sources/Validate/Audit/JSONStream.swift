import Foundation

/// A JSON value as the export reader needs it: numbers keep their exact text (money never
/// passes through `Double`), objects keep their key order.
indirect enum JSONValue: Sendable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    var kindName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "true/false"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The text of a scalar (null is ""), or nil for arrays and objects.
    var scalarText: String? {
        switch self {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null: ""
        case .array, .object: nil
        }
    }

    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}

/// A JSON syntax error at a physical line.
struct JSONSyntaxError: Error, Sendable {
    var line: Int
    var message: String
}

/// A pull parser over a chunked file: reads one value at a time so that a long array of
/// records is never held whole. Depth and size limits keep hostile input from exhausting memory.
struct JSONStream {
    static let maxDepth = 64
    static let maxValueBytes = 16 << 20

    private var source: ChunkedFile
    private var position = 0
    private(set) var line = 1
    private var valueBytes = 0

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
        valueBytes += 1
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
        .syntax(JSONSyntaxError(line: line, message: message))
    }

    /// Parses one complete value.
    mutating func parseValue() throws(ExportStreamFailure) -> JSONValue {
        valueBytes = 0
        return try value(depth: 0)
    }

    private mutating func value(depth: Int) throws(ExportStreamFailure) -> JSONValue {
        guard depth < Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth) levels") }
        guard valueBytes < Self.maxValueBytes else { throw fail("one record is larger than \(Self.maxValueBytes >> 20) MiB") }
        try wrap { (s: inout JSONStream) throws(ExportReadError) in try s.skipWhitespace() }
        guard let byte = try wrap({ (s: inout JSONStream) throws(ExportReadError) in try s.peek() }) else {
            throw fail("unexpected end of file")
        }
        switch byte {
        case UInt8(ascii: "{"):
            advance()
            var members: [(key: String, value: JSONValue)] = []
            try skipWS()
            if try peekByte() == UInt8(ascii: "}") { advance(); return .object(members) }
            while true {
                try skipWS()
                guard try peekByte() == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                let key = try string()
                try skipWS()
                guard try peekByte() == UInt8(ascii: ":") else { throw fail("expected ':' after key \"\(key)\"") }
                advance()
                members.append((key, try value(depth: depth + 1)))
                try skipWS()
                let next = try peekByte()
                if next == UInt8(ascii: ",") { advance(); continue }
                if next == UInt8(ascii: "}") { advance(); return .object(members) }
                throw fail("expected ',' or '}' in an object")
            }
        case UInt8(ascii: "["):
            advance()
            var elements: [JSONValue] = []
            try skipWS()
            if try peekByte() == UInt8(ascii: "]") { advance(); return .array(elements) }
            while true {
                elements.append(try value(depth: depth + 1))
                try skipWS()
                let next = try peekByte()
                if next == UInt8(ascii: ",") { advance(); continue }
                if next == UInt8(ascii: "]") { advance(); return .array(elements) }
                throw fail("expected ',' or ']' in an array")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try number())
        default:
            throw fail("unexpected character '\(Character(UnicodeScalar(byte)))'")
        }
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

    private mutating func literal(_ word: String) throws(ExportStreamFailure) {
        for expected in word.utf8 {
            guard try peekByte() == expected else { throw fail("expected \(word)") }
            advance()
        }
    }

    private mutating func number() throws(ExportStreamFailure) -> String {
        var bytes: [UInt8] = []
        while let byte = try peekByte(),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            bytes.append(byte)
            advance()
            if bytes.count > 64 { throw fail("number too long") }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard Self.isJSONNumber(text) else { throw fail("'\(text)' is not a JSON number") }
        return text
    }

    static func isJSONNumber(_ text: String) -> Bool {
        var s = Substring(text)
        if s.hasPrefix("-") { s = s.dropFirst() }
        let intDigits = s.prefix { $0.isASCII && $0.isNumber }
        guard !intDigits.isEmpty, intDigits == "0" || !intDigits.hasPrefix("0") else { return false }
        s = s.dropFirst(intDigits.count)
        if s.hasPrefix(".") {
            s = s.dropFirst()
            let fraction = s.prefix { $0.isASCII && $0.isNumber }
            guard !fraction.isEmpty else { return false }
            s = s.dropFirst(fraction.count)
        }
        if s.hasPrefix("e") || s.hasPrefix("E") {
            s = s.dropFirst()
            if s.hasPrefix("+") || s.hasPrefix("-") { s = s.dropFirst() }
            let exponent = s.prefix { $0.isASCII && $0.isNumber }
            guard !exponent.isEmpty else { return false }
            s = s.dropFirst(exponent.count)
        }
        return s.isEmpty
    }

    private mutating func string() throws(ExportStreamFailure) -> String {
        advance()  // opening quote
        var bytes: [UInt8] = []
        while true {
            guard let byte = try peekByte() else { throw fail("a string is never closed") }
            advance()
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: bytes, as: UTF8.self) else { throw fail("a string is not valid UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                guard let escape = try peekByte() else { throw fail("a string is never closed") }
                advance()
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard try peekByte() == UInt8(ascii: "\\") else { throw fail("unpaired surrogate in \\u escape") }
                        advance()
                        guard try peekByte() == UInt8(ascii: "u") else { throw fail("unpaired surrogate in \\u escape") }
                        advance()
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate in \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = UnicodeScalar(scalar) else { throw fail("invalid \\u escape") }
                    bytes.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw fail("invalid escape \\\(Character(UnicodeScalar(escape)))")
                }
            case 0x00..<0x20:
                throw fail("a control character inside a string (escape line breaks as \\n)")
            default:
                bytes.append(byte)
            }
            if bytes.count > Self.maxValueBytes { throw fail("string too long") }
        }
    }

    private mutating func hex4() throws(ExportStreamFailure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = try peekByte(), let digit = Self.hexValue(byte) else { throw fail("invalid \\u escape") }
            advance()
            value = value * 16 + digit
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
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
        let key = try string()
        guard try consume(UInt8(ascii: ":")) else { throw fail("expected ':' after key \"\(key)\"") }
        return key
    }

    func syntax(_ message: String) -> ExportStreamFailure { fail(message) }
}

/// Either the file failed (fatal) or its JSON did (a malformed row).
enum ExportStreamFailure: Error {
    case read(ExportReadError)
    case syntax(JSONSyntaxError)
}
