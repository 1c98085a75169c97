import FakturaTestSupport
import Foundation
import Testing
@testable import Validate

/// PDFs crafted to make a reader run without end (Fixtures/hostile, make_hostile_pdfs.py): each
/// is read under a budget, and running out of it is a finding that names the limit that fired.
/// The wall-clock backstop is set far beyond the CPU budget, so that a loaded machine (where
/// the reader gets a small share of a core) still ends on the CPU limit, and a reader that
/// stalls instead of computing ends on the backstop, which fails these tests.
@Suite("Hostile PDFs end within their budget")
struct HostilePDFTests {
    /// One CPU second: a real invoice needs a few milliseconds. Backstop: 30 s of wall time.
    static let budget = PDFReadBudget(cpuSeconds: 1, wallFactor: 30)

    func findings(_ name: String) throws -> [Finding] {
        var validator = InvoiceValidator(today: Samples.today)
        validator.pdfBudget = Self.budget
        let url = try Samples.fixture("hostile/\(name)")
        return validator.validate(data: try Data(contentsOf: url), source: name).findings
    }

    /// The limit that stopped reading the fixture `name` (nil when it was read).
    func limit(_ name: String, budget: PDFReadBudget = Self.budget) throws -> PDFReadLimit? {
        let data = try Data(contentsOf: try Samples.fixture("hostile/\(name)"))
        do {
            _ = try PDFInvoiceReading.read(data: data, source: name, budget: budget)
            return nil
        } catch .overBudget(let source, let limit) {
            #expect(source == name)
            return limit
        } catch {
            Issue.record("\(name): expected a budget to fire, got \(error)")
            return nil
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func nestedFormXObjectsRunOutOfTheirCPUBudget() throws {
        #expect(try limit("nested-forms.pdf") == .cpuTime(seconds: 1))
        let findings = try findings("nested-forms.pdf")
        #expect(findings.map(\.code) == [.attachmentUnreadable])
        #expect(findings.first?.message.contains("1 s of CPU time") == true, "\(findings)")
    }

    @Test(.timeLimit(.minutes(1)))
    func flateBombSharedByEightPagesRunsOutOfItsCPUBudget() throws {
        #expect(try limit("flate-bomb.pdf") == .cpuTime(seconds: 1))
        let findings = try findings("flate-bomb.pdf")
        #expect(findings.map(\.code) == [.attachmentUnreadable])
        #expect(findings.first?.message.contains("1 s of CPU time") == true, "\(findings)")
    }

    @Test(.timeLimit(.minutes(1)))
    func aReaderWithoutMemoryToStartInIsNamedAsSuch() throws {
        // 8 MB of data segment cannot even hold the reader's runtime: the memory budget fires.
        let tiny = PDFReadBudget(cpuSeconds: 1, memoryBytes: 8 << 20, wallFactor: 30)
        let limit = try limit("nested-forms.pdf", budget: tiny)
        switch limit {
        case .readerKilled(_, let memory)?, .readerExited(_, let memory)?:
            #expect(memory == 8 << 20)
            #expect(limit?.description.contains("8 MB memory budget") == true)
        default:
            Issue.record("expected the reader to fail for lack of memory, got \(String(describing: limit))")
        }
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
