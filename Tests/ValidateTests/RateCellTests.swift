import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
@testable import Validate

/// A rate cell is read as it was when Foundation trimmed every cell that is not the usual "10%"
/// (the reference below is that reading): for random cells of spaces, ASCII, rates and
/// scalars of every script.
@Suite("Rate cells: the byte trimming reads what Foundation's trimming read")
struct RateCellTests {
    static func reference(_ text: String) -> VATRate? {
        let digits = text.utf8.filter { $0 != 0x20 }
        if (1...2).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return VATRate(text: String(decoding: digits, as: UTF8.self) + "%")
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let rate = VATRate(text: trimmed.replacingOccurrences(of: ",", with: ".")) { return rate }
        let figure = String(trimmed.drop { !$0.isNumber }).replacingOccurrences(of: ",", with: ".")
        if !figure.isEmpty, figure != trimmed, let rate = VATRate(text: figure) { return rate }
        if InvoiceTextLabels.contains(trimmed.lowercased(), InvoiceTextLabels.exempt) { return VATRate.none }
        return nil
    }

    @Test func cellsReadAsWithFoundationTrimming() {
        let all: [Unicode.Scalar] = (0...0x10FFFF).compactMap { Unicode.Scalar($0) }
        let spaces = all.filter { $0.properties.isWhitespace || $0.properties.generalCategory == .spaceSeparator }
        let ascii = (0x09...0x7F).map { Unicode.Scalar($0)! }
        let parts = ["22", "%", " %", "10,5", "7.5%", "/", "122", "Без НДС", "без ндс", "VAT exempt", "none", "‚", "免税", "1", "0"]
        var random = SeededGenerator()
        for _ in 0..<60_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                switch Int.random(in: 0..<5, using: &random) {
                case 0: text.append(spaces.randomElement(using: &random)!)
                case 1: text.append(ascii.randomElement(using: &random)!)
                case 2, 3: text.append(contentsOf: parts.randomElement(using: &random)!.unicodeScalars)
                default: text.append(all.randomElement(using: &random)!)
                }
            }
            let cell = String(text)
            #expect(InvoiceTableReader.rate(cell) == Self.reference(cell), "\(cell.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
