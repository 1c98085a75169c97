import Foundation
import Testing
@testable import Mail

/// The fixtures are real mail: Python's `email` package wrote them, `mailbox` the mbox and
/// Maildir, dkimpy signed them (Fixtures/make-fixtures.py).
@Suite("reading order mails")
struct MessageReadingTests {
    func message(_ name: String) async throws -> ScannedMessage {
        let report = try await MailFixtures.scan([MailFixtures.eml(name)])
        return try #require(report.messages.first)
    }

    @Test(arguments: [
        ("cp1251", "Заказ 0100000001-0001-1: счёт-фактура", "0100000001-0001-1"),
        ("utf8", "Заказ 0100000003-0001-1 — ваш счёт / your invoice", "0100000003-0001-1"),
        ("gb2312", "订单 0100000004-0001-1 发票", "0100000004-0001-1"),
        ("koi8r", "Отправление 0100000005-0001-1: счёт", "0100000005-0001-1"),
    ])
    func decodesSubjectsInEachCharset(name: String, subject: String, posting: String) async throws {
        let scanned = try await message(name)
        #expect(scanned.subject == subject)
        #expect(scanned.postings.first == posting)
        #expect(scanned.from?.contains("noreply@mail.seller-example.test") == true)
        #expect(scanned.messageID?.hasSuffix("@mail.seller-example.test") == true)
        #expect(scanned.date?.hasPrefix("2026-11-") == true)
        #expect(scanned.received?.hasPrefix("2026-11-") == true)
    }

    @Test func decodesRFC2231FileNamesAndFindsOctetStreamPDFsByName() async throws {
        let gb = try await message("gb2312")
        let pdf = try #require(gb.pdfs.first)
        #expect(pdf.name == "发票.pdf")
        #expect(pdf.readable)
        #expect(pdf.postingsNamed == ["0100000004-0001-1"])
        let utf8 = try await message("utf8")
        #expect(utf8.pdfs.map(\.name) == ["счёт-фактура.pdf"])
    }

    @Test func findsANamelessOctetStreamPDFByItsMagicAndThePostingInTheHTMLBody() async throws {
        let scanned = try await message("gb18030")
        #expect(scanned.subject == "发票 / invoice")
        #expect(scanned.postings == ["0100000007-0001-1"])
        let pdf = try #require(scanned.pdfs.first)
        #expect(pdf.name == nil)
        #expect(pdf.readable)
        #expect(pdf.postingsNamed == ["0100000007-0001-1"])
    }

    @Test func readsTheForwardedMessageInside() async throws {
        let scanned = try await message("forwarded")
        #expect(scanned.subject == "转发: 订单发票")
        #expect(scanned.postings == ["0100000002-0001-1"])
        #expect(scanned.pdfs.count == 1)
        #expect(scanned.pdfs.first?.part == "1.2.1.2")
        #expect(scanned.pdfs.first?.readable == true)
    }

    @Test func reportsBrokenBase64AndMakesThePDFUnusable() async throws {
        let scanned = try await message("koi8r")
        let pdf = try #require(scanned.pdfs.first)
        #expect(!pdf.readable)
        #expect(pdf.damage?.contains("base64") == true)
        // Damaged after signing, so its signature fails too.
        #expect(Set(scanned.findings.map(\.code)) == [.mailAttachmentBroken, .mailDKIMFail])
    }

    @Test func aMessageWithoutAttachmentsListsNothing() async throws {
        let scanned = try await message("newsletter")
        #expect(scanned.pdfs.isEmpty)
        #expect(scanned.postings.isEmpty)
        #expect(scanned.findings.isEmpty)
    }

    @Test func splitsTheMboxIntoItsMessagesWithTheirPlaces() async throws {
        let report = try await MailFixtures.scan([MailFixtures.mbox])
        #expect(report.messages.count == 8)
        #expect(report.messages.map(\.location.index) == Array(1...8))
        #expect(report.messages.map(\.subject).last == "Newsletter")
        // Every message read from the mbox is the one the .eml holds: same PDFs, same hashes.
        let single = try await MailFixtures.scan(["cp1251", "utf8", "gb2312", "koi8r", "gb18030", "forwarded", "tampered", "newsletter"]
            .map(MailFixtures.eml))
        #expect(report.messages.map { $0.pdfs.map(\.sha256) } == single.messages.map { $0.pdfs.map(\.sha256) })
        #expect(report.messages.map(\.dkim) == single.messages.map(\.dkim))
    }

    @Test func readsAMaildirsNewAndCurFolders() async throws {
        let report = try await MailFixtures.scan([MailFixtures.maildir])
        #expect(report.messages.count == 3)
        #expect(Set(report.messages.flatMap(\.postings)) == ["0100000003-0001-1", "0100000004-0001-1"])
    }

    @Test func aFolderOfEmlFilesIsReadInNameOrder() async throws {
        let report = try await MailFixtures.scan([MailFixtures.folder.appendingPathComponent("eml").path])
        #expect(report.messages.count == 8)
        let names = report.messages.map { URL(fileURLWithPath: $0.location.file).lastPathComponent }
        #expect(names == names.sorted())
    }

    @Test func groupsMessagesAndPDFsByPosting() async throws {
        let report = try await MailFixtures.scan([MailFixtures.mbox])
        let posting = try #require(report.postings.first { $0.postingNumber == "0100000003-0001-1" })
        #expect(posting.messages.count == 1)
        #expect(posting.bestPDF?.name == "счёт-фактура.pdf")
        #expect(report.summary.pdfs == 7)
    }

    @Test func aMissingMailboxStopsTheScan() async throws {
        await #expect(throws: MailError.self) {
            _ = try await MailFixtures.scan(["/nonexistent/inbox.mbox"])
        }
    }
}
