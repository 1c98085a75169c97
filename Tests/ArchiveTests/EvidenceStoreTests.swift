import Archive
import FakturaTestSupport
import Foundation
import Testing

@Suite("Evidence store")
struct EvidenceStoreTests {
    @Test func addedEntriesVerifyAndChainFromGenesis() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let clock = SteppingClock()
        let store = try EvidenceStore(at: folder.path("store"), create: true, clock: clock.now)
        let outcomes = try store.append([
            submission(posting: "0001-1", pdf: handMadePDF(text: "one")),
            submission(posting: "0002-1", pdf: handMadePDF(text: "two")),
        ])
        #expect(outcomes.count == 2)
        let first = outcomes[0].entry, second = outcomes[1].entry
        #expect(first.sequence == 1 && second.sequence == 2)
        #expect(first.previousHash == EntryEncoding.genesis)
        #expect(second.previousHash == first.entryHash)
        #expect(first.entryHash == EntryEncoding.hash(of: first))
        #expect(try store.head()?.entryHash == second.entryHash)

        let report = try store.verify(expectedHead: first.entryHash)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.entries == 2)
        #expect(report.expectedHeadEntry == 1)
        // Two PDFs, two data files, one report shared by both entries (same bytes).
        #expect(report.objectsChecked == 5)
    }

    @Test func storedFilesAreReadOnlyAndAddressedByTheirHash() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try EvidenceStore(at: folder.path("store"), create: true)
        let pdf = handMadePDF(text: "read only")
        let entry = try store.append([submission(posting: "0003-1", pdf: pdf)])[0].entry
        let document = try #require(entry.document(.pdf))
        #expect(document.sha256 == ContentHash.sha256(pdf))
        let url = try store.fileURL(of: document)
        #expect(url.path.hasSuffix("objects/\(document.sha256.prefix(2))/\(document.sha256.dropFirst(2))"))
        let permissions = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(permissions == 0o444)
        #expect(try Data(contentsOf: url) == pdf)
    }

    @Test func theSamePDFAddedTwiceIsStoredOnceAndReported() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try EvidenceStore(at: folder.path("store"), create: true)
        let pdf = handMadePDF(text: "twice")
        let first = try store.append([submission(posting: "0004-1", pdf: pdf)])
        let again = try store.append([submission(posting: "0004-1", pdf: pdf)])
        guard case .alreadyArchived(let existing) = again[0] else {
            Issue.record("expected alreadyArchived, got \(again[0])")
            return
        }
        #expect(existing.sequence == first[0].entry.sequence)
        #expect(try store.entryCount() == 1)

        // A receipt is new evidence: a new entry, the PDF's object reused.
        let withReceipt = try store.append([submission(posting: "0004-1", pdf: pdf, receipt: Data("{\"result\":true}".utf8))])
        guard case .appended(let entry, let reused) = withReceipt[0] else {
            Issue.record("expected appended, got \(withReceipt[0])")
            return
        }
        #expect(entry.sequence == 2)
        #expect(reused == 3)
        #expect(try store.entries(posting: "0004-1").map(\.sequence) == [1, 2])
    }

    @Test func aFlippedByteIsReportedAsTampered() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try EvidenceStore(at: folder.path("store"), create: true)
        let entries = try store.append([submission(posting: "0005-1", pdf: handMadePDF(text: "flip")),
                                        submission(posting: "0006-1", pdf: handMadePDF(text: "keep"))])
        let document = try #require(entries[0].entry.document(.pdf))
        let path = try store.fileURL(of: document).path
        chmod(path, 0o644)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[20] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))

        let report = try store.verify()
        #expect(report.problems.count == 1)
        let problem = try #require(report.problems.first)
        #expect(problem.code == .tampered)
        #expect(problem.entry == 1)
        #expect(problem.posting == "0005-1")
        #expect(problem.file == "objects/\(document.sha256.prefix(2))/\(document.sha256.dropFirst(2))")
        #expect(problem.message.contains(document.name))
    }

    @Test func aDeletedFileIsReportedAsMissing() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try EvidenceStore(at: folder.path("store"), create: true)
        let entry = try store.append([submission(posting: "0007-1", pdf: handMadePDF(text: "gone"))])[0].entry
        let document = try #require(entry.document(.invoiceData))
        try FileManager.default.removeItem(at: try store.fileURL(of: document))

        let report = try store.verify()
        #expect(report.problems.map(\.code) == [.missing])
        #expect(report.problems.first?.entry == 1)
        #expect(report.problems.first?.message.contains("invoice.json") == true)
    }

    @Test func anEditedIndexRowBreaksTheChain() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let location = folder.path("store")
        let store = try EvidenceStore(at: location, create: true)
        _ = try store.append([submission(posting: "0008-1", pdf: handMadePDF(text: "a")),
                              submission(posting: "0009-1", pdf: handMadePDF(text: "b"))])
        try tamperWithIndex(of: location, "UPDATE entry SET amountWithVatMinor = 100 WHERE sequence = 1")

        let report = try EvidenceStore(at: location).verify()
        #expect(report.problems.map(\.code) == [.chainBroken])
        #expect(report.problems.first?.entry == 1)
        #expect(report.problems.first?.message.contains("changed") == true)
    }

    @Test func aDocumentRowPointingElsewhereBreaksTheChain() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let location = folder.path("store")
        let store = try EvidenceStore(at: location, create: true)
        let entries = try store.append([submission(posting: "0010-1", pdf: handMadePDF(text: "real")),
                                        submission(posting: "0011-1", pdf: handMadePDF(text: "forged"))])
        // Make entry 1 claim entry 2's PDF: both files are intact, only the index lies.
        let forged = try #require(entries[1].entry.document(.pdf)).sha256
        try tamperWithIndex(of: location, "UPDATE document SET sha256 = '\(forged)' WHERE entrySequence = 1 AND kind = 'pdf'")

        let report = try EvidenceStore(at: location).verify()
        #expect(report.problems.map(\.code) == [.chainBroken, .chainBroken])
        #expect(report.problems.first?.entry == 1)
        // Entry 1's real PDF is still stored, named by no entry: the index lost track of it.
        #expect(report.problems.last?.message.contains("1 stored file(s) belong to no entry") == true)
    }

    @Test func aRemovedMiddleEntryBreaksTheChain() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let location = folder.path("store")
        let store = try EvidenceStore(at: location, create: true)
        for index in 1...3 {
            _ = try store.append([submission(posting: "001\(index)-1", pdf: handMadePDF(text: "entry \(index)"))])
        }
        try tamperWithIndex(of: location, "DELETE FROM document WHERE entrySequence = 2; DELETE FROM entry WHERE sequence = 2")

        let report = try EvidenceStore(at: location).verify()
        #expect(report.problems.map(\.code) == [.chainBroken, .chainBroken])
        #expect(report.problems.first?.entry == 3)
        #expect(report.problems.first?.message.contains("entry 2 is missing") == true)
        #expect(report.problems.last?.message.contains("belong to no entry") == true)
    }

    @Test func aRewrittenChainIsCaughtByTheKeptHead() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let location = folder.path("store")
        let store = try EvidenceStore(at: location, create: true)
        _ = try store.append([submission(posting: "0020-1", pdf: handMadePDF(text: "a")),
                              submission(posting: "0021-1", pdf: handMadePDF(text: "b"))])
        let kept = try #require(try store.head()).entryHash
        // Cutting off the newest entry and its files leaves a chain that is whole by itself ...
        let first = Set(try store.entries(posting: "0020-1")[0].documents.map(\.sha256))
        let cut = try store.entries(posting: "0021-1")[0].documents.filter { !first.contains($0.sha256) }
        try tamperWithIndex(of: location, "DELETE FROM document WHERE entrySequence = 2; DELETE FROM entry WHERE sequence = 2")
        for document in cut { try FileManager.default.removeItem(at: try store.fileURL(of: document)) }
        let reopened = try EvidenceStore(at: location)
        #expect(try reopened.verify().problems.isEmpty)
        // ... but not with the head kept elsewhere.
        let report = try reopened.verify(expectedHead: kept)
        #expect(report.problems.map(\.code) == [.chainBroken])
        #expect(report.expectedHeadEntry == nil)
        #expect(report.problems.first?.message.contains(kept) == true)
    }

    @Test func theAppendOnlyTriggersStopOrdinaryEdits() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let location = folder.path("store")
        let store = try EvidenceStore(at: location, create: true)
        _ = try store.append([submission(posting: "0022-1", pdf: handMadePDF(text: "a"))])
        #expect(throws: (any Error).self) {
            try runIndexSQL(location, "UPDATE entry SET recordedAt = 'x'")
        }
        #expect(try store.verify().problems.isEmpty)
    }

    @Test func orphanObjectsAndTemporaryFilesAreHarmlessAndReused() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let location = folder.path("store")
        let store = try EvidenceStore(at: location, create: true)
        // What a crash between writing the files and committing the index leaves behind.
        let pdf = handMadePDF(text: "orphan")
        let hash = ContentHash.sha256(pdf)
        let objectFolder = location.appendingPathComponent("objects/\(hash.prefix(2))")
        try FileManager.default.createDirectory(at: objectFolder, withIntermediateDirectories: true)
        try pdf.write(to: objectFolder.appendingPathComponent(String(hash.dropFirst(2))))
        try Data("half".utf8).write(to: location.appendingPathComponent("tmp/\(hash.prefix(16))-x.partial"))
        // The journal the interrupted add wrote before storing its files.
        try Data("faktura add journal 1\n\(hash)\n".utf8).write(to: location.appendingPathComponent("tmp/add-x.journal"))

        let before = try store.verify()
        #expect(before.problems.isEmpty)
        #expect(before.orphanObjects == 1)

        let outcome = try store.append([submission(posting: "0023-1", pdf: pdf)])
        guard case .appended(_, let reused) = outcome[0] else {
            Issue.record("expected appended")
            return
        }
        #expect(reused >= 1)
        let after = try store.verify()
        #expect(after.problems.isEmpty)
        #expect(after.orphanObjects == 0)
    }

    @Test func aDamagedObjectIsRepairedWhenTheSameBytesAreAddedAgain() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try EvidenceStore(at: folder.path("store"), create: true)
        let pdf = handMadePDF(text: "repair")
        let entry = try store.append([submission(posting: "0024-1", pdf: pdf)])[0].entry
        let path = try store.fileURL(of: try #require(entry.document(.pdf))).path
        chmod(path, 0o644)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try store.verify().problems.map(\.code) == [.tampered])

        _ = try store.append([submission(posting: "0024-2", pdf: pdf)])
        #expect(try store.verify().problems.isEmpty)
    }

    @Test func concurrentWritersKeepOneUnbrokenChain() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let location = folder.path("store")
        _ = try EvidenceStore(at: location, create: true)
        // Four independent connections (as four processes would have) append at once.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    let store = try EvidenceStore(at: location, create: true)
                    for index in 0..<15 {
                        _ = try store.append([submission(posting: "w\(writer)-\(index)",
                                                         pdf: handMadePDF(text: "writer \(writer) item \(index)"))])
                    }
                }
            }
            try await group.waitForAll()
        }
        let store = try EvidenceStore(at: location)
        let report = try store.verify()
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.entries == 60)
        #expect(report.head?.sequence == 60)
    }

    @Test func openingAMissingStoreWithoutCreateIsAClearError() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        #expect {
            _ = try EvidenceStore(at: folder.path("nothing"))
        } throws: { error in
            "\(error)".contains("no archive here")
        }
    }

    @Test func theDefaultLocationFollowsFakturaHome() {
        #expect(EvidenceStore.defaultLocation(environment: ["FAKTURA_HOME": "/srv/f", "HOME": "/home/u"]).path
            == "/srv/f/archive")
        #expect(EvidenceStore.defaultLocation(environment: ["HOME": "/home/u"]).path
            == "/home/u/.local/share/faktura/archive")
    }
}
