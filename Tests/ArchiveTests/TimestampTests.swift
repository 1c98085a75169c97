import Archive
import FakturaTestSupport
import Foundation
import Testing

/// RFC 3161 tokens over the chain head from a real authority (`openssl ts -reply` behind a
/// responder on 127.0.0.1, ``TestTimestampAuthority``): requested, stored as entries, verified;
/// each way a token can be wrong is a finding naming the entry.
@Suite("Chain time stamps (RFC 3161)", .serialized)
struct TimestampTests {
    let tsa: TestTimestampAuthority

    init() throws { tsa = try TestTimestampAuthority() }

    /// A store with two postings, and its head.
    func store(_ folder: ScratchFolder) async throws -> (FolderArchive, ChainHead) {
        let archive = try await FolderArchive.open(at: folder.path("store"), tenant: .default, create: true)
        _ = try await archive.append([submission(posting: "S-1", pdf: handMadePDF(text: "stamp one")),
                                      submission(posting: "S-2", pdf: handMadePDF(text: "stamp two"))])
        return (archive, try #require(try await archive.head()))
    }

    func timestampProblems(_ archive: FolderArchive, ca: URL? = nil) async throws -> (StoreVerification, [ArchiveProblem]) {
        let report = try await archive.verify(expectedHead: nil, posting: nil, timestampAuthority: try tsa.authority(ca: ca))
        return (report, report.problems.filter { $0.code == .timestampInvalid })
    }

    @Test func aTokenIsRequestedStoredAndVerified() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (archive, head) = try await store(folder)
        let stamp = try await ChainTimestamps.stamp(archive, authority: try tsa.authority(), agent: "faktura test")
        let entry = try #require(stamp?.entry)
        #expect(entry.sequence == 3 && entry.posting == ChainTimestamps.posting)
        #expect(entry.previousHash == head.entryHash)
        let document = try #require(entry.document(.timestampToken))
        #expect(document.name == "head-2-\(head.entryHash).tsr")
        #expect(stamp?.check.imprint == head.entryHash)
        #expect(stamp?.check.signer.contains("Faktura test TSA") == true)

        let (report, problems) = try await timestampProblems(archive)
        #expect(report.isIntact, "\(report.problems)")
        #expect(problems.isEmpty)
        #expect(report.timestamps.stamps.map(\.headSequence) == [2])
        // A bundle made without the CA says that it did not check the token.
        let unchecked = try DisputeBundle.export(posting: "S-1", from: archive.store, to: folder.path("plain.zip"),
                                                 overwrite: false, agent: "t")
        #expect(unchecked.notChecked.contains(.timestampsUnchecked(1)))
        #expect(try ExportedBundle(file: folder.path("plain.zip")).coverText.contains("time-stamp token(s): no TSA CA certificate"))
        // The head did not move: nothing new to stamp.
        #expect(try await ChainTimestamps.stamp(archive, authority: try tsa.authority(), agent: "t") == nil)

        // openssl itself agrees, from the stored file.
        let stored = try await archive.content(of: document)
        let file = folder.write("token.tsr", stored)
        let check = try CLI.runTool("/usr/bin/openssl", ["ts", "-verify", "-digest", head.entryHash, "-in", file.path,
                                                          "-CAfile", tsa.caCertificate.path])
        #expect(check.status == 0 && check.stdout.contains("Verification: OK"), "\(check.stdout)\(check.stderr)")
    }

    @Test func aTokenOverAnotherHeadIsRefused() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (archive, head) = try await store(folder)
        let first = try #require(try await archive.entries(posting: "S-1").first)
        // A genuine token, but over entry 1, filed as the token of head 2.
        let response = try await RFC3161.post(try RFC3161.request(sha256: first.entryHash), to: tsa.url("good"))
        _ = try await archive.append([ChainTimestamps.submission(head: head, response: response, agent: "t")])
        let (_, problems) = try await timestampProblems(archive)
        #expect(problems.count == 1)
        #expect(problems.first?.entry == 3)
        #expect(problems.first?.message.contains("not the head it names") == true, "\(problems)")
    }

    @Test func aTokenOfAnotherCAIsRefused() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (archive, head) = try await store(folder)
        // The other CA's TSA answers; asking with the configured CA refuses to store its token.
        await #expect {
            _ = try await RFC3161.ask(try tsa.authority("other"), sha256: head.entryHash)
        } throws: { error in "\(error)".contains("does not verify against the CA") }
        let response = try await RFC3161.post(try RFC3161.request(sha256: head.entryHash), to: tsa.url("other"))
        _ = try await archive.append([ChainTimestamps.submission(head: head, response: response, agent: "t")])
        let (_, problems) = try await timestampProblems(archive)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("does not verify against the TSA's CA") == true, "\(problems)")
        #expect(problems.first?.message.contains("unable to get local issuer certificate") == true, "\(problems)")
        // With the other CA configured, the same token verifies.
        #expect(try await timestampProblems(archive, ca: tsa.otherCACertificate).1.isEmpty)
    }

    @Test func aTokenOfAnExpiredTSACertificateIsRefused() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (archive, head) = try await store(folder)
        await #expect {
            _ = try await RFC3161.ask(try tsa.authority("expired"), sha256: head.entryHash)
        } throws: { error in "\(error)".contains("certificate has expired") }
        let response = try await RFC3161.post(try RFC3161.request(sha256: head.entryHash), to: tsa.url("expired"))
        _ = try await archive.append([ChainTimestamps.submission(head: head, response: response, agent: "t")])
        let (_, problems) = try await timestampProblems(archive)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("certificate has expired") == true, "\(problems)")
    }

    @Test func aTokenWithoutTheTimeStampingPurposeIsRefused() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (_, head) = try await store(folder)
        // openssl ts -reply itself refuses to sign with such a certificate: the answer is no token.
        await #expect(throws: ArchiveError.self) {
            _ = try await RFC3161.ask(try tsa.authority("plain"), sha256: head.entryHash)
        }
    }

    @Test func aTruncatedTokenIsRefused() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (archive, head) = try await store(folder)
        let response = try await RFC3161.post(try RFC3161.request(sha256: head.entryHash), to: tsa.url("good"))
        _ = try await archive.append([ChainTimestamps.submission(head: head, response: response.prefix(response.count - 20),
                                                                 agent: "t")])
        let (_, problems) = try await timestampProblems(archive)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("cannot be read") == true, "\(problems)")
        #expect(problems.first?.message.contains("not a DER time-stamp response") == true, "\(problems)")
    }

    @Test func aChainRewrittenAfterItsTimestampIsNamed() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (archive, _) = try await store(folder)
        _ = try #require(try await ChainTimestamps.stamp(archive, authority: try tsa.authority(), agent: "t"))
        try tamperWithIndex(of: folder.path("store"), "UPDATE entry SET entryHash = '\(String(repeating: "b", count: 64))' WHERE sequence = 2")
        let (_, problems) = try await timestampProblems(archive)
        #expect(problems.contains { $0.message.contains("the chain was rewritten after it") }, "\(problems)")
    }

    @Test func theCommandStampsAndVerifyChecksTheTokens() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = folder.path("store").path
        let pdf = folder.write("scan.pdf", handMadePDF(text: "command stamp"))
        #expect(try CLI.run(["archive", "--store", store, "add", pdf.path, "--posting", "C-1"]).status == 0)
        let stamp = try CLI.run(["archive", "--store", store, "--tsa-url", tsa.url("good").absoluteString,
                                 "--tsa-ca", tsa.caCertificate.path, "timestamp"])
        #expect(stamp.status == 0, "\(stamp.stdout)\(stamp.stderr)")
        #expect(stamp.stdout.contains("entry 2: time stamp of head entry 1"), "\(stamp.stdout)")
        let verify = try CLI.run(["archive", "--store", store, "--tsa-ca", tsa.caCertificate.path, "verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("time stamp: head entry 1"), "\(verify.stdout)")
        let unchecked = try CLI.run(["archive", "--store", store, "verify"])
        #expect(unchecked.stdout.contains("1 time-stamp token(s) not checked: give --tsa-ca"), "\(unchecked.stdout)")
        let refused = try CLI.run(["archive", "--store", store, "verify", "--tsa-ca", tsa.otherCACertificate.path])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("ARCHIVE_TIMESTAMP_INVALID"))

        // add --timestamp stamps the new head right away; the TSA from the environment.
        let second = folder.write("second.pdf", handMadePDF(text: "command stamp two"))
        let add = try CLI.run(["archive", "--store", store, "add", second.path, "--posting", "C-2", "--timestamp"],
                              environment: ["FAKTURA_TSA_URL": tsa.url("good").absoluteString, "FAKTURA_TSA_CA": tsa.caCertificate.path])
        #expect(add.status == 0, "\(add.stdout)\(add.stderr)")
        #expect(add.stdout.contains("stamped entry 4: time stamp of head entry 3"), "\(add.stdout)")
        let noTSA = try CLI.run(["archive", "--store", store, "add", second.path, "--posting", "C-3", "--timestamp"])
        #expect(noTSA.status == 2 && noTSA.stderr.contains("--timestamp needs --tsa-url and --tsa-ca"), "\(noTSA.stderr)")
    }

    @Test func aSwappedTokenEndsInTheBundle() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (archive, _) = try await store(folder)
        let early = try #require(try await ChainTimestamps.stamp(archive, authority: try tsa.authority(), agent: "t"))
        _ = try await archive.append([submission(posting: "S-3", pdf: handMadePDF(text: "stamp three"))])
        let late = try #require(try await ChainTimestamps.stamp(archive, authority: try tsa.authority(), agent: "t"))
        // Entry 3's row now names entry 5's token: a genuine token, over another head.
        try tamperWithIndex(of: folder.path("store"), """
            UPDATE document SET sha256 = '\(late.document.sha256)', size = \(late.document.size)
            WHERE entrySequence = \(early.entry.sequence)
            """)
        let out = folder.path("bundle.zip")
        let summary = try await DisputeBundle.export(posting: "S-1", from: archive, to: out, overwrite: false, agent: "t",
                                                     timestampAuthority: try tsa.authority())
        #expect(!summary.verification.isIntact)
        let bundle = try ExportedBundle(file: out)
        try bundle.expectFailed("ARCHIVE_TIMESTAMP_INVALID", containing: "not the head it names")
        #expect(try bundle.otherProblems.contains { $0["code"] as? String == "ARCHIVE_CHAIN_BROKEN" && $0["entry"] as? Int == 3 })
    }
}

/// The same tokens in PostgreSQL: stamped, verified, and a swapped token named in the bundle.
@Suite("Chain time stamps in PostgreSQL", .serialized)
struct PostgresTimestampTests {
    let tsa: TestTimestampAuthority
    let server: PostgresTestServer

    init() throws {
        tsa = try TestTimestampAuthority()
        server = try PostgresTestServer.shared()
    }

    @Test func tokensAreStoredVerifiedAndASwappedOneIsInTheBundle() async throws {
        let tenant = try TenantName("stamps-\(UUID().uuidString.prefix(8).lowercased())")
        let archive = try await ArchiveLocation.database(server.url).open(tenant: tenant)
        _ = try await archive.append([submission(posting: "Q-1", pdf: handMadePDF(text: "pg stamp one")),
                                      submission(posting: "Q-2", pdf: handMadePDF(text: "pg stamp two"))])
        let early = try #require(try await ChainTimestamps.stamp(archive, authority: try tsa.authority(), agent: "t"))
        _ = try await archive.append([submission(posting: "Q-3", pdf: handMadePDF(text: "pg stamp three"))])
        let late = try #require(try await ChainTimestamps.stamp(archive, authority: try tsa.authority(), agent: "t"))
        let report = try await archive.verify(expectedHead: nil, posting: nil, timestampAuthority: try tsa.authority())
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.timestamps.stamps.map(\.headSequence) == [2, 4])

        let bytes = try await DisputeBundle.bundleData(posting: "Q-1", from: archive, agent: "t", timestampAuthority: try tsa.authority())
        #expect(try ExportedBundle(zip: bytes).files.keys.contains { $0.hasPrefix("data/timestamps/head-2-") })

        try server.psql("""
            SET session_replication_role = replica;
            UPDATE archive_document SET sha256 = '\(late.document.sha256)', size = \(late.document.size)
            WHERE tenant = '\(tenant.rawValue)' AND entry_sequence = \(early.entry.sequence);
            """)
        let swapped = try await DisputeBundle.bundleData(posting: "Q-1", from: archive, agent: "t",
                                                         timestampAuthority: try tsa.authority())
        try ExportedBundle(zip: swapped).expectFailed("ARCHIVE_TIMESTAMP_INVALID", containing: "not the head it names")
        await archive.close()
    }
}
