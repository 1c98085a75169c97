import Foundation

/// A file read in fixed-size chunks into a growable byte buffer, so that readers hold one
/// chunk plus the row they are working on, however long the file.
struct ChunkedFile {
    let path: String
    private let handle: FileHandle?
    /// Bytes read and not yet dropped; indices are stable until ``refill(keepingFrom:)``.
    private(set) var buffer: [UInt8] = []
    /// True once the whole file has been read into (and possibly out of) the buffer.
    private(set) var atEnd = false
    static let chunkSize = 1 << 20

    init(url: URL) throws(ExportReadError) {
        path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .unreadable(file: url.path, message: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(file: url.path, message: "is a folder, not an export file") }
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw .unreadable(file: url.path, message: error.localizedDescription)
        }
        buffer.reserveCapacity(Self.chunkSize * 2)
    }

    /// Bytes already in memory (one line of a JSON Lines file).
    init(bytes: [UInt8], path: String) {
        self.path = path
        handle = nil
        buffer = bytes
        atEnd = true
    }

    /// Drops the bytes before `keepFrom` and appends the next chunk.
    /// - Returns: how many bytes were dropped; callers subtract it from their indices.
    mutating func refill(keepingFrom keepFrom: Int) throws(ExportReadError) -> Int {
        let dropped = min(keepFrom, buffer.count)
        if dropped > 0 { buffer.removeSubrange(0..<dropped) }
        guard !atEnd, let handle else { return dropped }
        let chunk: Data?
        do {
            chunk = try handle.read(upToCount: Self.chunkSize)
        } catch {
            throw .unreadable(file: path, message: error.localizedDescription)
        }
        if let chunk, !chunk.isEmpty {
            buffer.append(contentsOf: chunk)
        } else {
            atEnd = true
            try? handle.close()
        }
        return dropped
    }
}
