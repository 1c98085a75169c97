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
            throw APIError(.badRequest, "the 'attachments' part is not a ZIP archive that can be read (\(error))")
        }
        var written: [String] = []
        var seen = taken
        var total = 0
        var entries = 0
        for entry in archive {
            entries += 1
            guard entries <= maximumEntries else {
                throw APIError(.badRequest, "the 'attachments' ZIP has more than \(maximumEntries) entries")
            }
            guard entry.type == .file else { continue }
            // Folders in ZIPs made on Windows are written with `\`; relativePath reads both.
            guard let path = ServerRoutes.relativePath(entry.path) else {
                throw APIError(.badRequest, "the 'attachments' ZIP has an entry '\(entry.path.prefix(200))' that leaves its folder (an absolute path or '..'); refused, nothing was unpacked outside")
            }
            guard seen.insert(path).inserted else {
                throw APIError(.badRequest, "the attachment '\(path.prefix(200))' is given twice (in the ZIP, or in the ZIP and as a part)")
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
                throw APIError(.badRequest, "the 'attachments' ZIP inflates to more than its entries declare or than \(maximumBytes) bytes in all; refused at '\(path.prefix(200))'")
            } catch {
                throw APIError(.badRequest, "the 'attachments' ZIP's entry '\(path.prefix(200))' cannot be unpacked (\(error))")
            }
            written.append(path)
        }
        return written
    }
}
