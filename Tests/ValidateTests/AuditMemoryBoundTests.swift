import Foundation
import Testing
import FakturaTestSupport
@testable import Findings
@testable import ERPAudit

/// What the audit keeps of rows no posting claims and of attached files is bounded: the report
/// names the first ones and counts the rest, and nothing is silently dropped.
@Suite("Audit: unreadable rows and shared files kept within bounds")
struct AuditMemoryBoundTests {
    @Test func rowsWithoutAPostingAreListedUpToAThousandThenCountedWithTheirLines() async throws {
        let scratch = ScratchFolder()
        var csv = "posting_number,status,sku,quantity,unit_price\n"
        csv += "P-1,cancelled,1,1,10\n"                                     // line 2
        for row in 0..<2_500 { csv += ",cancelled,\(row),1,10\n" }         // lines 3...2502
        let report = try await AuditFixtures.audit(scratch.write("orders.csv", csv))
        #expect(report.summary.postings == 1)
        #expect(report.unreadableRows.count == UnreadableRows.kept + 1)
        #expect(report.unreadableRows.first?.field == "line 3")
        #expect(report.unreadableRows[UnreadableRows.kept - 1].field == "line 1002")
        let rest = try #require(report.unreadableRows.last)
        #expect(rest.code == .rowMalformed)
        #expect(rest.field == "lines 1003-2502")
        #expect(rest.message.hasPrefix("1500 more rows"))
    }

    @Test func malformedRowsGoToTheirPostingWhereverItStartsAndTheOthersAreUnreadable() async throws {
        let scratch = ScratchFolder()
        let csv = "posting_number,status,sku,quantity,unit_price\n"
            + "P-2,cancelled,1,1,10,extra\n"       // line 2: names P-2 before its first whole row
            + "P-1,cancelled,1,1,10\n"             // line 3
            + "P-1,cancelled,2,1,10,extra\n"       // line 4: names P-1, already seen
            + "P-2,cancelled,2,1,10\n"             // line 5
            + "P-9,cancelled,2,1,10,extra\n"       // line 6: names a posting no whole row carries
        let run = try AuditGrouping(AuditRead.all(CSVExportReader(url: scratch.write("a.csv", csv))))
        #expect(run.unreadableRows.map(\.field) == ["line 6"])
        let p1 = run.postings[0]
        let p2 = run.postings[1]
        #expect(p1.postingNumber == "P-1" && p1.rowCount == 2)
        #expect(p1.readingFindings.map(\.field) == ["line 4"])
        #expect(p2.postingNumber == "P-2" && p2.rowCount == 2)
        #expect(p2.readingFindings.map(\.field) == ["line 2"])
        #expect(p2.readingFindings.allSatisfy { $0.code == .rowMalformed })
    }

    @Test func aFileServingEightPostingsNamesFiveOthersAndCountsTheRest() async throws {
        let scratch = ScratchFolder()
        let pdf = try AuditFixtures.render(AuditFixtures.invoice(posting: "2000000001-0001-1"))
        scratch.write("pdf/a.pdf", pdf)
        scratch.write("pdf/copy.pdf", pdf)
        scratch.write("pdf/other.pdf", try AuditFixtures.render(AuditFixtures.invoice(posting: "2000000099-0001-1")))
        var csv = "posting_number,status,invoice_file\n"
        for posting in 1...7 { csv += "200000000\(posting)-0001-1,delivering,\(posting % 2 == 0 ? "./" : "")a.pdf\n" }
        csv += "2000000008-0001-1,delivering,copy.pdf\n"     // the same content under another path
        csv += "2000000099-0001-1,delivering,other.pdf\n"    // a file of its own
        let report = try await AuditFixtures.audit(scratch.write("orders.csv", csv), attachments: scratch.path("pdf"))
        func duplicate(_ posting: String) -> Finding? {
            report.postings.first { $0.postingNumber == posting }?.findings.first { $0.code == .attachmentDuplicate }
        }
        #expect(duplicate("2000000099-0001-1") == nil)
        // The file is posting 1's invoice (it names it): the seven others took it.
        #expect(duplicate("2000000001-0001-1") == nil)
        let second = try #require(duplicate("2000000002-0001-1"))
        #expect(second.message.contains("is posting 2000000001-0001-1's invoice (the PDF names it) and also serves postings 2000000003-0001-1, 2000000004-0001-1, 2000000005-0001-1, 2000000006-0001-1, 2000000007-0001-1 and 1 more;"), "\(second.message)")
        let last = try #require(duplicate("2000000008-0001-1"))
        #expect(last.message.contains("is posting 2000000001-0001-1's invoice (the PDF names it) and also serves postings 2000000002-0001-1, 2000000003-0001-1, 2000000004-0001-1, 2000000005-0001-1, 2000000006-0001-1 and 1 more;"), "\(last.message)")
        #expect(report.summary.byCode["ATTACHMENT_DUPLICATE"] == 7)
    }

    @Test func ofTwoPostingsSharingOneFileTheOneItNamesIsNotAtFault() async throws {
        let scratch = ScratchFolder()
        scratch.write("pdf/a.pdf", try AuditFixtures.render(AuditFixtures.invoice(posting: "2000000001-0001-1")))
        let csv = "posting_number,status,invoice_file\n2000000001-0001-1,delivering,a.pdf\n2000000002-0001-1,delivering,a.pdf\n"
        let report = try await AuditFixtures.audit(scratch.write("orders.csv", csv), attachments: scratch.path("pdf"))
        let messages = report.postings.map { $0.findings.first { $0.code == .attachmentDuplicate }?.message ?? "" }
        #expect(messages[0] == "", "the file is posting 1's own invoice")
        #expect(messages[1].contains("is posting 2000000001-0001-1's invoice (the PDF names it);"), "\(messages[1])")
    }
}
