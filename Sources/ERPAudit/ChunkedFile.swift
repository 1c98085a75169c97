import Foundation

/// A file (or standard input) read in fixed-size chunks into a growable byte buffer, so that
/// readers hold one chunk plus the row they are working on, however long the input. Text in
/// another encoding than UTF-8 is converted chunk by chunk, so readers only ever see UTF-8.
struct ChunkedFile {
    let path: String
    private let handle: FileHandle?
    /// Bytes read and not yet dropped; indices are stable until ``refill(keepingFrom:)``.
    private(set) var buffer: [UInt8] = []
    /// True once the whole file has been read into (and possibly out of) the buffer.
    private(set) var atEnd = false
    /// Bytes already read from the handle (the sniffed head), served before the handle.
    private var prefix: [UInt8] = []
    private let transcoder: IconvTranscoder?
    /// The encoding of the input (before conversion), for messages.
    let encoding: ExportEncoding
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
        transcoder = nil
        encoding = .utf8
        buffer.reserveCapacity(Self.chunkSize * 2)
    }

    /// An open input whose first bytes (`head`) were already read to sniff it; `encoding` other
    /// than UTF-8 is converted as it is read, and `skip` bytes of byte-order mark are dropped.
    init(handle: FileHandle, path: String, head: [UInt8], encoding: ExportEncoding, skip: Int) throws(ExportReadError) {
        self.path = path
        self.handle = handle
        self.encoding = encoding
        prefix = Array(head.dropFirst(skip))
        if encoding == .utf8 {
            transcoder = nil
        } else {
            guard let transcoder = IconvTranscoder(from: encoding) else {
                throw .unsupportedEncoding(file: path, message: "this system's iconv cannot convert from \(encoding.displayName)")
            }
            self.transcoder = transcoder
        }
        buffer.reserveCapacity(Self.chunkSize * 2)
    }

    /// UTF-8 bytes already in memory (one line of a JSON Lines file, a test's input), converted
    /// from `encoding`.
    init(bytes: [UInt8], path: String, encoding: ExportEncoding = .utf8) {
        self.path = path
        handle = nil
        transcoder = nil
        self.encoding = encoding
        buffer = bytes
        atEnd = true
    }

    /// Drops the bytes before `keepFrom` and appends the next chunk.
    /// - Returns: how many bytes were dropped; callers subtract it from their indices.
    mutating func refill(keepingFrom keepFrom: Int) throws(ExportReadError) -> Int {
        let dropped = min(keepFrom, buffer.count)
        if dropped > 0 { buffer.removeSubrange(0..<dropped) }
        guard !atEnd else { return dropped }
        var chunk: [UInt8]
        if !prefix.isEmpty {
            chunk = prefix
            prefix = []
        } else if let handle {
            do {
                chunk = [UInt8](try handle.read(upToCount: Self.chunkSize) ?? Data())
            } catch {
                throw .unreadable(file: path, message: error.localizedDescription)
            }
        } else {
            chunk = []
        }
        let last = chunk.isEmpty
        if let transcoder { chunk = transcoder.convert(chunk, final: last) }
        buffer.append(contentsOf: chunk)
        if last {
            atEnd = true
            try? handle?.close()
        }
        return dropped
    }
}
