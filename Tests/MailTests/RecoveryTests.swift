import FakturaTestSupport
import Foundation
import Testing
import Archive
import ERPAudit
@testable import Mail

/// The seller's case: the example export (examples/erp-export) lost or broke some invoices;
/// the order mails still have them.
@Suite("recovering lost invoices from the mail")
struct RecoveryTests {
    /// A copy of the example export and its PDFs (the tests never write into examples/).
    static func exampleExport(in scratch: ScratchFolder) throws -> (folder: URL, export: URL) {
        let folder = scratch.url
        let source = MailFixtures.repositoryRoot.appendingPathComponent("examples/erp-export")
        try FileManager.default.copyItem(at: source.appendingPathComponent("orders.csv"), to: folder.appendingPathComponent("orders.csv"))
        try FileManager.default.copyItem(at: source.appendingPathComponent("pdf"), to: folder.appendingPathComponent("pdf"))
        return (folder, folder.appendingPathComponent("orders.csv"))
    }

    static func options(export: URL, extract: URL? = nil, archive: URL? = nil) -> MailScan.Options {
        var options = MailScan.Options(mailboxes: [MailFixtures.mbox])
        options.export = export
        options.extract = extract
        options.archive = archive
        options.dkimKeys = MailFixtures.keys
        return options
    }

    @Test func eachPostingThatNeedsAnInvoiceGetsItsState() async throws {
        let scratch = ScratchFolder()
        let (_, export) = try Self.exampleExport(in: scratch)
        let report = try await MailScan(options: Self.options(export: export)).run()
        let states = Dictionary(uniqueKeysWithValues: report.postings.map { ($0.postingNumber, $0.state) })
        #expect(states["0100000001-0001-1"] == .inExport)
        #expect(states["0100000002-0001-1"] == .inExport)
        #expect(states["0100000003-0001-1"] == .recoverable)   // the PDF is not in the export's folder
        #expect(states["0100000004-0001-1"] == .recoverable)   // an HTML page under the PDF's name
        #expect(states["0100000005-0001-1"] == .missing)       // truncated, and the mail's copy is damaged
        #expect(states["0100000010-0001-1"] == .missing)       // a path leaving the folder, and no mail
        #expect(states["0100000008-0001-1"] == nil)            // unpaid: needs no invoice, and no mail names it
        let five = try #require(report.postings.first { $0.postingNumber == "0100000005-0001-1" })
        #expect(five.findings.map(\.code) == [.attachmentMissing])
        #expect(five.findings.first?.message.contains("invoice.pdf") == true)
        #expect(report.summary.states == ["in-export": 4, "recoverable": 2, "missing": 2])
    }

    @Test func extractedInvoicesPassTheAuditOfTheAmendedExport() async throws {
        let scratch = ScratchFolder()
        let (folder, export) = try Self.exampleExport(in: scratch)
        let out = folder.appendingPathComponent("recovered")
        let report = try await MailScan(options: Self.options(export: export, extract: out)).run()
        #expect(report.summary.extracted == 2)
        let three = out.appendingPathComponent("0100000003-0001-1.pdf")
        #expect(FileManager.default.fileExists(atPath: three.path))
        // Never the attachment's own name.
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("发票.pdf").path))

        let amended = try #require(report.amendedExport)
        let audit = try await ExportAudit().run(export: URL(fileURLWithPath: amended))
        let status = Dictionary(uniqueKeysWithValues: audit.postings.map { ($0.postingNumber, $0) })
        #expect(status["0100000003-0001-1"]?.status == .ok, "\(status["0100000003-0001-1"]?.findings ?? [])")
        #expect(status["0100000004-0001-1"]?.status == .ok, "\(status["0100000004-0001-1"]?.findings ?? [])")
        #expect(status["0100000001-0001-1"]?.status == .ok)
        #expect(status["0100000002-0001-1"]?.status == .ok)
        // The rest keep the export's own entry, and the audit names them.
        #expect(status["0100000005-0001-1"]?.status == .failed)
        #expect(status["0100000005-0001-1"]?.findings.map(\.code).contains(.attachmentMissing) == true)
        #expect(status["0100000010-0001-1"]?.findings.map(\.code).contains(.attachmentMissing) == true)
        // The export's own faults other than the attachment stay for the audit to name.
        #expect(status["0100000006-0001-1"]?.findings.map(\.code).contains(.attachmentTotalMismatch) == true)
    }

    @Test func extractionNeverOverwritesAndARerunChangesNothing() async throws {
        let scratch = ScratchFolder()
        let (folder, export) = try Self.exampleExport(in: scratch)
        let out = folder.appendingPathComponent("recovered")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let blocker = out.appendingPathComponent("0100000004-0001-1.pdf")
        try Data("someone else's file".utf8).write(to: blocker)
        let first = try await MailScan(options: Self.options(export: export, extract: out)).run()
        #expect(try Data(contentsOf: blocker) == Data("someone else's file".utf8))
        let four = try #require(first.postings.first { $0.postingNumber == "0100000004-0001-1" })
        #expect(four.findings.map(\.code) == [.mailExtractRefused])
        #expect(four.extractedTo == nil)
        try FileManager.default.removeItem(at: blocker)
        try FileManager.default.removeItem(atPath: try #require(first.amendedExport))
        let second = try await MailScan(options: Self.options(export: export, extract: out)).run()
        let third = try await MailScan(options: Self.options(export: export, extract: out)).run()
        #expect(second.summary.extracted == 2)
        #expect(third.summary.extracted == 2)
        #expect(!third.hasErrors || third.allFindings.allSatisfy { $0.code != .mailExtractRefused })
    }

    @Test func archivingKeepsTheMessageAndItsDKIMResultWithThePDF() async throws {
        let scratch = ScratchFolder()
        let (folder, export) = try Self.exampleExport(in: scratch)
        let storeURL = folder.appendingPathComponent("archive")
        let report = try await MailScan(options: Self.options(export: export, archive: storeURL)).run()
        let three = try #require(report.postings.first { $0.postingNumber == "0100000003-0001-1" })
        #expect(three.archiveEntries.count == 1)
        let store = try EvidenceStore(at: storeURL)
        let entry = try #require(try store.entries(posting: "0100000003-0001-1").first)
        let receipts = entry.documents.filter { $0.kind == .receipt }
        #expect(receipts.map(\.mediaType).sorted() == ["application/json", "message/rfc822"])
        let eml = try #require(receipts.first { $0.mediaType == "message/rfc822" })
        let raw = try store.content(of: eml)
        #expect(raw == (try Data(contentsOf: URL(fileURLWithPath: MailFixtures.eml("utf8")))))
        let evidence = try #require(receipts.first { $0.mediaType == "application/json" })
        let json = try #require(try JSONSerialization.jsonObject(with: store.content(of: evidence)) as? [String: Any])
        #expect(json["dkim"] as? String == "pass")
        #expect((json["received"] as? String)?.hasPrefix("2026-11-21") == true)
        // The damaged copy of posting 5's invoice is not evidence.
        #expect(try store.entries(posting: "0100000005-0001-1").isEmpty)
    }
}
