import Foundation
import SystemIO
#if canImport(Glibc)
import Glibc
#endif

/// Writes output files atomically (a temporary file in the same folder, then a rename, so a
/// reader never sees half a PDF) and makes them durable together at the end.
///
/// One `fsync` per file made a batch of small PDFs wait on the disk thousands of times; here
/// the files are written first and flushed to the disk once, when the batch is done.
final class OutputFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var written: [String] = []

    struct Failure: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "cannot write \(path): \(reason)" }
    }

    func write(_ data: Data, to path: String) throws(Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\(name).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        var failure: Int32 = 0
        do {
            try DescriptorIO.write(data, to: fd)
        } catch {
            failure = error.code
        }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw Failure(path: path, reason: String(cString: strerror(failure)))
        }
        lock.lock()
        written.append(path)
        lock.unlock()
    }

    /// Makes every file written so far durable with one `sync` (on ext4 with delayed
    /// allocation, flushing file by file would commit the journal once per file again).
    func sync() {
        lock.lock()
        let any = !written.isEmpty
        written = []
        lock.unlock()
        if any { Glibc.sync() }
    }
}
