import Foundation
package import Findings
package import InvoiceModel

extension PDFInvoiceReading {
    private func cents(_ value: Decimal) -> Decimal { DecimalText.rounded(value, scale: 2) }

    /// Whether the goods table was read whole, or why not: every row shows its quantity and its
    /// price or amount, no cell was left unread, and the rows add up to a total read by its label
    /// (so no row was lost over a page break or in a layout the reader did not follow).
    package var tableReadWhole: (whole: Bool, reason: String?) {
        let rows = tableRows
        guard !rows.isEmpty else { return (false, "no goods table was found") }
        if let row = rows.first(where: { $0.quantity == nil || ($0.price == nil && $0.amount == nil) }) {
            return (false, "table row \(row.index) shows no \(row.quantity == nil ? "quantity" : "price or amount")")
        }
        // A malformed HS code is reported as such; it does not make the figures uncertain.
        if let row = rows.first(where: { $0.unreadCells.contains { !$0.hasPrefix("HS code") } }) {
            return (false, "table row \(row.index) holds \(row.unreadCells.joined(separator: ", ")), which could not be read")
        }
        let labelled = Set(totals.map(cents))
        let gross = rows.reduce(Decimal(0)) { $0 + cents($1.amount ?? ($1.quantity! * $1.price!)) }
        let net = rows.allSatisfy { $0.net != nil } ? rows.reduce(Decimal(0)) { $0 + $1.net! } : nil
        if labelled.contains(cents(gross)) || net.map({ labelled.contains(cents($0)) }) == true {
            return (true, nil)
        }
        return (false, "its \(rows.count) rows add up to \(DecimalText.format(gross, scale: 2)), which is no total read by its label")
    }

    /// The invoice rules that apply to what was read from another tool's PDF: the check
    /// characters of the identifiers printed by a tax-id label, the format of each HS code in
    /// the goods table, each rate against the rates in force on the invoice's date (Russian
    /// VAT, when a Russian party's INN is on the invoice), and each row's arithmetic
    /// (quantity × price, and the VAT a rate gives). Only what was read is checked: a value
    /// the reader did not find is not a finding here.
    package func ruleFindings(rates: VATRateTable = .standard) -> [Finding] {
        var findings: [Finding] = []
        // What depends on the table's columns is an error only in a table read whole; else a
        // misread column would pass for a wrong invoice.
        let whole = tableReadWhole
        let tableSeverity: Severity = whole.whole ? .error : .warning
        let uncertain = whole.reason.map { " (the table was not read whole: \($0))" } ?? ""
        for id in invalidTaxIds {
            let scheme = id.scheme == CN.USCC.name ? "USCC" : "INN"
            findings.append(Finding(code: .taxIdChecksum, field: "taxId",
                                    message: "the PDF prints \(scheme) \(id.value) by a tax-id label, and its check \(scheme == "USCC" ? "character does" : "digits do") not match: the identifier is mistyped"))
        }
        for row in tableRows {
            if let text = row.malformedHSCode {
                let digits = text.filter(\.isNumber).count
                findings.append(Finding(code: .hsCodeFormat, severity: tableSeverity, field: FieldPath.label("table row \(row.index)").key("hs_code"),
                                        message: "table row \(row.index) (page \(row.page + 1)) gives HS code `\(text)`: \(digits) digits, not the 6, 8 or 10 of an HS / TN VED code\(uncertain)"))
            }
        }
        // Rates in force on the invoice's date.
        let russian = taxIds.contains { $0.scheme == RU.INN.name }
        let shownRates = tableRows.compactMap(\.vatRate).reduce(into: [VATRate]()) { if !$0.contains($1) { $0.append($1) } }
        if russian, !shownRates.isEmpty {
            if let date {
                for rate in shownRates where !rates.isInForce(rate, in: "RU", on: date) {
                    let inForce = rates.rates(in: "RU", on: date).map(\.text).joined(separator: ", ")
                    let rowsWithRate = tableRows.filter { $0.vatRate == rate }.map { String($0.index) }.joined(separator: ", ")
                    findings.append(Finding(code: .vatRateInvalid, severity: tableSeverity, field: "vat_rate",
                                            message: "the PDF applies VAT \(rate.text) (table rows \(rowsWithRate)), not in force in RU on its date \(date); rates in force then: \(inForce)\(uncertain)"))
                }
            } else {
                findings.append(Finding(code: .vatRateInvalid, severity: .warning, field: "date",
                                        message: "no date was read from the PDF's text, so its VAT rates were not checked against the rates in force"))
            }
        }
        // Each row's arithmetic.
        let cent = Decimal(string: "0.01")!
        for row in tableRows {
            let place = "table row \(row.index) (page \(row.page + 1))"
            if let quantity = row.quantity, let price = row.price, let amount = row.amount {
                let product = DecimalText.rounded(quantity * price, scale: 2)
                let agrees = abs(product - amount) <= cent || row.net.map { abs(product - $0) <= cent } == true
                if !agrees {
                    findings.append(Finding(code: .totalMismatch, severity: tableSeverity, field: FieldPath.label(place).key("amount"),
                                            message: "\(place): quantity \(DecimalText.canonical(quantity)) × price \(DecimalText.format(price, scale: 2)) is \(DecimalText.format(product, scale: 2)), the row shows \(DecimalText.format(amount, scale: 2))\(uncertain)"))
                }
            }
            if case .percent(let percent) = row.vatRate, let vat = row.vatAmount, let base = row.amount ?? row.net {
                // From the amount with VAT (rate / (100 + rate)), or from the net amount (rate / 100).
                let fromGross = row.amount.map { DecimalText.rounded($0 * percent / (100 + percent), scale: 2) }
                let fromNet = row.net.map { DecimalText.rounded($0 * percent / 100, scale: 2) }
                let agrees = [fromGross, fromNet].compactMap { $0 }.contains { abs($0 - vat) <= cent }
                if !agrees {
                    let expected = fromGross ?? fromNet ?? base
                    findings.append(Finding(code: .vatAmountMismatch, severity: tableSeverity, field: FieldPath.label(place).key("vat_amount"),
                                            message: "\(place): VAT \(DecimalText.format(vat, scale: 2)) at \(VATRate.percent(percent).text) of \(DecimalText.format(base, scale: 2)) should be \(DecimalText.format(expected, scale: 2))\(uncertain)"))
                }
            }
        }
        return findings
    }
}
