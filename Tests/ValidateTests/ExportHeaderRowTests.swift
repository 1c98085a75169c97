import Foundation
import Testing
@testable import ERPAudit

/// Rows above an export's header (a report's title, its period) are the file's title: named in
/// the report, never read as data, and the header is the first row naming the posting column.
@Suite struct ExportHeaderRowTests {
    /// Ozon's seller-centre workbook: a merged title row, the header on row 2 (openpyxl).
    @Test func ozonWorkbookHeaderUnderItsTitleIsFound() async throws {
        let url = try ERPExportTests.fixture("ozon-postings-report.xlsx")
        let mapping = ExportMapping(preset: .ozonSeller)
        let reader = try XLSXExportReader(url: url, mapping: mapping)
        #expect(reader.headerRow == ExportHeaderRow(line: 2, titleRows: [
            .init(line: 1, text: "Отчёт по отправлениям FBS за 01.11.2026 – 30.11.2026")]))
        let items = try AuditRead.all(reader)
        #expect(AuditRead.malformed(items).isEmpty)
        let records = AuditRead.records(items)
        #expect(records.map { $0[.postingNumber] } == ["0100000005-0001-1", "0100000005-0001-2", "0100000006-0001-1"])
        #expect(records.map(\.line) == [3, 4, 5])

        // The workbook and the CSV of the same report give the same verdicts.
        let summary = { (report: String) in report.split(separator: "\n").first { $0.hasPrefix("  \"summary\":") } }
        let workbook = try await ERPExportTests.report(url, mapping: mapping)
        let csv = try await ERPExportTests.report(try ERPExportTests.fixture("ozon-postings-report.csv"), mapping: mapping)
        #expect(summary(workbook) != nil)
        #expect(summary(workbook) == summary(csv))
        let report = try await ExportAudit(options: .init(mapping: mapping, jobs: 1)).run(export: url)
        #expect(report.headerRow?.line == 2)
        let json = String(decoding: report.json(), as: UTF8.self)
        #expect(json.contains(#""headerRow": {"line": 2, "titleRows": [{"line": 1, "text": "Отчёт по отправлениям FBS за 01.11.2026 – 30.11.2026"}]}"#))
        #expect(report.text().contains("Header on line 2; read as the file's title above it (not data):\n  1: Отчёт по отправлениям"))
        let decoded = try JSONDecoder().decode(AuditReport.self, from: report.json())
        #expect(decoded.headerRow == report.headerRow)
    }

    /// A title line may use another separator than the header (or none): each line's own counts.
    @Test func csvTitleLinesAboveTheHeaderAreNamedAndSkipped() throws {
        let text = "Orders export, period 2026-11\n\n\"Exported by\";\"店小秘\"\nposting_number;status;quantity\n0100000001-0001-1;delivered;2\n"
        let reader = try CSVExportReader(bytes: Array(text.utf8))
        #expect(reader.separator == ";")
        #expect(reader.headerRow == ExportHeaderRow(line: 4, titleRows: [
            .init(line: 1, text: "Orders export period 2026-11"), .init(line: 3, text: "Exported by 店小秘")]))
        let records = AuditRead.records(try AuditRead.all(reader))
        #expect(records.count == 1)
        #expect(records.first?[.postingNumber] == "0100000001-0001-1")
        #expect(records.first?.line == 5)
    }

    @Test func aHeaderOnTheFirstLineHasNoTitleRows() throws {
        let reader = try CSVExportReader(bytes: Array("posting_number,status\n0100000001-0001-1,delivered\n".utf8))
        #expect(reader.headerRow == ExportHeaderRow(line: 1))
    }

    /// Without a posting column in the first eleven non-empty rows the first row is the header,
    /// and the export is refused naming its headers — data rows are never taken for titles.
    @Test func noPostingColumnInTheFirstRowsRefusesTheExportWithTheFirstRowsHeaders() throws {
        var text = "order,state,qty\n"
        for index in 0..<20 { text += "0100000\(100 + index)-0001-1,delivered,1\n" }
        #expect(throws: ExportReadError.missingPostingColumn(file: "<bytes>", headers: ["order", "state", "qty"])) {
            _ = try CSVExportReader(bytes: Array(text.utf8))
        }
        #expect(throws: ExportReadError.missingPostingColumn(file: "<bytes>", headers: ["Report"])) {
            _ = try CSVExportReader(bytes: Array("Report\n\nfooter\n".utf8))
        }
    }

    /// The header row is the first naming the posting column even after ten title rows; an
    /// eleventh title row is too many.
    @Test func atMostTenTitleRowsAreSkipped() throws {
        let titles = (1...ExportHeader.maxTitleRows).map { "title \($0)\n" }.joined()
        let reader = try CSVExportReader(bytes: Array((titles + "posting_number\n0100000001-0001-1\n").utf8))
        #expect(reader.headerRow?.line == ExportHeader.maxTitleRows + 1)
        #expect(throws: ExportReadError.missingPostingColumn(file: "<bytes>", headers: ["title 0"])) {
            _ = try CSVExportReader(bytes: Array(("title 0\n" + titles + "posting_number\n0100000001-0001-1\n").utf8))
        }
    }
}
