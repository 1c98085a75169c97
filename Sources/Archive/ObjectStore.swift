import Foundation

/// Content-addressed files: `objects/ab/cdef…` holds the bytes whose SHA-256 is `abcdef…`.
///
/// A file is written to `tmp/`, flushed with `fsync`, made read-only (0444), renamed into
/// place, and its folder is flushed, so a file under `objects/` is always complete. A crash
/// can leave a file in `tmp/` or an object that no entry names yet; both are harmless, and
/// the next write of the same bytes reuses the object.
struct ObjectStore: Sendable {
    let root: URL
    var objectsPath: String { root.appendingPathComponent("objects").path }
    var temporaryPath: String { root.appendingPathComponent("tmp").path }

    /// Relative path of an object inside the store, `objects/ab/cdef…`.
    static func relativePath(of sha256: String) -> String {
        "objects/\(sha256.prefix(2))/\(sha256.dropFirst(2))"
    }

    func path(of sha256: String) -> String {
        root.appendingPathComponent(Self.relativePath(of: sha256)).path
    }

    func createFolders() throws(ArchiveError) {
        for path in [root.path, objectsPath, temporaryPath] {
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw .storeUnavailable(path: path, reason: systemErrorText())
            }
        }
    }

    /// What ``store(_:sha256:)`` did.
    enum WriteOutcome: Sendable { case written, reused }

    /// Stores bytes under their hash unless an intact copy is there already. Returns the
    /// folders that must still be flushed (`fsync`) for the rename to be durable; callers
    /// flush them once per batch.
    func store(_ content: Data, sha256: String) throws(ArchiveError) -> (WriteOutcome, [String]) {
        let target = path(of: sha256)
        if let existing = FileManager.default.contents(atPath: target), existing == content {
            return (.reused, [])
        }
        let folder = (target as NSString).deletingLastPathComponent
        var foldersToFlush = [folder]
        if mkdir(folder, 0o755) == 0 {
            foldersToFlush.append(objectsPath)
        } else if errno != EEXIST {
            throw .unwritable(path: folder, reason: systemErrorText())
        }
        let temporary = temporaryPath + "/\(sha256.prefix(16))-\(UUID().uuidString).partial"
        try writeDurably(content, to: temporary)
        if rename(temporary, target) != 0 {
            let reason = systemErrorText()
            unlink(temporary)
            throw .unwritable(path: target, reason: reason)
        }
        return (.written, foldersToFlush)
    }

    /// Writes a read-only file and flushes it to disk.
    private func writeDurably(_ content: Data, to path: String) throws(ArchiveError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw .unwritable(path: path, reason: systemErrorText()) }
        var failure: String?
        content.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = systemErrorText()
                    return
                }
                offset += written
            }
        }
        if failure == nil, fchmod(descriptor, 0o444) != 0 { failure = systemErrorText() }
        if failure == nil, fsync(descriptor) != 0 { failure = systemErrorText() }
        if close(descriptor) != 0, failure == nil { failure = systemErrorText() }
        if let failure {
            unlink(path)
            throw .unwritable(path: path, reason: failure)
        }
    }

    /// Flushes folder entries (after renames) to disk.
    static func flushFolders(_ paths: some Sequence<String>) throws(ArchiveError) {
        for path in Set(paths) {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw .unwritable(path: path, reason: systemErrorText()) }
            defer { close(descriptor) }
            if fsync(descriptor) != 0 { throw .unwritable(path: path, reason: systemErrorText()) }
        }
    }

    /// Removes files in `tmp/` older than an hour: what a crashed writer left behind. Younger
    /// ones may belong to another process writing right now.
    func removeStaleTemporaryFiles(now: Date = Date()) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporaryPath) else { return }
        for name in names where name.hasSuffix(".partial") {
            let path = temporaryPath + "/" + name
            if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
               now.timeIntervalSince(modified) > 3600 {
                unlink(path)
            }
        }
    }

    /// Reads an object and checks its hash.
    func read(_ sha256: String) throws(ArchiveError) -> Data {
        let path = path(of: sha256)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "the stored file is missing; run 'faktura archive verify'")
        }
        let actual = ContentHash.sha256(data)
        guard actual == sha256 else { throw .contentMismatch(path: path, expected: sha256, actual: actual) }
        return data
    }

    /// Every object file's hash as its path names it (for counting orphans).
    func storedHashes() -> Set<String> {
        var hashes = Set<String>()
        guard let folders = try? FileManager.default.contentsOfDirectory(atPath: objectsPath) else { return hashes }
        for folder in folders where folder.count == 2 {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: objectsPath + "/" + folder) else {
                continue
            }
            for name in names { hashes.insert(folder + name) }
        }
        return hashes
    }
}
