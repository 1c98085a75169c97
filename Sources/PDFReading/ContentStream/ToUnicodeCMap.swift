/// A font's `ToUnicode` CMap: character codes to the Unicode text they stand for (`bfchar` and
/// `bfrange` entries; destinations are UTF-16BE). The code space ranges are not needed: simple
/// fonts have one-byte codes and the Type 0 fonts read here two-byte ones (`Identity-H`), so
/// codes past 0xFFFF are never looked up and not kept.
struct ToUnicodeCMap: Sendable {
    /// By code, the one character it stands for (nearly all codes), ``none`` where it stands for
    /// none or for several: a table, as a glyph's lookup is on the reader's hottest path.
    private var singles: [UInt32] = []
    /// Codes that stand for several characters (ligatures).
    private(set) var multiple: [UInt32: [Unicode.Scalar]] = [:]
    private static let none = UInt32.max
    /// One past the largest code kept.
    private static let codeLimit: UInt32 = 0x1_0000

    init(_ data: [UInt8], budget: ContentStreamBudget) throws(ContentStreamDecline) {
        var lexer = PDFObjectLexer(bytes: data, maxDepth: 4)
        // Dictionaries (`/CIDSystemInfo << ... >>`), names and numbers are operands too.
        var operands = ContentStreamOperands()
        var entries = 0
        while let token = try lexer.nextContentToken(&operands) {
            guard case .operator(_, let keyword) = token else {
                guard operands.count <= 3 * 256 + 3 else { throw .syntax("a ToUnicode block holds more than 256 entries", offset: lexer.position) }
                continue
            }
            let word = data[keyword]
            if word.elementsEqual("endbfchar".utf8) {
                var index = 0
                while index + 1 < operands.count {
                    if case .string(let source) = operands[index], case .string(let target) = operands[index + 1] {
                        set(Self.code(operands.bytes[source]), utf16BE: operands.bytes[target])
                    }
                    index += 2
                }
            } else if word.elementsEqual("endbfrange".utf8) {
                try readRanges(operands, entries: &entries, budget: budget)
            }
            operands.removeAll()
        }
    }

    /// The one character `code` stands for; nil when it stands for several or for none.
    func single(_ code: UInt32) -> Unicode.Scalar? {
        guard code < singles.count else { return nil }
        let value = singles[Int(code)]
        return value == Self.none ? nil : Unicode.Scalar(value)
    }

    /// A `bfrange` block's `<low> <high> <target>` and `<low> <high> [<target>...]` entries.
    private mutating func readRanges(_ operands: ContentStreamOperands, entries: inout Int,
                                     budget: ContentStreamBudget) throws(ContentStreamDecline) {
        var index = 0
        while index + 2 < operands.count {
            defer { index += 3 }
            guard case .string(let lowBytes) = operands[index], case .string(let highBytes) = operands[index + 1] else { continue }
            let first = Self.code(operands.bytes[lowBytes]), last = Self.code(operands.bytes[highBytes])
            guard last >= first else { continue }
            entries += Int(last - first) + 1
            guard entries <= budget.maxCMapEntries else { throw .budget("a ToUnicode map over \(budget.maxCMapEntries) codes") }
            switch operands[index + 2] {
            case .string(let target):
                let base = Self.scalars(utf16BE: operands.bytes[target])
                guard let lastScalar = base.last, first < Self.codeLimit else { continue }
                for offset in 0...(min(last, Self.codeLimit - 1) - first) {
                    guard let shifted = Unicode.Scalar(lastScalar.value + offset) else { continue }
                    if base.count == 1 {
                        setSingle(first + offset, shifted)
                    } else {
                        set(first + offset, base.dropLast() + [shifted])
                    }
                }
            case .array(let targets):
                for (offset, target) in operands.items[targets].enumerated() where UInt32(offset) <= last - first {
                    if case .string(let bytes) = target { set(first + UInt32(offset), utf16BE: operands.bytes[bytes]) }
                }
            default:
                continue
            }
        }
    }

    /// The common case (one UTF-16 unit, outside the surrogates) without intermediate arrays.
    private mutating func set(_ code: UInt32, utf16BE target: ArraySlice<UInt8>) {
        if target.count == 2 {
            let value = UInt32(target[target.startIndex]) << 8 | UInt32(target[target.startIndex + 1])
            if !(0xD800...0xDFFF).contains(value), let scalar = Unicode.Scalar(value) {
                setSingle(code, scalar)
                return
            }
        }
        set(code, Self.scalars(utf16BE: target))
    }

    private mutating func setSingle(_ code: UInt32, _ scalar: Unicode.Scalar) {
        guard code < Self.codeLimit else { return }
        if code >= singles.count { singles.append(contentsOf: repeatElement(Self.none, count: Int(code) + 1 - singles.count)) }
        singles[Int(code)] = scalar.value
        if !multiple.isEmpty { multiple[code] = nil }
    }

    private mutating func set(_ code: UInt32, _ scalars: [Unicode.Scalar]) {
        guard code < Self.codeLimit else { return }
        if scalars.count == 1 {
            setSingle(code, scalars[0])
        } else {
            multiple[code] = scalars
            if code < singles.count { singles[Int(code)] = Self.none }
        }
    }

    private static func code(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// UTF-16BE code units to scalars (an unpaired surrogate is dropped).
    static func scalars(utf16BE bytes: ArraySlice<UInt8>) -> [Unicode.Scalar] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
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
