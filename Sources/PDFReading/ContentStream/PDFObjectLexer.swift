/// Reads PDF objects and content-stream tokens from bytes: numbers, names, literal and hex
/// strings, arrays, dictionaries, `N G R` references, keywords. Arrays and dictionaries nest at
/// most `maxDepth` deep; anything malformed is a ``ContentStreamDecline/syntax(_:offset:)``.
struct PDFObjectLexer {
    /// A content-stream token: an operand (pushed onto the operands), or an operator (or a CMap
    /// keyword) with its bytes' range and, when it is at most four bytes long, its bytes packed
    /// into a number (0 for a longer one).
    enum Token {
        case operand
        case `operator`(code: UInt32, Range<Int>)
    }

    let bytes: [UInt8]
    var position: Int
    let end: Int
    let maxDepth: Int

    init(bytes: [UInt8], range: Range<Int>? = nil, maxDepth: Int) {
        self.bytes = bytes
        self.position = range?.lowerBound ?? 0
        self.end = min(range?.upperBound ?? bytes.count, bytes.count)
        self.maxDepth = maxDepth
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    @inline(__always)
    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"): true
        default: false
        }
    }

    /// Skips white space and comments.
    mutating func skipWhitespace() {
        while position < end {
            let byte = bytes[position]
            if Self.isWhitespace(byte) {
                position += 1
            } else if byte == UInt8(ascii: "%") {
                while position < end, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    var atEnd: Bool { position >= end }

    /// `true` and `null` packed as operator codes are (`false` is five bytes long).
    private static let trueCode: UInt32 = 0x7472_7565, nullCode: UInt32 = 0x6E75_6C6C

    /// The next token of a content stream (an operand goes onto `operands`); nil at its end.
    mutating func nextContentToken(_ operands: inout ContentStreamOperands) throws(ContentStreamDecline) -> Token? {
        skipWhitespace()
        guard position < end else { return nil }
        let byte = bytes[position]
        if Self.isRegular(byte) && !Self.startsNumber(byte) {
            let start = position
            var code: UInt32 = 0
            while position < end, Self.isRegular(bytes[position]) {
                code = code << 8 | UInt32(bytes[position])
                position += 1
            }
            let length = position - start
            if (length == 4 && (code == Self.trueCode || code == Self.nullCode))
                || (length == 5 && bytes[start..<position].elementsEqual("false".utf8)) {
                operands.append(.other)
                return .operand
            }
            return .operator(code: length <= 4 ? code : 0, start..<position)
        }
        try contentOperand(&operands)
        return .operand
    }

    /// One operand of a content stream, straight into the operand buffers.
    private mutating func contentOperand(_ operands: inout ContentStreamOperands) throws(ContentStreamDecline) {
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "/"):
            let range = name(into: &operands.bytes)
            operands.append(.name(range))
        case UInt8(ascii: "("):
            let range = try literalString(into: &operands.bytes)
            operands.append(.string(range))
        case UInt8(ascii: "<") where !(position + 1 < end && bytes[position + 1] == UInt8(ascii: "<")):
            let range = try hexString(into: &operands.bytes)
            operands.append(.string(range))
        case UInt8(ascii: "["):
            try contentArray(&operands)
        default:
            if Self.startsNumber(byte) {
                operands.append(.number(try number()))
            } else {
                let object = try object(depth: 0, references: false)
                if case .string(let text)? = object.dictionary?["ActualText"] {
                    let start = operands.bytes.count
                    operands.bytes.append(contentsOf: text)
                    operands.append(.actualText(start..<operands.bytes.count))
                } else {
                    operands.append(.other)
                }
            }
        }
    }

    /// An array operand: its numbers and strings go to the operands' items; an array holding
    /// anything else is parsed again as a whole (syntax and depth checked) and kept as `.other`.
    private mutating func contentArray(_ operands: inout ContentStreamOperands) throws(ContentStreamDecline) {
        guard maxDepth > 0 else { throw .budget("arrays and dictionaries nested deeper than \(maxDepth)") }
        let start = position, firstItem = operands.itemCount, firstByte = operands.byteCount
        position += 1
        while true {
            skipWhitespace()
            guard position < end else { throw .syntax("an array was not closed", offset: position) }
            let byte = bytes[position]
            if byte == UInt8(ascii: "]") {
                position += 1
                operands.append(.array(firstItem..<operands.itemCount))
                return
            } else if byte == UInt8(ascii: "(") {
                let range = try literalString(into: &operands.bytes)
                operands.appendItem(.string(range))
            } else if byte == UInt8(ascii: "<"), !(position + 1 < end && bytes[position + 1] == UInt8(ascii: "<")) {
                let range = try hexString(into: &operands.bytes)
                operands.appendItem(.string(range))
            } else if Self.startsNumber(byte) {
                operands.appendItem(.number(try number()))
            } else {
                operands.truncate(items: firstItem, bytes: firstByte)
                position = start
                _ = try object(depth: 0, references: false)
                operands.append(.other)
                return
            }
        }
    }

    /// The next object; `references` reads `N G R` as a reference (not in content streams).
    mutating func object(depth: Int = 0, references: Bool = true) throws(ContentStreamDecline) -> PDFObject {
        skipWhitespace()
        guard position < end else { throw .syntax("an object was cut short", offset: position) }
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "/"):
            return .name(name())
        case UInt8(ascii: "("):
            var string: [UInt8] = []
            _ = try literalString(into: &string)
            return .string(string)
        case UInt8(ascii: "<"):
            if position + 1 < end, bytes[position + 1] == UInt8(ascii: "<") {
                return .dictionary(try dictionaryBody(depth: depth, references: references))
            }
            var string: [UInt8] = []
            _ = try hexString(into: &string)
            return .string(string)
        case UInt8(ascii: "["):
            guard depth < maxDepth else { throw .budget("arrays and dictionaries nested deeper than \(maxDepth)") }
            position += 1
            var items: [PDFObject] = []
            while true {
                skipWhitespace()
                guard position < end else { throw .syntax("an array was not closed", offset: position) }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                items.append(try object(depth: depth + 1, references: references))
            }
        default:
            if Self.startsNumber(byte) {
                let value = try number()
                if references, value >= 0, value == value.rounded(), let generation = peekReference() {
                    return .reference(Int(value), generation)
                }
                return .number(value)
            }
            let start = position
            while position < end, Self.isRegular(bytes[position]) { position += 1 }
            switch word(start..<position) {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default: throw .syntax("unexpected \"\(word(start..<max(position, start + 1)))\"", offset: start)
            }
        }
    }

    /// After `<<`: the entries up to `>>`.
    private mutating func dictionaryBody(depth: Int, references: Bool) throws(ContentStreamDecline) -> [String: PDFObject] {
        guard depth < maxDepth else { throw .budget("arrays and dictionaries nested deeper than \(maxDepth)") }
        position += 2
        var entries: [String: PDFObject] = [:]
        while true {
            skipWhitespace()
            guard position < end else { throw .syntax("a dictionary was not closed", offset: position) }
            if bytes[position] == UInt8(ascii: ">") {
                guard position + 1 < end, bytes[position + 1] == UInt8(ascii: ">") else {
                    throw .syntax("a dictionary ends in a single >", offset: position)
                }
                position += 2
                return entries
            }
            guard bytes[position] == UInt8(ascii: "/") else { throw .syntax("a dictionary key is not a name", offset: position) }
            let key = name()
            entries[key] = try object(depth: depth + 1, references: references)
        }
    }

    /// `G R` after an object number (the position moves past them only when they are there).
    private mutating func peekReference() -> Int? {
        let saved = position
        skipWhitespace()
        let start = position
        while position < end, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
        guard position > start, position - start < 7 else { position = saved; return nil }
        var generation = 0
        for index in start..<position { generation = generation * 10 + Int(bytes[index] - 0x30) }
        skipWhitespace()
        guard position < end, bytes[position] == UInt8(ascii: "R"),
              position + 1 >= end || !Self.isRegular(bytes[position + 1]) else { position = saved; return nil }
        position += 1
        return generation
    }

    @inline(__always)
    static func isRegular(_ byte: UInt8) -> Bool { !isWhitespace(byte) && !isDelimiter(byte) }

    @inline(__always)
    static func startsNumber(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
    }

    mutating func number() throws(ContentStreamDecline) -> Double {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
            negative = bytes[position] == UInt8(ascii: "-")
            position += 1
        }
        var value = 0.0, digits = 0
        var scale = 0.0
        while position < end {
            let byte = bytes[position]
            if byte >= 0x30 && byte <= 0x39 {
                if digits < 18 {
                    value = value * 10 + Double(byte - 0x30)
                    if scale > 0 { scale *= 10 }
                }
                digits += 1
            } else if byte == UInt8(ascii: "."), scale == 0 {
                scale = 1
            } else if byte == UInt8(ascii: "-") && digits == 0 {
                // "--5" and "-.-": poppler reads them leniently; we leave them to it.
                throw .syntax("a malformed number", offset: start)
            } else {
                break
            }
            position += 1
        }
        guard digits > 0 else { throw .syntax("a malformed number", offset: start) }
        if scale > 1 { value /= scale }
        return negative ? -value : value
    }

    /// A name after its `/`, with `#xx` escapes decoded.
    mutating func name() -> String {
        let start = position + 1
        var probe = start
        while probe < end, Self.isRegular(bytes[probe]), bytes[probe] != UInt8(ascii: "#") { probe += 1 }
        guard probe < end, bytes[probe] == UInt8(ascii: "#") else {
            position = probe
            return word(start..<probe)
        }
        var decoded: [UInt8] = []
        let range = name(into: &decoded)
        return String(decoding: decoded[range], as: UTF8.self)
    }

    /// A name after its `/`, `#xx` escapes decoded, appended to `buffer`; where it lies there.
    mutating func name(into buffer: inout [UInt8]) -> Range<Int> {
        position += 1
        let start = position, first = buffer.count
        var escaped = false
        while position < end, Self.isRegular(bytes[position]) {
            if bytes[position] == UInt8(ascii: "#") { escaped = true }
            position += 1
        }
        guard escaped else {
            buffer.append(contentsOf: bytes[start..<position])
            return first..<buffer.count
        }
        var index = start
        while index < position {
            if bytes[index] == UInt8(ascii: "#"), index + 2 < position,
               let high = Self.hexValue(bytes[index + 1]), let low = Self.hexValue(bytes[index + 2]) {
                buffer.append(high << 4 | low)
                index += 3
            } else {
                buffer.append(bytes[index])
                index += 1
            }
        }
        return first..<buffer.count
    }

    /// A literal string's bytes appended to `result`; where they lie there.
    private mutating func literalString(into result: inout [UInt8]) throws(ContentStreamDecline) -> Range<Int> {
        let start = position, first = result.count
        position += 1
        var depth = 1
        while position < end {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "("):
                depth += 1
                result.append(byte)
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return first..<result.count }
                result.append(byte)
            case UInt8(ascii: "\\"):
                guard position < end else { break }
                let next = bytes[position]
                position += 1
                switch next {
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "b"): result.append(0x08)
                case UInt8(ascii: "f"): result.append(0x0C)
                case 0x0D:
                    if position < end, bytes[position] == 0x0A { position += 1 }
                case 0x0A:
                    break
                case 0x30...0x37:
                    var value = Int(next - 0x30)
                    var count = 1
                    while count < 3, position < end, bytes[position] >= 0x30, bytes[position] <= 0x37 {
                        value = value * 8 + Int(bytes[position] - 0x30)
                        position += 1
                        count += 1
                    }
                    result.append(UInt8(truncatingIfNeeded: value))
                default:
                    result.append(next)
                }
            default:
                result.append(byte)
            }
        }
        throw .syntax("a string was not closed", offset: start)
    }

    /// A hex string's bytes appended to `result`; where they lie there.
    private mutating func hexString(into result: inout [UInt8]) throws(ContentStreamDecline) -> Range<Int> {
        let start = position, first = result.count
        position += 1
        var high: UInt8?
        while position < end {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: ">") {
                if let high { result.append(high << 4) }
                return first..<result.count
            }
            if Self.isWhitespace(byte) { continue }
            guard let value = Self.hexValue(byte) else { throw .syntax("a hex string holds a non-hex byte", offset: position - 1) }
            if let pending = high {
                result.append(pending << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        throw .syntax("a hex string was not closed", offset: start)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    func word(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// Whether `keyword` follows (after white space), moving past it when it does.
    mutating func expectKeyword(_ keyword: String) -> Bool {
        skipWhitespace()
        let start = position
        while position < end, Self.isRegular(bytes[position]) { position += 1 }
        if bytes[start..<position].elementsEqual(keyword.utf8) { return true }
        position = start
        return false
    }

    /// An unsigned integer (object and generation numbers, xref fields).
    mutating func unsignedInteger() -> Int? {
        skipWhitespace()
        let start = position
        var value = 0
        while position < end, bytes[position] >= 0x30, bytes[position] <= 0x39, position - start < 12 {
            value = value * 10 + Int(bytes[position] - 0x30)
            position += 1
        }
        return position > start ? value : nil
    }
}
