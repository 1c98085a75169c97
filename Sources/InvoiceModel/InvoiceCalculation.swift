public import Foundation

/// The computed figures of one line.
public struct LineAmounts: Sendable, Hashable {
    public let amountWithoutVat: Decimal
    /// nil for lines not subject to VAT (`none`).
    public let vatAmount: Decimal?
    public let amountWithVat: Decimal
}

/// The figures of all lines sharing one VAT rate.
public struct VATBreakdown: Sendable, Hashable {
    public let rate: VATRate
    public let amountWithoutVat: Decimal
    public let vatAmount: Decimal?
    public let amountWithVat: Decimal
}

/// An invoice's amounts computed as docs/invoice.md prescribes: each line rounded half-up to the
/// currency's minor unit, totals summed from the rounded lines (as integers where they fit:
/// ``DecimalText/sum(_:_:)``, the same `Decimal`s as Foundation's `+`).
public struct InvoiceCalculation: Sendable, Hashable {
    public let lines: [LineAmounts]
    /// Grouped by rate, highest rate first, `none` last.
    public let breakdown: [VATBreakdown]
    public let amountWithoutVat: Decimal
    public let vatAmount: Decimal
    public let amountWithVat: Decimal
    /// Decimal places of the currency (2 for RUB, 0 for JPY).
    public let minorUnits: Int

    /// Formats an amount with the currency's minor units (`"180.33"`).
    public func text(_ amount: Decimal) -> String { DecimalText.format(amount, scale: minorUnits) }
}

extension Invoice {
    /// Decimal places of the invoice currency; 2 when the currency is unknown (validation reports that).
    public var minorUnits: Int { Currencies.byAlpha(currency)?.minorUnits ?? 2 }

    /// Computes every line and total from prices, quantities and rates, ignoring the
    /// amounts the invoice states (those are what validation compares against this).
    public func calculate() -> InvoiceCalculation {
        let scale = minorUnits
        let amounts = lines.map { LineAmounts.compute($0, pricesIncludeVat: pricesIncludeVat, scale: scale) }
        var groups: [VATRate: (without: Decimal, vat: Decimal, with: Decimal)] = [:]
        var order: [VATRate] = []
        for (line, amount) in zip(lines, amounts) {
            if groups[line.vatRate] == nil { order.append(line.vatRate) }
            var group = groups[line.vatRate, default: (0, 0, 0)]
            group.without = DecimalText.sum(group.without, amount.amountWithoutVat)
            group.vat = DecimalText.sum(group.vat, amount.vatAmount ?? 0)
            group.with = DecimalText.sum(group.with, amount.amountWithVat)
            groups[line.vatRate] = group
        }
        let sorted = order.sorted { $0.sortKey < $1.sortKey }
        let breakdown = sorted.map { rate -> VATBreakdown in
            let group = groups[rate]!
            return VATBreakdown(rate: rate, amountWithoutVat: group.without,
                                vatAmount: rate == .none ? nil : group.vat, amountWithVat: group.with)
        }
        return InvoiceCalculation(
            lines: amounts, breakdown: breakdown,
            amountWithoutVat: amounts.reduce(0) { DecimalText.sum($0, $1.amountWithoutVat) },
            vatAmount: amounts.reduce(0) { DecimalText.sum($0, $1.vatAmount ?? 0) },
            amountWithVat: amounts.reduce(0) { DecimalText.sum($0, $1.amountWithVat) },
            minorUnits: scale)
    }
}

extension LineAmounts {
    /// The line's figures through the integer paths of ``DecimalText`` (`roundedProduct`,
    /// `roundedVAT`, `sum`, `difference`): bit for bit ``computedInDecimal(_:pricesIncludeVat:scale:)``'s,
    /// which the tests hold them to.
    static func compute(_ line: InvoiceLine, pricesIncludeVat: Bool, scale: Int) -> LineAmounts {
        // Excise (column 6 of the счёт-фактура) is already inside the price: it is shown, not added.
        let amount = DecimalText.roundedProduct(line.price, line.quantity, scale: scale)
        switch line.vatRate {
        case .none:
            return LineAmounts(amountWithoutVat: amount, vatAmount: nil, amountWithVat: amount)
        case .calculated(let rate):
            // A calculated rate always extracts the tax from an amount that includes it.
            let vat = DecimalText.roundedVAT(of: amount, rate: rate, amountIncludesVAT: true, scale: scale)
            return LineAmounts(amountWithoutVat: DecimalText.difference(amount, vat), vatAmount: vat, amountWithVat: amount)
        case .percent(let rate) where pricesIncludeVat:
            let vat = DecimalText.roundedVAT(of: amount, rate: rate, amountIncludesVAT: true, scale: scale)
            return LineAmounts(amountWithoutVat: DecimalText.difference(amount, vat), vatAmount: vat, amountWithVat: amount)
        case .percent(let rate):
            let vat = DecimalText.roundedVAT(of: amount, rate: rate, amountIncludesVAT: false, scale: scale)
            return LineAmounts(amountWithoutVat: amount, vatAmount: vat, amountWithVat: DecimalText.sum(amount, vat))
        }
    }

    /// The line's figures in `Decimal`'s own arithmetic: the definition ``compute(_:pricesIncludeVat:scale:)`` is tested against.
    static func computedInDecimal(_ line: InvoiceLine, pricesIncludeVat: Bool, scale: Int) -> LineAmounts {
        let amount = DecimalText.rounded(line.price * line.quantity, scale: scale)
        switch line.vatRate {
        case .none:
            return LineAmounts(amountWithoutVat: amount, vatAmount: nil, amountWithVat: amount)
        case .calculated(let rate):
            let vat = DecimalText.rounded(amount * rate / (100 + rate), scale: scale)
            return LineAmounts(amountWithoutVat: amount - vat, vatAmount: vat, amountWithVat: amount)
        case .percent(let rate) where pricesIncludeVat:
            let vat = DecimalText.rounded(amount * rate / (100 + rate), scale: scale)
            return LineAmounts(amountWithoutVat: amount - vat, vatAmount: vat, amountWithVat: amount)
        case .percent(let rate):
            let vat = DecimalText.rounded(amount * rate / 100, scale: scale)
            return LineAmounts(amountWithoutVat: amount, vatAmount: vat, amountWithVat: amount + vat)
        }
    }
}
