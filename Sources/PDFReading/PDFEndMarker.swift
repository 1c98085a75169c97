public import Foundation

/// The `%%EOF` a complete PDF ends with. Readers repair many truncated files silently, so a
/// transfer that stopped early is told by the missing marker, not by whether the file opens.
public enum PDFEndMarker {
    /// Whether `%%EOF` occurs in the last 1024 bytes.
    public static func isPresent(in data: Data) -> Bool {
        let tail = Array(data.suffix(1024))
        let marker = Array("%%EOF".utf8)
        guard tail.count >= marker.count else { return false }
        for start in stride(from: tail.count - marker.count, through: 0, by: -1) where tail[start] == marker[0] {
            if Array(tail[start..<(start + marker.count)]) == marker { return true }
        }
        return false
    }
}
