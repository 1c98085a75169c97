import Foundation
import InvoiceModel
import Findings
import Validate

/// The order data of a posting, checked by the same rules as an invoice: the posting is
/// turned into an ``Invoice`` view and the rules that fit export data run on it (tax ids by
/// scheme, HS code format and table, currency, dates, quantities, prices, VAT rates, origin).
/// Rules about facts an export does not carry (party names, addresses, units) are not run.
struct OrderChecks: Sendable {
    let validator: InvoiceValidator

    /// The parsed order: its invoice view, its total and the findings parsing it gave.
    struct Order: Sendable {
        var invoice: Invoice
        /// `invoice_total`, else Σ quantity × unit_price; nil when neither can be computed.
        var total: Decimal?
        /// Lines whose quantity, price or VAT rate could not be parsed (already reported).
        var unparsed: Set<Int>
        var findings: [Finding]
    }

    /// Rules that fit an export row, and when each applies.
    private static let rulesByPresence: [(rule: InvoiceRule, applies: @Sendable (ExportPosting) -> Bool)] = [
        (.rule(.numberOzon), { !$0[.invoiceNumber].isEmpty }),
        (.rule(.dateNotFuture), { !$0[.invoiceDate].isEmpty || !$0[.orderDate].isEmpty }),
        (.rule(.currencyISO), { !$0[.currency].isEmpty }),
        (.rule(.taxIDValid), { !$0[.sellerTaxId].isEmpty || !$0[.buyerINN].isEmpty || !$0[.buyerKPP].isEmpty }),
        (.rule(.quantityPositive), { _ in true }),
        (.rule(.priceNonNegative), { _ in true }),
        (.rule(.hsCodeFormat), { $0.lines.contains { !$0.hsCode.isEmpty } }),
        (.rule(.hsCodeKnown), { $0.lines.contains { !$0.hsCode.isEmpty } }),
        (.rule(.originCountry), { $0.lines.contains { !$0.originCountry.isEmpty } }),
        (.rule(.vatRateInForce), { $0.lines.contains { !$0.vatRate.isEmpty } }),
    ]

    /// Rules that judge the invoice date; without a date they are not run.
    private static let dateRules: Set<RuleID> = [.dateNotFuture, .vatRateInForce]

    /// Where a rule's invoice field is in the export.
    private static let columnOfLineField: [String: ExportColumn] = [
        "hsCode": .hsCode, "quantity": .quantity, "price": .unitPrice, "vatRate": .vatRate,
        "originCountry": .originCountry, "name": .productName,
    ]

    func check(_ posting: ExportPosting) -> Order {
        var findings: [Finding] = []
        if OzonLimits.hasOrderNumberShape(posting.postingNumber) {
            findings.append(Finding(code: .postingNumberFormat, field: .column(.postingNumber),
                                    key: "order.postingLooksLikeOrder", ["posting": .data(posting.postingNumber)]))
        }
        var unparsed: Set<Int> = []
        var lines: [InvoiceLine] = []
        var total = Decimal(0)
        var totalKnown = true
        for (index, row) in posting.lines.enumerated() {
            let quantity = DecimalText.parse(row.quantity)
            let price = DecimalText.parse(row.unitPrice)
            // An export without quantities or prices simply does not carry them (the order
            // total then comes from invoice_total only); a value that is there must parse.
            if quantity == nil {
                unparsed.insert(index)
                if !row.quantity.isEmpty {
                    findings.append(Finding(code: .quantityInvalid, field: .line(row.line, .quantity),
                                            key: "order.quantityNotNumber", ["value": .data(row.quantity)]))
                }
            }
            if price == nil {
                unparsed.insert(index)
                if !row.unitPrice.isEmpty {
                    findings.append(Finding(code: .priceInvalid, field: .line(row.line, .unitPrice),
                                            key: "order.priceNotDecimal", ["value": .data(row.unitPrice)]))
                }
            }
            var rate = VATRate.none
            if !row.vatRate.isEmpty {
                if let parsed = VATRate(text: row.vatRate) {
                    rate = parsed
                } else {
                    findings.append(Finding(code: .vatRateInvalid, field: .line(row.line, .vatRate),
                                            key: "order.notVATRate", ["value": .data(row.vatRate)]))
                }
            }
            if let quantity, let price { total += quantity * price } else { totalKnown = false }
            lines.append(InvoiceLine(sku: row.sku.isEmpty ? nil : row.sku, offerId: row.offerId.isEmpty ? nil : row.offerId,
                                     name: row.productName, hsCode: row.hsCode.isEmpty ? nil : row.hsCode,
                                     quantity: quantity ?? 1, price: price ?? 0, vatRate: rate,
                                     originCountry: row.originCountry.isEmpty ? nil : row.originCountry))
        }
        var date = LocalDate(year: 2000, month: 1, day: 1)!
        var dateKnown = false
        for column in [ExportColumn.invoiceDate, .orderDate] where !posting[column].isEmpty {
            if let parsed = Self.date(posting[column]) {
                date = parsed
                dateKnown = true
                break
            }
            findings.append(Finding(code: .dateInvalid, field: .column(column),
                                    key: "order.notDate", ["value": .data(posting[column])]))
        }
        var sellerIds: [TaxID] = []
        if !posting[.sellerTaxId].isEmpty {
            sellerIds.append(TaxID(scheme: Self.scheme(for: posting[.sellerTaxId]), value: posting[.sellerTaxId]))
        }
        var buyerIds: [TaxID] = []
        if !posting[.buyerINN].isEmpty { buyerIds.append(TaxID(scheme: RU.INN.name, value: posting[.buyerINN])) }
        if !posting[.buyerKPP].isEmpty { buyerIds.append(TaxID(scheme: RU.KPP.name, value: posting[.buyerKPP])) }
        let invoice = Invoice(
            number: posting[.invoiceNumber].isEmpty ? posting.postingNumber : posting[.invoiceNumber],
            date: date, currency: posting[.currency].isEmpty ? "RUB" : posting[.currency], jurisdiction: "RU",
            pricesIncludeVat: true,
            order: OrderReference(marketplace: "ozon", orderNumber: posting[.orderNumber].isEmpty ? nil : posting[.orderNumber],
                                  postingNumber: posting.postingNumber),
            seller: Party(name: "seller", taxIds: sellerIds), buyer: Party(name: "buyer", country: "RU", taxIds: buyerIds),
            lines: lines)

        var declaredTotal: Decimal?
        if !posting[.invoiceTotal].isEmpty {
            declaredTotal = DecimalText.parse(posting[.invoiceTotal])
            if declaredTotal == nil {
                findings.append(Finding(code: .totalMismatch, field: .column(.invoiceTotal),
                                        key: "order.totalNotDecimal", ["value": .data(posting[.invoiceTotal])]))
            }
        }

        // The rules, on the invoice view; their fields are translated to the export's.
        let context = RuleContext(invoice: invoice, profile: .ozonCrossborder, calculation: invoice.calculate(),
                                  today: validator.today(for: invoice), hsTable: validator.hsTable, rates: validator.rates)
        var ruleFindings: [Finding] = []
        // Without a date, neither "in the future" nor "rate in force on that day" can be judged.
        for (rule, applies) in Self.rulesByPresence where applies(posting) && (dateKnown || !Self.dateRules.contains(rule.id)) {
            rule.check(context, &ruleFindings)
        }
        for finding in ruleFindings {
            guard let translated = translate(finding, posting: posting, unparsed: unparsed) else { continue }
            findings.append(translated)
        }
        return Order(invoice: invoice, total: declaredTotal ?? (totalKnown && !lines.isEmpty ? total : nil),
                     unparsed: unparsed, findings: findings)
    }

    /// `lines[2].hsCode` → `line 17 hs_code`; nil for findings about values the export did not
    /// give (a VAT rate left empty) or already reported as unparseable.
    private func translate(_ finding: Finding, posting: ExportPosting, unparsed: Set<Int>) -> Finding? {
        var finding = finding
        guard let field = finding.field else { return finding }
        let steps = field.components
        switch (steps.first, steps.dropFirst().first) {
        case (.key("lines")?, .index(let index)?) where index >= 0 && index < posting.lines.count:
            let key: String = if case .key(let key)? = steps.dropFirst(2).first { key } else { "" }
            let column = Self.columnOfLineField[key]
            if unparsed.contains(index), column == .quantity || column == .unitPrice { return nil }
            if column == .vatRate, posting.lines[index].vatRate.isEmpty { return nil }
            var translated = FieldPath.line(posting.lines[index].line).key(column?.rawValue ?? key)
            if column == nil {
                // A member with no column keeps its own name and position: `markingCodes[1]`.
                for case .index(let position) in steps.dropFirst(3).prefix(while: { if case .index = $0 { true } else { false } }) {
                    translated = translated.index(position)
                }
            }
            finding.field = translated
        case (.key("number")?, nil):
            finding.field = .column(.invoiceNumber)
        case (.key("date")?, nil):
            finding.field = .column(posting[.invoiceDate].isEmpty ? .orderDate : .invoiceDate)
        case (.key("currency")?, nil):
            finding.field = .column(.currency)
        case (.key("jurisdiction")?, nil):
            return nil
        case (.key("seller")?, .key("taxIds")?):
            finding.field = .column(.sellerTaxId)
        case (.key("buyer")?, .key("taxIds")?):
            // The buyer's ids are [INN, KPP], or [KPP] alone when the export gave no INN.
            let position: Int? = if case .index(let position)? = steps.dropFirst(2).first { position } else { nil }
            let isKPP = position == 1 || (posting[.buyerINN].isEmpty && position == 0)
            finding.field = .column(isKPP ? .buyerKPP : .buyerINN)
        default:
            break
        }
        return finding
    }

    /// `2026-11-27`, also with a time after it (`2026-11-27T10:15:00Z`, Ozon's `in_process_at`).
    static func date(_ text: String) -> LocalDate? {
        if let date = LocalDate(iso: text) { return date }
        let prefix = text.prefix(10)
        guard text.count > 10, let next = text.dropFirst(10).first, next == "T" || next == " " else { return nil }
        return LocalDate(iso: String(prefix))
    }

    /// The scheme a seller's id is checked under: the one it fits, else the one whose shape it
    /// has (so a wrong check digit is reported as such), else Chinese USCC, the common case.
    /// `TaxIdentifiers.identify(value).first?.scheme` without the verdicts' messages and
    /// formatted values, which every posting would otherwise build for every scheme.
    static func scheme(for value: String) -> String {
        var checksumOnly: String?
        for scheme in TaxIdentifiers.schemes {
            do {
                _ = try scheme.validate(value)
                return scheme.name
            } catch {
                if checksumOnly == nil, error.findingCode == "TAX_ID_CHECKSUM" { checksumOnly = scheme.name }
            }
        }
        return checksumOnly ?? CN.USCC.name
    }
}
