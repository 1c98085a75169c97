import Findings

/// The compact binary form of what the audit spools (rows, report entries): unsigned varints
/// and length-prefixed UTF-8, written and read only by this process, so their shape is known.
enum SpoolCoding {
    static func putVarint(_ n: Int, into out: inout [UInt8]) {
        var v = UInt64(bitPattern: Int64(n))
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func putString(_ text: String, into out: inout [UInt8]) {
        putVarint(text.utf8.count, into: &out)
        out.append(contentsOf: text.utf8)
    }

    /// A little-endian 32-bit length, written before an entry so a reader can fetch it whole.
    static func putLength(_ n: Int, into out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: n))
        out.append(UInt8(truncatingIfNeeded: n >> 8))
        out.append(UInt8(truncatingIfNeeded: n >> 16))
        out.append(UInt8(truncatingIfNeeded: n >> 24))
    }

    /// The 4-byte little-endian length at `offset`.
    static func length(_ bytes: [UInt8], at offset: Int) -> Int {
        Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
    }

    /// Reads back what the `put` functions wrote.
    struct Decoder {
        let bytes: [UInt8]
        var at: Int

        mutating func byte() -> UInt8 {
            defer { at += 1 }
            return bytes[at]
        }

        mutating func varint() -> Int {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = byte()
                value |= UInt64(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            return Int(Int64(bitPattern: value))
        }

        mutating func string() -> String {
            let n = varint()
            defer { at += n }
            return n == 0 ? "" : String(decoding: bytes[at..<at + n], as: UTF8.self)
        }
    }
}

extension SpoolCoding {
    /// A finding's catalogue text, so that a spooled report is written in any language.
    static func putText(_ text: MessageText, into out: inout [UInt8]) {
        putString(text.key, into: &out)
        SpoolCoding.putVarint(text.arguments.count, into: &out)
        for (name, argument) in text.arguments {
            putString(name, into: &out)
            putArgument(argument, into: &out)
        }
    }

    static func putArgument(_ argument: MessageArgument, into out: inout [UInt8]) {
        switch argument {
        case .data(let value):
            out.append(0)
            putString(value, into: &out)
        case .text(let text):
            out.append(1)
            putText(text, into: &out)
        case .list(let items), .alternatives(let items):
            if case .list = argument { out.append(2) } else { out.append(3) }
            SpoolCoding.putVarint(items.count, into: &out)
            for item in items { putArgument(item, into: &out) }
        }
    }

    static func text(_ decoder: inout Decoder) -> MessageText {
        let key = decoder.string()
        let count = decoder.varint()
        var arguments: [String: MessageArgument] = [:]
        for _ in 0..<count {
            let name = decoder.string()
            arguments[name] = argument(&decoder)
        }
        return MessageText(key, arguments)
    }

    static func argument(_ decoder: inout Decoder) -> MessageArgument {
        let tag = decoder.byte()
        switch tag {
        case 0: return .data(decoder.string())
        case 1: return .text(text(&decoder))
        default:
            let count = decoder.varint()
            var items: [MessageArgument] = []
            for _ in 0..<count { items.append(argument(&decoder)) }
            return tag == 2 ? .list(items) : .alternatives(items)
        }
    }
}
