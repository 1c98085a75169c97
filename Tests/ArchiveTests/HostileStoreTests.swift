import Archive
import FakturaTestSupport
import Foundation
import Testing

/// A store someone has edited or booby-trapped ends every command quickly with a finding or an
/// error that names the file and what was wrong: no overflow trap, no hang, no read outside.
@Suite("Hostile stores")
struct HostileStoreTests {
    private func storeWithTwoEntries(_ folder: ScratchFolder) throws -> (URL, EvidenceStore, ArchiveEntry) {
        let location = folder.path("store")
        let store = try EvidenceStore(at: location, create: true)
        let outcomes = try store.append([submission(posting: "0101-1", pdf: handMadePDF(text: "first")),
                                         submission(posting: "0102-1", pdf: handMadePDF(text: "second"))])
        return (location, store, outcomes[1].entry)
    }

    @Test(arguments: [Int64.max, Int64.min])
    func anExtremeEntryNumberIsAFindingNotATrap(sequence: Int64) throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let (location, store, _) = try storeWithTwoEntries(folder)
        try tamperWithIndex(of: location, """
            UPDATE document SET entrySequence = \(sequence) WHERE entrySequence = 2;
            UPDATE entry SET sequence = \(sequence) WHERE sequence = 2;
            """)
        let report = try store.verify()
        #expect(!report.isIntact)
        let problem = try #require(report.problems.first { $0.entry == sequence && $0.code == .chainBroken })
        #expect(problem.message.contains("entry number \(sequence) is outside 1…\(Int64.max - 1)"))
        // The next add would have to number its entry after the extreme one: refused, named.
        if sequence == Int64.max {
            #expect {
                _ = try store.append([submission(posting: "0103-1", pdf: handMadePDF(text: "third"))])
            } throws: { error in
                "\(error)".contains("index.sqlite") && "\(error)".contains("the newest entry has number \(Int64.max)")
            }
        }
    }

    @Test func aHashThatIsAPathIsNeverLookedUp() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let (location, store, second) = try storeWithTwoEntries(folder)
        try tamperWithIndex(of: location, "UPDATE document SET sha256 = '../../../../dev/zero' WHERE entrySequence = 2 AND kind = 'pdf'")
        let report = try store.verify()
        let problem = try #require(report.problems.first { $0.message.contains("../../../../dev/zero") })
        #expect(problem.code == .chainBroken && problem.entry == 2 && problem.file == nil)
        #expect(problem.message.contains("not 64 lowercase hex digits"))
        let document = try #require(try store.entries(posting: second.posting).first?.document(.pdf))
        #expect(throws: ArchiveError.self) { _ = try store.content(of: document) }
        #expect {
            _ = try DisputeBundle.export(posting: second.posting, from: store, to: folder.path("bundle.zip"),
                                         overwrite: false, agent: "test")
        } throws: { error in "\(error)".contains("not 64 lowercase hex digits") || "\(error)".contains("damaged") }
        #expect(!FileManager.default.fileExists(atPath: folder.path("bundle.zip").path))
    }

    @Test(arguments: ["link", "fifo"])
    func anObjectReplacedByALinkToDevZeroOrAFIFOEndsVerifyAndExport(kind: String) throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let (_, store, second) = try storeWithTwoEntries(folder)
        let document = try #require(second.document(.pdf))
        let path = try store.fileURL(of: document).path
        try FileManager.default.removeItem(atPath: path)
        if kind == "link" {
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
        } else {
            #expect(mkfifo(path, 0o644) == 0)
        }
        let report = try store.verify()
        let problem = try #require(report.problems.first { $0.entry == 2 })
        #expect(problem.code == .missing)
        #expect(problem.message.contains(path))
        #expect(problem.message.contains(kind == "link" ? "a symbolic link, not a regular file" : "a FIFO (named pipe), not a regular file"))
        #expect {
            _ = try DisputeBundle.export(posting: second.posting, from: store, to: folder.path("bundle.zip"),
                                         overwrite: false, agent: "test")
        } throws: { error in "\(error)".contains("not a regular file") }
        // Adding the same bytes again puts a regular file back in its place.
        _ = try store.append([submission(posting: "0102-1", pdf: handMadePDF(text: "second"))])
        #expect(try store.verify().isIntact)
    }

    @Test func aStoreWhoseIndexWasLostIsNeverOK() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let (location, _, _) = try storeWithTwoEntries(folder)
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(at: location.appendingPathComponent("index.sqlite" + suffix))
        }
        // Opening it says what happened and how to restore.
        #expect {
            _ = try EvidenceStore(at: location)
        } throws: { error in
            "\(error)".contains("the index index.sqlite is gone but objects/ still holds") && "\(error)".contains("from a backup")
        }
        // One more add makes a new index; the old evidence must not pass as an interrupted add's.
        let store = try EvidenceStore(at: location, create: true)
        _ = try store.append([submission(posting: "0104-1", pdf: handMadePDF(text: "after the loss"))])
        let report = try store.verify()
        #expect(!report.isIntact)
        let problem = try #require(report.problems.first { $0.message.contains("belong to no entry") })
        #expect(problem.code == .chainBroken)
        #expect(problem.message.contains("the index lost the entries that named them"))
        #expect(problem.message.contains("Restore index.sqlite from a backup"))
        #expect(report.orphanObjects == 0)
        let verify = try CLI.run(["archive", "--store", location.path, "verify"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("error ARCHIVE_CHAIN_BROKEN"))
        #expect(verify.stdout.contains("belong to no entry and to no interrupted add"))
        #expect(!verify.stdout.contains("harmless"))
    }
}
