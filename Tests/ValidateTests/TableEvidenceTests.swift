import FakturaTestSupport
import Findings
import Foundation
import InvoiceModel
import PDFReading
import Testing
@testable import ERPAudit
@testable import Validate

/// The rules that tell a wrong invoice from a misread table (docs/third-party-pdfs.md,
/// "Evidence before an error"), on synthetic rows and words.
@Suite("Evidence before an error: columns, rows and the labelled total")
struct TableEvidenceTests {
    typealias Line = InvoiceRowMatching.LineValues

    static func row(_ index: Int, quantity: Decimal?, price: Decimal?, amount: Decimal?, rate: VATRate? = nil,
                    vat: Decimal? = nil, hs: String? = nil) -> InvoiceTableRow {
        var row = InvoiceTableRow(index: index, page: 0)
        row.quantity = quantity
        row.price = price
        row.amount = amount
        row.vatRate = rate
        row.vatAmount = vat
        row.hsCode = hs
        return row
    }

    static let lines = [Line(quantity: 2, price: 100, rate: .percent(22), hsCode: "8517130000"),
                        Line(quantity: 1, price: 250, rate: .percent(10), hsCode: "6109100000"),
                        Line(quantity: 3, price: 40, rate: .percent(22), hsCode: "9503000090")]

    @Test func aColumnThatContradictsMostRowsIsMisreadAndOneWrongRowIsEvidence() {
        // The VAT column read where the amounts stand: every row "shows" its amount as VAT.
        let misread = zip(Self.lines, [Self.row(1, quantity: 2, price: 100, amount: 200, vat: 200),
                                       Self.row(2, quantity: 1, price: 250, amount: 250, vat: 250),
                                       Self.row(3, quantity: 3, price: 40, amount: 120, vat: 120)]).map { ($0, $1) }
        let evidence = TableColumnEvidence(misread)
        #expect(evidence.tallies[.vatAmount] == TableColumnEvidence.Tally(agree: 0, disagree: 3))
        #expect(evidence.misread(.vatAmount) != nil)
        #expect(evidence.misread(.price) == nil && evidence.misread(.quantity) == nil)
        // One row's VAT off by 10 (a wrong invoice): the column agrees elsewhere, so it is evidence.
        let oneWrong = zip(Self.lines, [Self.row(1, quantity: 2, price: 100, amount: 200, vat: Decimal(string: "36.07")! + 10),
                                        Self.row(2, quantity: 1, price: 250, amount: 250, vat: Decimal(string: "22.73")!),
                                        Self.row(3, quantity: 3, price: 40, amount: 120, vat: Decimal(string: "21.64")!)]).map { ($0, $1) }
        let single = TableColumnEvidence(oneWrong)
        #expect(single.tallies[.vatAmount] == TableColumnEvidence.Tally(agree: 2, disagree: 1))
        #expect(single.vatAmountDoubt(oneWrong[0].1) == nil)
    }

    @Test func aOneRowTableKeepsItsEvidence() {
        // One row, one wrong HS code: a column needs two contradicting rows to count as misread.
        let pairs = [(Self.lines[0], Self.row(1, quantity: 2, price: 100, amount: 200, hs: "9405400003"))]
        let evidence = TableColumnEvidence(pairs)
        #expect(evidence.misread(.hsCode) == nil)
        #expect(evidence.hsCodeDoubt("9405400003", "8517130000") == nil)
    }

    @Test func anHSColumnOfFragmentsIsMisread() {
        // Codes wrapped over two lines ("6210502" over "065"): most cells hold a fragment, one a
        // code glued from two rows' fragments. The one "code" is no evidence.
        var fragments: [(InvoiceRowMatching.LineValues, InvoiceTableRow)] = []
        for (index, line) in Self.lines.enumerated() {
            var row = Self.row(index + 1, quantity: line.quantity, price: line.price, amount: line.amount)
            if index == 0 { row.hsCode = "0658518300" } else { row.malformedHSCode = "00\(index)" }
            fragments.append((line, row))
        }
        let evidence = TableColumnEvidence(fragments)
        #expect(evidence.tallies[.hsCode] == TableColumnEvidence.Tally(agree: 0, disagree: 3))
        #expect(evidence.hsCodeDoubt("0658518300", "8517130000") != nil)
    }

    @Test func aRowThatDisagreesWithItselfIsNoEvidenceOfAnotherPrice() {
        // "133" read as the price of 133 724.00 whose last group wrapped: 3 × 133 is not the row's amount.
        let misread = Self.row(1, quantity: 3, price: 133, amount: 401172)
        #expect(TableColumnEvidence.arithmetic(misread) == false)
        let evidence = TableColumnEvidence([(Self.lines[0], misread)])
        #expect(evidence.quantityOrPriceDoubt(.price, misread) != nil)
        // A price raised by 10 with its amount (the invoice consistent with itself): evidence.
        let raised = Self.row(1, quantity: 2, price: 110, amount: 220)
        #expect(TableColumnEvidence.arithmetic(raised) == true)
        #expect(TableColumnEvidence([(Self.lines[0], raised)]).quantityOrPriceDoubt(.price, raised) == nil)
        // An amount that differs while quantity and price agree: the row disagrees with itself;
        // without a price, nothing checks it. Neither is evidence (the labelled total is compared).
        let agreeing = Self.row(1, quantity: 2, price: 100, amount: 1)
        #expect(TableColumnEvidence([(Self.lines[0], agreeing)]).amountDoubt(agreeing) != nil)
        let priceless = Self.row(1, quantity: 2, price: nil, amount: 1)
        #expect(TableColumnEvidence([(Self.lines[0], priceless)]).amountDoubt(priceless) != nil)
        // Without an amount the arithmetic cannot say.
        #expect(TableColumnEvidence.arithmetic(Self.row(1, quantity: 2, price: 110, amount: nil)) == nil)
    }

    @Test func aVATLargerThanItsAmountAndACodeCutShortAreNoEvidence() {
        let row = Self.row(1, quantity: 2, price: 100, amount: 200, vat: Decimal(string: "10036.07")!)
        #expect(TableColumnEvidence([(Self.lines[0], row)]).vatAmountDoubt(row) != nil)
        let evidence = TableColumnEvidence([])
        #expect(evidence.hsCodeDoubt("85183000", "8518300003") != nil)
        #expect(evidence.hsCodeDoubt("8518300009", "8518300003") == nil)
    }

    @Test func aFigureCutAtOneEndIsTold() {
        #expect(TableColumnEvidence.digitsCut(Decimal(string: "515.99")!, Decimal(string: "7515.99")!))
        // Digits added are no cut: 99.72 + 100 reads as 199.72.
        #expect(!TableColumnEvidence.digitsCut(4411, 411))
        #expect(!TableColumnEvidence.digitsCut(Decimal(string: "199.72")!, Decimal(string: "99.72")!))
        #expect(TableColumnEvidence.digitsCut(150, 1500))
        #expect(TableColumnEvidence.digitsCut(Decimal(string: "642840.16")!, Decimal(string: "2642840.16")!))
        // Another value of the same length, or a change in the middle, is no cut.
        #expect(!TableColumnEvidence.digitsCut(Decimal(string: "657.99")!, Decimal(string: "557.99")!))
        #expect(!TableColumnEvidence.digitsCut(4, 3))
        #expect(!TableColumnEvidence.digitsCut(Decimal(string: "1210.50")!, Decimal(string: "110.50")!))
        // A price with digits in front, in a row whose quantity was not read: the quantity ran into it.
        #expect(TableColumnEvidence.digitsInFront(4411, 411))
        #expect(!TableColumnEvidence.digitsInFront(Decimal(string: "657.99")!, Decimal(string: "557.99")!))
        let glued = Self.row(2, quantity: nil, price: 4411, amount: nil)
        let ordered = Line(quantity: 4, price: 411, rate: .percent(10))
        #expect(TableColumnEvidence([(ordered, glued)]).quantityOrPriceDoubt(.price, glued, line: ordered) != nil)
        // Where the row's own figures cannot say (no amount), a cut price is no evidence.
        let cut = Self.row(1, quantity: 2, price: Decimal(string: "7515.99")! - 7000, amount: nil)
        let line = Line(quantity: 2, price: Decimal(string: "7515.99")!, rate: .percent(22))
        #expect(TableColumnEvidence([(line, cut)]).quantityOrPriceDoubt(.price, cut, line: line) != nil)
    }

    /// A quantity that is the order's with the next cell's digits run in ("4 502,50": quantity 4,
    /// price 502.50, one cell where the price column was not found) is no evidence where its row
    /// cannot vouch for it: no price or amount beside it, or another cell left unread. Another
    /// quantity (15 for 12) stays an error, and so does a run-in one the row's figures check.
    @Test func aQuantityWithTheNextCellsDigitsRunInIsNoEvidenceWhereTheRowCannotVouchForIt() {
        #expect(TableColumnEvidence.digitsRunIn(Decimal(string: "4502.5")!, 4))
        #expect(TableColumnEvidence.digitsRunIn(20100, 100))
        #expect(!TableColumnEvidence.digitsRunIn(15, 12) && !TableColumnEvidence.digitsRunIn(4, 4) && !TableColumnEvidence.digitsRunIn(3, 35))
        let ordered = Line(quantity: 4, price: Decimal(string: "502.50")!, rate: .percent(22))
        let alone = Self.row(2, quantity: Decimal(string: "4502.5")!, price: nil, amount: nil)
        #expect(TableColumnEvidence([(ordered, alone)]).quantityOrPriceDoubt(.quantity, alone, line: ordered) != nil)
        var unread = Self.row(2, quantity: 10156, price: nil, amount: Decimal(string: "844.18")!)
        unread.unreadCells = [UnreadCell(column: .price, text: "872.99 1")]
        let tens = Line(quantity: 10, price: Decimal(string: "156872.99")!, rate: .percent(22))
        #expect(TableColumnEvidence([(tens, unread)]).quantityOrPriceDoubt(.quantity, unread, line: tens) != nil)
        // Another quantity, though nothing in the row checks it, is evidence.
        let twelve = Line(quantity: 12, price: 300, rate: .percent(22))
        let fifteen = Self.row(2, quantity: 15, price: nil, amount: nil)
        #expect(TableColumnEvidence([(twelve, fifteen)]).quantityOrPriceDoubt(.quantity, fifteen, line: twelve) == nil)
        // A run-in-looking quantity the row's price and amount agree with is the invoice's.
        let checked = Self.row(2, quantity: 45, price: Decimal(string: "502.50")!, amount: Decimal(string: "22612.50")!)
        #expect(TableColumnEvidence([(ordered, checked)]).quantityOrPriceDoubt(.quantity, checked, line: ordered) == nil)
    }

    /// A price in a row whose quantity was not read and which left a cell unread (the quantity
    /// cell "24 68 298.00 ₽" holds the real price; the price column gave the rate and VAT run
    /// together, 10149013.82) is no evidence; a row with its quantity read that adds up shows
    /// another price, evidence.
    @Test func aPriceInARowWithoutItsQuantityAndACellUnreadIsNoEvidence() {
        var row = Self.row(1, quantity: nil, price: Decimal(string: "10149013.82")!, amount: Decimal(string: "1490138.18")!)
        row.unreadCells = [UnreadCell(column: .quantity, text: "24 68 298.00 ₽")]
        let line = Line(quantity: 24, price: 68298, rate: .percent(10))
        #expect(TableColumnEvidence([(line, row)]).quantityOrPriceDoubt(.price, row, line: line) != nil)
        row.quantity = 24
        row.price = 70000
        row.amount = 1680000
        row.unreadCells = [UnreadCell(column: .net, text: "1 490 138.18 10")]
        #expect(TableColumnEvidence([(line, row)]).quantityOrPriceDoubt(.price, row, line: line) == nil)
    }

    /// A rate read beside a VAT amount that could not be read ("735 936,39 87") may be that
    /// amount's first group (`15` of `15 735 936,39`): no evidence. Beside a VAT read whole, or
    /// another cell unread, the rate shown is the invoice's.
    @Test func aRateBesideAnUnreadVATAmountIsNoEvidence() {
        var row = Self.row(3, quantity: 1500, price: Decimal(string: "58175.28")!, amount: 87262920, rate: .percent(15))
        row.unreadCells = [UnreadCell(column: .vatAmount, text: "735 936,39 87")]
        let line = Line(quantity: 1500, price: Decimal(string: "58175.28")!, rate: .percent(22))
        #expect(TableColumnEvidence([(line, row)]).rateDoubt(row) != nil)
        row.unreadCells = [UnreadCell(column: .price, text: "1 92 696,02 pcs")]
        #expect(TableColumnEvidence([(line, row)]).rateDoubt(row) == nil)
        row.unreadCells = []
        #expect(TableColumnEvidence([(line, row)]).rateDoubt(row) == nil)
    }

    @Test func aFigureCutAtAGroupMarkOrAfterItsLastDigitAndAnotherCellsFigureAreNoEvidence() {
        // `181 607,99` cut at its group space reads 181; `17428054,67` wrapped after its tenths reads 17428054.6.
        #expect(TableColumnEvidence.digitsCut(181, Decimal(string: "181607.99")!))
        #expect(TableColumnEvidence.digitsCut(Decimal(string: "17428054.6")!, Decimal(string: "17428054.67")!))
        // A VAT cut at its first group, printed a cent off the order's arithmetic (1 029 777,45 for 1029777.44).
        let cutVAT = Self.row(1, quantity: 2, price: nil, amount: nil, vat: Decimal(string: "29777.45")!)
        #expect(TableColumnEvidence([]).vatAmountDoubt(cutVAT, line: Line(quantity: 2, price: Decimal(string: "2855292")!,
                                                                         rate: .percent(22))) != nil)
        // A changed price is not a cut one.
        #expect(!TableColumnEvidence.digitsCut(186, 185))
        #expect(!TableColumnEvidence.digitsCut(Decimal(string: "97133")!, Decimal(string: "97132")!))
        // Line 1: 2 × 100.00 at 22 %, VAT 36.07 in 200.00. The rate's number or the amount without
        // VAT under the VAT heading is another cell's figure; 46.07 is another VAT.
        let evidence = TableColumnEvidence([])
        let rate = Self.row(1, quantity: 2, price: 100, amount: 200, rate: .percent(22), vat: 22)
        #expect(evidence.vatAmountDoubt(rate, line: Self.lines[0]) != nil)
        let net = Self.row(1, quantity: 2, price: 100, amount: 200, vat: Decimal(string: "163.93")!)
        #expect(evidence.vatAmountDoubt(net, line: Self.lines[0]) != nil)
        let changed = Self.row(1, quantity: 2, price: 100, amount: 200, rate: .percent(22), vat: Decimal(string: "46.07")!)
        #expect(evidence.vatAmountDoubt(changed, line: Self.lines[0]) == nil)
    }

    /// A one-line invoice whose text shows its HS code by its label, no goods table.
    static func oneLineInvoice(hsCodes: [String]) -> Data {
        var content = "BT /F1 10 Tf 14 TL 72 760 Td (Commercial invoice) Tj T* (Ozon posting: 3000000001-0001-1) Tj"
        for code in hsCodes { content += " T* (HS code: \(code)) Tj" }
        content += " T* (Total due: 451.50) Tj ET"
        return ContentStreamHostileTests.textPDF(content: content)
    }

    @Test func theOneCodeThePageShowsAndTheOrderLacksStandsForTheOneTheOrderHas() async throws {
        let scratch = ScratchFolder()
        let csv = "posting_number,status,sku,quantity,unit_price,vat_rate,hs_code,invoice_total,invoice_file\n"
            + "3000000001-0001-1,delivering,1001,1,451.50,22%,3926900002,451.50,one.pdf\n"
        let export = scratch.write("orders.csv", csv)
        func findings(_ codes: [String]) async throws -> [Finding] {
            scratch.write("pdf/one.pdf", Self.oneLineInvoice(hsCodes: codes))
            let report = try await AuditFixtures.audit(export, attachments: scratch.path("pdf"))
            return report.postings[0].findings.filter { $0.code == .attachmentHSMismatch }
        }
        // The page shows 6210500002, which the order lacks, and not the order's 3926900002.
        let wrong = try await findings(["6210500002"])
        #expect(wrong.map(\.severity) == [.error], "\(wrong)")
        #expect(wrong.first?.message.contains("6210500002") == true)
        #expect(try await findings(["3926900002"]).isEmpty)
        // Two codes the order lacks: which stands for the line is not known, a warning.
        #expect(try await findings(["6210500002", "8517130000"]).map(\.severity) == [.warning])
        // The export's code cut short (its last digits wrapped away): a warning.
        #expect(try await findings(["39269000"]).map(\.severity) == [.warning])
    }

    @Test func theLabelledTotalNamesALineLeftOutOrARowAdded() {
        // Order: 200 + 250 + 120 = 570.
        let short = LineCountEvidence(orderTotal: 570, labelledTotals: [320, Decimal(string: "57.71")!])
        #expect(short.totalWithout(250) == 320)
        #expect(short.totalWithout(120) == nil)
        #expect(short.onlyLineMissing(amounts: [200, 250, 120]) == 1)
        // Two lines of the amount the total lacks: which one is missing cannot be told.
        #expect(short.onlyLineMissing(amounts: [250, 250, 70]) == nil)
        let long = LineCountEvidence(orderTotal: 570, labelledTotals: [690])
        #expect(long.totalWith(120) == 690)
        // A PDF that shows the order's own total is no evidence of a line too many or too few.
        let both = LineCountEvidence(orderTotal: 570, labelledTotals: [570, 320])
        #expect(both.totalWithout(250) == nil)
    }

    @Test func theLabelledTotalNamesAQuantityChangedByWholeUnits() {
        // Order: 2 × 100 + 1 × 250.50 + 3 × 40 = 570.50; the PDF bills 3 × 250.50 instead of 1.
        let lines: [(quantity: Decimal?, price: Decimal?)] = [(2, 100), (1, Decimal(string: "250.50")!), (3, 40)]
        let evidence = LineCountEvidence(orderTotal: Decimal(string: "570.50")!, labelledTotals: [Decimal(string: "1071.50")!])
        let changed = evidence.onlyQuantityChanged(lines: lines, candidates: [0, 1, 2])
        #expect(changed?.line == 1 && changed?.quantity == 3)
        // A difference that two lines explain (100 = 1 × 100 = 2.5 × 40 is not whole, but 200 = 2 × 100 = 5 × 40) names none.
        let twice = LineCountEvidence(orderTotal: Decimal(string: "570.50")!, labelledTotals: [Decimal(string: "770.50")!])
        #expect(twice.onlyQuantityChanged(lines: lines, candidates: [0, 1, 2]) == nil)
        // The order's own total among the PDF's: nothing changed.
        let same = LineCountEvidence(orderTotal: Decimal(string: "570.50")!, labelledTotals: [Decimal(string: "570.50")!, Decimal(string: "1071.50")!])
        #expect(same.onlyQuantityChanged(lines: lines, candidates: [0, 1, 2]) == nil)
    }

    @Test func theVATTotalIsTheOneAmountOfAVATLineWithoutARate() {
        let reading = PDFInvoiceReading(text: """
            Итого без НДС: 1 000,00
            НДС 22%: 220,00
            Итого НДС: 64 144 233.54
            Total VAT: 667'816.95
            Итого к оплате: 1 220,00
            """)
        #expect(reading.vatTotals == [Decimal(string: "64144233.54")!, Decimal(string: "667816.95")!])
        #expect(InvoiceTextScan.namesAmountWithoutVAT("total excl. vat"))
        #expect(!InvoiceTextScan.namesAmountWithoutVAT("в том числе ндс"))
    }

    /// Words on a line at `y`, each `(text, x0)`, 6 points wide a character.
    static func words(_ y: Float, _ cells: [(String, Float)]) -> [PDFTextWord] {
        cells.flatMap { text, x0 in
            var x = x0
            return text.split(separator: " ").map { part in
                defer { x += Float(part.count) * 6 + 3 }
                return PDFTextWord(text: String(part), x0: x, y0: y, x1: x + Float(part.count) * 6, y1: y + 9)
            }
        }
    }

    @Test func aFigureWrappedAtItsGroupSpaceIsJoinedWithTheLineBelow() {
        // Price "133 724.00" in a narrow column: "133" on the row's line, "724.00" under it.
        let header = Self.words(100, [("№", 10), ("Description", 30), ("Qty", 150), ("Price", 200), ("Amount", 260)])
        let first = Self.words(112, [("1", 10), ("LED lamp", 30), ("3", 160), ("133", 210), ("401 172.00", 260)])
        let wrap = Self.words(122, [("724.00", 206)])
        let second = Self.words(134, [("2", 10), ("Phone case", 30), ("100", 154), ("932.50", 206), ("93 250.00", 260)])
        let total = Self.words(150, [("Total", 10), ("494 422.00", 260)])
        let page = PDFPageText(width: 400, height: 300, words: header + first + wrap + second + total)
        let reading = PDFInvoiceReading(pages: [page])
        #expect(reading.tableRows.count == 2)
        #expect(reading.tableRows.first?.price == Decimal(string: "133724.00"))
        // The next row's quantity 100 starts with three digits too, but its price does not carry on a cut figure.
        #expect(reading.tableRows.last?.quantity == 100)
        #expect(reading.tableRows.last?.price == Decimal(string: "932.50"))
    }
    @Test func aRateInAFigureColumnIsUnreadNotAFigure() {
        // A scan whose price OCR could not read keeps only the rate printed up against it
        // ("10%" under Price): that is no price of 10, and the row compares nothing on it.
        let header = Self.words(100, [("SKU", 10), ("Description", 80), ("Qty", 200), ("Price", 250), ("Rate", 320), ("Amount", 370)])
        let first = Self.words(112, [("1562904675", 10), ("Mug", 80), ("1", 210), ("10%", 262), ("130 424.16", 370)])
        let second = Self.words(124, [("979717254", 10), ("Cup", 80), ("2", 210), ("3 572.50", 250), ("22 %", 320), ("7 145.00", 370)])
        let page = PDFPageText(width: 500, height: 300, words: header + first + second)
        let reading = PDFInvoiceReading(pages: [page])
        #expect(reading.tableRows.count == 2)
        #expect(reading.tableRows.first?.price == nil)
        #expect(reading.tableRows.first?.unreadCells == [UnreadCell(column: .price, text: "10%")])
        #expect(reading.tableRows.last?.price == Decimal(string: "3572.50"))
        #expect(reading.tableRows.last?.unreadCells == [])
        for sign in ["％", "٪", "﹪", "‰"] {
            let other = Self.words(112, [("1562904675", 10), ("Mug", 80), ("1", 210), ("10" + sign, 262), ("130 424.16", 370)])
            let row = PDFInvoiceReading(pages: [PDFPageText(width: 500, height: 300, words: header + other + second)]).tableRows.first
            #expect(row?.price == nil, "\(sign)")
        }
    }
}
