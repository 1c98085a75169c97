import Crypto
import Validate
public import Foundation

/// SHA-256 in the form the archive uses everywhere: 64 lowercase hex digits.
public enum ContentHash {
    /// The hash of bytes in memory.
    public static func sha256(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// The hash of a UTF-8 string's bytes.
    public static func sha256(_ text: String) -> String {
        sha256(Data(text.utf8))
    }

    /// The hash and byte count of a file, read in 1 MiB blocks so that large files do not
    /// have to fit in memory. Returns nil when the file does not exist.
    public static func sha256(fileAt path: String) throws(ArchiveError) -> (hash: String, size: Int64)? {
        let descriptor = open(path, O_RDONLY)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw .unreadable(path: path, reason: systemErrorText())
        }
        defer { close(descriptor) }
        var hasher = SHA256()
        var size: Int64 = 0
        let blockSize = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, blockSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: systemErrorText())
            }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            size += Int64(count)
        }
        return (hex(hasher.finalize()), size)
    }

    /// True for 64 lowercase hex digits.
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String { DigestText.hex(digest) }
}
