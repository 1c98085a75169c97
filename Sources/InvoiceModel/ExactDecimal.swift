public import Foundation

/// A non-negative decimal `significand × 10^exponent` held in integers, for the arithmetic of
/// an invoice's lines: products, quotients and sums computed exactly and rounded half away from
/// zero to the currency's minor unit, with the same results as `Decimal` gives them.
///
/// `Decimal`'s arithmetic allocates on almost every step (its division and the trailing-zero
/// stripping after each operation work on arrays of 16-bit words): a 5-line invoice's
/// amounts took about 600 of a render's 3,300 allocations, computed once for validation and
/// once for the page. Every operation here returns nil when its result could leave the range in
/// which it provably equals `Decimal`'s (a significand beyond 64 bits, a zero, a negative
/// value); the caller then takes the `Decimal` path, so the two never disagree
/// (`ExactDecimalTests` compares them byte for byte on random amounts).
struct ExactDecimal: Equatable {
    /// Never zero, and without trailing decimal zeros (as `Decimal` keeps its results).
    private(set) var significand: UInt128
    private(set) var exponent: Int

    /// The value of a positive `Decimal` whose significand fits 64 bits.
    init?(_ value: Decimal) {
        guard let parts = SmallDecimal(value), !parts.negative, parts.significand != 0 else { return nil }
        self.init(significand: UInt128(parts.significand), exponent: parts.exponent)
    }

    /// Zero, or a significand or exponent that could take `Decimal` beyond exact results: nil.
    private init?(significand: UInt128, exponent: Int) {
        guard significand != 0, significand < Self.limit, (-60...60).contains(exponent) else { return nil }
        var significand = significand, exponent = exponent
        while significand % 10 == 0 {
            significand /= 10
            exponent += 1
        }
        self.significand = significand
        self.exponent = exponent
    }

    /// 10^36: products and aligned sums below this are exact in `Decimal`'s 38 digits.
    private static let limit: UInt128 = power(36)!

    private static func power(_ exponent: Int) -> UInt128? {
        guard (0...38).contains(exponent) else { return nil }
        var result: UInt128 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// The value as a `Decimal`, bit for bit the one `Decimal`'s own arithmetic gives (a
    /// significand without trailing zeros); nil when the significand needs more than 64 bits.
    var decimal: Decimal? {
        guard significand <= UInt128(UInt64.max) else { return nil }
        return Decimal(sign: .plus, exponent: exponent, significand: Decimal(UInt64(significand)))
    }

    static func * (left: ExactDecimal, right: ExactDecimal) -> ExactDecimal? {
        let (product, overflow) = left.significand.multipliedReportingOverflow(by: right.significand)
        guard !overflow else { return nil }
        return ExactDecimal(significand: product, exponent: left.exponent + right.exponent)
    }

    static func + (left: ExactDecimal, right: ExactDecimal) -> ExactDecimal? {
        guard let (a, b, exponent) = aligned(left, right) else { return nil }
        return ExactDecimal(significand: a + b, exponent: exponent)
    }

    /// The difference when it is positive; nil otherwise.
    static func - (left: ExactDecimal, right: ExactDecimal) -> ExactDecimal? {
        guard let (a, b, exponent) = aligned(left, right), a > b else { return nil }
        return ExactDecimal(significand: a - b, exponent: exponent)
    }

    /// Both significands at the smaller exponent.
    private static func aligned(_ left: ExactDecimal, _ right: ExactDecimal) -> (UInt128, UInt128, Int)? {
        let exponent = min(left.exponent, right.exponent)
        guard let leftScale = power(left.exponent - exponent), let rightScale = power(right.exponent - exponent) else { return nil }
        let (a, leftOverflow) = left.significand.multipliedReportingOverflow(by: leftScale)
        let (b, rightOverflow) = right.significand.multipliedReportingOverflow(by: rightScale)
        guard !leftOverflow, !rightOverflow, a < limit, b < limit else { return nil }
        return (a, b, exponent)
    }

    /// The value rounded half away from zero to `scale` decimal places.
    func rounded(scale: Int) -> ExactDecimal? {
        guard exponent < -scale else { return self }
        guard let divisor = Self.power(-scale - exponent) else { return nil }
        return Self.roundedQuotient(significand, divisor, exponent: -scale)
    }

    /// `dividend / divisor` rounded half away from zero to `scale` places.
    ///
    /// `Decimal` divides to 38 significant digits before `NSDecimalRound` rounds to `scale`; the
    /// two roundings agree with one exact rounding unless the digits between the two places are
    /// all nines (or a half followed by nines), and a fraction with a divisor below 10^18 cannot
    /// show a run of more than 18 of them. So the divisor stays below 10^18 and the quotient
    /// below 10^19 (at least 19 digits between the places); anything else is nil.
    static func quotient(_ dividend: ExactDecimal, _ divisor: ExactDecimal, scale: Int) -> ExactDecimal? {
        let shift = dividend.exponent - divisor.exponent + scale
        var numerator = dividend.significand
        var denominator = divisor.significand
        if shift >= 0 {
            guard let factor = power(shift) else { return nil }
            let (product, overflow) = numerator.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            numerator = product
        } else {
            guard let factor = power(-shift) else { return nil }
            let (product, overflow) = denominator.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            denominator = product
        }
        guard denominator < power(18)! else { return nil }
        return roundedQuotient(numerator, denominator, exponent: -scale)
    }

    /// `numerator / denominator` rounded half away from zero, as a significand at `exponent`;
    /// nil when it is zero or reaches 10^19.
    private static func roundedQuotient(_ numerator: UInt128, _ denominator: UInt128, exponent: Int) -> ExactDecimal? {
        var (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        if remainder >= denominator - remainder { quotient += 1 }
        guard quotient < power(19)! else { return nil }
        return ExactDecimal(significand: quotient, exponent: exponent)
    }
}

extension ExactDecimal {
    /// `left + right` as `Decimal` adds them, in integers when both are positive or one is zero
    /// (a sum starting from zero, a line without VAT).
    static func sum(_ left: Decimal, _ right: Decimal) -> Decimal {
        if left.isZero, ExactDecimal(right) != nil { return right }
        if right.isZero, ExactDecimal(left) != nil { return left }
        if let a = ExactDecimal(left), let b = ExactDecimal(right), let total = (a + b)?.decimal { return total }
        return left + right
    }
}

extension DecimalText {
    /// `dividend / divisor` rounded half-up (away from zero) to `scale` places: the same value
    /// and representation as `rounded(dividend / divisor, scale:)`, computed in integers when
    /// both are positive and small enough (an amount over a quantity on every line of a page).
    public static func roundedQuotient(_ dividend: Decimal, _ divisor: Decimal, scale: Int) -> Decimal {
        if let a = ExactDecimal(dividend), let b = ExactDecimal(divisor),
           let quotient = ExactDecimal.quotient(a, b, scale: scale)?.decimal {
            return quotient
        }
        return rounded(dividend / divisor, scale: scale)
    }
}
