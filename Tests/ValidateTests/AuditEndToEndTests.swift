import FakturaTestSupport
import Foundation
import Testing
import InvoiceModel
import PDFRender
import FakturaXML
@testable import Findings
@testable import ERPAudit

@Suite("Audit: end to end with rendered PDFs")
struct AuditEndToEndTests {
    @Test func exactlyTheBrokenPostingsFailWithTheirCodes() async throws {
        let scratch = ScratchFolder()
        let postings = (1...10).map { "50000000\(String(format: "%02d", $0))-0001-1" }
        var csv = canonicalHeader + "\n"
        for (index, posting) in postings.enumerated() {
            let invoice = AuditFixtures.invoice(posting: posting)
            let pdf = try AuditFixtures.render(invoice)
            scratch.write("attachments/\(posting).pdf", pdf)
            // Postings 5 and 6 are unpaid and cancelled: no invoice needed.
            let status = index == 4 ? "awaiting_payment" : (index == 5 ? "cancelled" : "awaiting_packaging")
            // Posting 9's total in the export is changed.
            let total = index == 8 ? "26000.00" : "26188.34"
            csv += AuditFixtures.rows(for: invoice, status: status, file: "\(posting).pdf",
                                      sha256: AuditFixtures.sha256(pdf), total: total).joined(separator: "\n") + "\n"
        }
        let export = scratch.write("export/orders.csv", csv)
        let folder = scratch.path("attachments")
        // Break some on purpose: delete posting 2's PDF, truncate posting 3's, swap 7's and 8's.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("\(postings[1]).pdf"))
        let third = folder.appendingPathComponent("\(postings[2]).pdf")
        try Data(contentsOf: third).prefix(4000).write(to: third)
        let seventh = folder.appendingPathComponent("\(postings[6]).pdf"), eighth = folder.appendingPathComponent("\(postings[7]).pdf")
        let swap = folder.appendingPathComponent("swap.tmp")
        try FileManager.default.moveItem(at: seventh, to: swap)
        try FileManager.default.moveItem(at: eighth, to: seventh)
        try FileManager.default.moveItem(at: swap, to: eighth)

        let report = try await AuditFixtures.audit(export, attachments: folder)

        let expected: [String: Set<String>] = [
            postings[1]: ["ATTACHMENT_MISSING"],
            postings[2]: ["ATTACHMENT_HASH_MISMATCH", "ATTACHMENT_UNREADABLE"],
            postings[6]: ["ATTACHMENT_HASH_MISMATCH", "ATTACHMENT_ORDER_MISMATCH"],
            postings[7]: ["ATTACHMENT_HASH_MISMATCH", "ATTACHMENT_ORDER_MISMATCH"],
            postings[8]: ["ATTACHMENT_TOTAL_MISMATCH"],
        ]
        for posting in postings {
            let codes = AuditFixtures.codes(report, posting)
            #expect(codes == expected[posting] ?? [], "\(posting)")
        }
        #expect(report.postings.map(\.postingNumber) == postings)
        #expect(report.summary.records == 20)
        #expect(report.summary.failed == 5)
        #expect(report.summary.skipped == 2)
        #expect(report.summary.ok == 3)
        #expect(report.summary.byCode["ATTACHMENT_HASH_MISMATCH"] == 3)
    }

    @Test func reportsRenderInEveryFormatWithExportTextEscaped() async throws {
        let scratch = ScratchFolder()
        let csv = "posting_number,status,invoice_file\n"
            + "\"<script>alert(1)</script>\",awaiting_packaging,\"a&b\"\"c.pdf\"\n"
            + "P-2,cancelled,\n"
        let report = try await AuditFixtures.audit(scratch.write("orders.csv", csv))
        let html = report.html()
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        let junit = report.junit()
        #expect(junit.contains("<testcase classname=\"posting\" name=\"&lt;script&gt;alert(1)&lt;/script&gt;\">"))
        #expect(junit.contains("<skipped"))
        let parsed = try FakturaXML.XMLDocument.parse(Data(junit.utf8), source: "junit.xml")
        #expect(parsed.name == "testsuites")
        let json = try JSONSerialization.jsonObject(with: report.json()) as? [String: Any]
        let summary = try #require(json?["summary"] as? [String: Any])
        #expect(summary["postings"] as? Int == 2)
        #expect((json?["tool"] as? [String: Any])?["name"] as? String == "faktura")
        let postings = try #require(json?["postings"] as? [[String: Any]])
        #expect(Set(postings[0].keys) == ["postingNumber", "status", "findings"])
        #expect(postings[0]["postingNumber"] as? String == "<script>alert(1)</script>")
        let findings = try #require(postings[0]["findings"] as? [[String: Any]])
        #expect(findings.first?["code"] as? String == "ATTACHMENT_MISSING")
        #expect((findings.first?["message"] as? String)?.contains("a&b\"c.pdf") == true)
        let jsonText = String(decoding: report.json(), as: UTF8.self)
        #expect(jsonText.range(of: "\"summary\"")!.lowerBound < jsonText.range(of: "\"postings\"")!.lowerBound)
        #expect(report.json() == report.json())
        let text = report.text()
        #expect(text.contains("ATTACHMENT_MISSING"))
        #expect(text.range(of: "Summary:")!.lowerBound > text.range(of: "ATTACHMENT_MISSING")!.lowerBound)
    }
}

