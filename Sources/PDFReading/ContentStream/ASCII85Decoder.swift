/// Decodes `ASCII85Decode` data (reportlab writes its streams as ASCII85 over Flate): groups of
/// five characters `!`...`u` give four bytes, `z` four zero bytes, `~>` ends the data.
enum ASCII85Decoder {
    static func decode(_ input: [UInt8], range: Range<Int>) -> [UInt8]? {
        input.withUnsafeBufferPointer { decode(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    private static func decode(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 4 / 5 + 4)
        var group: UInt64 = 0
        var count = 0
        var index = input.count >= 2 && input[0] == UInt8(ascii: "<") && input[1] == UInt8(ascii: "~") ? 2 : 0
        while index < input.count {
            let byte = input[index]
            index += 1
            switch byte {
            case UInt8(ascii: "~"):
                return finish(&output, group: group, count: count)
            case UInt8(ascii: "z") where count == 0:
                output.append(contentsOf: [0, 0, 0, 0])
            case UInt8(ascii: "!")...UInt8(ascii: "u"):
                group = group * 85 + UInt64(byte - UInt8(ascii: "!"))
                count += 1
                if count == 5 {
                    guard group <= UInt64(UInt32.max) else { return nil }
                    output.append(UInt8(group >> 24 & 0xFF))
                    output.append(UInt8(group >> 16 & 0xFF))
                    output.append(UInt8(group >> 8 & 0xFF))
                    output.append(UInt8(group & 0xFF))
                    group = 0
                    count = 0
                }
            default:
                guard PDFObjectLexer.isWhitespace(byte) else { return nil }
            }
        }
        return finish(&output, group: group, count: count)
    }

    /// A last group of 2...4 characters, padded with `u`, gives one byte fewer than it has characters.
    private static func finish(_ output: inout [UInt8], group: UInt64, count: Int) -> [UInt8]? {
        guard count != 1 else { return nil }
        guard count > 0 else { return output }
        var padded = group
        for _ in count..<5 { padded = padded * 85 + 84 }
        guard padded <= UInt64(UInt32.max) else { return nil }
        let bytes = [UInt8(padded >> 24 & 0xFF), UInt8(padded >> 16 & 0xFF), UInt8(padded >> 8 & 0xFF), UInt8(padded & 0xFF)]
        output.append(contentsOf: bytes.prefix(count - 1))
        return output
    }
}
