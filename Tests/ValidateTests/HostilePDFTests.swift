import FakturaTestSupport
import Foundation
import Testing
@testable import Validate

/// PDFs crafted to make a reader run without end (Fixtures/hostile, make_hostile_pdfs.py): each
/// is read under a budget, and running out of it is a finding that names the limit.
@Suite("Hostile PDFs end within their budget")
struct HostilePDFTests {
    /// One CPU second: a real invoice needs a few milliseconds.
    static let budget = PDFReadBudget(cpuSeconds: 1, wallFactor: 10)

    func findings(_ name: String) throws -> [Finding] {
        var validator = InvoiceValidator(today: Samples.today)
        validator.pdfBudget = Self.budget
        let url = try Samples.fixture("hostile/\(name)")
        return validator.validate(data: try Data(contentsOf: url), source: name).findings
    }

    /// Whether the message names a limit of the budget: 1 s of CPU, or on a machine so loaded
    /// that the reader got less than that, the wall-clock backstop (10 s), or the memory.
    func namesALimit(_ message: String) -> Bool {
        message.contains("1 s of CPU time") || message.contains("10 s of wall-clock time") || message.contains("MB memory budget")
    }

    @Test func nestedFormXObjectsRunOutOfTheirBudget() throws {
        let findings = try findings("nested-forms.pdf")
        #expect(findings.map(\.code) == [.attachmentUnreadable])
        #expect(namesALimit(findings.first?.message ?? ""), "\(findings)")
    }

    @Test func flateBombSharedByEightPagesRunsOutOfItsBudget() throws {
        let findings = try findings("flate-bomb.pdf")
        #expect(findings.map(\.code) == [.attachmentUnreadable])
        #expect(namesALimit(findings.first?.message ?? ""), "\(findings)")
    }

    @Test func aReaderKilledOverBudgetIsReplacedForTheNextPDF() throws {
        _ = try findings("nested-forms.pdf")
        let clean = try Samples.fixture("other-tool-invoice.pdf")
        let reading = try PDFInvoiceReading.read(data: try Data(contentsOf: clean), source: "other-tool-invoice.pdf", budget: Self.budget)
        #expect(reading.totals.contains(Decimal(string: "26188.34")!))
    }

    @Test func auditReportsTheHostilePDFAndGoesOn() async throws {
        let scratch = AuditScratch()
        let hostile = try Data(contentsOf: try Samples.fixture("hostile/nested-forms.pdf"))
        scratch.write("a/nested.pdf", hostile)
        let export = scratch.write("orders.csv", "posting_number,status,invoice_file\n0100000001-0001-1,awaiting_packaging,nested.pdf\n")
        var options = ExportAudit.Options(attachments: scratch.path("a"), today: Samples.today)
        options.pdfBudget = Self.budget
        let report = try await ExportAudit(options: options, tool: ReportTool(version: "test")).run(export: export)
        let findings = report.postings.first?.findings ?? []
        #expect(findings.map(\.code) == [.attachmentUnreadable])
        #expect(findings.first?.message.contains("nested.pdf") == true)
    }
}
