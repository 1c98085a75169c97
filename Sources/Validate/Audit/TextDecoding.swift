import Foundation

/// Decodes export text that is UTF-8 or, for files saved by Russian Windows software,
/// Windows-1251. The first non-ASCII text decides: valid UTF-8 locks the file to UTF-8,
/// anything else to Windows-1251. Decided once per file so that streaming never needs
/// the whole file.
struct ExportTextDecoder {
    enum Encoding: Sendable { case undecided, utf8, windows1251 }
    private(set) var encoding: Encoding = .undecided

    /// The text of `bytes`, or nil when they are not text in the file's encoding.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        switch encoding {
        case .utf8:
            return String(validating: bytes, as: UTF8.self)
        case .windows1251:
            return String(bytes: bytes, encoding: .windowsCP1251)
        case .undecided:
            if let text = String(validating: bytes, as: UTF8.self) {
                encoding = .utf8
                return text
            }
            encoding = .windows1251
            return String(bytes: bytes, encoding: .windowsCP1251)
        }
    }

    mutating func decode(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { decode($0) }
    }
}
