import FakturaTestSupport
import Findings
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
        #expect(report.postings.count == 9)
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
        #expect(warning.message.contains("4502.5 is the order's 4 with the unit price (502.50) run into it"))
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

    /// The warning the audit gives a posting's row value, found by the text of its mismatch.
    static func warning(_ posting: String, _ code: FindingCode, _ mismatch: String) async throws -> Finding {
        let export = try Samples.fixture("\(folder)/orders.csv")
        let report = try await AuditFixtures.audit(export, attachments: export.deletingLastPathComponent())
        let found = try #require(report.postings.first { $0.postingNumber == posting })
        #expect(!found.findings.contains { $0.severity == .error }, "\(found.findings.filter { $0.severity == .error }.map(\.message))")
        return try #require(found.findings.first { $0.code == code && $0.message.contains(mismatch) })
    }

    /// LibreOffice (odt) wraps the счёт-фактура's headings in narrow columns over more lines than
    /// a header is read from; the last of them ("с налогом — всего") holds a total's label. The
    /// rows below are still the table's: the columns part where they do, and the prices read right.
    ///
    /// Under the last row stands the VAT total, its figure under the name column ("其中增值税 /
    /// В том числе НДС: 1 279.56"): it ends the table and is read as the VAT total, not as the
    /// rest of the row's article.
    @Test func aHeaderWhoseLastWordsAreATotalsLabelStillPartsItsColumns() throws {
        let reading = try Self.reading("3000030530-0006-2")
        let row = try #require(reading.tableRows.first { $0.sku == "1583709774" })
        #expect(row.price == Decimal(string: "54.99"))
        #expect(row.amount == Decimal(string: "54.99"))
        #expect(reading.tableRows.allSatisfy { $0.price != 1 })
        #expect(reading.vatTotals.contains(Decimal(string: "1279.56")!))
    }

    /// xhtml2pdf: the quantity cell reads with the price run into it ("12 242 467" for 12 and
    /// 242 467). A figure that is the order's with a neighbour's figure at one end is a warning
    /// that names both, not an error.
    @Test func aQuantityWithThePriceRunInIsAWarningThatNamesBoth() async throws {
        let warning = try await Self.warning("3000040788-0013-3", .attachmentOrderMismatch, "quantity 12242467")
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("is the order's 12 with the unit price (242467.00) run into it"))
    }

    /// reportlab: the line number's digit runs into the VAT beside it ("2491.91" in row 2 for 491.91).
    @Test func aVATAmountWithTheLineNumberRunInIsAWarning() async throws {
        let warning = try await Self.warning("3000040423-0008-3", .attachmentTotalMismatch, "VAT 2491.91")
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("is the order's 491.91 with the line number (2) run into it"))
    }

    /// Typst: the quantity cell holds the line's HS code. Another cell's figure, not another quantity.
    @Test func aQuantityThatIsTheLinesHSCodeIsAWarning() async throws {
        let warning = try await Self.warning("3000041896-0010-1", .attachmentOrderMismatch, "quantity 9617000090")
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("is the row's HS code, another cell's figure read into the quantity column"))
    }

    /// fpdf2 cuts "1500" and "9 912,24" at their cells' edge, their rest on the next row's line:
    /// those lines read as rows of their own with quantity 0. No invoice line bills 0 units: the
    /// table is not read whole, so its rows and lines left over are warnings, not errors.
    @Test func aRowWithQuantityZeroLeavesTheTableNotReadWhole() async throws {
        let reading = try Self.reading("3000040910-0026-1")
        #expect(reading.tableRows.contains { $0.quantity == 0 })
        #expect(!reading.tableReadWhole.whole)
        #expect(reading.tableReadWhole.reason?.key == "pdfText.table.rowZero")
        let warning = try await Self.warning("3000040910-0026-1", .attachmentOrderMismatch, "the order 2 line(s)")
        #expect(warning.severity == .warning && warning.message.contains("shows quantity 0"))
    }

    /// xhtml2pdf: the price cell holds the net amount's figure (39 937.70 for one unit at
    /// 48 724.00 with 22 % VAT): another cell's figure, named as such, not another price.
    @Test func aPriceThatIsTheRowsAmountWithoutVATIsAWarning() async throws {
        let warning = try await Self.warning("3000041067-0021-2", .attachmentTotalMismatch, "unit price 39937.70")
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("39937.70 is the row's amount without VAT, another cell's figure read into the unit price column"))
    }

    /// Run-in and other-cell figures need four digits or more: a quantity of 13 in row 3 beside
    /// a price of 250 may be the PDF's own, a wrong one. A quantity of 0 is no line's, and a
    /// product of 0 vouches for nothing (the price then reads as a cut figure).
    @Test func shortFiguresAreNotTakenForANeighboursDigits() {
        func reason(_ argument: MessageArgument?) -> String? {
            if case .text(let text)? = argument { text.key } else { nil }
        }
        let evidence = TableColumnEvidence([])
        var row = InvoiceTableRow(index: 3, page: 0)
        row.position = 3
        row.quantity = 13
        row.price = Decimal(string: "250.00")
        row.amount = Decimal(string: "3250.00")
        let line = InvoiceRowMatching.LineValues(quantity: 1, price: Decimal(string: "250.00"), rate: .percent(22))
        #expect(reason(evidence.quantityOrPriceDoubt(.quantity, row, line: line)) == nil)
        row.quantity = 1250
        #expect(reason(evidence.quantityOrPriceDoubt(.quantity, row, line: line)) == "attachment.reason.figureRunIn")
        row.quantity = 0
        row.price = 24
        row.amount = 0
        #expect(TableColumnEvidence.arithmetic(row) == nil && InvoiceTableReader.arithmetic(row) == nil)
        #expect(reason(evidence.quantityOrPriceDoubt(.quantity, row, line: line)) == "attachment.reason.zeroQuantity")
        let cut = InvoiceRowMatching.LineValues(quantity: 1500, price: Decimal(string: "9912.24"), rate: .percent(22))
        #expect(reason(evidence.quantityOrPriceDoubt(.price, row, line: cut)) == "attachment.reason.digitsCut")
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
