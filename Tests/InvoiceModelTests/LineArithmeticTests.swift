import FakturaTestSupport
import Foundation
@testable import InvoiceModel
import Testing

/// An invoice's arithmetic through the integer paths of `DecimalText` against `Decimal`'s own
/// (`LineAmounts.computedInDecimal`), on random lines and invoices: the same figures, byte for
/// byte (value, exponent and significand as `Decimal` stores them).
@Suite("Line arithmetic: the integer paths give Decimal's figures")
struct LineArithmeticTests {
    static let rates = ["0%", "5%", "7%", "10%", "12%", "18%", "20%", "22%", "9.09%", "16.67%", "0.5%",
                        "10/110", "20/120", "22/122", "none"].map { VATRate(text: $0)! }

    static func bytes(_ value: Decimal?) -> [UInt8] {
        guard let value else { return [] }
        return withUnsafeBytes(of: value) { Array($0) }
    }

    /// A decimal of up to `digits` digits with up to `fraction` of them after the point; now and
    /// then negative or zero, which the integer path must leave to `Decimal`.
    static func random(digits: Int, fraction: Int, using generator: inout SeededGenerator) -> Decimal {
        var significand: UInt64 = 0
        for _ in 0..<Int.random(in: 1...digits, using: &generator) {
            significand = significand * 10 + UInt64.random(in: 0...9, using: &generator)
        }
        let negative = Int.random(in: 0..<40, using: &generator) == 0
        return Decimal(sign: negative ? .minus : .plus, exponent: -Int.random(in: 0...fraction, using: &generator),
                       significand: Decimal(significand))
    }

    @Test func linesMatchDecimalArithmetic() {
        var generator = SeededGenerator(state: 23)
        var exact = 0
        for index in 0..<40_000 {
            let line = InvoiceLine(name: "x", quantity: Self.random(digits: 6, fraction: 3, using: &generator),
                                   price: Self.random(digits: index % 4 == 0 ? 17 : 11, fraction: 4, using: &generator),
                                   vatRate: Self.rates[index % Self.rates.count])
            let includesVat = Bool.random(using: &generator)
            let scale = [0, 2, 2, 3][index % 4]
            let reference = LineAmounts.computedInDecimal(line, pricesIncludeVat: includesVat, scale: scale)
            let computed = LineAmounts.compute(line, pricesIncludeVat: includesVat, scale: scale)
            if SmallDecimal(line.price) != nil, SmallDecimal(line.quantity) != nil, line.price > 0, line.quantity > 0 { exact += 1 }
            #expect(Self.bytes(computed.amountWithoutVat) == Self.bytes(reference.amountWithoutVat), "\(line.price) × \(line.quantity)")
            #expect(Self.bytes(computed.vatAmount) == Self.bytes(reference.vatAmount), "\(line.price) × \(line.quantity) at \(line.vatRate)")
            #expect(Self.bytes(computed.amountWithVat) == Self.bytes(reference.amountWithVat), "\(line.price) × \(line.quantity)")
        }
        // The comparison above means something only if most lines can take the integer path.
        #expect(exact > 25_000)
    }

    @Test func amountsUpToTheLargestMatch() {
        // The range the render tests print: 0.01 to 999,999,999.99, quantities 1 to 10,000.
        var generator = SeededGenerator(state: 99)
        for index in 0..<10_000 {
            let cents = UInt64.random(in: 1...99_999_999_999, using: &generator)
            let price = Decimal(sign: .plus, exponent: -2, significand: Decimal(cents))
            let quantity = Decimal(Int.random(in: 1...10_000, using: &generator))
            let line = InvoiceLine(name: "x", quantity: quantity, price: price, vatRate: Self.rates[index % Self.rates.count])
            for includesVat in [false, true] {
                let reference = LineAmounts.computedInDecimal(line, pricesIncludeVat: includesVat, scale: 2)
                let computed = LineAmounts.compute(line, pricesIncludeVat: includesVat, scale: 2)
                #expect(Self.bytes(computed.vatAmount) == Self.bytes(reference.vatAmount), "\(price) × \(quantity)")
                #expect(Self.bytes(computed.amountWithoutVat) == Self.bytes(reference.amountWithoutVat))
                #expect(Self.bytes(computed.amountWithVat) == Self.bytes(reference.amountWithVat))
            }
        }
    }

    @Test func sumsAndQuotientsMatchDecimalArithmetic() {
        var generator = SeededGenerator(state: 7)
        var zero = Decimal(0)
        for _ in 0..<20_000 {
            let a = Self.random(digits: 14, fraction: 4, using: &generator)
            let b = Self.random(digits: 8, fraction: 3, using: &generator)
            #expect(Self.bytes(DecimalText.sum(a, b)) == Self.bytes(a + b), "\(a) + \(b)")
            #expect(Self.bytes(DecimalText.sum(zero, a)) == Self.bytes(zero + a), "0 + \(a)")
            if !b.isZero {
                for scale in [0, 2] {
                    #expect(Self.bytes(DecimalText.roundedQuotient(a, b, scale: scale))
                            == Self.bytes(DecimalText.rounded(a / b, scale: scale)), "\(a) / \(b)")
                }
            }
            zero = DecimalText.rounded(Decimal(string: "0.001")!, scale: 2)
        }
    }

    @Test func halvesRoundAwayFromZeroAndWideQuotientsFallBack() {
        // 0.125 → 0.13 and 2.675 → 2.68 (half away from zero), as NSDecimalRound's .plain.
        #expect(DecimalText.roundedQuotient(DecimalText.parse("0.25")!, 2, scale: 2) == DecimalText.parse("0.13"))
        #expect(DecimalText.roundedQuotient(DecimalText.parse("5.35")!, 2, scale: 2) == DecimalText.parse("2.68"))
        #expect(DecimalText.roundedQuotient(DecimalText.parse("-5.35")!, 2, scale: 2) == DecimalText.parse("-2.68"))
        // A divisor of 10^18 or more could hide a run of nines between Foundation's two roundings:
        // no integer result, and Foundation's is returned.
        let wide = Decimal(UInt64(1_000_000_000_000_000_003))
        #expect(SmallDecimal.roundedDecimal(negative: false, numerator: 100_000_000_000_000_000, exponent: -17, divisor: 7, scale: 2)
                == DecimalText.parse("0.14"))
        #expect(SmallDecimal.roundedDecimal(negative: false, numerator: 100_000_000_000_000_000_000, exponent: -20, divisor: 7, scale: 2) == nil)
        #expect(Self.bytes(DecimalText.roundedQuotient(1, wide, scale: 2)) == Self.bytes(DecimalText.rounded(1 / wide, scale: 2)))
    }

    @Test func invoiceTotalsMatchDecimalArithmetic() {
        var generator = SeededGenerator(state: 1137)
        for index in 0..<2_000 {
            let lines = (0..<(1 + index % 7)).map { row in
                InvoiceLine(name: "x", quantity: Self.random(digits: 4, fraction: 2, using: &generator),
                            price: Self.random(digits: 9, fraction: 2, using: &generator),
                            vatRate: Self.rates[(index + row) % Self.rates.count])
            }
            let invoice = Invoice(number: "1", date: LocalDate(iso: "2026-11-27")!, currency: "RUB",
                                  pricesIncludeVat: index % 2 == 0, seller: Party(name: "S"), buyer: Party(name: "B"), lines: lines)
            let calculation = invoice.calculate()
            let reference = lines.map { LineAmounts.computedInDecimal($0, pricesIncludeVat: invoice.pricesIncludeVat, scale: 2) }
            #expect(Self.bytes(calculation.amountWithVat) == Self.bytes(reference.reduce(0) { $0 + $1.amountWithVat }))
            #expect(Self.bytes(calculation.amountWithoutVat) == Self.bytes(reference.reduce(0) { $0 + $1.amountWithoutVat }))
            #expect(Self.bytes(calculation.vatAmount) == Self.bytes(reference.reduce(0) { $0 + ($1.vatAmount ?? 0) }))
            for group in calculation.breakdown {
                let members = zip(lines, reference).filter { $0.0.vatRate == group.rate }.map(\.1)
                #expect(Self.bytes(group.amountWithVat) == Self.bytes(members.reduce(0) { $0 + $1.amountWithVat }))
                if let vat = group.vatAmount {
                    #expect(Self.bytes(vat) == Self.bytes(members.reduce(0) { $0 + ($1.vatAmount ?? 0) }))
                }
            }
        }
    }
}
