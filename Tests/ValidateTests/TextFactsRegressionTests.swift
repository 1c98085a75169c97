import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
@testable import Validate

/// The facts the text scan reads do not change with its fast paths: the labels found in one
/// pass are those the per-kind label search finds, and the amounts and posting numbers found
/// in a line's bytes are those the regular expressions (still used for lines with other
/// scripts' digits) find, on thousands of repeatable random lines.
@Suite("Text facts: the byte-level scan reads what the general search reads")
struct TextFactsRegressionTests {
    @Test func lineLabelsAreTheLabelSearchOfEachKind() {
        let kinds: [(InvoiceTextLabels.Kind, LineLabels)] = [(.total, .total), (.taxId, .taxId), (.kpp, .kpp),
                                                            (.hsCode, .hsCode), (.vat, .vat), (.exempt, .exempt)]
        let words = InvoiceTextLabels.table.values.joined() + ["иннокентий", "vatican", "subtotal", "x", "合计金额", "1", ":"]
        var generator = SeededGenerator()
        for _ in 0..<3_000 {
            let line = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                words.randomElement(using: &generator)! + ["", " ", ":", "-", "я", "a"].randomElement(using: &generator)!
            }.joined()
            let labels = LineLabels(lowercasedLine: line)
            for (kind, flag) in kinds {
                #expect(labels.contains(flag) == InvoiceTextLabels.contains(line, InvoiceTextLabels.table[kind]!), "\(line) \(kind)")
            }
        }
    }

    /// Random lines of digits, separators and letters: the hand-written matchers and the
    /// regular expressions find the same amounts and posting numbers.
    @Test func amountsAndPostingsAreTheRegularExpressionsMatches() {
        let pieces = ["0", "1", "2", "5", "9", "12", "123", "1234", "0212345681", "0001", " ", "\u{00A0}", "\u{202F}",
                      ",", ".", "-", "%", "/", "a", "Я", "合", "\t", "00", "45"]
        var generator = SeededGenerator()
        for _ in 0..<20_000 {
            let line = (0..<Int.random(in: 1...16, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(InvoiceTextScan.amounts(in: line, otherDigits: false) == InvoiceTextScan.amounts(in: line, otherDigits: true), "\(line)")
            let fast = InvoiceTextScan.postings(in: line, otherDigits: false).map { "\($0.order)|\($0.suffix ?? "-")" }
            let general = InvoiceTextScan.postings(in: line, otherDigits: true).map { "\($0.order)|\($0.suffix ?? "-")" }
            #expect(fast == general, "\(line)")
        }
        #expect(InvoiceTextScan.amounts(in: "Итого: 24 691,34 и 1,234.50", otherDigits: false) == [Decimal(string: "24691.34")!, Decimal(string: "1234.5")!])
        #expect(InvoiceTextScan.postings(in: "0212345681-0001-1", otherDigits: false).first?.suffix == "-1")
    }

    /// Random lines of digits, separators, signs and letters of three scripts: the hand-written
    /// matchers and the regular expressions find the same HS-code shapes and VAT rates.
    @Test func hsCodesAndRatesAreTheRegularExpressionsMatches() {
        let pieces = ["0", "1", "2", "5", "9", "12", "123", "1234", "8517", "85171300", "8517130000", "10", "22", "122",
                      "110", " ", "  ", "\u{00A0}", "\u{202F}", "\u{2009}", "\u{3000}", ",", ".", "-", "%", "/", "a", "Z",
                      "Я", "ё", "合", "\t", "00", "13", "·", "ª", "ǅ", "ʰ", "\u{0301}"]
        var generator = SeededGenerator()
        for _ in 0..<30_000 {
            let line = (0..<Int.random(in: 1...16, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(InvoiceTextScan.hsCandidates(in: line, otherDigits: false) == InvoiceTextScan.hsCandidates(in: line, otherDigits: true),
                    "\(line)")
            #expect(InvoiceTextScan.rates(in: line, otherDigits: false) == InvoiceTextScan.rates(in: line, otherDigits: true), "\(line)")
        }
        #expect(InvoiceTextScan.hsCandidates(in: "ТН ВЭД 8517 13 000 0; 6109.10.00", otherDigits: false) == ["8517 13 000 0", "6109.10.00"])
        #expect(InvoiceTextScan.rates(in: "НДС 22 %, 10/110", otherDigits: false) == [VATRate(text: "22%")!, VATRate(text: "10/110")!])
    }
}
