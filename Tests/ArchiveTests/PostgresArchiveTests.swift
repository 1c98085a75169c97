import Archive
import FakturaTestSupport
import Foundation
import Testing
import ZIPFoundation

/// The PostgreSQL archive against a server of the tests' own (``PostgresTestServer``). Every
/// test works in tenants of its own, so tests share the one server and database.
@Suite("PostgreSQL archive")
struct PostgresArchiveTests {
    let server: PostgresTestServer
    let location: ArchiveLocation

    init() throws {
        server = try PostgresTestServer.shared()
        location = try ArchiveLocation.database(server.url)
    }

    /// A tenant name no other test uses.
    func freshTenant(_ label: String) throws -> TenantName {
        try TenantName("\(label)-\(UUID().uuidString.prefix(8).lowercased())")
    }

    @Test func addShowHeadVerifyAndExportWorkAsOnTheFolderStore() async throws {
        let tenant = try freshTenant("basic")
        let clock = SteppingClock()
        let archive = try await location.open(tenant: tenant, clock: clock.now)
        let pdf = handMadePDF(text: "postgres one")
        let outcomes = try await archive.append([
            submission(posting: "0001-1", pdf: pdf),
            submission(posting: "0002-1", pdf: handMadePDF(text: "postgres two")),
        ])
        #expect(outcomes.map(\.isNew) == [true, true])
        let first = outcomes[0].entry, second = outcomes[1].entry
        #expect(first.sequence == 1 && second.sequence == 2)
        #expect(first.previousHash == EntryEncoding.genesis && second.previousHash == first.entryHash)
        #expect(first.entryHash == EntryEncoding.hash(of: first))
        // The validation report is the same bytes in both entries: stored once.
        if case .appended(_, let reused) = outcomes[1] { #expect(reused == 1) }

        let again = try await archive.append([submission(posting: "0001-1", pdf: pdf)])
        #expect(again.map(\.isNew) == [false])
        #expect(again[0].entry == first)

        #expect(try await archive.head()?.entryHash == second.entryHash)
        let shown = try await archive.entries(posting: "0001-1")
        #expect(shown == [first])
        #expect(try await archive.content(of: try #require(first.document(.pdf))) == pdf)

        let report = try await archive.verify(expectedHead: first.entryHash, posting: nil)
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.entries == 2 && report.expectedHeadEntry == 1)
        #expect(report.objectsChecked == 5)

        let bytes = try await DisputeBundle.bundleData(posting: "0001-1", from: archive, agent: "faktura test")
        let zip = try ZIPFoundation.Archive(data: bytes, accessMode: .read)
        var extracted = Data()
        _ = try zip.extract(try #require(zip["faktura-0001-1/data/entry-1/invoice-0001-1.pdf"])) { extracted.append($0) }
        #expect(extracted == pdf)
        await archive.close()
    }

    @Test func theSamePostingInTwoTenantsMakesTwoChains() async throws {
        let a = try await location.open(tenant: try freshTenant("apart-a"))
        let b = try await location.open(tenant: try freshTenant("apart-b"))
        let pdf = handMadePDF(text: "shared posting")
        let inA = try await a.append([submission(posting: "0003-1", pdf: pdf)])[0].entry
        let inB = try await b.append([submission(posting: "0003-1", pdf: pdf)])[0].entry
        // Same bytes, yet each tenant stores its own copy and starts its own chain.
        #expect(inA.sequence == 1 && inB.sequence == 1)
        #expect(inB.previousHash == EntryEncoding.genesis)
        if case .appended(_, let reused) = try await b.append([submission(posting: "0004-1", pdf: handMadePDF(text: "b only"))])[0] {
            #expect(reused == 1)  // only b's own earlier report
        }
        #expect(try await a.entries(posting: "0004-1").isEmpty)
        #expect(try await a.head()?.sequence == 1)
        #expect(try await b.head()?.sequence == 2)
        #expect(try await a.verify(expectedHead: nil, posting: nil).isIntact)
        #expect(try await b.verify(expectedHead: nil, posting: nil).isIntact)
        await a.close()
        await b.close()
    }

    @Test func writersOnTwoConnectionPoolsAppendOneUnbrokenChain() async throws {
        let tenant = try freshTenant("race")
        // Two pools, as two servers would have; 24 tasks append one entry each, at once.
        let first = try await location.open(tenant: tenant)
        let second = try await location.open(tenant: tenant)
        let count = 24
        let hashes = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<count {
                let archive = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    let outcome = try await archive.append([
                        submission(posting: "R-\(index)", pdf: handMadePDF(text: "race \(index)")),
                    ])
                    return outcome[0].entry.entryHash
                }
            }
            var hashes: [String] = []
            for try await hash in group { hashes.append(hash) }
            return hashes
        }
        let report = try await first.verify(expectedHead: nil, posting: nil)
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.entries == count)
        #expect(report.head?.sequence == Int64(count))
        // Every acknowledged entry is in the chain.
        for hash in hashes {
            #expect(try await second.verify(expectedHead: hash, posting: "R-0").expectedHeadEntry != nil)
        }
        await first.close()
        await second.close()
    }

    /// Runs SQL as someone with direct database access would: with triggers and foreign keys off.
    func tamper(_ sql: String) throws {
        try server.psql("SET session_replication_role = replica; \(sql)")
    }

    @Test func changedBytesDeletedRowsAndChangedHashesAreReportedWithTheirCodes() async throws {
        let tenant = try freshTenant("tamper")
        let archive = try await location.open(tenant: tenant)
        let entries = try await archive.append([
            submission(posting: "T-1", pdf: handMadePDF(text: "tamper one")),
            submission(posting: "T-2", pdf: handMadePDF(text: "tamper two")),
            submission(posting: "T-3", pdf: handMadePDF(text: "tamper three")),
        ]).map(\.entry)
        let t = tenant.rawValue

        // Faktura's own tables refuse changes.
        #expect(throws: (any Error).self) {
            try server.psql("UPDATE archive_entry SET agent = 'x' WHERE tenant = '\(t)'")
        }

        let pdf1 = try #require(entries[0].document(.pdf)).sha256
        try tamper("UPDATE archive_object SET content = 'forged'::bytea WHERE tenant = '\(t)' AND sha256 = '\(pdf1)'")
        var report = try await archive.verify(expectedHead: nil, posting: nil)
        #expect(report.problems.map(\.code) == [.tampered], "\(report.problems)")
        #expect(report.problems.first?.entry == 1)
        await #expect(throws: ArchiveError.self) {
            _ = try await DisputeBundle.bundleData(posting: "T-1", from: archive, agent: "t")
        }

        let pdf2 = try #require(entries[1].document(.pdf)).sha256
        try tamper("DELETE FROM archive_object WHERE tenant = '\(t)' AND sha256 = '\(pdf2)'")
        report = try await archive.verify(expectedHead: nil, posting: nil)
        #expect(Set(report.problems.map(\.code)) == [.tampered, .missing], "\(report.problems)")
        #expect(report.problems.contains { $0.code == .missing && $0.entry == 2 && $0.posting == "T-2" })

        try tamper("UPDATE archive_entry SET entry_hash = repeat('a', 64) WHERE tenant = '\(t)' AND sequence = 3")
        report = try await archive.verify(expectedHead: nil, posting: nil)
        #expect(report.problems.contains { $0.code == .chainBroken && $0.entry == 3 }, "\(report.problems)")

        let tenant2 = try freshTenant("deleted")
        let other = try await location.open(tenant: tenant2)
        let kept = try await other.append([
            submission(posting: "D-1", pdf: handMadePDF(text: "deleted one")),
            submission(posting: "D-2", pdf: handMadePDF(text: "deleted two")),
        ]).map(\.entry)
        try tamper("""
            DELETE FROM archive_document WHERE tenant = '\(tenant2.rawValue)' AND entry_sequence = 1;
            DELETE FROM archive_entry WHERE tenant = '\(tenant2.rawValue)' AND sequence = 1;
            """)
        report = try await other.verify(expectedHead: kept[0].entryHash, posting: nil)
        #expect(report.problems.allSatisfy { $0.code == .chainBroken }, "\(report.problems)")
        #expect(report.problems.contains { $0.entry == 2 && $0.message.contains("entry 1 is missing") })
        #expect(report.problems.contains { $0.message.contains("belong to no entry") })
        #expect(report.problems.contains { $0.message.contains("not in the chain") })
        await archive.close()
        await other.close()
    }

    @Test func aWrongUserIsAnErrorNamingTheHostButNeverThePassword() async throws {
        let location = try ArchiveLocation.database(server.url(user: "nobody", password: "s3cret-pw"))
        do {
            let archive = try await location.open(tenant: .default)
            await archive.close()
            Issue.record("connected as a user that does not exist")
        } catch {
            #expect(error.description.contains("127.0.0.1:\(server.port)"), "\(error)")
            #expect(error.description.contains("nobody"), "\(error)")
            #expect(!error.description.contains("s3cret-pw"), "\(error)")
        }
        let closed = try ArchiveLocation.database("postgres://faktura:s3cret-pw@127.0.0.1:1/faktura")
        do {
            _ = try await closed.open(tenant: .default)
            Issue.record("connected to port 1")
        } catch {
            #expect(error.description.contains("127.0.0.1:1"), "\(error)")
            #expect(!error.description.contains("s3cret-pw"), "\(error)")
        }
    }

    @Test func tenantArchivesShareOnePoolAndKeepTenantsApart() async throws {
        let archives = TenantArchives(location: location)
        let a = try freshTenant("pool-a"), b = try freshTenant("pool-b")
        _ = try await archives.archive(for: a).append([submission(posting: "P-1", pdf: handMadePDF(text: "pool a"))])
        #expect(try await archives.archive(for: a).head()?.sequence == 1)
        #expect(try await archives.archive(for: b).entries(posting: "P-1").isEmpty)
        await archives.close()
    }
}
