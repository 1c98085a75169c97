import FakturaTestSupport
import Foundation
import Testing
@testable import ERPAudit
@testable import PDFReading

/// The switches that were environment variables are options now: the CLI sets them from
/// `FAKTURA_AUDIT_DIRECT` and `FAKTURA_PDF_DIRECT`; the code under them reads no environment.
@Suite("Audit and reader options")
struct ReaderAndAuditOptionTests {
    /// Spooling every row and checking after reading gives the report of checking while reading.
    @Test func checkingAfterReadingGivesTheReportOfCheckingWhileReading() async throws {
        let url = try ERPExportTests.fixture("orders-canonical.csv")
        var options = ExportAudit.Options(jobs: 1, today: ERPExportTests.today)
        #expect(options.checksPostingsWhileReading)
        let whileReading = try await ExportAudit(options: options).run(export: url)
        options.checksPostingsWhileReading = false
        let afterReading = try await ExportAudit(options: options).run(export: url)
        #expect(whileReading.summary.postings > 0)
        #expect(String(decoding: afterReading.json(), as: UTF8.self) == String(decoding: whileReading.json(), as: UTF8.self))
    }

    /// Without content streams the reader answers with poppler's words: those of `PDFDocument`.
    @Test func aReaderWithoutContentStreamsAnswersWithPopplersWords() throws {
        let data = try Data(contentsOf: Samples.fixture("third-party/reportlab-ru.pdf"))
        let poppler = try PDFDocument(data: data, source: "reportlab-ru.pdf").pageTexts()
        let readout = try PDFReaderProcess.readInProcess(data, contentStreams: false)
        #expect(!poppler.isEmpty)
        #expect(readout.pages.map { $0.words.map(\.text) } == poppler.map { $0.words.map(\.text) })
    }
}
