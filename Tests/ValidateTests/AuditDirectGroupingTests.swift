import Foundation
import Testing
import FakturaTestSupport
@testable import ERPAudit

/// Postings whose rows are adjacent are handed out as their rows end, never spooled; the first
/// row of a posting handed out already sends the grouper to the spool, and the report is the
/// same either way.
@Suite("Audit: postings handed out as their rows end")
struct AuditDirectGroupingTests {
    private static func items(_ csv: String) throws -> [ExportItem] {
        let scratch = ScratchFolder()
        return try AuditRead.all(CSVExportReader(url: scratch.write("a.csv", csv)))
    }

    private static let header = "posting_number,status,sku,quantity,unit_price\n"

    @Test func anExportWhosePostingsRowsAreAdjacentIsNeverSpooled() throws {
        let csv = Self.header + "P-1,delivering,1,1,10\nP-1,delivering,2,1,10\nP-2,cancelled,3,1,10\nP-3,delivering,4,1,10\n"
        for canReplay in [true, false] {
            let run = try AuditGrouping(Self.items(csv), canReplay: canReplay)
            #expect(run.grouper.isDirect)
            #expect(run.grouper.spooledPostingIDs.isEmpty)
            #expect(run.postings.map(\.postingNumber) == ["P-1", "P-2", "P-3"])
            #expect(run.postings[0].lines.map(\.sku) == ["1", "2"])
            #expect(run.postings[0].rowCount == 2)
        }
    }

    @Test func aRowComingBackToAPostingHandedOutRebuildsThatPostingFromTheSpool() throws {
        // P-1's last row is the last of the export: P-1 was handed out when P-2 began.
        let csv = Self.header + "P-1,delivering,1,1,10\nP-2,delivering,2,1,10\nP-2,delivering,3,1,10\nP-3,delivering,4,1,10\nP-1,delivering,5,1,10\n"
        for canReplay in [true, false] {
            let run = try AuditGrouping(Self.items(csv), canReplay: canReplay)
            #expect(!run.grouper.isDirect)
            #expect(run.grouper.reopened == [0])
            // P-3 was still reading when P-1 came back: it is built from the spool too.
            #expect(run.grouper.spooledPostingIDs == [0, 2])
            #expect(run.postings.map(\.postingNumber) == ["P-1", "P-2", "P-3"])
            #expect(run.postings[0].lines.map(\.sku) == ["1", "5"])
            #expect(run.postings[0].lines.map(\.line) == [2, 6])
            #expect(run.postings[1].lines.map(\.sku) == ["2", "3"])
            #expect(run.postings[2].lines.map(\.sku) == ["4"])
        }
    }

    @Test func malformedRowsNamingAPostingHandedOutReopenItWhenReadOrWhenReadingEnds() throws {
        // Line 5 is malformed (a field too many) and names P-1, handed out at line 4.
        let comeBack = Self.header + "P-1,delivering,1,1,10\nP-1,delivering,2,1,10\nP-2,delivering,3,1,10\nP-1,delivering,4,1,10,x\n"
        // Line 2 names P-2 before any row of it; P-2 is handed out at line 4, when P-3 begins.
        let waited = Self.header + "P-2,delivering,1,1,10,x\nP-2,delivering,2,1,10\nP-3,delivering,3,1,10\n"
        for canReplay in [true, false] {
            let first = try AuditGrouping(Self.items(comeBack), canReplay: canReplay)
            #expect(first.grouper.reopened == [0])
            #expect(first.postings[0].rowCount == 3)
            #expect(first.postings[0].readingFindings.map(\.field) == ["line 5"])
            #expect(first.postings[1].readingFindings.isEmpty)

            let second = try AuditGrouping(Self.items(waited), canReplay: canReplay)
            #expect(second.grouper.reopened == [0])
            #expect(second.postings.map(\.postingNumber) == ["P-2", "P-3"])
            #expect(second.postings[0].rowCount == 2)
            #expect(second.postings[0].readingFindings.map(\.field) == ["line 2"])
            #expect(second.unreadableRows.isEmpty)
        }
    }

    @Test func reportOfAnExportSortedButForItsLastRowIsThatOfTheSortedExport() async throws {
        let scratch = ScratchFolder()
        var rows: [String] = []
        for posting in 0..<500 {
            for line in 0..<2 {
                rows.append(canonicalRow([.postingNumber: "\(80_000_000 + posting)-0001-1", .status: posting % 3 == 0 ? "cancelled" : "awaiting_packaging",
                                          .orderNumber: posting == 0 && line == 1 ? "O-other" : "O-\(posting)",
                                          .sku: "\(1_000 + line)", .quantity: "1", .unitPrice: "10.00", .hsCode: "8544429000"]))
            }
        }
        let sorted = [canonicalHeader] + rows
        let lastMoved = [canonicalHeader] + rows.enumerated().filter { $0.offset != 1 }.map(\.element) + [rows[1]]
        let a = try await AuditFixtures.audit(scratch.write("sorted.csv", sorted.joined(separator: "\n") + "\n"))
        let b = try await AuditFixtures.audit(scratch.write("moved.csv", lastMoved.joined(separator: "\n") + "\n"))
        #expect(a.summary == b.summary)
        #expect(a.postings.map(\.postingNumber) == b.postings.map(\.postingNumber))
        #expect(a.postings.map(\.status) == b.postings.map(\.status))
        #expect(a.postings.map { $0.findings.map(\.code) } == b.postings.map { $0.findings.map(\.code) })
        #expect(b.postings[0].findings.contains { $0.code == .duplicatePosting && $0.message.contains("O-other") })
    }
}
