import FakturaTestSupport
import Findings
import InvoiceModel
import Foundation
import Testing
@testable import Mail

/// `faktura mail scan` in Chinese and Russian (docs/languages.md): every finding a catalogue
/// text, and the text report holds no English words outside codes, the mail's own words
/// (subjects, senders, file names, Message-IDs), paths, hashes and what a library writes
/// (libopendkim's, the PDF reader's), quoted as it comes.
@Suite("mail scan in every language")
struct MailLanguageTests {
    /// Reports with each kind of finding: the example export recovered from the order mails
    /// (recoverable and missing invoices, damaged attachments), a tampered and an oddly signed
    /// mail (DKIM), and the mailbox read under budgets too small for it.
    static func reports() async throws -> [MailScanReport] {
        let scratch = ScratchFolder()
        let (_, export) = try RecoveryTests.exampleExport(in: scratch)
        let recovery = try await MailScan(options: RecoveryTests.options(export: export)).run()
        let tampered = try await MailFixtures.scan([MailFixtures.eml("tampered"), MailFixtures.mbox])
        let hostile = try await MailFixtures.scan([HostileDKIMTests.hostile("l-huge.eml"), HostileDKIMTests.hostile("l-negative.eml")],
                                                  keys: HostileDKIMTests.keys)
        let small = try await MailFixtures.scan([MailFixtures.mbox], budget: MIMEBudget(messageBytes: 20_000, headerBytes: 400, parts: 2))
        return [recovery, tampered, hostile, small]
    }

    /// The mail's and the run's own strings, which read the same in every language.
    static func data(of report: MailScanReport) -> [String] {
        var strings = report.mailboxes + [report.export ?? "", report.amendedExport ?? ""]
        for message in report.messages {
            strings += [message.location.description, message.messageID.map { "<\($0)>" } ?? "", message.messageID ?? "",
                        message.from ?? "", message.subject ?? "", message.date ?? ""]
            strings += message.pdfs.flatMap { [$0.name ?? "", String($0.sha256.prefix(16))] }
        }
        for posting in report.postings {
            strings += [posting.postingNumber, posting.extractedTo ?? ""] + posting.archiveEntries.map { String($0.prefix(12)) }
            strings += posting.messages.flatMap { [$0.from ?? "", $0.subject ?? "", $0.date ?? "", $0.messageID.map { "<\($0)>" } ?? ""] }
            strings += posting.pdfs.flatMap { [$0.name ?? "", String($0.sha256.prefix(16)), $0.location.description] }
        }
        return strings.map(TerminalText.escaped)
    }

    @Test func everyFindingHasCatalogueText() async throws {
        let findings = try await Self.reports().flatMap(\.allFindings)
        let codes = Set(findings.map(\.code))
        #expect(codes.isSuperset(of: [.attachmentMissing, .mailDKIMFail, .mailTooComplex]), "\(codes)")
        for finding in findings {
            #expect(finding.text != nil, "no catalogue text: \(finding)")
        }
    }

    @Test(arguments: ["zh-Hans", "ru"])
    func theTextReportHoldsNoEnglishWords(_ tag: String) async throws {
        let language = try #require(Language(matching: tag))
        for report in try await Self.reports() {
            let text = report.text(in: language)
            #expect(text != report.text, "\(tag): the report is the English one")
            // Findings of the audit quoted in ATTACHMENT_MISSING carry their own texts.
            let quoted = report.allFindings.compactMap(\.text).flatMap { EnglishWords.values($0, withQuotedEnglish: true) }
            let rest = EnglishWords.withoutData(text, findings: report.allFindings, also: Self.data(of: report) + quoted,
                                                withQuotedEnglish: true)
            #expect(EnglishWords.words(in: rest).isEmpty, "\(tag): English words \(EnglishWords.words(in: rest)) in\n\(text)")
        }
    }

    @Test func theEnglishTextIsAsBefore() async throws {
        let report = try await Self.reports()[0]
        #expect(report.text.contains("message(s),") && report.text.contains("PDF attachment(s)"))
        let five = try #require(report.postings.first { $0.postingNumber == "0100000005-0001-1" })
        let message = try #require(five.findings.first?.message)
        #expect(message.hasPrefix("the export's attachment cannot serve ("), "\(message)")
        #expect(message.contains("; damaged: '"), "\(message)")
    }
}
