/// A JSON value as the strict reader leaves it. Numbers and object keys stay as byte ranges
/// of the source (numbers so money never passes through `Double`; keys so that matching a
/// known key costs no `String`); the tree is only valid while the source bytes are.
enum JSONValue {
    case null
    case bool(Bool)
    /// The number's exact source text, already checked against the RFC 8259 grammar.
    case number(Range<Int>)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])
}

/// One `"key": value` pair of an object, in document order.
struct JSONMember {
    /// The key's bytes between the quotes; meaningful only when `escapedKey` is nil.
    let keyRange: Range<Int>
    /// The decoded key when the source spelled it with escapes (`"n\u0061me"`).
    let escapedKey: String?
    let value: JSONValue
}

/// Why a document is not JSON, with the byte offset where reading stopped.
public struct JSONSyntaxError: Error, Sendable, Hashable {
    /// What is wrong, for people ("expected ',' or '}' in an object, found ']'").
    public let message: String
    /// Where reading stopped, in bytes from the start of the document.
    public let offset: Int
}

/// A strict RFC 8259 reader over UTF-8 bytes: recursive descent with a depth limit, full
/// string escapes (surrogate pairs included), and no leniency: invalid UTF-8, control
/// characters in strings, malformed numbers and text after the document are errors.
/// A leading UTF-8 byte order mark is skipped.
struct JSONReader {
    /// Deeper documents are refused rather than risking the stack; an invoice nests about 4 deep.
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads exactly one JSON document from `bytes`.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONReader(bytes: bytes)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { reader.index = 3 }
        reader.skipWhitespace()
        guard reader.index < bytes.count else { throw reader.failure("the document is empty") }
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.index == bytes.count else {
            throw reader.failure("unexpected text after the end of the JSON document")
        }
        return value
    }

    // MARK: Values

    private mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw failure("the document ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure("unexpected character \(describe(bytes[index])) where a value was expected")
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth) levels") }
        index += 1
        var members: [JSONMember] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure("expected a quoted key in an object")
            }
            let (keyRange, escapedKey) = try key()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw failure("expected ':' after an object key")
            }
            index += 1
            skipWhitespace()
            members.append(JSONMember(keyRange: keyRange, escapedKey: escapedKey, value: try value(depth: depth)))
            skipWhitespace()
            guard index < bytes.count else { throw failure("the document ends inside an object") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default:
                throw failure("expected ',' or '}' in an object, found \(describe(bytes[index]))")
            }
        }
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth) levels") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw failure("the document ends inside an array") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default:
                throw failure("expected ',' or ']' in an array, found \(describe(bytes[index]))")
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        let text = UnsafeBufferPointer(start: word.utf8Start, count: count)
        guard bytes.count - index >= count else { throw failure("unknown word; expected true, false or null") }
        for offset in 0..<count where bytes[index + offset] != text[offset] {
            throw failure("unknown word; expected true, false or null")
        }
        index += count
    }

    /// `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`, returned as its byte range.
    private mutating func number() throws(JSONSyntaxError) -> Range<Int> {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a number needs a digit after '-'") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw failure("numbers may not have leading zeros") }
        } else {
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a number needs digits after '.'") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a number needs digits in its exponent") }
            skipDigits()
        }
        return start..<index
    }

    // MARK: Strings

    /// A key: escape-free keys (nearly all) stay a byte range, others are decoded.
    private mutating func key() throws(JSONSyntaxError) -> (Range<Int>, String?) {
        let start = index + 1
        let (end, plain) = try scanPlainString()
        if plain { return (start..<end, nil) }
        return (start..<start, try escapedString(from: start))
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        let start = index + 1
        let (end, plain) = try scanPlainString()
        if plain { return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) }
        return try escapedString(from: start)
    }

    /// Scans from the opening quote. When the string has no escapes, consumes it and returns
    /// its end with `plain == true`; at the first backslash it stops and returns `false`.
    private mutating func scanPlainString() throws(JSONSyntaxError) -> (end: Int, plain: Bool) {
        index += 1
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if !ascii, !Self.isValidUTF8(UnsafeBufferPointer(rebasing: bytes[start..<index])) {
                    throw JSONSyntaxError(message: "a string is not valid UTF-8", offset: start)
                }
                index += 1
                return (index - 1, true)
            }
            if byte == UInt8(ascii: "\\") { return (index, false) }
            if byte < 0x20 { throw failure("a control character (\(describe(byte))) must be escaped inside a string") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw JSONSyntaxError(message: "a string is not closed", offset: start - 1)
    }

    /// The slow path for strings with escapes: decodes from `start` (just after the quote).
    private mutating func escapedString(from start: Int) throws(JSONSyntaxError) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(index - start + 16)
        index = start
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard utf8.withUnsafeBufferPointer({ Self.isValidUTF8($0) }) else {
                    throw JSONSyntaxError(message: "a string is not valid UTF-8", offset: start)
                }
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try appendEscape(to: &utf8)
            case 0..<0x20:
                throw failure("a control character (\(describe(byte))) must be escaped inside a string")
            default:
                utf8.append(byte)
                index += 1
            }
        }
        throw JSONSyntaxError(message: "a string is not closed", offset: start - 1)
    }

    private mutating func appendEscape(to utf8: inout [UInt8]) throws(JSONSyntaxError) {
        index += 1
        guard index < bytes.count else { throw failure("a string ends inside an escape") }
        let simple: UInt8?
        switch bytes[index] {
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default: throw failure("unknown escape \\\(describe(bytes[index]))")
        }
        if let simple {
            utf8.append(simple)
            index += 1
            return
        }
        index += 1
        var scalar = try hexQuad()
        if (0xD800...0xDBFF).contains(scalar) {
            // A high surrogate is only a character together with the low surrogate that follows.
            guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw failure("\\u\(hex(scalar)) is a high surrogate without the low surrogate that must follow")
            }
            index += 2
            let low = try hexQuad()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw failure("\\u\(hex(scalar)) is a high surrogate followed by \\u\(hex(low)), not a low surrogate")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw failure("\\u\(hex(scalar)) is a low surrogate without a high surrogate before it")
        }
        // Surrogates are excluded above, so this is always a valid scalar.
        utf8.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
    }

    private mutating func hexQuad() throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw failure("\\u needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("\\u needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Well-formed UTF-8 as Unicode Table 3-7 defines it: no overlong forms, no surrogates,
    /// nothing above U+10FFFF.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let end = bytes.count
        func continuation(_ j: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            j < end && bytes[j] >= low && bytes[j] <= high
        }
        while i < end {
            let lead = bytes[i]
            switch lead {
            case 0..<0x80:
                i += 1
            case 0xC2...0xDF:
                guard continuation(i + 1) else { return false }
                i += 2
            case 0xE0...0xEF:
                let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
                let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
                guard continuation(i + 1, low, high), continuation(i + 2) else { return false }
                i += 3
            case 0xF0...0xF4:
                let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
                let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
                guard continuation(i + 1, low, high), continuation(i + 2), continuation(i + 3) else { return false }
                i += 4
            default:
                return false
            }
        }
        return true
    }

    // MARK: Small pieces

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private func failure(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: index)
    }

    private func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(hex(UInt32(byte), width: 2))"
    }

    private func hex(_ value: UInt32, width: Int = 4) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension JSONSyntaxError {
    /// "line 3, column 14" of `offset` in `bytes` (columns count bytes, from 1).
    public func position(in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let (line, column) = lineAndColumn(in: bytes)
        return "line \(line), column \(column)"
    }

    /// The line and column (from 1, in bytes) where reading stopped.
    public func lineAndColumn(in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }
}
