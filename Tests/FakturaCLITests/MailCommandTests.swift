import FakturaTestSupport
import Foundation
import Testing

/// `faktura mail scan` as a seller runs it: the order mails of Tests/MailTests/Fixtures against
/// a copy of the example export.
@Suite("faktura mail scan end to end")
struct MailCommandTests {
    let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/MailTests/Fixtures")

    /// The example export and its PDFs, copied into a scratch folder.
    func exampleExport() throws -> ScratchFolder {
        let scratch = ScratchFolder()
        let folder = scratch.url
        let source = CLI.repositoryRoot.appendingPathComponent("examples/erp-export")
        try FileManager.default.copyItem(at: source.appendingPathComponent("orders.csv"), to: folder.appendingPathComponent("orders.csv"))
        try FileManager.default.copyItem(at: source.appendingPathComponent("pdf"), to: folder.appendingPathComponent("pdf"))
        return scratch
    }

    @Test func recoversTheLostInvoicesAndTheAuditOfTheAmendedExportAcceptsThem() throws {
        let scratch = try exampleExport()
        defer { scratch.remove() }
        let folder = scratch.url
        let out = folder.appendingPathComponent("recovered")
        let scan = try CLI.run(["mail", "scan", fixtures.appendingPathComponent("orders.mbox").path,
                                "--export", folder.appendingPathComponent("orders.csv").path,
                                "--extract", out.path,
                                "--dkim-keys", fixtures.appendingPathComponent("dkim-keys.txt").path,
                                "--format", "json"])
        // Posting 5 and 10 stay missing, and posting 5's mail is damaged: exit 1.
        #expect(scan.status == 1, "\(scan.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["states"] as? [String: Int] == ["in-export": 4, "recoverable": 2, "missing": 2])
        #expect(summary["extracted"] as? Int == 2)
        let amended = try #require(report["amendedExport"] as? String)

        let audit = try CLI.run(["audit", amended, "--format", "json"])
        #expect(audit.status == 1)
        let auditReport = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
        let postings = try #require(auditReport["postings"] as? [[String: Any]])
        let status = Dictionary(uniqueKeysWithValues: postings.map { ($0["postingNumber"] as! String, $0["status"] as! String) })
        #expect(status["0100000003-0001-1"] == "ok")
        #expect(status["0100000004-0001-1"] == "ok")
        #expect(status["0100000005-0001-1"] == "failed")
        #expect(status["0100000010-0001-1"] == "failed")
    }

    @Test func theTextReportNamesStatesAndDKIMResults() throws {
        let scratch = try exampleExport()
        defer { scratch.remove() }
        let folder = scratch.url
        let scan = try CLI.run(["mail", "scan", fixtures.appendingPathComponent("orders.mbox").path,
                                "--export", folder.appendingPathComponent("orders.csv").path,
                                "--dkim-keys", fixtures.appendingPathComponent("dkim-keys.txt").path])
        #expect(scan.status == 1)
        #expect(scan.stdout.contains("0100000003-0001-1  recoverable"))
        #expect(scan.stdout.contains("0100000005-0001-1  missing"))
        #expect(scan.stdout.contains("DKIM pass"))
        #expect(scan.stdout.contains("MAIL_DKIM_FAIL"))
        #expect(scan.stdout.contains("MAIL_ATTACHMENT_BROKEN"))
    }

    /// A 店小秘 export has no invoice column: its PDFs lie in a folder named by posting number.
    /// `mail scan` takes the audit's export options (one declaration), so `--pdf-per-posting`
    /// finds them; without it every posting lacks its invoice.
    @Test func takesTheAuditsExportOptionsAndFindsPDFsNamedByPosting() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        let invoices = folder.appendingPathComponent("invoices")
        try FileManager.default.createDirectory(at: invoices, withIntermediateDirectories: true)
        let examples = CLI.repositoryRoot.appendingPathComponent("examples/erp-export/pdf")
        for posting in ["0100000001-0001-1", "0100000002-0001-1"] {
            try FileManager.default.copyItem(at: examples.appendingPathComponent("\(posting).pdf"),
                                             to: invoices.appendingPathComponent("\(posting).pdf"))
        }
        // The example export's lines for postings 1 and 2, under 店小秘's headers.
        let csv = """
            订单号,订单状态,下单时间,币种缩写,SKU,产品名称,产品数量,产品售价,海关编码
            0100000001-0001-1,待发货,2026-11-20,RUB,RM13-BLK-128,"Смартфон Redmi 13 128 ГБ, чёрный",2,12345.67,8517130000
            0100000001-0001-1,待发货,2026-11-20,RUB,USB-C-2M,Кабель USB-C 2 м / USB-C cable 2 m,3,499.00,8544.42.9000
            0100000002-0001-1,待发货,2026-11-20,RUB,USB-C-2M,Кабель USB-C 2 м / USB-C cable 2 m,3,499.00,8544.42.9000

            """
        try Data(csv.utf8).write(to: folder.appendingPathComponent("orders.csv"))
        let mailbox = fixtures.appendingPathComponent("eml/newsletter.eml").path
        let common = ["mail", "scan", mailbox, "--export", "orders.csv", "--mapping", "dianxiaomi",
                      "--attachments", "invoices", "--format", "json"]

        let byPosting = try CLI.run(common + ["--pdf-per-posting"], in: folder)
        #expect(byPosting.status == 0, "\(byPosting.stdout)\(byPosting.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(byPosting.stdout.utf8)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["states"] as? [String: Int] == ["in-export": 2], "\(byPosting.stdout)")

        let unnamed = try CLI.run(common, in: folder)
        #expect(unnamed.status == 1)
        let unnamedReport = try #require(try JSONSerialization.jsonObject(with: Data(unnamed.stdout.utf8)) as? [String: Any])
        let unnamedSummary = try #require(unnamedReport["summary"] as? [String: Any])
        #expect(unnamedSummary["states"] as? [String: Int] == ["missing": 2], "\(unnamed.stdout)")

        // The options mean nothing without an export.
        let alone = try CLI.run(["mail", "scan", mailbox, "--pdf-per-posting"], in: folder)
        #expect(alone.status == 2)
        #expect(alone.stderr.contains("belong to --export"), "\(alone.stderr)")
    }

    @Test func theHelpNamesEveryExportFormatAndTheAuditsOptions() throws {
        let help = try CLI.run(["mail", "scan", "--help"])
        #expect(help.status == 0)
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("ERP export (CSV, XLSX, JSON, XML)"), "\(text)")
        for option in ["--mapping", "--attachments", "--encoding", "--sheet", "--skip-status", "--pdf-per-posting"] {
            #expect(text.contains(option), "\(option)")
        }
    }

    @Test func usageMistakesAndMissingMailboxesExitTwo() throws {
        let noExport = try CLI.run(["mail", "scan", fixtures.appendingPathComponent("orders.mbox").path, "--extract", "/tmp/x"])
        #expect(noExport.status == 2)
        let missing = try CLI.run(["mail", "scan", "/nonexistent/inbox.mbox"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/inbox.mbox"))
    }

    @Test func explainKnowsTheMailCodes() throws {
        for code in ["MAIL_UNREADABLE", "MAIL_TOO_COMPLEX", "MAIL_MALFORMED", "MAIL_ATTACHMENT_BROKEN", "MAIL_DKIM_FAIL", "MAIL_EXTRACT_REFUSED"] {
            let result = try CLI.run(["explain", code])
            #expect(result.status == 0)
            #expect(result.stdout.hasPrefix(code))
        }
    }
}
