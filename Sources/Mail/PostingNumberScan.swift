/// Finds Ozon posting numbers (`\d{8,10}-\d{4}-\d+`: order number, then the posting's serial)
/// in text: subjects, bodies, file names. A run of digits longer than ten is not a posting
/// number's start, so `123456789012-0001-1` yields nothing rather than a guess at its tail.
enum PostingNumberScan {
    /// The distinct posting numbers in `text`, in order of first appearance.
    static func numbers(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        var found: [String] = []
        var index = 0
        while index < bytes.count {
            guard isDigit(bytes[index]), index == 0 || !isDigit(bytes[index - 1]) else { index += 1; continue }
            var end = index
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            let first = end - index
            defer { index = end }
            guard (8...10).contains(first), end < bytes.count, bytes[end] == UInt8(ascii: "-") else { continue }
            var cursor = end + 1
            var second = 0
            while cursor < bytes.count, isDigit(bytes[cursor]) { cursor += 1; second += 1 }
            guard second == 4, cursor < bytes.count, bytes[cursor] == UInt8(ascii: "-") else { continue }
            cursor += 1
            let serialStart = cursor
            while cursor < bytes.count, isDigit(bytes[cursor]) { cursor += 1 }
            guard cursor > serialStart else { continue }
            let number = String(decoding: bytes[index..<cursor], as: UTF8.self)
            if !found.contains(number) { found.append(number) }
            end = cursor
        }
        return found
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
