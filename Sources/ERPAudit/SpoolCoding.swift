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
