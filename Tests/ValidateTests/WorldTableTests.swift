import FakturaTestSupport
import Foundation
import Testing
@testable import ERPAudit
@testable import PDFReading
@testable import Validate

/// Goods tables other engines draw that the reader once misread, each cut from a dev-set
/// invoice and drawn again by its engine (tools/corpus/table_fixtures.py): clean invoices that
/// must pass the audit, and the rows their tables must give.
@Suite("Invoices the world prints: tables the reader once misread")
struct WorldTableTests {
    static let folder = "world-tables"

    static func reading(_ posting: String) throws -> PDFInvoiceReading {
        let url = try Samples.fixture("\(folder)/pdf/\(posting).pdf")
        return PDFInvoiceReading(pages: try PDFDocument(data: try Data(contentsOf: url), source: url.lastPathComponent).pageTexts())
    }

    @Test func theCleanInvoicesPassTheAudit() async throws {
        let export = try Samples.fixture("\(Self.folder)/orders.csv")
        let report = try await AuditFixtures.audit(export, attachments: export.deletingLastPathComponent())
        #expect(report.postings.count == 3)
        for posting in report.postings {
            let errors = posting.findings.filter { $0.severity == .error }.map { "\($0.code.rawValue): \($0.message)" }
            #expect(errors.isEmpty, "\(posting.postingNumber): \(errors)")
        }
    }

    /// fpdf2 centres a row's one-line cells between the lines of its longer ones, so the row's
    /// lines stand half a line apart, and cuts figures too wide for their cells: "150" over "0",
    /// "108 965.9" over "9". The lines are one row; the cut figures read whole.
    @Test func aRowOfCentredCellsWithFiguresCutAtTheCellsEdgeReadsAsOneRow() throws {
        let reading = try Self.reading("3000010676-0035-1")
        #expect(reading.tableRows.count == 3)
        let row = try #require(reading.tableRows.first { $0.sku == "2796514148" })
        #expect(row.quantity == 1500)
        #expect(row.price == Decimal(string: "108965.99"))
        #expect(row.amount == Decimal(string: "163448985.00"))
        #expect(row.vatAmount == Decimal(string: "14858998.64"))
        #expect(row.hsCode == "8517130100")
        #expect(row.unreadCells.isEmpty)
        #expect(reading.tableReadWhole.whole)
    }

    /// fpdf2 table whose price column the reader does not find: the quantity cell takes the
    /// price's digits ("4 502,50": 4502.5 for 4) with nothing in its row to check it against. The
    /// audit names the difference as a warning that says why, not as an error.
    @Test func aQuantityWithThePricesDigitsRunInIsAWarningThatSaysWhy() async throws {
        let reading = try Self.reading("3000031432-0013-2")
        let row = try #require(reading.tableRows.first { $0.sku == "A-31432-01" })
        #expect(row.quantity == Decimal(string: "4502.5") && row.price == nil && row.amount == nil)
        let export = try Samples.fixture("\(Self.folder)/orders.csv")
        let report = try await AuditFixtures.audit(export, attachments: export.deletingLastPathComponent())
        let posting = try #require(report.postings.first { $0.postingNumber == "3000031432-0013-2" })
        let warning = try #require(posting.findings.first { $0.code == .attachmentOrderMismatch && $0.message.contains("quantity 4502.5") })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("4502.5") && warning.message.contains("no other figure to check its quantity"))
    }

    /// reportlab cell too narrow for a VAT amount: its first group stands in the rate's cell
    /// ("15" of "15 735 936,39"), the rest cannot be read. The rate 15 % is named as a warning
    /// that says why, not as an error.
    @Test func aRateBesideAVATAmountThatCouldNotBeReadIsAWarningThatSaysWhy() async throws {
        let reading = try Self.reading("3000030837-0003-2")
        let row = try #require(reading.tableRows.first { $0.quantity == 1500 && $0.price == Decimal(string: "58175.28") })
        #expect(row.vatRate == .percent(15) && row.unreadCells.contains { $0.column == .vatAmount })
        let export = try Samples.fixture("\(Self.folder)/orders.csv")
        let report = try await AuditFixtures.audit(export, attachments: export.deletingLastPathComponent())
        let posting = try #require(report.postings.first { $0.postingNumber == "3000030837-0003-2" })
        let warning = try #require(posting.findings.first { $0.code == .attachmentTotalMismatch && $0.message.contains("VAT 15%") })
        #expect(warning.severity == .warning && warning.message.contains("could not be read"))
    }

    /// The cut digits join a figure only where the row then agrees with itself, to the cent and
    /// without a third decimal: "6 292.00" and a neighbour's "5" make no price of 6 292.005.
    @Test func cutDigitsJoinAFigureOnlyWhereTheRowThenAddsUp() {
        var row = InvoiceTableRow(index: 1, page: 0)
        row.quantity = 1
        row.price = Decimal(string: "6292.005")
        row.amount = Decimal(string: "6292.00")
        #expect(InvoiceTableReader.arithmetic(row) == false)
        row.price = Decimal(string: "6292.00")
        #expect(InvoiceTableReader.arithmetic(row) == true)
        row.amount = nil
        #expect(InvoiceTableReader.arithmetic(row) == nil)
        #expect(InvoiceTableReader.isCutTail("0") && InvoiceTableReader.isCutTail("99"))
        #expect(!InvoiceTableReader.isCutTail("1234") && !InvoiceTableReader.isCutTail("5,0") && !InvoiceTableReader.isCutTail(""))
    }
}
