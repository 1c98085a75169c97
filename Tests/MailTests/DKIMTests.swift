import Foundation
import Testing
@testable import Mail

@Suite("DKIM, offline")
struct DKIMTests {
    @Test func eachMessageGetsItsResultAgainstTheKeyFile() async throws {
        let report = try await MailFixtures.scan([MailFixtures.mbox])
        let bySubjectPosting = Dictionary(report.messages.map { ($0.messageID ?? "", $0.dkim) }, uniquingKeysWith: { a, _ in a })
        #expect(bySubjectPosting["order-1@mail.seller-example.test"] == .pass)
        #expect(bySubjectPosting["order-3@mail.seller-example.test"] == .pass)
        #expect(bySubjectPosting["order-4@mail.seller-example.test"] == .pass)
        // Signed over the damaged body? No: damaged after signing, so it fails.
        #expect(bySubjectPosting["order-5@mail.seller-example.test"] == .fail)
        #expect(bySubjectPosting["order-6@mail.seller-example.test"] == .fail)
        #expect(bySubjectPosting["order-7@mail.seller-example.test"] == .unknownKey)
        #expect(bySubjectPosting["forward-2@example.cn"] == DKIMResult.none)
        #expect(bySubjectPosting["newsletter@mail.seller-example.test"] == DKIMResult.none)
    }

    @Test func aMessageChangedAfterSigningIsAFinding() async throws {
        let report = try await MailFixtures.scan([MailFixtures.eml("tampered")])
        let message = try #require(report.messages.first)
        #expect(message.dkim == .fail)
        #expect(message.findings.map(\.code) == [.mailDKIMFail])
        #expect(message.findings.first?.severity == .warning)
    }

    @Test func withoutAKeyFileNoSignatureVerifiesAndNoNetworkIsAsked() async throws {
        let report = try await MailFixtures.scan([MailFixtures.eml("utf8"), MailFixtures.eml("newsletter")], keys: nil)
        #expect(report.messages.map(\.dkim) == [.unknownKey, DKIMResult.none])
    }

    @Test func anUnreadableKeyFileStopsTheScan() async throws {
        await #expect(throws: MailError.self) {
            _ = try await MailFixtures.scan([MailFixtures.eml("utf8")], keys: "/nonexistent/keys.txt")
        }
    }
}
