import Archive
import FakturaTestSupport
import Foundation
import Testing
@testable import Mail

/// DKIM verdicts on the hostile mails of issue 28 (Fixtures/hostile, made by
/// make-hostile-fixtures.py): an unsigned mail is `none` whatever its headers lack (item 7),
/// and a signature whose l= tag is no usable body length is a failure that says so (item 11).
@Suite("DKIM on hostile mail")
struct HostileDKIMTests {
    static func hostile(_ name: String) -> String { MailFixtures.folder.appendingPathComponent("hostile/\(name)").path }
    static var keys: String { hostile("dkim-keys.txt") }

    @Test(arguments: ["no-from.eml", "from-no-address.eml"])
    func anUnsignedMailWithoutASenderAddressIsNone(_ name: String) async throws {
        let report = try await MailFixtures.scan([Self.hostile(name)], keys: Self.keys)
        let message = try #require(report.messages.first)
        #expect(message.dkim == DKIMResult.none)
        #expect(!message.findings.contains { $0.code == .mailDKIMFail }, "\(message.findings)")
    }

    @Test func thePiecesOfAnMboxCutAtABodysFromLineAreNone() async throws {
        let report = try await MailFixtures.scan([Self.hostile("split.mbox")], keys: Self.keys)
        #expect(report.messages.count == 2)
        #expect(report.messages.allSatisfy { $0.dkim == DKIMResult.none }, "\(report.messages.map(\.dkim))")
        #expect(!report.allFindings.contains { $0.code == .mailDKIMFail })
    }

    @Test func anUnsignedMailWithoutFromIsArchivedWithDKIMNone() async throws {
        let scratch = ScratchFolder()
        let storeURL = scratch.url.appendingPathComponent("archive")
        var options = MailScan.Options(mailboxes: [Self.hostile("no-from.eml")])
        options.dkimKeys = Self.keys
        options.archive = storeURL
        let report = try await MailScan(options: options).run()
        let posting = try #require(report.postings.first { $0.postingNumber == "0100000001-0001-1" })
        #expect(posting.archiveEntries.count == 1, "\(report.allFindings)")
        let store = try EvidenceStore(at: storeURL)
        let entry = try #require(try store.entries(posting: "0100000001-0001-1").first)
        let evidence = try #require(entry.documents.first { $0.kind == .receipt && $0.mediaType == "application/json" })
        let json = try #require(try JSONSerialization.jsonObject(with: store.content(of: evidence)) as? [String: Any])
        #expect(json["dkim"] as? String == "none")
    }

    @Test func theKeyOfTheHostileFixturesVerifiesAGoodSignature() async throws {
        let report = try await MailFixtures.scan([Self.hostile("signed.eml")], keys: Self.keys)
        #expect(report.messages.first?.dkim == .pass)
    }

    @Test(arguments: [("l-huge.eml", "1000000000000000000000000000000"), ("l-negative.eml", "-5")])
    func aSignatureWithAnUnusableBodyLengthFailsNamingTheTag(_ name: String, _ value: String) async throws {
        let report = try await MailFixtures.scan([Self.hostile(name)], keys: Self.keys)
        let message = try #require(report.messages.first)
        #expect(message.dkim == .fail)
        let finding = try #require(message.findings.first { $0.code == .mailDKIMFail })
        #expect(finding.message.contains("l= tag '\(value)'"), "\(finding.message)")
        #expect(!finding.message.contains("changed after it was signed"), "\(finding.message)")
    }

    @Test func onlyAFieldOfTheHeaderBlockCountsAsASignature() {
        func has(_ text: String) -> Bool { DKIMVerifier.hasSignatureField(Data(text.utf8)) }
        #expect(has("DKIM-Signature: v=1; a=rsa-sha256\r\nFrom: a@b\r\n\r\nbody"))
        #expect(has("From: a@b\ndkim-signature : v=1\n\nbody"))
        #expect(has("Subject: x\r\n folded\r\nDkim-Signature:v=1\r\n\r\n"))
        #expect(!has("From: a@b\r\n\r\nDKIM-Signature: v=1 (in the body)\r\n"))
        #expect(!has("From: a@b\r\nDKIM-Signature-Other: x\r\n\r\n"))
        #expect(!has("From: a@b\r\nX-DKIM-Signature: x\r\n\r\n"))
        #expect(!has(""))
    }
}
