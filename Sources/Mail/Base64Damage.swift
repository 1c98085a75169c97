import Foundation
import Findings

/// Finds what GMime's lenient base64 decoder silently skips: characters outside the alphabet,
/// and data after the final padding.
enum Base64Damage {
    private static let alphabet: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// A description of the first damage in `encoded`, or nil when it is clean base64.
    static func find(in encoded: Data) -> MessageText? {
        var significant = 0
        var paddingSeen = false
        for (offset, byte) in encoded.enumerated() {
            if byte == 0x0A || byte == 0x0D || byte == 0x20 || byte == 0x09 { continue }
            guard alphabet[Int(byte)] else {
                return MessageText("mail.base64.foreignByte", ["byte": .data("0x\(String(byte, radix: 16))"), "offset": .data(String(offset))])
            }
            if byte == UInt8(ascii: "=") {
                paddingSeen = true
            } else if paddingSeen {
                return MessageText("mail.base64.afterPadding", ["offset": .data(String(offset))])
            }
            significant += 1
        }
        if significant % 4 != 0 {
            return MessageText("mail.base64.partialGroup", ["count": .data(String(significant))])
        }
        return nil
    }
}
