import FakturaTestSupport
import Foundation
import Testing
@testable import InvoiceModel

/// The integer paths of `DecimalText.roundedProduct`, `roundedVAT`, `sum`, `difference` and `equal` give what
/// Foundation's arithmetic gives, to the `Decimal`'s bytes (its compact form, its sign, its
/// length), for random figures of every size, sign and exponent, written compact or not.
@Suite("Decimal arithmetic: the integer paths agree with Foundation's byte for byte")
struct DecimalArithmeticTests {
    static func bytes(_ value: Decimal) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }

    /// A significand of a random number of digits (up to 64 bits), often with trailing zeros.
    static func significand(_ random: inout SeededGenerator) -> UInt64 {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return UInt64.random(in: 0...UInt64.max, using: &random)
        case 1: return UInt64.random(in: 0...9, using: &random) * [1, 10, 100, 1_000, 10_000].randomElement(using: &random)!
        default:
            let digits = Int.random(in: 1...19, using: &random)
            var value: UInt64 = 0
            for _ in 0..<digits { value = value * 10 + UInt64.random(in: 0...9, using: &random) }
            return value
        }
    }

    /// A decimal as the audit meets them (parsed, compact), or built from raw fields: trailing
    /// zeros kept in the significand, the compact flag off, a negative zero.
    static func decimal(_ random: inout SeededGenerator, exponents: ClosedRange<Int> = -8...4) -> Decimal {
        let value = significand(&random)
        let exponent = Int.random(in: exponents, using: &random)
        let negative = Int.random(in: 0..<4, using: &random) == 0
        if Bool.random(using: &random) {
            return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(value))
        }
        return SmallDecimal.write(negative: negative && value != 0, significand: value, exponent: Int8(exponent), compact: false)
    }

    /// A VAT rate: the rates in force, a random one of up to six decimals, now and then a large
    /// or negative one (the general path's).
    static func rate(_ random: inout SeededGenerator) -> Decimal {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return ["0", "5", "7", "9.09", "10", "12", "13", "16.67", "18", "20", "22", "0.5", "100"]
            .map { Decimal(string: $0)! }.randomElement(using: &random)!
        case 1: return decimal(&random, exponents: -6...3)
        default:
            let value = UInt64.random(in: 0...(Bool.random(using: &random) ? 10_000 : 2_000_000), using: &random)
            return Decimal(sign: .plus, exponent: Int.random(in: -6...2, using: &random), significand: Decimal(value))
        }
    }

    @Test func roundedProductIsFoundations() {
        var random = SeededGenerator(state: 0xDEC1)
        for _ in 0..<120_000 {
            let a = Self.decimal(&random), b = Self.decimal(&random)
            let scale = [0, 2, 2, 3, Int.random(in: 0...20, using: &random)].randomElement(using: &random)!
            let fast = DecimalText.roundedProduct(a, b, scale: scale)
            let general = DecimalText.rounded(a * b, scale: scale)
            #expect(Self.bytes(fast) == Self.bytes(general), "\(a) × \(b) to \(scale): \(fast) against \(general)")
        }
    }

    @Test func roundedVATIsFoundations() {
        var random = SeededGenerator(state: 0xDEC2)
        for _ in 0..<120_000 {
            let amount = Self.decimal(&random), rate = Self.rate(&random)
            let scale = [0, 2, 2, 3, Int.random(in: 0...20, using: &random)].randomElement(using: &random)!
            for included in [true, false] {
                let fast = DecimalText.roundedVAT(of: amount, rate: rate, amountIncludesVAT: included, scale: scale)
                let general = DecimalText.rounded(included ? amount * rate / (100 + rate) : amount * rate / 100, scale: scale)
                #expect(Self.bytes(fast) == Self.bytes(general),
                        "\(amount) at \(rate)% (included: \(included)) to \(scale): \(fast) against \(general)")
            }
        }
    }

    @Test func sumAndDifferenceAreFoundations() {
        var random = SeededGenerator(state: 0xDEC4)
        for _ in 0..<200_000 {
            let a = Self.decimal(&random, exponents: [-8...4, -2...0].randomElement(using: &random)!)
            let b = Self.decimal(&random, exponents: [-8...4, -2...0, -30...30].randomElement(using: &random)!)
            #expect(Self.bytes(DecimalText.sum(a, b)) == Self.bytes(a + b), "\(a) + \(b)")
            #expect(Self.bytes(DecimalText.difference(a, b)) == Self.bytes(a - b), "\(a) - \(b)")
        }
    }

    @Test func equalIsFoundations() {
        var random = SeededGenerator(state: 0xDEC3)
        for _ in 0..<200_000 {
            let a = Self.decimal(&random, exponents: -4...4)
            // Often the same value written otherwise (another exponent, the compact form), so that
            // both answers come up.
            let b: Decimal
            switch Int.random(in: 0..<3, using: &random) {
            case 0: b = a * 1
            case 1: b = Self.decimal(&random, exponents: -4...4)
            default: b = a + Self.decimal(&random, exponents: -2...0) * (Bool.random(using: &random) ? 0 : 1)
            }
            #expect(DecimalText.equal(a, b) == (a == b), "\(a) and \(b)")
            #expect(DecimalText.equal(b, a) == (a == b), "\(b) and \(a)")
        }
        #expect(DecimalText.equal(Decimal(string: "1.50")!, Decimal(string: "1.5")!))
        #expect(DecimalText.equal(Decimal(sign: .minus, exponent: 0, significand: 0), 0))
        #expect(!DecimalText.equal(Decimal(string: "-1.5")!, Decimal(string: "1.5")!))
        #expect(!DecimalText.equal(Decimal(string: "1.51")!, Decimal(string: "1.5")!))
    }

    @Test func integerPathsKnownFigures() {
        #expect(DecimalText.roundedProduct(Decimal(string: "3")!, Decimal(string: "129.995")!, scale: 2) == Decimal(string: "389.99")!)
        #expect(DecimalText.roundedVAT(of: 120, rate: 20, amountIncludesVAT: true, scale: 2) == 20)
        #expect(DecimalText.roundedVAT(of: Decimal(string: "100.05")!, rate: 22, amountIncludesVAT: false, scale: 2) == Decimal(string: "22.01")!)
        #expect(Self.bytes(DecimalText.roundedVAT(of: 1000, rate: Decimal(string: "9.09")!, amountIncludesVAT: true, scale: 2))
                == Self.bytes(Decimal(string: "83.33")!))
    }
}
