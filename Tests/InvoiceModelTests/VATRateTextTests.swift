import FakturaTestSupport
import Foundation
import Testing
@testable import InvoiceModel

/// A rate's text is trimmed by its bytes when it is ASCII, and that trimming is Foundation's
/// `trimmingCharacters(in: .whitespaces)` for texts of every kind of space and of every script.
@Suite("VAT rate texts: the byte trimming agrees with Foundation's")
struct VATRateTextTests {
    @Test func trimmingAgreesWithFoundation() {
        let all: [Unicode.Scalar] = (0...0x10FFFF).compactMap { Unicode.Scalar($0) }
        let spaces = all.filter { $0.properties.isWhitespace || $0.properties.generalCategory == .spaceSeparator }
            + (0...0x1F).map { Unicode.Scalar($0)! }
        let ascii = (0...0x7F).map { Unicode.Scalar($0)! }
        let rates = ["22%", "22 %", "10,5%", "22/122", "none", "VAT exempt", "Без НДС", "免税", "0%"]
        var random = SeededGenerator()
        for _ in 0..<60_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                switch Int.random(in: 0..<4, using: &random) {
                case 0: text.append(spaces.randomElement(using: &random)!)
                case 1: text.append(ascii.randomElement(using: &random)!)
                case 2: text.append(contentsOf: rates.randomElement(using: &random)!.unicodeScalars)
                default: text.append(all.randomElement(using: &random)!)
                }
            }
            let line = String(text)
            #expect(VATRate.trimmingWhitespace(line) == line.trimmingCharacters(in: .whitespaces),
                    "\(line.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        for scalar in all.prefix(0x3000) {
            for line in ["\(scalar)22 %\(scalar)", " \t\(scalar)", "\(scalar)", "\t22/122 \(scalar) "] {
                #expect(VATRate.trimmingWhitespace(line) == line.trimmingCharacters(in: .whitespaces))
            }
        }
    }

    @Test func ratesReadAsBefore() {
        #expect(VATRate(text: " 22 % ") == .percent(22))
        #expect(VATRate(text: "\t10.5\t%") == .percent(Decimal(string: "10.5")!))
        #expect(VATRate(text: " 22/122\t") == .calculated(22))
        #expect(VATRate(text: "\u{00A0}Без НДС\u{3000}") == VATRate.none)
        #expect(VATRate(text: "  VAT Exempt ") == VATRate.none)
        #expect(VATRate(text: "22 %%") == nil)
        #expect(VATRate(text: " \t ") == nil)
    }
}
