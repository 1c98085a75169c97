public import Foundation
import InvoiceModel
import ZIPFoundation

/// What a dispute bundle holds, handed to the cover page renderer.
public struct CoverSheet: Sendable, Hashable {
    /// A payload file: its path inside the bag (`data/entry-1/invoice.pdf`) and hash.
    public struct File: Sendable, Hashable {
        public var path: String
        public var kind: EvidenceKind?
        public var sha256: String
        public var size: Int64
    }

    public var posting: String
    public var entries: [ArchiveEntry]
    public var files: [File]
    /// The chain head when the bundle was made.
    public var head: ChainHead?
    /// `2026-11-27T18:49:00.123Z`.
    public var exportedAt: String
    public var agent: String
    /// Problems `verify` found elsewhere in the store (none touch this posting).
    public var otherProblems: [ArchiveProblem]
}

/// What ``DisputeBundle/export(posting:from:to:overwrite:agent:coverRenderer:)`` wrote.
public struct BundleSummary: Sendable, Hashable {
    public var output: URL
    /// The bag's folder name inside the ZIP.
    public var bagName: String
    public var entries: Int
    /// Every payload file with its SHA-256, as in `manifest-sha256.txt`.
    public var files: [CoverSheet.File]
}

/// A ZIP dispute bundle for one posting, shaped as a BagIt bag (RFC 8493) so that any BagIt
/// tool can check it:
///
/// ```
/// faktura-<posting>/bagit.txt
/// faktura-<posting>/bag-info.txt
/// faktura-<posting>/manifest-sha256.txt      SHA-256 of every payload file
/// faktura-<posting>/tagmanifest-sha256.txt   SHA-256 of the three files above
/// faktura-<posting>/data/cover.pdf           contents, hashes and timeline (RU/EN)
/// faktura-<posting>/data/manifest.json       the entries, documents, hashes and times
/// faktura-<posting>/data/entry-<n>/…         each entry's files, byte for byte as stored
/// ```
public enum DisputeBundle {
    /// Renders the cover page; the default (in `CoverPage.swift`) uses PDFRender.
    public typealias CoverRenderer = @Sendable (CoverSheet) throws -> Data

    /// Writes the bundle. The stored files are re-hashed while they are copied; a problem in
    /// this posting's entries stops the export. An existing `output` is replaced only with
    /// `overwrite`; the ZIP is written beside it and moved into place when complete.
    public static func export(posting: String, from store: EvidenceStore, to output: URL, overwrite: Bool,
                              agent: String, coverRenderer: CoverRenderer = CoverPage.render) throws(ArchiveError) -> BundleSummary {
        let output = output.standardizedFileURL
        try refuseExisting(output, overwrite: overwrite)
        let entries = try store.entries(posting: posting)
        guard !entries.isEmpty else { throw .unknownPosting(posting) }
        let verification = try store.verify(posting: posting)
        try refuseDamaged(posting: posting, entries: entries, verification: verification)
        var contents: [[Data]] = []
        for entry in entries {
            var files: [Data] = []
            for document in entry.documents { files.append(try store.content(of: document)) }
            contents.append(files)
        }
        return try write(posting: posting, entries: entries, contents: contents, verification: verification,
                         exportedAt: EntryEncoding.timestamp(store.clock()), to: output, overwrite: overwrite,
                         agent: agent, coverRenderer: coverRenderer)
    }

    /// Writes the bundle of a posting in any archive (folder or database), as
    /// the folder store's export does.
    public static func export(posting: String, from archive: any EvidenceArchive, to output: URL, overwrite: Bool,
                              agent: String, coverRenderer: CoverRenderer = CoverPage.render) async throws(ArchiveError) -> BundleSummary {
        let output = output.standardizedFileURL
        try refuseExisting(output, overwrite: overwrite)
        let entries = try await archive.entries(posting: posting)
        guard !entries.isEmpty else { throw .unknownPosting(posting) }
        let verification = try await archive.verify(expectedHead: nil, posting: posting)
        try refuseDamaged(posting: posting, entries: entries, verification: verification)
        var contents: [[Data]] = []
        for entry in entries {
            var files: [Data] = []
            for document in entry.documents { files.append(try await archive.content(of: document)) }
            contents.append(files)
        }
        return try write(posting: posting, entries: entries, contents: contents, verification: verification,
                         exportedAt: EntryEncoding.timestamp(archive.clock()), to: output, overwrite: overwrite,
                         agent: agent, coverRenderer: coverRenderer)
    }

    /// The bundle's bytes (for a server answering with it): written to a temporary folder,
    /// read back and removed.
    public static func bundleData(posting: String, from archive: any EvidenceArchive, agent: String,
                                  coverRenderer: CoverRenderer = CoverPage.render) async throws(ArchiveError) -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-bundle-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: folder.path, reason: String(describing: error))
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try await export(posting: posting, from: archive, to: folder.appendingPathComponent("bundle.zip"),
                                       overwrite: false, agent: agent, coverRenderer: coverRenderer)
        do {
            return try Data(contentsOf: summary.output)
        } catch {
            throw .unreadable(path: summary.output.path, reason: String(describing: error))
        }
    }

    private static func refuseExisting(_ output: URL, overwrite: Bool) throws(ArchiveError) {
        if !overwrite, FileManager.default.fileExists(atPath: output.path) {
            throw .outputExists(path: output.path)
        }
    }

    private static func refuseDamaged(posting: String, entries: [ArchiveEntry],
                                      verification: StoreVerification) throws(ArchiveError) {
        let ownSequences = Set(entries.map(\.sequence))
        let own = verification.problems.filter { $0.entry.map(ownSequences.contains) ?? false }
        if !own.isEmpty {
            throw .damagedEvidence(posting: posting, problems: own)
        }
    }

    /// The ZIP of entries whose stored files (`contents`, per entry in document order) were read and checked.
    private static func write(posting: String, entries: [ArchiveEntry], contents: [[Data]],
                              verification: StoreVerification, exportedAt: String, to output: URL, overwrite: Bool,
                              agent: String, coverRenderer: CoverRenderer) throws(ArchiveError) -> BundleSummary {
        // Payload: the entries' files, then the manifest, then the cover that lists both.
        var payload: [(path: String, kind: EvidenceKind?, content: Data)] = []
        var pathsOfEntries: [Int64: [String]] = [:]
        for (entry, files) in zip(entries, contents) {
            var used = Set<String>()
            for (document, content) in zip(entry.documents, files) {
                var name = document.kind == .validationReport ? "validation-report.json"
                    : document.kind == .receipt ? "receipt-\(document.name)" : document.name
                var counter = 2
                while used.contains(name) {
                    name = "\(counter)-\(document.name)"
                    counter += 1
                }
                used.insert(name)
                let path = "data/entry-\(entry.sequence)/\(name)"
                payload.append((path, document.kind, content))
                pathsOfEntries[entry.sequence, default: []].append(path)
            }
        }
        let manifest = manifestJSON(posting: posting, entries: entries, paths: pathsOfEntries,
                                    head: verification.head, exportedAt: exportedAt, agent: agent,
                                    otherProblems: verification.problems)
        payload.append(("data/manifest.json", nil, manifest.data()))
        let listed = payload.map {
            CoverSheet.File(path: $0.path, kind: $0.kind, sha256: ContentHash.sha256($0.content), size: Int64($0.content.count))
        }
        let sheet = CoverSheet(posting: posting, entries: entries, files: listed, head: verification.head,
                               exportedAt: exportedAt, agent: agent, otherProblems: verification.problems)
        let cover: Data
        do {
            cover = try coverRenderer(sheet)
        } catch {
            throw .unwritable(path: output.path, reason: "cannot render the cover page: \(error)")
        }
        payload.insert(("data/cover.pdf", nil, cover), at: 0)
        let files = payload.map {
            CoverSheet.File(path: $0.path, kind: $0.kind, sha256: ContentHash.sha256($0.content), size: Int64($0.content.count))
        }

        // Tag files (RFC 8493 §2.1, §2.2).
        let bagName = "faktura-" + ArchivedDocument.safeName(posting)
        let bagit = Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)
        let octets = files.reduce(Int64(0)) { $0 + $1.size }
        let bagInfo = Data("""
            Bag-Software-Agent: \(agent)
            Bagging-Date: \(exportedAt.prefix(10))
            External-Identifier: \(oneLine(posting))
            External-Description: Faktura dispute bundle: the archived invoice evidence of posting \
            \(oneLine(posting)) (\(entries.count) archive entr\(entries.count == 1 ? "y" : "ies"))
            Payload-Oxum: \(octets).\(files.count)

            """.utf8)
        let manifestText = Data(files.map { "\($0.sha256)  \(manifestPath($0.path))\n" }.joined().utf8)
        let tags: [(String, Data)] = [("bagit.txt", bagit), ("bag-info.txt", bagInfo), ("manifest-sha256.txt", manifestText)]
        let tagManifest = Data(tags.map { "\(ContentHash.sha256($0.1))  \($0.0)\n" }.joined().utf8)

        var zipEntries: [(String, Data)] = tags + [("tagmanifest-sha256.txt", tagManifest)]
        zipEntries += payload.map { ($0.path, $0.content) }
        let folder = output.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(output.lastPathComponent).\(UUID().uuidString).partial")
        do {
            let zip = try ZIPFoundation.Archive(url: temporary, accessMode: .create)
            let modified = Date()
            for (path, content) in zipEntries {
                try zip.addEntry(with: "\(bagName)/\(path)", type: .file, uncompressedSize: Int64(content.count),
                                 modificationDate: modified, permissions: 0o644,
                                 compressionMethod: path.hasSuffix(".pdf") ? .none : .deflate,
                                 provider: { position, size in
                                     content.subdata(in: Int(position)..<Int(position) + size)
                                 })
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .unwritable(path: output.path, reason: String(describing: error))
        }
        try place(temporary, at: output, overwrite: overwrite)
        return BundleSummary(output: output, bagName: bagName, entries: entries.count, files: files)
    }

    /// Moves the finished file into place: `link` refuses an existing target, so a file
    /// created meanwhile is not replaced without `overwrite` either.
    private static func place(_ temporary: URL, at output: URL, overwrite: Bool) throws(ArchiveError) {
        defer { unlink(temporary.path) }
        if overwrite {
            if rename(temporary.path, output.path) != 0 {
                throw .unwritable(path: output.path, reason: systemErrorText())
            }
        } else if link(temporary.path, output.path) != 0 {
            if errno == EEXIST { throw .outputExists(path: output.path) }
            throw .unwritable(path: output.path, reason: systemErrorText())
        }
    }

    /// RFC 8493 §2.1.3: CR, LF and `%` in a manifest path are percent-encoded.
    static func manifestPath(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }

    static func manifestJSON(posting: String, entries: [ArchiveEntry], paths: [Int64: [String]], head: ChainHead?,
                             exportedAt: String, agent: String, otherProblems: [ArchiveProblem]) -> JSONText {
        .object([
            ("format", .string("faktura-dispute-bundle 1")),
            ("posting", .string(posting)),
            ("exportedAt", .string(exportedAt)),
            ("tool", .string(agent)),
            ("chainHead", head?.json ?? .null),
            ("entryEncoding", .string(EntryEncoding.header)),
            ("entries", .array(entries.map { entry in
                guard case .object(var members) = entry.json else { return entry.json }
                let files = paths[entry.sequence] ?? []
                if let index = members.firstIndex(where: { $0.0 == "documents" }) {
                    members[index].1 = .array(zip(entry.documents, files).map { document, path in
                        guard case .object(var fields) = document.json else { return document.json }
                        fields.append(("path", .string(path)))
                        return .object(fields)
                    })
                }
                return .object(members)
            })),
            ("otherProblems", .array(otherProblems.map(\.json))),
        ])
    }
}
