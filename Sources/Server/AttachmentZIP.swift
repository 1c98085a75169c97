import Findings
import Foundation
import ZIPFoundation

/// A ZIP of an attachments folder unpacked under a budget: at most so many entries and bytes
/// (counted as they are inflated, not as the ZIP declares them), every entry a path inside the
/// folder (no `..`, no absolute path), links and folders not followed (only files are written).
enum AttachmentZIP {
    private struct Overflow: Error {}

    /// Unpacks `zip` into `folder`; returns the paths written, relative to `folder`.
    /// `taken`: paths already uploaded as parts of their own (a ZIP entry may not replace one).
    /// - Throws: ``APIError`` (400) naming the entry or the limit.
    static func unpack(_ zip: URL, into folder: URL, maximumBytes: Int, maximumEntries: Int, taken: Set<String>) throws -> [String] {
        let archive: ZIPFoundation.Archive
        do {
            archive = try ZIPFoundation.Archive(url: zip, accessMode: .read)
        } catch {
            throw APIError(.badRequest, MessageText("server.zip.unreadable", ["englishDetail": .data("\(error)")]))
        }
        var written: [String] = []
        var seen = taken
        var total = 0
        var entries = 0
        for entry in archive {
            entries += 1
            guard entries <= maximumEntries else {
                throw APIError(.badRequest, MessageText("server.zip.tooManyEntries", ["count": .data("\(maximumEntries)")]))
            }
            guard entry.type == .file else { continue }
            // Folders in ZIPs made on Windows are written with `\`; relativePath reads both.
            guard let path = ServerRoutes.relativePath(entry.path) else {
                throw APIError(.badRequest, MessageText("server.zip.leavesFolder", ["path": .data("\(entry.path.prefix(200))")]))
            }
            guard seen.insert(path).inserted else {
                throw APIError(.badRequest, MessageText("server.zip.attachmentTwice", ["path": .data("\(path.prefix(200))")]))
            }
            let target = folder.appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: target.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
                let output = try FileHandle(forWritingTo: target)
                defer { try? output.close() }
                var inflated = 0
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    inflated += chunk.count
                    total += chunk.count
                    if total > maximumBytes || inflated > Int(clamping: entry.uncompressedSize) { throw Overflow() }
                    try output.write(contentsOf: chunk)
                }
            } catch is Overflow {
                throw APIError(.badRequest, MessageText("server.zip.inflatesTooMuch", ["bytes": .data("\(maximumBytes)"), "path": .data("\(path.prefix(200))")]))
            } catch {
                throw APIError(.badRequest, MessageText("server.zip.entryUnreadable", ["path": .data("\(path.prefix(200))"), "englishDetail": .data("\(error)")]))
            }
            written.append(path)
        }
        return written
    }
}
