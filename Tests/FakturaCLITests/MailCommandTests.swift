import FakturaTestSupport
import Foundation
import Testing

/// `faktura mail scan` as a seller runs it: the order mails of Tests/MailTests/Fixtures against
/// a copy of the example export.
@Suite("faktura mail scan end to end")
struct MailCommandTests {
    let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/MailTests/Fixtures")

    func exampleExport() throws -> URL {
        let folder = try CLI.temporaryDirectory()
        let source = CLI.repositoryRoot.appendingPathComponent("examples/erp-export")
        try FileManager.default.copyItem(at: source.appendingPathComponent("orders.csv"), to: folder.appendingPathComponent("orders.csv"))
        try FileManager.default.copyItem(at: source.appendingPathComponent("pdf"), to: folder.appendingPathComponent("pdf"))
        return folder
    }

    @Test func recoversTheLostInvoicesAndTheAuditOfTheAmendedExportAcceptsThem() throws {
        let folder = try exampleExport()
        defer { try? FileManager.default.removeItem(at: folder) }
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
        let folder = try exampleExport()
        defer { try? FileManager.default.removeItem(at: folder) }
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
