import Crypto
import InvoiceModel
import Findings
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
    /// have to fit in memory. Returns nil when the file does not exist. Only a regular file is
    /// read (see ``RegularFile``): a link, FIFO or device in its place is an error.
    public static func sha256(fileAt path: String,
                              maximumBytes: Int64 = Int64(ArchiveIntake.maximumFileBytes)) throws(ArchiveError) -> (hash: String, size: Int64)? {
        var hasher = SHA256()
        var size: Int64 = 0
        do {
            let file = try RegularFile(path: path, maximumBytes: maximumBytes)
            while true {
                let block = try file.read(upTo: 1 << 20)
                if block.isEmpty { break }
                hasher.update(data: block)
                size += Int64(block.count)
            }
        } catch .missing {
            return nil
        } catch {
            throw .unreadable(path: path, reason: error.reason)
        }
        return (hex(hasher.finalize()), size)
    }

    /// True for 64 lowercase hex digits.
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String { DigestText.hex(digest) }
}
