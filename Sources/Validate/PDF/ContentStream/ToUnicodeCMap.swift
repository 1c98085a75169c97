/// A font's `ToUnicode` CMap: character codes to the Unicode text they stand for (`bfchar` and
/// `bfrange` entries; destinations are UTF-16BE). The code space ranges are not needed: simple
/// fonts have one-byte codes and the Type 0 fonts read here two-byte ones (`Identity-H`).
struct ToUnicodeCMap: Sendable {
    /// Codes that stand for one character (nearly all), and those that stand for several (ligatures).
    private(set) var single: [UInt32: Unicode.Scalar] = [:]
    private(set) var multiple: [UInt32: [Unicode.Scalar]] = [:]

    init(_ data: [UInt8], budget: ContentStreamBudget) throws(ContentStreamDecline) {
        var lexer = PDFObjectLexer(bytes: data, maxDepth: 4)
        var operands: [PDFObject] = []
        var entries = 0
        while true {
            lexer.skipWhitespace()
            guard !lexer.atEnd else { break }
            let byte = lexer.bytes[lexer.position]
            if PDFObjectLexer.isRegular(byte) && !PDFObjectLexer.startsNumber(byte) {
                let start = lexer.position
                while lexer.position < lexer.end, PDFObjectLexer.isRegular(lexer.bytes[lexer.position]) { lexer.position += 1 }
                let keyword = lexer.word(start..<lexer.position)
                switch keyword {
                case "endbfchar":
                    var index = 0
                    while index + 1 < operands.count {
                        if case .string(let source) = operands[index], case .string(let target) = operands[index + 1] {
                            set(Self.code(source), utf16BE: target)
                        }
                        index += 2
                    }
                case "endbfrange":
                    var index = 0
                    while index + 2 < operands.count {
                        defer { index += 3 }
                        guard case .string(let low) = operands[index], case .string(let high) = operands[index + 1] else { continue }
                        let first = Self.code(low), last = Self.code(high)
                        guard last >= first else { continue }
                        entries += Int(last - first) + 1
                        guard entries <= budget.maxCMapEntries else { throw .budget("a ToUnicode map over \(budget.maxCMapEntries) codes") }
                        switch operands[index + 2] {
                        case .string(let target):
                            let base = Self.scalars(utf16BE: target)
                            guard let lastScalar = base.last else { continue }
                            for offset in 0...(last - first) {
                                guard let shifted = Unicode.Scalar(lastScalar.value + offset) else { continue }
                                if base.count == 1 {
                                    single[first + offset] = shifted
                                    multiple[first + offset] = nil
                                } else {
                                    set(first + offset, base.dropLast() + [shifted])
                                }
                            }
                        case .array(let targets):
                            for (offset, target) in targets.enumerated() where UInt32(offset) <= last - first {
                                if case .string(let bytes) = target { set(first + UInt32(offset), utf16BE: bytes) }
                            }
                        default:
                            continue
                        }
                    }
                default:
                    break
                }
                operands.removeAll(keepingCapacity: true)
            } else {
                // Dictionaries (`/CIDSystemInfo << ... >>`), names and numbers: kept as operands.
                operands.append(try lexer.object(references: false))
                guard operands.count <= 3 * 256 + 3 else { throw .syntax("a ToUnicode block holds more than 256 entries", offset: lexer.position) }
            }
        }
    }

    /// The common case (one UTF-16 unit, outside the surrogates) without intermediate arrays.
    private mutating func set(_ code: UInt32, utf16BE target: [UInt8]) {
        if target.count == 2 {
            let value = UInt32(target[0]) << 8 | UInt32(target[1])
            if !(0xD800...0xDFFF).contains(value), let scalar = Unicode.Scalar(value) {
                single[code] = scalar
                multiple[code] = nil
                return
            }
        }
        set(code, Self.scalars(utf16BE: target))
    }

    private mutating func set(_ code: UInt32, _ scalars: [Unicode.Scalar]) {
        if scalars.count == 1 {
            single[code] = scalars[0]
            multiple[code] = nil
        } else {
            multiple[code] = scalars
            single[code] = nil
        }
    }

    private static func code(_ bytes: [UInt8]) -> UInt32 {
        bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// UTF-16BE code units to scalars (an unpaired surrogate is dropped).
    static func scalars(utf16BE bytes: [UInt8]) -> [Unicode.Scalar] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 0
        while index + 1 < bytes.count {
            units.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
            index += 2
        }
        var result: [Unicode.Scalar] = []
        var iterator = units.makeIterator()
        var decoder = UTF16()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) { result.append(scalar) }
        return result
    }
}
