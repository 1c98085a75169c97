import FakturaTestSupport
import Findings
import Foundation
import Testing
@testable import ERPAudit
@testable import Validate

/// The committed sample of the corpus of invoices Faktura did not draw (tools/corpus: nine
/// engines, four languages and their pairs, every number format, planted defects), audited
/// against its export and compared with the ground truth the generator wrote.
@Suite("Invoices the world prints: the corpus sample audited against its truth")
struct WorldSampleTests {
    static let folder = "world"

    /// One line of truth.jsonl (tools/corpus/README.md).
    struct Truth: Decodable {
        var posting: String
        var engine: String
        var language: String
        var scan: Bool
        var defect: String
        var expected_code: String?
    }

    static func truths() throws -> [Truth] {
        let text = try String(contentsOf: try Samples.fixture("\(folder)/truth.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Truth.self, from: Data($0.utf8)) }
    }

    /// What the audit got wrong for one posting, or nil when it got it right: a clean invoice
    /// must raise no error; a planted defect must raise an error with its expected code.
    static func verdict(_ truth: Truth, _ report: AuditReport) -> String? {
        guard let result = report.postings.first(where: { $0.postingNumber == truth.posting }) else {
            return "\(truth.posting) (\(truth.engine), \(truth.language)): not in the report"
        }
        let errors = result.findings.filter { $0.severity == .error }
        let described = errors.map { "\($0.code.rawValue) [\($0.field ?? "")]: \($0.message)" }.joined(separator: "; ")
        if let code = truth.expected_code {
            if errors.contains(where: { $0.code.rawValue == code }) { return nil }
            return "\(truth.posting) (\(truth.engine), \(truth.language), defect \(truth.defect)): no \(code) among [\(described)]"
        }
        return errors.isEmpty ? nil : "\(truth.posting) (\(truth.engine), \(truth.language), clean): \(described)"
    }

    /// The postings the reader still gets wrong (docs/third-party-pdfs.md, "What is still read
    /// wrong"): the test fails when one of them is fixed (take it off) or another one breaks.
    /// (Empty since the direct reader gives poppler's words: 3000010095-0006-1, xhtml2pdf with
    /// shuffled columns, lost its HS column to cells the direct reader glued.)
    static let knownWrong: [String: String] = [:]

    @Test func everyCleanTextInvoicePassesAndEveryPlantedDefectIsFoundWithItsCode() async throws {
        let export = try Samples.fixture("\(Self.folder)/orders.csv")
        let report = try await AuditFixtures.audit(export, attachments: export.deletingLastPathComponent())
        let truths = try Self.truths().filter { !$0.scan }
        #expect(truths.count >= 35)
        #expect(Set(truths.map(\.engine)).count == 9)
        var wrong: [String: String] = [:]
        for truth in truths {
            if let verdict = Self.verdict(truth, report) { wrong[truth.posting] = verdict }
        }
        let unexpected = wrong.filter { Self.knownWrong[$0.key] == nil }.values.sorted()
        let fixed = Self.knownWrong.keys.filter { wrong[$0] == nil }.sorted()
        #expect(unexpected.isEmpty, "\(unexpected.count) of \(truths.count) postings audited wrongly:\n\(unexpected.joined(separator: "\n"))")
        #expect(fixed.isEmpty, "now audited right, take them off knownWrong: \(fixed)")
        // All 39 text invoices right (34 before columns were checked against the order, rows
        // against themselves and line counts against the total, 38 while the direct reader glued
        // xhtml2pdf's cells; main before issue 22's reader: see tools/corpus/README.md).
        #expect(truths.count - wrong.count >= 39)
        // A page with one labelled total names it; one with several (a VAT total, the amount
        // due) says none of them is the order's, not "the total is A, B".
        func totalMessage(_ posting: String) -> String? {
            report.postings.first { $0.postingNumber == posting }?.findings
                .first { $0.code == .attachmentTotalMismatch && !$0.message.contains("VAT") }?.message
        }
        #expect(totalMessage("3000010183-0026-1") == "the PDF's total is 281909.00, the order's 281908.00")
        #expect(totalMessage("3000010163-0026-3") == "none of the totals the PDF labels as such (4631284.01, 25696009.32) is the order's 25695009.32")
    }

    @Test func validateOfAnotherToolsPDFNamesAWrongRateAMalformedHSCodeAndABadCheckCharacter() throws {
        // tools/corpus/validate_fixture.py: reportlab, 20.11.2026, VAT 20 % on line 1, HS code
        // 851713000 (nine digits), seller USCC 9135020070KE5N3PLD (its check character is C).
        let url = try Samples.fixture("\(Self.folder)/validate-wrong-rate-hs-uscc.pdf")
        let report = InvoiceValidator(today: Samples.today).validate(fileAt: url)
        let errors = report.findings.filter { $0.severity == .error }
        let rate = try #require(errors.first { $0.code == .vatRateInvalid })
        #expect(rate.message.contains("20%") && rate.message.contains("2026-11-20"))
        let hs = try #require(errors.first { $0.code == .hsCodeFormat })
        #expect(hs.message.contains("851713000") && hs.field == "table row 1 hs_code")
        let uscc = try #require(errors.first { $0.code == .taxIdChecksum })
        #expect(uscc.message.contains("9135020070KE5N3PLD"))
        // The second line (22 %, a 10-digit code) and the arithmetic are right: nothing else is an error.
        #expect(Set(errors.map(\.code)) == [.vatRateInvalid, .hsCodeFormat, .taxIdChecksum])
    }
}
