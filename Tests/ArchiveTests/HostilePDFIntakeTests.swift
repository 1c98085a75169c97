import Archive
import FakturaTestSupport
import Foundation
import Testing
import PDFReading
import Validate

/// `archive add` reads PDFs from outside: in the budgeted reader process, never in-process. A PDF
/// that exhausts the budget (the hostile fixtures of ValidateTests) is still evidence of what
/// was uploaded: archived under `--posting`, its validation report naming the limit that fired.
@Suite("Archive intake of hostile PDFs")
struct HostilePDFIntakeTests {
    /// One CPU second (a real invoice needs milliseconds); a 60 s wall-clock backstop that a
    /// loaded machine does not reach first (and a stalled reader would, failing the test).
    static let budget = PDFReadBudget(cpuSeconds: 1, wallFactor: 60)

    var intake: ArchiveIntake {
        var validator = InvoiceValidator()
        validator.pdfBudget = Self.budget
        return ArchiveIntake(validator: validator, toolVersion: "test")
    }

    static func hostile(_ name: String) -> URL {
        CLI.repositoryRoot.appendingPathComponent("Tests/ValidateTests/Fixtures/hostile/\(name)")
    }

    static let cpuLimit = PDFReadLimit.cpuTime(seconds: 1).description

    @Test(.timeLimit(.minutes(10)), arguments: ["nested-forms.pdf", "flate-bomb.pdf"])
    func aHostilePDFIsArchivedWithTheLimitItRanInto(name: String) throws {
        let entry = try intake.submission(pdfAt: Self.hostile(name), posting: "0123456789-0009-1")
        #expect(entry.documents.map(\.kind) == [.pdf, .validationReport])
        #expect(entry.documents[0].content == (try Data(contentsOf: Self.hostile(name))))
        let findings = entry.validation?.findings ?? []
        #expect(findings.map(\.code) == [.attachmentUnreadable])
        #expect(findings.first?.message.contains(Self.cpuLimit) == true, "\(findings)")
        let report = try JSONDecoder().decode(ValidationReport.self, from: entry.documents[1].content)
        #expect(report.documents.first?.findings.first?.message.contains(Self.cpuLimit) == true)
    }

    @Test(.timeLimit(.minutes(10)))
    func withoutAPostingTheRefusalNamesTheLimit() throws {
        #expect {
            _ = try intake.submission(pdfAt: Self.hostile("nested-forms.pdf"))
        } throws: { error in
            let text = "\(error)"
            return text.contains("nested-forms.pdf") && text.contains(Self.cpuLimit) && text.contains("give --posting")
        }
    }
}
