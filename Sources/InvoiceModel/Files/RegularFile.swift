public import Foundation
import SystemIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open regular file, read from the descriptor that was checked: the one way Faktura opens
/// a file it did not just write (archive objects, attachments, inputs).
///
/// ```swift
/// let data = try RegularFile.contents(atPath: path, maximumBytes: 10 << 20)
/// ```
///
/// The open is `O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC`, so a symbolic link in the last path
/// component is refused and a FIFO cannot block the open; then `fstat` on the same descriptor
/// must say "regular file" (not a FIFO, a device such as `/dev/zero`, a socket or a folder)
/// no larger than the budget. Checking the descriptor rather than the path leaves no window in
/// which the file can be swapped. Reads retry on `EINTR` and stop at the budget even if the
/// file grows while it is read.
///
/// It lives in InvoiceModel because that is the one module every reader can see: the archive,
/// the audit (Validate) and the XML and template readers (FakturaXML, PDFRender).
public final class RegularFile {
    public let path: String
    /// The size `fstat` reported when the file was opened.
    public let size: Int64
    private let maximumBytes: Int64
    private let descriptor: Int32
    private var consumed: Int64 = 0

    /// Opens `path` for reading.
    /// - Parameter maximumBytes: the budget; a larger file is refused with ``RegularFileError/tooLarge(path:size:maximum:)``.
    public init(path: String, maximumBytes: Int64) throws(RegularFileError) {
        self.path = path
        self.maximumBytes = maximumBytes
        var opened: Int32
        repeat {
            opened = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        } while opened < 0 && errno == EINTR
        guard opened >= 0 else {
            let code = errno
            switch code {
            case ENOENT, ENOTDIR: throw .missing(path: path)
            case ELOOP: throw .notRegular(path: path, kind: "a symbolic link")
            case ENXIO: throw .notRegular(path: path, kind: "a socket or device")
            default: throw .unreadable(path: path, reason: String(cString: strerror(code)))
            }
        }
        var status = stat()
        guard fstat(opened, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(opened)
            throw .unreadable(path: path, reason: reason)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(opened)
            throw .notRegular(path: path, kind: Self.kind(of: status.st_mode))
        }
        guard Int64(status.st_size) <= maximumBytes else {
            close(opened)
            throw .tooLarge(path: path, size: Int64(status.st_size), maximum: maximumBytes)
        }
        descriptor = opened
        size = Int64(status.st_size)
    }

    deinit { close(descriptor) }

    /// Reads the whole file (at most the budget).
    public static func contents(atPath path: String, maximumBytes: Int64) throws(RegularFileError) -> Data {
        try RegularFile(path: path, maximumBytes: maximumBytes).readToEnd()
    }

    /// The next bytes, at most `maximumCount`; empty at the end of the file.
    public func read(upTo maximumCount: Int) throws(RegularFileError) -> Data {
        let bytes: [UInt8]
        do {
            bytes = try DescriptorIO.read(from: descriptor, upTo: maximumCount)
        } catch {
            throw .unreadable(path: path, reason: error.description)
        }
        consumed += Int64(bytes.count)
        if consumed > maximumBytes { throw .tooLarge(path: path, size: consumed, maximum: maximumBytes) }
        return Data(bytes)
    }

    /// Everything from the current position to the end (at most the budget).
    public func readToEnd() throws(RegularFileError) -> Data {
        var data = Data()
        while true {
            // Chunks sized by what the file said it holds (plus one byte to see its end): a fixed
            // 1 MiB chunk zeroed two megabytes for every 50 KB invoice an audit reads.
            let left = Int(min(max(size - consumed, 0), 1 << 20))
            let chunk = try read(upTo: max(left + 1, 4096))
            if chunk.isEmpty { return data }
            if data.isEmpty { data = chunk } else { data.append(chunk) }
        }
    }

    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "not a regular file"
        }
    }
}
