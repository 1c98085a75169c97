import Archive
import FakturaTestSupport
import Foundation
import Testing
import ZIPFoundation

@Suite("Tenants and the archive interface")
struct TenantArchiveTests {
    @Test func tenantNamesAreLettersDigitsUnderscoreAndHyphenUpTo64() throws {
        #expect(try TenantName("shop-42_EU").rawValue == "shop-42_EU")
        #expect(try TenantName(String(repeating: "a", count: 64)).rawValue.count == 64)
        for bad in ["", String(repeating: "a", count: 65), "../x", "a b", "shop/1", "магазин", "a.b"] {
            #expect(throws: ArchiveError.self, "\(bad)") { _ = try TenantName(bad) }
        }
        do {
            _ = try TenantName("a/b")
            Issue.record("a/b was accepted")
        } catch {
            #expect(error.description.contains("'/' is not allowed"), "\(error)")
        }
    }

    @Test func defaultTenantIsTheFolderItselfAndOthersLiveUnderTenants() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let root = folder.path("archive")
        let location = ArchiveLocation.folder(root)
        let shop = try TenantName("shop-a")
        let mine = try await location.open(tenant: .default, create: true)
        let theirs = try await location.open(tenant: shop, create: true)
        #expect(mine.locationDescription == root.standardizedFileURL.path)
        #expect(theirs.locationDescription == root.appendingPathComponent("tenants/shop-a").standardizedFileURL.path)

        // The same posting in both: two chains, each starting at entry 1 from genesis.
        let a = try await mine.append([submission(posting: "0001-1", pdf: handMadePDF(text: "mine"))])[0].entry
        let b = try await theirs.append([submission(posting: "0001-1", pdf: handMadePDF(text: "theirs"))])[0].entry
        #expect(a.sequence == 1 && b.sequence == 1)
        #expect(a.previousHash == EntryEncoding.genesis && b.previousHash == EntryEncoding.genesis)
        #expect(a.entryHash != b.entryHash)
        #expect(try await mine.entries(posting: "0001-1").map { $0.entryHash } == [a.entryHash])
        #expect(try await theirs.entries(posting: "0001-1").map { $0.entryHash } == [b.entryHash])
        #expect(try await mine.head()?.entryHash == a.entryHash)

        // The CLI's store (the folder itself) sees only the default tenant's entry.
        let store = try EvidenceStore(at: root)
        #expect(try store.entryCount() == 1)
        let report = try await mine.verify(expectedHead: a.entryHash, posting: nil)
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.expectedHeadEntry == 1)
    }

    @Test func readingATenantThatWasNeverCreatedIsAnErrorNamingTheFolder() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        do {
            _ = try await ArchiveLocation.folder(folder.path("none")).open(tenant: try TenantName("ghost"))
            Issue.record("opened a store that does not exist")
        } catch {
            #expect(error.description.contains("tenants/ghost"), "\(error)")
        }
    }

    @Test func tenantArchivesOpenEachTenantOnceAndKeepThemApart() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let archives = TenantArchives(location: .folder(folder.path("archive")))
        let first = try await archives.archive(for: try TenantName("t1"))
        _ = try await first.append([submission(posting: "0002-1", pdf: handMadePDF(text: "t1"))])
        let again = try await archives.archive(for: try TenantName("t1"))
        #expect(try await again.head()?.sequence == 1)
        let other = try await archives.archive(for: try TenantName("t2"))
        #expect(try await other.head() == nil)
        #expect(try await other.entries(posting: "0002-1").isEmpty)
        await archives.close()
    }

    @Test func bundleThroughTheInterfaceHoldsTheArchivedPDFByteForByte() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let archive = try await ArchiveLocation.folder(folder.path("archive")).open(tenant: .default, create: true)
        let pdf = handMadePDF(text: "bundle me")
        _ = try await archive.append([submission(posting: "0003-1", pdf: pdf)])
        let bytes = try await DisputeBundle.bundleData(posting: "0003-1", from: archive, agent: "faktura test")
        let zip = try ZIPFoundation.Archive(data: bytes, accessMode: .read)
        let entry = try #require(zip["faktura-0003-1/data/entry-1/invoice-0003-1.pdf"])
        var extracted = Data()
        _ = try zip.extract(entry) { extracted.append($0) }
        #expect(extracted == pdf)
        await #expect(throws: ArchiveError.unknownPosting("nope")) {
            _ = try await DisputeBundle.bundleData(posting: "nope", from: archive, agent: "t")
        }
    }

    @Test func databaseURLsAreCheckedAndShownWithoutThePassword() throws {
        let location = try ArchiveLocation.database("postgres://faktura:s3cret@db.example:5433/archive")
        #expect(location.description.contains("db.example:5433"))
        #expect(!location.description.contains("s3cret"))
        do {
            _ = try ArchiveLocation.database("mysql://u:s3cret@h/db")
            Issue.record("accepted a MySQL URL")
        } catch {
            #expect(!error.description.contains("s3cret"), "\(error)")
            #expect(error.description.contains("not a PostgreSQL URL"))
        }
    }
}
