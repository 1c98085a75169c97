import Findings
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
    /// In the temporary file's name, so that two processes writing one folder do not collide.
    private let processID = getpid()

    struct Failure: CatalogueTextError, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { text.english }
        var text: MessageText { MessageText("render.error.cannotWrite", ["path": .data(path), "englishDetail": .data(reason)]) }
    }

    func write(_ data: Data, to path: String) throws(Failure) {
        // The folder and name split at the last slash (NSString's path methods cost more than
        // the write in a batch of small PDFs).
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = folder + "/.\(name).\(processID).tmp"
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
