import Foundation
import InvoiceModel
import SystemIO

/// Content-addressed files: `objects/ab/cdef…` holds the bytes whose SHA-256 is `abcdef…`.
///
/// A file is written to `tmp/`, flushed with `fsync`, made read-only (0444), renamed into
/// place, and its folder is flushed, so a file under `objects/` is always complete. A crash
/// can leave a file in `tmp/` or an object that no entry names yet; both are harmless, and
/// the next write of the same bytes reuses the object.
///
/// Before an add stores a file it writes (and flushes) a journal, `tmp/add-….journal`, that
/// lists the hashes it is about to store, and removes it once the index holds them. An object
/// that no entry names is thus explained only by a journal left by an interrupted add; any
/// other such object means entries were lost from the index.
struct ObjectStore: Sendable {
    let root: URL
    var objectsPath: String { root.appendingPathComponent("objects").path }
    var temporaryPath: String { root.appendingPathComponent("tmp").path }

    /// Relative path of an object inside the store, `objects/ab/cdef…`.
    static func relativePath(of sha256: String) -> String {
        "objects/\(sha256.prefix(2))/\(sha256.dropFirst(2))"
    }

    /// The object's absolute path. The hash comes from the index, a file anyone can edit, so
    /// it is checked before it becomes a path: `../../dev/zero` never leaves `objects/`.
    func path(of sha256: String) throws(ArchiveError) -> String {
        guard ContentHash.isWellFormed(sha256) else {
            throw .invalidInput(path: root.appendingPathComponent(EvidenceStore.indexFileName).path,
                                reason: "the index names the file hash '\(sha256.prefix(80))', which is not 64 lowercase "
                                    + "hex digits; it is not looked up (the index was edited)")
        }
        return root.appendingPathComponent(Self.relativePath(of: sha256)).path
    }

    /// Budget for one stored file: no larger than ``ArchiveIntake/maximumFileBytes`` was let in.
    static let maximumObjectBytes = Int64(ArchiveIntake.maximumFileBytes)

    func createFolders() throws(ArchiveError) {
        for path in [root.path, objectsPath, temporaryPath] {
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw .storeUnavailable(path: path, reason: systemErrorText())
            }
        }
    }

    /// What ``store(_:)`` did with one file.
    enum WriteOutcome: Sendable { case written, reused }

    /// Stores files under their hashes unless an intact copy is there already, durably:
    /// every new file is written to `tmp/`, all of them are flushed (`fsync`, several at once
    /// so the file system can merge them into few journal commits), made read-only, renamed
    /// into `objects/`, and the folders holding them are flushed.
    func store(_ files: [(content: Data, sha256: String)]) throws(ArchiveError) -> [WriteOutcome] {
        var outcomes: [WriteOutcome] = []
        var pending: [(descriptor: Int32, temporary: String, target: String)] = []
        var folders = Set<String>()
        var seen = Set<String>()
        defer {
            for file in pending {
                close(file.descriptor)
                unlink(file.temporary)
            }
        }
        for (content, sha256) in files {
            let target = try path(of: sha256)
            if seen.contains(sha256) {
                outcomes.append(.reused)
                continue
            }
            seen.insert(sha256)
            // Whatever is not an intact regular file there (a link, a FIFO) is replaced by the rename.
            if let existing = try? RegularFile.contents(atPath: target, maximumBytes: Self.maximumObjectBytes),
               existing == content {
                outcomes.append(.reused)
                continue
            }
            let folder = (target as NSString).deletingLastPathComponent
            if mkdir(folder, 0o755) == 0 {
                folders.insert(objectsPath)
            } else if errno != EEXIST {
                throw .unwritable(path: folder, reason: systemErrorText())
            }
            folders.insert(folder)
            let temporary = temporaryPath + "/\(sha256.prefix(16))-\(UUID().uuidString).partial"
            let descriptor = try writeReadOnly(content, to: temporary)
            pending.append((descriptor, temporary, target))
            outcomes.append(.written)
        }
        try Self.flush(pending.map { ($0.descriptor, $0.temporary) })
        while let file = pending.popLast() {
            close(file.descriptor)
            if rename(file.temporary, file.target) != 0 {
                let reason = systemErrorText()
                unlink(file.temporary)
                throw .unwritable(path: file.target, reason: reason)
            }
        }
        try Self.flushFolders(folders)
        return outcomes
    }

    /// Writes a new read-only file and returns its open descriptor (not yet flushed).
    private func writeReadOnly(_ content: Data, to path: String) throws(ArchiveError) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o444)
        guard descriptor >= 0 else { throw .unwritable(path: path, reason: systemErrorText()) }
        var failure: String?
        do {
            try DescriptorIO.write(content, to: descriptor)
        } catch {
            failure = error.description
        }
        if let failure {
            close(descriptor)
            unlink(path)
            throw .unwritable(path: path, reason: failure)
        }
        return descriptor
    }

    /// `fsync`s descriptors, up to 16 at once.
    private static func flush(_ files: [(descriptor: Int32, path: String)]) throws(ArchiveError) {
        guard !files.isEmpty else { return }
        let failures = ConcurrentResults<String>(count: files.count)
        let width = min(16, files.count)
        let group = DispatchGroup()
        for lane in 0..<width {
            let thread = Thread {
                for index in stride(from: lane, to: files.count, by: width) where fsync(files[index].descriptor) != 0 {
                    failures.set(index, systemErrorText())
                }
                group.leave()
            }
            group.enter()
            thread.start()
        }
        group.wait()
        for (index, failure) in failures.values.enumerated() {
            if let failure { throw .unwritable(path: files[index].path, reason: failure) }
        }
    }

    /// Flushes folder entries (after renames) to disk.
    static func flushFolders(_ paths: some Sequence<String>) throws(ArchiveError) {
        var descriptors: [(descriptor: Int32, path: String)] = []
        defer { for entry in descriptors { close(entry.descriptor) } }
        for path in Set(paths) {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw .unwritable(path: path, reason: systemErrorText()) }
            descriptors.append((descriptor, path))
        }
        try flush(descriptors)
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
        let path = try path(of: sha256)
        let data: Data
        do {
            data = try RegularFile.contents(atPath: path, maximumBytes: Self.maximumObjectBytes)
        } catch .missing {
            throw .unreadable(path: path, reason: "the stored file is missing; run 'faktura archive verify'")
        } catch {
            throw .unreadable(path: path, reason: error.reason + "; run 'faktura archive verify'")
        }
        let actual = ContentHash.sha256(data)
        guard actual == sha256 else { throw .contentMismatch(path: path, expected: sha256, actual: actual) }
        return data
    }

    private static let journalSuffix = ".journal"
    private static let journalHeader = "faktura add journal 1"
    /// Budget for reading one journal back: far above the hashes of one add.
    private static let maximumJournalBytes: Int64 = 64 << 20

    /// Writes and flushes the journal of an add that is about to store `hashes`; returns its path.
    func writeJournal(_ hashes: [String]) throws(ArchiveError) -> String {
        let path = temporaryPath + "/add-\(UUID().uuidString)\(Self.journalSuffix)"
        let text = ([Self.journalHeader] + hashes).joined(separator: "\n") + "\n"
        let descriptor = try writeReadOnly(Data(text.utf8), to: path)
        defer { close(descriptor) }
        try Self.flush([(descriptor, path)])
        try Self.flushFolders([temporaryPath])
        return path
    }

    /// Removes a journal once the index holds what it lists.
    func removeJournal(_ path: String) {
        unlink(path)
    }

    /// Every hash the journals of interrupted adds list. A journal that is not one (not a
    /// regular file, over budget, wrong header) explains nothing.
    func journaledHashes() -> Set<String> {
        var hashes = Set<String>()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporaryPath) else { return hashes }
        for name in names where name.hasPrefix("add-") && name.hasSuffix(Self.journalSuffix) {
            guard let data = try? RegularFile.contents(atPath: temporaryPath + "/" + name,
                                                       maximumBytes: Self.maximumJournalBytes) else { continue }
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            guard lines.first == Self.journalHeader else { continue }
            hashes.formUnion(lines.dropFirst().filter(ContentHash.isWellFormed))
        }
        return hashes
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
