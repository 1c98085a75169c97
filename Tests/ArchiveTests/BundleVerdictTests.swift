import Archive
import FakturaTestSupport
import Foundation
import PDFReading
import Testing
import ZIPFoundation

/// What a dispute bundle says about the store it came from: the verdict of `verify` on the whole
/// store (manifest and cover alike), never "no problems" when something elsewhere was changed.
/// Each tampering is made as someone with access to the store would make it, and the bundle of
/// an untouched posting must name it.
struct ExportedBundle {
    let files: [String: Data]

    init(zip data: Data) throws {
        let zip = try ZIPFoundation.Archive(data: data, accessMode: .read)
        var files: [String: Data] = [:]
        for entry in zip {
            var content = Data()
            _ = try zip.extract(entry) { content.append($0) }
            files[String(entry.path.split(separator: "/", maxSplits: 1)[1])] = content
        }
        self.files = files
    }

    init(file: URL) throws { try self.init(zip: try Data(contentsOf: file)) }

    var manifest: [String: Any] {
        get throws {
            let data = try #require(files["data/manifest.json"])
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
    }

    var verification: [String: Any] {
        get throws { try #require(try manifest["verification"] as? [String: Any]) }
    }

    var otherProblems: [[String: Any]] {
        get throws { try #require(try manifest["otherProblems"] as? [[String: Any]]) }
    }

    /// The cover page's text, with line breaks as spaces (long messages wrap).
    var coverText: String {
        get throws {
            let cover = try #require(files["data/cover.pdf"])
            let text = try PDFDocument(data: cover, source: "cover.pdf").text()
            return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }

    /// The manifest and the cover agree on a failed check that names `code` (and `words`).
    func expectFailed(_ code: String, containing words: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let verification = try verification
        #expect(verification["status"] as? String == "failed", sourceLocation: sourceLocation)
        let problems = try otherProblems
        #expect(problems.contains { $0["code"] as? String == code && ($0["message"] as? String ?? "").contains(words) },
                "\(problems)", sourceLocation: sourceLocation)
        #expect(((verification["byCode"] as? [String: Any])?[code] as? Int ?? 0) >= 1, sourceLocation: sourceLocation)
        let cover = try coverText
        #expect(cover.contains("PROBLEMS FOUND"), sourceLocation: sourceLocation)
        #expect(!cover.contains("no problems"), sourceLocation: sourceLocation)
        #expect(cover.contains(code), sourceLocation: sourceLocation)
        #expect(cover.contains(words), "\(cover)", sourceLocation: sourceLocation)
    }
}

/// Four postings, one entry each: A (the one exported), B, C and D (the newest).
private func fourPostings() -> [EntrySubmission] {
    ["A", "B", "C", "D"].map { submission(posting: "V-\($0)", pdf: handMadePDF(text: "verdict \($0)")) }
}

/// The files of an entry that no other entry names.
private func ownFiles(of entry: ArchiveEntry, among entries: [ArchiveEntry]) -> [ArchivedDocument] {
    let others = Set(entries.filter { $0.sequence != entry.sequence }.flatMap { $0.documents.map(\.sha256) })
    return entry.documents.filter { !others.contains($0.sha256) }
}

@Suite("Bundle verdict (folder store)")
struct FolderBundleVerdictTests {
    func store(_ folder: ScratchFolder) throws -> (URL, EvidenceStore, [ArchiveEntry]) {
        let location = folder.path("store")
        let store = try EvidenceStore(at: location, create: true)
        return (location, store, try store.append(fourPostings()).map(\.entry))
    }

    func export(_ store: EvidenceStore, _ folder: ScratchFolder, head: String? = nil) throws -> ExportedBundle {
        let out = folder.path("bundle-\(UUID().uuidString.prefix(6)).zip")
        _ = try DisputeBundle.export(posting: "V-A", from: store, to: out, overwrite: false, agent: "faktura test",
                                     expectedHead: head)
        return try ExportedBundle(file: out)
    }

    @Test func anIntactStoreSaysSoAndNamesWhatWasNotChecked() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (_, store, entries) = try store(folder)
        let bundle = try export(store, folder)
        let verification = try bundle.verification
        #expect(verification["status"] as? String == "ok")
        #expect(verification["entries"] as? Int == 4)
        // Every stored file of the store, not only the posting's: 4 PDFs, 4 data files, 1 shared report.
        #expect(verification["files"] as? Int == 9)
        let notChecked = try #require(verification["notChecked"] as? [String])
        #expect(notChecked.contains { $0.contains("cut off") && $0.contains("--head") })
        #expect(notChecked.contains { $0.contains("own clock") })
        let cover = try bundle.coverText
        #expect(cover.contains("Verdict: no problems"))
        #expect(cover.contains("Not checked"))
        #expect(cover.contains("не удалены ли записи новее вершины"))

        // With the head kept elsewhere, cutting off is checked too.
        let withHead = try export(store, folder, head: entries[3].entryHash)
        let checked = try withHead.verification
        #expect((checked["expectedHead"] as? [String: Any])?["entry"] as? Int == 4)
        #expect(!(checked["notChecked"] as? [String] ?? []).contains { $0.contains("cut off") })
        #expect(try withHead.coverText.contains("is entry 4 and still in the chain"))
    }

    @Test func aByteFlippedInAnotherPostingsFileIsInTheBundle() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (_, store, entries) = try store(folder)
        let path = try store.fileURL(of: try #require(entries[1].document(.pdf))).path
        chmod(path, 0o644)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        try export(store, folder).expectFailed("ARCHIVE_TAMPERED", containing: "was altered")
    }

    @Test func anAlteredIndexRowIsInTheBundle() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (location, store, _) = try store(folder)
        try tamperWithIndex(of: location, "UPDATE entry SET invoiceNumber = 'INV-FORGED' WHERE sequence = 2")
        try export(store, folder).expectFailed("ARCHIVE_CHAIN_BROKEN", containing: "entry 2 was changed after it was recorded")
    }

    @Test func aRemovedEntryIsInTheBundle() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (location, store, _) = try store(folder)
        try tamperWithIndex(of: location, "DELETE FROM document WHERE entrySequence = 3; DELETE FROM entry WHERE sequence = 3")
        try export(store, folder).expectFailed("ARCHIVE_CHAIN_BROKEN", containing: "entry 3 is missing")
    }

    @Test func aCutHeadIsInTheBundleByItsFilesOrByTheKeptHead() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (location, store, entries) = try store(folder)
        try tamperWithIndex(of: location, "DELETE FROM document WHERE entrySequence = 4; DELETE FROM entry WHERE sequence = 4")
        // The cut entry's files are still stored: they belong to no entry.
        try export(store, folder).expectFailed("ARCHIVE_CHAIN_BROKEN", containing: "belong to no entry")

        // Whoever removes the files too leaves nothing in the store to notice; the bundle says
        // that it could not check this, and the head kept elsewhere catches it.
        for document in ownFiles(of: entries[3], among: entries) {
            try FileManager.default.removeItem(at: try store.fileURL(of: document))
        }
        let unnoticed = try export(store, folder)
        #expect(try unnoticed.verification["status"] as? String == "ok")
        #expect(try (unnoticed.verification["notChecked"] as? [String] ?? []).contains { $0.contains("cut off") })
        #expect(try unnoticed.coverText.contains("whether entries newer than the chain head were cut off"))
        try export(store, folder, head: entries[3].entryHash).expectFailed("ARCHIVE_CHAIN_BROKEN", containing: "is not in the chain")
    }

    @Test func theCommandExitsOneWhenTheBundleListsProblems() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (location, _, _) = try store(folder)
        try tamperWithIndex(of: location, "UPDATE entry SET agent = 'someone else' WHERE sequence = 2")
        let out = folder.path("bundle.zip")
        let run = try CLI.run(["archive", "--store", location.path, "export", "V-A", "--out", out.path])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("ARCHIVE_CHAIN_BROKEN"))
        #expect(run.stdout.contains("archive check: 4 entries, 9 files re-hashed: FAILED: 1 problem(s)"))
        try ExportedBundle(file: out).expectFailed("ARCHIVE_CHAIN_BROKEN", containing: "entry 2 was changed")
    }
}

@Suite("Bundle verdict (PostgreSQL)")
struct PostgresBundleVerdictTests {
    let server: PostgresTestServer
    let location: ArchiveLocation

    init() throws {
        server = try PostgresTestServer.shared()
        location = try ArchiveLocation.database(server.url)
    }

    /// A tenant of its own with the four postings.
    func archive(_ label: String) async throws -> (any EvidenceArchive, String, [ArchiveEntry]) {
        let tenant = try TenantName("verdict-\(label)-\(UUID().uuidString.prefix(8).lowercased())")
        let archive = try await location.open(tenant: tenant)
        return (archive, tenant.rawValue, try await archive.append(fourPostings()).map(\.entry))
    }

    /// SQL as someone with direct database access: triggers and foreign keys off.
    func tamper(_ sql: String) throws {
        try server.psql("SET session_replication_role = replica; \(sql)")
    }

    func export(_ archive: any EvidenceArchive, head: String? = nil) async throws -> ExportedBundle {
        try ExportedBundle(zip: try await DisputeBundle.bundleData(posting: "V-A", from: archive, agent: "faktura test",
                                                                   expectedHead: head))
    }

    @Test func anIntactArchiveSaysSo() async throws {
        let (archive, _, _) = try await archive("ok")
        let bundle = try await export(archive)
        #expect(try bundle.verification["status"] as? String == "ok")
        #expect(try bundle.verification["files"] as? Int == 9)
        #expect(try bundle.coverText.contains("Verdict: no problems"))
        await archive.close()
    }

    @Test func aChangedStoredFileIsInTheBundle() async throws {
        let (archive, tenant, entries) = try await archive("file")
        let hash = try #require(entries[1].document(.pdf)).sha256
        try tamper("UPDATE archive_object SET content = overlay(content placing '\\x00'::bytea from 20 for 1) "
            + "WHERE tenant = '\(tenant)' AND sha256 = '\(hash)'")
        try await export(archive).expectFailed("ARCHIVE_TAMPERED", containing: "was altered")
        await archive.close()
    }

    @Test func anAlteredEntryRowIsInTheBundle() async throws {
        let (archive, tenant, _) = try await archive("row")
        try tamper("UPDATE archive_entry SET invoice_number = 'INV-FORGED' WHERE tenant = '\(tenant)' AND sequence = 2")
        try await export(archive).expectFailed("ARCHIVE_CHAIN_BROKEN", containing: "entry 2 was changed after it was recorded")
        await archive.close()
    }

    @Test func aRemovedEntryIsInTheBundle() async throws {
        let (archive, tenant, _) = try await archive("removed")
        try tamper("""
            DELETE FROM archive_document WHERE tenant = '\(tenant)' AND entry_sequence = 3;
            DELETE FROM archive_entry WHERE tenant = '\(tenant)' AND sequence = 3;
            """)
        try await export(archive).expectFailed("ARCHIVE_CHAIN_BROKEN", containing: "entry 3 is missing")
        await archive.close()
    }

    @Test func aCutHeadIsInTheBundleByItsRowsOrByTheKeptHead() async throws {
        let (archive, tenant, entries) = try await archive("cut")
        try tamper("""
            DELETE FROM archive_document WHERE tenant = '\(tenant)' AND entry_sequence = 4;
            DELETE FROM archive_entry WHERE tenant = '\(tenant)' AND sequence = 4;
            """)
        try await export(archive).expectFailed("ARCHIVE_CHAIN_BROKEN", containing: "belong to no entry")
        let own = ownFiles(of: entries[3], among: entries).map { "'\($0.sha256)'" }.joined(separator: ", ")
        try tamper("DELETE FROM archive_object WHERE tenant = '\(tenant)' AND sha256 IN (\(own))")
        let unnoticed = try await export(archive)
        #expect(try unnoticed.verification["status"] as? String == "ok")
        #expect(try (unnoticed.verification["notChecked"] as? [String] ?? []).contains { $0.contains("cut off") })
        try await export(archive, head: entries[3].entryHash).expectFailed("ARCHIVE_CHAIN_BROKEN", containing: "is not in the chain")
        await archive.close()
    }
}
