import Foundation

/// A byte-level survey of a raw message, made before GMime sees it: the header block's length,
/// and counts of the lines that open MIME containers and boundaries. GMime parses nested
/// multiparts recursively, so a message that could nest deeper than the budget is refused here
/// rather than handed to a C recursion.
struct MIMEShape {
    /// Bytes up to the blank line that ends the top-level header (the whole message when none).
    var headerBytes = 0
    /// `Content-Type:` lines naming a multipart or a `message/rfc822`.
    var containerLines = 0
    /// Lines starting with `--` (boundary delimiters and closers, plus any text that looks so).
    var boundaryLines = 0
    /// The first line is a header field (`Name: value`) or an mbox-less `From ` line: without
    /// one, the bytes are not a mail message, whatever a lenient parser makes of them.
    var startsWithHeader = false

    init(_ raw: Data) {
        raw.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            let bytes = buffer.bindMemory(to: UInt8.self)
            let count = bytes.count
            var headerEnded = false
            startsWithHeader = Self.isHeaderLine(bytes)
            var lineStart = 0
            while lineStart < count {
                var lineEnd = lineStart
                while lineEnd < count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                let length = lineEnd - lineStart
                if !headerEnded, length == 0 || (length == 1 && bytes[lineStart] == 0x0D) {
                    headerEnded = true
                    headerBytes = lineStart
                }
                if length >= 2, bytes[lineStart] == UInt8(ascii: "-"), bytes[lineStart + 1] == UInt8(ascii: "-") {
                    boundaryLines += 1
                } else if length >= 13, Self.startsContentType(bytes, at: lineStart),
                          Self.namesContainer(bytes, from: lineStart + 13, to: min(count, lineStart + 13 + 256)) {
                    containerLines += 1
                }
                lineStart = lineEnd + 1
            }
            if !headerEnded { headerBytes = count }
        }
    }

    /// `token:` at the start: printable ASCII without spaces or colons, then a colon.
    private static func isHeaderLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count, index < 1000 {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") { return index > 0 }
            guard byte > 0x20, byte < 0x7F else { return false }
            index += 1
        }
        return false
    }

    private static let contentType = Array("content-type:".utf8)

    private static func startsContentType(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        for (offset, expected) in contentType.enumerated() where bytes[start + offset] | 0x20 != expected {
            return false
        }
        return true
    }

    /// Whether `multipart/` or `message/` follows (folded lines included, up to `end`).
    private static func namesContainer(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var index = start
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D || bytes[index] == 0x0A {
            index += 1
        }
        for word in [Array("multipart/".utf8), Array("message/".utf8)] where index + word.count <= end {
            if zip(word.indices, word).allSatisfy({ bytes[index + $0] | 0x20 == $1 | 0x20 }) { return true }
        }
        return false
    }
}
