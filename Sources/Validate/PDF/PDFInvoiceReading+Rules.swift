import Foundation
package import Findings
package import InvoiceModel

extension PDFInvoiceReading {
    private func cents(_ value: Decimal) -> Decimal { DecimalText.rounded(value, scale: 2) }

    /// Whether the goods table was read whole, or why not: every row shows its quantity (not 0)
    /// and its price or amount, no cell was left unread, and the rows add up to a total read by
    /// its label (so no row was lost over a page break or in a layout the reader did not follow).
    package var tableReadWhole: (whole: Bool, reason: MessageText?) {
        let rows = tableRows
        guard !rows.isEmpty else { return (false, MessageText("pdfText.table.notFound")) }
        if let row = rows.first(where: { $0.quantity == nil || ($0.price == nil && $0.amount == nil) }) {
            return (false, MessageText("pdfText.table.rowWithout", [
                "row": .data(String(row.index)), "what": .key(row.quantity == nil ? "pdfText.table.quantity" : "pdfText.table.priceOrAmount"),
            ]))
        }
        // No invoice line bills 0 units: such a row is the rest of another (a figure's last digit
        // cut at its cell's edge: "150" over "0"), and its zero adds nothing to the sum below.
        if let row = rows.first(where: { $0.quantity == 0 }) {
            return (false, MessageText("pdfText.table.rowZero", ["row": .data(String(row.index))]))
        }
        // A malformed HS code is reported as such; it does not make the figures uncertain.
        if let row = rows.first(where: { $0.unreadCells.contains { $0.column != .hsCode } }) {
            return (false, MessageText("pdfText.table.rowUnread", [
                "row": .data(String(row.index)), "cells": .list(row.unreadCells.map { .text($0.message) }),
            ]))
        }
        let labelled = Set(totals.map(cents))
        let gross = rows.reduce(Decimal(0)) { $0 + cents($1.amount ?? ($1.quantity! * $1.price!)) }
        let net = rows.allSatisfy { $0.net != nil } ? rows.reduce(Decimal(0)) { $0 + $1.net! } : nil
        if labelled.contains(cents(gross)) || net.map({ labelled.contains(cents($0)) }) == true {
            return (true, nil)
        }
        return (false, MessageText("pdfText.table.noTotal", ["count": .data(String(rows.count)), "sum": .data(DecimalText.format(gross, scale: 2))]))
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
        let uncertain: MessageArgument = whole.reason.map { .key("attachment.table.notWhole", ["reason": .text($0)]) } ?? .data("")
        for id in invalidTaxIds {
            findings.append(Finding(code: .taxIdChecksum, field: "taxId",
                                    key: id.scheme == CN.USCC.name ? "pdfText.checksum.uscc" : "pdfText.checksum.inn", ["value": .data(id.value)]))
        }
        for row in tableRows {
            if let text = row.malformedHSCode {
                let digits = text.filter(\.isNumber).count
                findings.append(Finding(code: .hsCodeFormat, severity: tableSeverity, field: FieldPath.label("table row \(row.index)").key("hs_code"),
                                        key: "pdfText.hsCodeFormat", ["row": .data(String(row.index)), "page": .data(String(row.page + 1)),
                                                                     "code": .data(text), "digits": .data(String(digits)), "uncertain": uncertain]))
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
                                            key: "pdfText.rateNotInForce", ["rate": .data(rate.text), "rows": .data(rowsWithRate),
                                                                            "date": .data("\(date)"), "rates": .data(inForce), "uncertain": uncertain]))
                }
            } else {
                findings.append(Finding(code: .vatRateInvalid, severity: .warning, field: "date",
                                        key: "pdfText.noDateForRates"))
            }
        }
        // Each row's arithmetic.
        let cent = Decimal(string: "0.01")!
        for row in tableRows {
            let place = "table row \(row.index) (page \(row.page + 1))"
            // The row's place and the table's doubt, with a finding's own values (built only for a finding).
            func located(_ values: [String: MessageArgument]) -> [String: MessageArgument] {
                values.merging(["row": .data(String(row.index)), "page": .data(String(row.page + 1)), "uncertain": uncertain]) { $1 }
            }
            if let quantity = row.quantity, let price = row.price, let amount = row.amount {
                let product = DecimalText.rounded(quantity * price, scale: 2)
                let agrees = abs(product - amount) <= cent || row.net.map { abs(product - $0) <= cent } == true
                if !agrees {
                    findings.append(Finding(code: .totalMismatch, severity: tableSeverity, field: FieldPath.label(place).key("amount"),
                                            key: "pdfText.rowArithmetic", located([
                                                "quantity": .data(DecimalText.canonical(quantity)), "price": .data(DecimalText.format(price, scale: 2)),
                                                "product": .data(DecimalText.format(product, scale: 2)), "amount": .data(DecimalText.format(amount, scale: 2)),
                                            ])))
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
                                            key: "pdfText.rowVAT", located([
                                                "vat": .data(DecimalText.format(vat, scale: 2)), "rate": .data(VATRate.percent(percent).text),
                                                "base": .data(DecimalText.format(base, scale: 2)), "expected": .data(DecimalText.format(expected, scale: 2)),
                                            ])))
                }
            }
        }
        return findings
    }
}
