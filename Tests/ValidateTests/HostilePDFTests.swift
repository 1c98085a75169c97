import FakturaTestSupport
import Foundation
import Testing
@testable import Findings
@testable import PDFReading
@testable import Validate
@testable import ERPAudit

/// PDFs crafted to make a reader run without end (Fixtures/hostile, make_hostile_pdfs.py): each
/// is read under a budget, and running out of it is a finding that names the limit that fired.
/// The wall-clock backstop is set far beyond the CPU budget, so that a loaded machine (where
/// the reader gets a small share of a core) still ends on the CPU limit, and a reader that
/// stalls instead of computing ends on the backstop, which fails these tests.
@Suite("Hostile PDFs end within their budget")
struct HostilePDFTests {
    /// One CPU second: a real invoice needs a few milliseconds. Backstop: 60 s of wall time, so
    /// a stalled reader fails on its message. (The tests' ten-minute limit is for a hang of the
    /// test itself: other suites may hold both test threads for a while.)
    static let budget = PDFReadBudget(cpuSeconds: 1, wallFactor: 60)

    /// Reads the fixture `name` once under `budget`: the limit that stopped it (nil when it was
    /// read) and the validator's findings for that outcome.
    func read(_ name: String, budget: PDFReadBudget = Self.budget) throws -> (limit: PDFReadLimit?, findings: [Finding]) {
        let data = try Data(contentsOf: try Samples.fixture("hostile/\(name)"))
        let result = Result { () throws(PDFReadError) in try PDFInvoiceReading.read(data: data, source: name, budget: budget) }
        var validator = InvoiceValidator(today: Samples.today)
        validator.pdfBudget = budget
        let findings = validator.validate(pdfReading: result, source: name).findings
        switch result {
        case .failure(.overBudget(let source, let limit)):
            #expect(source == name)
            return (limit, findings)
        case .failure(let error):
            Issue.record("\(name): expected a budget to fire, got \(error)")
            return (nil, findings)
        case .success:
            return (nil, findings)
        }
    }

    @Test(.timeLimit(.minutes(10)))
    func nestedFormXObjectsRunOutOfTheirCPUBudget() throws {
        let (limit, findings) = try read("nested-forms.pdf")
        #expect(limit == .cpuTime(seconds: 1))
        #expect(findings.map(\.code) == [.attachmentUnreadable])
        #expect(findings.first?.message.contains("1 s of CPU time") == true, "\(findings)")
    }

    @Test(.timeLimit(.minutes(10)))
    func flateBombSharedByEightPagesRunsOutOfItsCPUBudget() throws {
        let (limit, findings) = try read("flate-bomb.pdf")
        #expect(limit == .cpuTime(seconds: 1))
        #expect(findings.map(\.code) == [.attachmentUnreadable])
        #expect(findings.first?.message.contains("1 s of CPU time") == true, "\(findings)")
    }

    @Test(.timeLimit(.minutes(10)))
    func aReaderWithoutMemoryToWorkInIsNamedAsSuch() throws {
        // 8 MB of data segment cannot hold what poppler needs: the memory budget fires.
        let tiny = PDFReadBudget(cpuSeconds: 1, memoryBytes: 8 << 20, wallFactor: 60)
        let (limit, findings) = try read("nested-forms.pdf", budget: tiny)
        switch limit {
        case .readerKilled(_, let memory)?, .readerExited(_, let memory)?:
            #expect(memory == 8 << 20)
            #expect(findings.first?.message.contains("8 MB memory budget") == true, "\(findings)")
        default:
            Issue.record("expected the reader to fail for lack of memory, got \(String(describing: limit))")
        }
    }

    @Test(.timeLimit(.minutes(10)))
    func aReaderKilledOverBudgetIsReplacedForTheNextPDF() throws {
        _ = try read("nested-forms.pdf")
        let clean = try Samples.fixture("other-tool-invoice.pdf")
        let reading = try PDFInvoiceReading.read(data: try Data(contentsOf: clean), source: "other-tool-invoice.pdf", budget: Self.budget)
        #expect(reading.totals.contains(Decimal(string: "26188.34")!))
    }

    @Test(.timeLimit(.minutes(10)))
    func auditReportsTheHostilePDFAndGoesOn() async throws {
        let scratch = ScratchFolder()
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
