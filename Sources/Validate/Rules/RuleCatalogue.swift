import Foundation
import InvoiceModel
import Findings

// The rule catalogue. Each rule is a row: id, profiles, codes, summary, and a small function.
// Facts the rules rest on (currencies Ozon accepts, EAEU members, ...) are tables in RuleTables.

extension InvoiceRule {
    private static let both: Set<ValidationProfile> = [.ruInvoice, .ozonCrossborder]
    private static let ru: Set<ValidationProfile> = [.ruInvoice]
    private static let ozon: Set<ValidationProfile> = [.ozonCrossborder]

    /// Every rule, in the order findings are reported.
    public static let all: [InvoiceRule] = [
        InvoiceRule(.numberPresent, both, [.numberFormat],
                    "The invoice has a number (art. 169 p. 5 sub. 1).", check: checkNumberPresent),
        InvoiceRule(.numberOzon, ozon, [.numberFormat],
                    "The number is at most \(OzonLimits.maximumNumberLength) letters and digits (separators - / _ . allowed), as Ozon accepts it.",
                    marketplace: OzonLimits.marketplace, check: checkNumberOzon),
        InvoiceRule(.dateNotFuture, both, [.dateInvalid],
                    "The invoice and its payment documents are not dated after today in the seller's time zone.",
                    check: checkDates),
        InvoiceRule(.currencyISO, both, [.currencyUnknown],
                    "The currency is an ISO 4217 code, so it has an OKV number (art. 169 p. 5 sub. 6.1).",
                    check: checkCurrencyISO),
        InvoiceRule(.currencyOzon, ozon, [.currencyUnknown],
                    "The currency is one Ozon accepts for invoices: \(OzonLimits.currencies.sorted().joined(separator: ", ")).",
                    marketplace: OzonLimits.marketplace, check: checkCurrencyOzon),
        InvoiceRule(.correctionValid, both, [.numberFormat, .dateInvalid],
                    "A correction (line 1a) has a number and a date not before the invoice's nor after today (Decree 1137).",
                    check: checkCorrection),
        InvoiceRule(.partyNames, both, [.schema],
                    "Seller and buyer have names (art. 169 p. 5 sub. 2).", check: checkPartyNames),
        InvoiceRule(.partyAddresses, ru, [.schema],
                    "Seller and buyer have addresses (art. 169 p. 5 sub. 2).", check: checkPartyAddresses),
        InvoiceRule(.partyCountries, both, [.countryUnknown],
                    "Every party country is an ISO 3166 alpha-2 code.", check: checkPartyCountries),
        InvoiceRule(.taxIDValid, both, [.taxIdFormat, .taxIdChecksum],
                    "Every tax identifier given passes its scheme's format and check digit.", check: checkTaxIDs),
        InvoiceRule(.sellerINNKPP, ru, [.taxIdMissing],
                    "A Russian seller has an INN, and a KPP when it is an organisation (art. 169 p. 5 sub. 2).",
                    check: checkRussianSellerIDs),
        InvoiceRule(.buyerINNKPP, ru, [.taxIdMissing],
                    "A Russian buyer has an INN (a private person has none: warning), and a KPP when it is an organisation.",
                    check: checkRussianBuyerIDs),
        InvoiceRule(.sellerHomeTaxID, ozon, [.schema, .taxIdMissing, .taxIdFormat],
                    "A foreign seller has the tax id of its own country (cn-uscc for CN, tr-vkn for TR, ...).",
                    check: checkSellerHomeTaxID),
        InvoiceRule(.buyerINN, ozon, [.taxIdMissing],
                    "The Russian buyer has an INN (a private person of a B2C order has none: warning).", check: checkOzonBuyerINN),
        InvoiceRule(.linesPresent, both, [.schema],
                    "The invoice has at least one line, and every line a name.", check: checkLinesPresent),
        InvoiceRule(.unitRequired, ru, [.schema],
                    "Every line has a unit of measure (art. 169 p. 5 sub. 5).", check: checkUnitRequired),
        InvoiceRule(.unitOkei, both, [.unitUnknown],
                    "Unit codes are OKEI codes.", check: checkUnitCodes),
        InvoiceRule(.quantityPositive, both, [.quantityInvalid],
                    "Quantities are positive (fractions allowed).", check: checkQuantities),
        InvoiceRule(.priceNonNegative, both, [.priceInvalid],
                    "Prices are not negative.", check: checkPrices),
        InvoiceRule(.hsCodeRequired, both, [.hsCodeMissing],
                    "Every line has an HS / TN VED code (Ozon: error; ru-invoice: warning, art. 169 p. 5 sub. 15).",
                    check: checkHSCodePresent),
        InvoiceRule(.hsCodeFormat, both, [.hsCodeFormat],
                    "HS codes are 6, 8 or 10 digits (dots, spaces ignored) of chapters 01-97 except 77.",
                    check: checkHSCodeFormat),
        InvoiceRule(.hsCodeKnown, both, [.hsCodeUnknown],
                    "With --hs-table, the first six digits of each HS code are a subheading of the table.",
                    check: checkHSCodeKnown),
        InvoiceRule(.glyphsDrawable, both, [.glyphMissing],
                    "Every character of the invoice's text is in a font the PDF embeds, so none prints as an empty box.",
                    check: checkGlyphsDrawable),
        InvoiceRule(.originCountry, both, [.countryUnknown],
                    "Countries of origin are ISO 3166 alpha-2 codes (OKSM, art. 169 p. 5 sub. 13).",
                    check: checkOriginCountries),
        InvoiceRule(.customsDeclarationRequired, ru, [.customsDeclarationMissing],
                    "Goods from outside Russia and the EAEU carry a customs declaration number (art. 169 p. 5 sub. 14).",
                    check: checkCustomsDeclarationPresent),
        InvoiceRule(.customsDeclarationFormat, both, [.customsDeclarationFormat],
                    "Customs declaration numbers are NNNNNNNN/DDMMYY/NNNNNNN[/NNN].",
                    check: checkCustomsDeclarationFormat),
        InvoiceRule(.traceabilityFormat, both, [.traceabilityFormat],
                    "Traceability: the batch number (РНПТ) is NNNNNNNN/DDMMYY/NNNNNNN/NNN, the unit an OKEI code, the quantity positive (Decree 1137, columns 11-14).",
                    check: checkTraceability),
        InvoiceRule(.markingCodeFormat, both, [.markingCodeFormat],
                    "Marking codes are GS1 DataMatrix codes: 01 + GTIN with its check digit, 21 + serial, then 91/92 after GS.",
                    check: checkMarkingCodes),
        InvoiceRule(.vatRateInForce, both, [.vatRateInvalid],
                    "Each VAT rate is in force in the jurisdiction on the invoice date (table \(VATRateTable.standardVersion)); no table: warning.",
                    check: checkVATRates),
        InvoiceRule(.lineAmounts, both, [.vatAmountMismatch, .totalMismatch],
                    "Stated line amounts and VAT agree with price x quantity and the rate (docs/invoice.md, one minor unit tolerance).",
                    check: checkLineAmounts),
        InvoiceRule(.invoiceTotals, both, [.totalMismatch],
                    "Stated totals are the sums of the rounded line figures (docs/invoice.md, one minor unit tolerance).",
                    check: checkTotals),
    ]
}

// MARK: - Tables

/// Facts the rules rest on, as data.
enum RuleTables {
    /// Ozon's currencies (``OzonLimits/currencies``) as a set.
    static let ozonCurrencies: Set<String> = Set(OzonLimits.currencies)
    /// Members of the Eurasian Economic Union: their goods move to Russia without a customs
    /// declaration, so no declaration number is required on the invoice.
    static let eaeu: Set<String> = ["RU", "BY", "KZ", "AM", "KG"]
    /// EU member states, whose sellers identify by an EU VAT number (`eu-vat`).
    static let euMembers: Set<String> = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR",
                                         "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO",
                                         "SE", "SI", "SK"]

    // Code sets for the common case: a code written exactly as the table has it is found without
    // the trimming and case folding the model's lookups do (those remain the fallback).
    static let countryCodes: Set<String> = Set(Countries.all.map(\.alpha2))
    static let currencyCodes: Set<String> = Set(Currencies.all.map(\.alpha))
    static let unitCodes: Set<String> = Set(OKEIUnits.all.map(\.code))

    static func isCountry(_ code: String) -> Bool {
        countryCodes.contains(code) || (Countries.byAlpha2(code) != nil && trimmed(code).count == 2)
    }

    static func isCurrency(_ code: String) -> Bool {
        currencyCodes.contains(code) || Currencies.byAlpha(code) != nil
    }

    static func isUnit(_ code: String) -> Bool {
        unitCodes.contains(code) || OKEIUnits.byCode(code) != nil
    }

    /// The canonical country code (`cn ` → `CN`), or nil when it is none.
    static func country(_ code: String) -> String? {
        if countryCodes.contains(code) { return code }
        return isCountry(code) ? trimmed(code).uppercased() : nil
    }

    /// The identifier schemes of a seller's home country (`CN` → `cn-uscc`).
    static func homeSchemes(of country: String) -> [any TaxIdentifierScheme.Type] {
        let key = euMembers.contains(country) ? "EU" : country
        return TaxIdentifiers.schemes.filter { $0.country == key && $0.name != RU.KPP.name }
    }
}

// MARK: - Helpers

private func isBlank(_ text: String?) -> Bool {
    guard let text else { return true }
    return text.allSatisfy { $0.isWhitespace }
}

private func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

/// `lines[index]`, the path of an invoice line.
private func linePath(_ index: Int) -> FieldPath { FieldPath.key("lines").index(index) }

/// Parties with their JSON path, for rules that look at all of them.
private func parties(_ invoice: Invoice) -> [(path: String, party: Party)] {
    var result: [(String, Party)] = [("seller", invoice.seller), ("buyer", invoice.buyer)]
    if let shipper = invoice.shipper { result.append(("shipper", shipper)) }
    if let consignee = invoice.consignee { result.append(("consignee", consignee)) }
    return result
}

/// Whether the buyer's Russian identifiers are checked: a buyer on an invoice checked here is
/// presumed to be in Russia unless its country says otherwise. (Not ``InvoiceModel/Party/isRussian``,
/// which decides a seller's rules: a buyer without country or INN may be a private person in Russia.)
private func buyerIsPresumedRussian(_ party: Party) -> Bool {
    guard let country = party.country, !isBlank(country) else { return true }
    return country == "RU" || trimmed(country).uppercased() == "RU"
}

// MARK: - Number, date, currency

private func checkNumberPresent(_ c: RuleContext, _ findings: inout [Finding]) {
    if isBlank(c.invoice.number) {
        findings.append(Finding(code: .numberFormat, field: "number", key: "number.empty"))
    }
}

private func checkNumberOzon(_ c: RuleContext, _ findings: inout [Finding]) {
    let number = c.invoice.number
    guard !isBlank(number) else { return }
    // The same judgement as OzonLimits.numberProblems, each problem a catalogue text.
    if number.count > OzonLimits.maximumNumberLength {
        findings.append(Finding(code: .numberFormat, field: "number", key: "number.tooLong",
                                ["number": .data(number), "count": .data(String(number.count)),
                                 "maximum": .data(String(OzonLimits.maximumNumberLength))]))
    }
    let bad = Set(number.filter { !($0.isLetter || $0.isNumber || OzonLimits.numberSeparators.contains($0)) })
    if !bad.isEmpty {
        let quoted = bad.filter { $0 != " " }.map { "'\($0)'" }.sorted().map(MessageArgument.data)
        let shown = quoted + (bad.contains(" ") ? [.key("word.space")] : [])
        findings.append(Finding(code: .numberFormat, field: "number", key: "number.characters",
                                ["number": .data(number), "characters": .list(shown)]))
    }
}

private func checkDates(_ c: RuleContext, _ findings: inout [Finding]) {
    if c.invoice.date > c.today {
        findings.append(Finding(code: .dateInvalid, field: "date",
                                key: "date.future", ["date": "\(c.invoice.date)", "today": "\(c.today)"]))
    }
    for (index, document) in c.invoice.paymentDocuments.enumerated() {
        if let date = document.date, date > c.today {
            findings.append(Finding(code: .dateInvalid, field: FieldPath.key("paymentDocuments").index(index).key("date"),
                                    key: "date.paymentFuture", ["date": "\(date)", "today": "\(c.today)"]))
        }
    }
}

private func checkCorrection(_ c: RuleContext, _ findings: inout [Finding]) {
    guard let correction = c.invoice.correction else { return }
    if isBlank(correction.number) {
        findings.append(Finding(code: .numberFormat, field: "correction.number",
                                key: "correction.noNumber"))
    }
    guard let date = correction.date else {
        findings.append(Finding(code: .dateInvalid, field: "correction.date",
                                key: "correction.noDate"))
        return
    }
    if date < c.invoice.date {
        findings.append(Finding(code: .dateInvalid, field: "correction.date",
                                key: "correction.beforeInvoice", ["date": "\(date)", "invoiceDate": "\(c.invoice.date)"]))
    } else if date > c.today {
        findings.append(Finding(code: .dateInvalid, field: "correction.date",
                                key: "correction.future", ["date": "\(date)", "today": "\(c.today)"]))
    }
}

private func checkCurrencyISO(_ c: RuleContext, _ findings: inout [Finding]) {
    if !RuleTables.isCurrency(c.invoice.currency) {
        findings.append(Finding(code: .currencyUnknown, field: "currency",
                                key: "currency.notISO", ["currency": .data(c.invoice.currency)]))
    }
}

private func checkCurrencyOzon(_ c: RuleContext, _ findings: inout [Finding]) {
    if RuleTables.ozonCurrencies.contains(c.invoice.currency) { return }
    guard let currency = Currencies.byAlpha(c.invoice.currency) else { return }
    if !RuleTables.ozonCurrencies.contains(currency.alpha) {
        findings.append(Finding(code: .currencyUnknown, field: "currency",
                                key: "currency.ozon", ["currency": .data(currency.alpha),
                                                       "currencies": .data(OzonLimits.currencies.sorted().joined(separator: ", "))]))
    }
}

// MARK: - Parties

private func checkPartyNames(_ c: RuleContext, _ findings: inout [Finding]) {
    for (path, party) in parties(c.invoice) where isBlank(party.name) {
        findings.append(Finding(code: .schema, field: FieldPath.key(path).key("name"), key: "party.nameEmpty", ["party": .key("party.\(path)")]))
    }
}

private func checkPartyAddresses(_ c: RuleContext, _ findings: inout [Finding]) {
    for (path, party) in [("seller", c.invoice.seller), ("buyer", c.invoice.buyer)] where isBlank(party.address) {
        findings.append(Finding(code: .schema, field: FieldPath.key(path).key("address"),
                                key: "party.addressMissing", ["party": .key("party.\(path)")]))
    }
}

private func checkPartyCountries(_ c: RuleContext, _ findings: inout [Finding]) {
    for (path, party) in parties(c.invoice) {
        guard let country = party.country, !isBlank(country) else { continue }
        if !RuleTables.isCountry(country) {
            findings.append(Finding(code: .countryUnknown, field: FieldPath.key(path).key("country"),
                                    key: "country.notISO", ["country": .data(country)]))
        }
    }
}

private func checkTaxIDs(_ c: RuleContext, _ findings: inout [Finding]) {
    for (path, party) in parties(c.invoice) {
        for (index, id) in party.taxIds.enumerated() {
            // Built only for a finding: most identifiers are valid.
            var field: FieldPath { FieldPath.key(path).key("taxIds").index(index) }
            guard let scheme = TaxIdentifiers.scheme(named: id.scheme) else {
                let known = TaxIdentifiers.schemes.map { $0.name }.joined(separator: ", ")
                findings.append(Finding(code: .taxIdFormat, severity: .warning, field: field.key("scheme"),
                                        key: "taxId.unknownScheme", ["scheme": .data(id.scheme), "value": .data(id.value),
                                                                     "schemes": .data(known)]))
                continue
            }
            do {
                _ = try scheme.validate(id.value)
            } catch {
                let code: FindingCode = error.findingCode == FindingCode.taxIdChecksum.rawValue ? .taxIdChecksum : .taxIdFormat
                findings.append(Finding(code: code, field: field.key("value"), key: "taxId.invalid",
                                        ["party": .key("party.\(path)"), "scheme": .data(id.scheme), "value": .data(id.value),
                                         "problem": .key(error.messageKey, ["englishDetail": .data(error.description)])]))
            }
        }
    }
}

private func checkRussianSellerIDs(_ c: RuleContext, _ findings: inout [Finding]) {
    let seller = c.invoice.seller
    guard let inn = seller.taxID(RU.INN.name) else {
        findings.append(Finding(code: .taxIdMissing, field: "seller.taxIds",
                                key: "taxId.sellerNoINN"))
        return
    }
    if RU.INN.isOrganisation(inn), seller.taxID(RU.KPP.name) == nil {
        findings.append(Finding(code: .taxIdMissing, field: "seller.taxIds",
                                key: "taxId.noKPP", ["party": .key("party.seller"), "inn": .data(inn)]))
    }
}

private func checkRussianBuyerIDs(_ c: RuleContext, _ findings: inout [Finding]) {
    let buyer = c.invoice.buyer
    guard buyerIsPresumedRussian(buyer) else { return }
    guard let inn = buyer.taxID(RU.INN.name) else {
        if buyer.taxID(RU.KPP.name) != nil {
            findings.append(Finding(code: .taxIdMissing, field: "buyer.taxIds",
                                    key: "taxId.buyerKPPNoINN"))
        } else {
            findings.append(Finding(code: .taxIdMissing, severity: .warning, field: "buyer.taxIds",
                                    key: "taxId.buyerNoINN"))
        }
        return
    }
    if RU.INN.isOrganisation(inn), buyer.taxID(RU.KPP.name) == nil {
        findings.append(Finding(code: .taxIdMissing, field: "buyer.taxIds",
                                key: "taxId.noKPP", ["party": .key("party.buyer"), "inn": .data(inn)]))
    }
}

private func checkSellerHomeTaxID(_ c: RuleContext, _ findings: inout [Finding]) {
    let seller = c.invoice.seller
    guard let rawCountry = seller.country, !isBlank(rawCountry) else {
        findings.append(Finding(code: .schema, field: "seller.country",
                                key: "party.sellerCountryMissing"))
        return
    }
    guard let country = RuleTables.country(rawCountry) else { return }  // party-countries reports it
    let schemes = RuleTables.homeSchemes(of: country)
    if schemes.isEmpty {
        if seller.taxIds.isEmpty {
            findings.append(Finding(code: .taxIdMissing, field: "seller.taxIds",
                                    key: "taxId.sellerNoHomeID", ["country": .data(country)]))
        } else {
            findings.append(Finding(code: .taxIdFormat, severity: .info, field: "seller.taxIds",
                                    key: "taxId.noCheckForCountry", ["country": .data(country)]))
        }
        return
    }
    let names = schemes.map { $0.name }
    if !seller.taxIds.contains(where: { names.contains($0.scheme.lowercased()) }) {
        let has = seller.taxIds.map(\.scheme)
        findings.append(Finding(code: .taxIdMissing, field: "seller.taxIds",
                                key: has.isEmpty ? "taxId.sellerHomeMissing" : "taxId.sellerHomeMissingHas",
                                ["country": .data(country), "schemes": .alternatives(names.map(MessageArgument.data)),
                                 "has": .data(has.joined(separator: ", "))]))
    }
}

/// A cross-border order on Ozon is mostly B2C: the buyer is a private person in Russia, who has
/// no INN to give, so its absence is a warning as under `ru-invoice`; a buyer with a KPP is an
/// organisation and must have its INN.
private func checkOzonBuyerINN(_ c: RuleContext, _ findings: inout [Finding]) {
    let buyer = c.invoice.buyer
    guard buyerIsPresumedRussian(buyer), buyer.taxID(RU.INN.name) == nil else { return }
    if buyer.taxID(RU.KPP.name) != nil {
        findings.append(Finding(code: .taxIdMissing, field: "buyer.taxIds",
                                key: "taxId.buyerKPPWithoutINN"))
    } else {
        findings.append(Finding(code: .taxIdMissing, severity: .warning, field: "buyer.taxIds",
                                key: "taxId.russianBuyerNoINN"))
    }
}

// MARK: - Lines

private func checkLinesPresent(_ c: RuleContext, _ findings: inout [Finding]) {
    if c.invoice.lines.isEmpty {
        findings.append(Finding(code: .schema, field: "lines", key: "lines.none"))
    }
    for (index, line) in c.invoice.lines.enumerated() where isBlank(line.name) {
        findings.append(Finding(code: .schema, field: linePath(index).key("name"), key: "line.noName"))
    }
}

private func checkUnitRequired(_ c: RuleContext, _ findings: inout [Finding]) {
    for (index, line) in c.invoice.lines.enumerated() where line.unit == nil || isBlank(line.unit?.code) {
        findings.append(Finding(code: .schema, field: linePath(index).key("unit"),
                                key: "line.noUnit"))
    }
}

private func checkUnitCodes(_ c: RuleContext, _ findings: inout [Finding]) {
    for (index, line) in c.invoice.lines.enumerated() {
        guard let code = line.unit?.code, !isBlank(code) else { continue }
        if !RuleTables.isUnit(code) {
            findings.append(Finding(code: .unitUnknown, field: linePath(index).key("unit").key("code"),
                                    key: "unit.unknown", ["unit": .data(code)]))
        }
    }
}

private func checkQuantities(_ c: RuleContext, _ findings: inout [Finding]) {
    for (index, line) in c.invoice.lines.enumerated() where line.quantity <= 0 {
        findings.append(Finding(code: .quantityInvalid, field: linePath(index).key("quantity"),
                                key: "line.quantityNotPositive", ["quantity": .data(DecimalText.canonical(line.quantity))]))
    }
}

private func checkPrices(_ c: RuleContext, _ findings: inout [Finding]) {
    for (index, line) in c.invoice.lines.enumerated() where line.price < 0 {
        findings.append(Finding(code: .priceInvalid, field: linePath(index).key("price"),
                                key: "line.priceNegative", ["price": .data(DecimalText.canonical(line.price))]))
    }
}

private func checkHSCodePresent(_ c: RuleContext, _ findings: inout [Finding]) {
    let severity: Severity = c.profile == .ozonCrossborder ? .error : .warning
    for (index, line) in c.invoice.lines.enumerated() where isBlank(line.hsCode) {
        findings.append(Finding(code: .hsCodeMissing, severity: severity, field: linePath(index).key("hsCode"),
                                key: "hs.missing", ["name": .data(line.name)]))
    }
}

private func checkHSCodeFormat(_ c: RuleContext, _ findings: inout [Finding]) {
    for (index, line) in c.invoice.lines.enumerated() {
        guard let code = line.hsCode, !isBlank(code) else { continue }
        do {
            _ = try HSCode.parse(code)
        } catch {
            findings.append(Finding(code: .hsCodeFormat, field: linePath(index).key("hsCode"), key: "hs.invalid",
                                    ["code": .data(code), "problem": error.messageArgument]))
        }
    }
}

private func checkHSCodeKnown(_ c: RuleContext, _ findings: inout [Finding]) {
    guard let table = c.hsTable else { return }
    for (index, line) in c.invoice.lines.enumerated() {
        guard let raw = line.hsCode, let code = try? HSCode.parse(raw) else { continue }
        if !table.contains(subheading: code.subheading) {
            findings.append(Finding(code: .hsCodeUnknown, field: linePath(index).key("hsCode"),
                                    key: "hs.unknown", ["subheading": .data(code.subheading), "code": .data(raw),
                                                        "table": .data(table.source)]))
        }
    }
}

private func checkGlyphsDrawable(_ c: RuleContext, _ findings: inout [Finding]) {
    findings += GlyphCoverage.uncovered(in: c.invoice).map(Finding.glyphMissing)
}

private func checkOriginCountries(_ c: RuleContext, _ findings: inout [Finding]) {
    for (index, line) in c.invoice.lines.enumerated() {
        guard let country = line.originCountry, !isBlank(country) else { continue }
        if !RuleTables.isCountry(country) {
            findings.append(Finding(code: .countryUnknown, field: linePath(index).key("originCountry"),
                                    key: "country.notISO", ["country": .data(country)]))
        }
    }
}

private func checkCustomsDeclarationPresent(_ c: RuleContext, _ findings: inout [Finding]) {
    for (index, line) in c.invoice.lines.enumerated() {
        guard let origin = line.originCountry, let country = RuleTables.country(origin) else { continue }
        if !RuleTables.eaeu.contains(country), isBlank(line.customsDeclaration) {
            findings.append(Finding(code: .customsDeclarationMissing, field: linePath(index).key("customsDeclaration"),
                                    key: "customs.missing", ["country": .data(country)]))
        }
    }
}

private func checkCustomsDeclarationFormat(_ c: RuleContext, _ findings: inout [Finding]) {
    // Lines of one shipment usually share a declaration: each distinct number is parsed once.
    var verdicts: [String: CustomsDeclarationError?] = [:]
    for (index, line) in c.invoice.lines.enumerated() {
        guard let number = line.customsDeclaration, !isBlank(number) else { continue }
        let verdict: CustomsDeclarationError?
        if let known = verdicts[number] {
            verdict = known
        } else {
            do {
                _ = try CustomsDeclarationNumber.parse(number)
                verdict = nil
            } catch {
                verdict = error
            }
            verdicts[number] = verdict
        }
        if let verdict {
            findings.append(Finding(code: .customsDeclarationFormat, field: linePath(index).key("customsDeclaration"),
                                    key: "customs.invalid", ["number": .data(number), "problem": verdict.messageArgument]))
        }
    }
}

private func checkTraceability(_ c: RuleContext, _ findings: inout [Finding]) {
    for (index, line) in c.invoice.lines.enumerated() {
        guard let trace = line.traceability else { continue }
        let path = linePath(index).key("traceability")
        do {
            let number = try CustomsDeclarationNumber.parse(trace.batchNumber)
            if number.item == nil {
                findings.append(Finding(code: .traceabilityFormat, field: path.key("batchNumber"),
                                        message: "'\(trace.batchNumber)' lacks the item: a batch registration number (РНПТ) is NNNNNNNN/DDMMYY/NNNNNNN/NNN"))
            }
        } catch {
            findings.append(Finding(code: .traceabilityFormat, field: path.key("batchNumber"),
                                    message: "'\(trace.batchNumber)' is not a batch registration number (РНПТ, NNNNNNNN/DDMMYY/NNNNNNN/NNN): \(error.description)"))
        }
        if !RuleTables.isUnit(trace.unit.code) {
            findings.append(Finding(code: .traceabilityFormat, field: path.key("unit").key("code"),
                                    message: "'\(trace.unit.code)' is not an OKEI unit code (796 шт, 166 кг, 006 м, 112 л)"))
        }
        if trace.quantity <= 0 {
            findings.append(Finding(code: .traceabilityFormat, field: path.key("quantity"),
                                    message: "the traceability quantity \(DecimalText.canonical(trace.quantity)) is not positive"))
        }
        if let amount = trace.amountWithoutVat, amount < 0 {
            findings.append(Finding(code: .traceabilityFormat, field: path.key("amountWithoutVat"),
                                    message: "the traceability value \(DecimalText.canonical(amount)) is negative"))
        }
    }
}

private func checkMarkingCodes(_ c: RuleContext, _ findings: inout [Finding]) {
    for (index, line) in c.invoice.lines.enumerated() {
        for (position, code) in line.markingCodes.enumerated() {
            do {
                _ = try MarkingCode.parse(code)
            } catch {
                findings.append(Finding(code: .markingCodeFormat, field: linePath(index).key("markingCodes").index(position),
                                        message: "'\(code.replacingOccurrences(of: "\u{1D}", with: "<GS>"))': \(error.description)"))
            }
        }
    }
}

// MARK: - VAT and arithmetic

private func checkVATRates(_ c: RuleContext, _ findings: inout [Finding]) {
    let raw = c.invoice.jurisdiction
    let jurisdiction = raw == "RU" ? raw : trimmed(raw).uppercased()
    guard c.rates.covers(jurisdiction) else {
        findings.append(Finding(code: .vatRateInvalid, severity: .warning, field: "jurisdiction",
                                key: "vat.noTable", ["jurisdiction": .data(c.invoice.jurisdiction)]))
        return
    }
    let date = c.invoice.date
    var reported: Set<VATRate> = []
    for (index, line) in c.invoice.lines.enumerated() where !c.rates.isInForce(line.vatRate, in: jurisdiction, on: date) {
        let known = c.rates.rules(for: line.vatRate, in: jurisdiction)
        let inForce = c.rates.rates(in: jurisdiction, on: date).map(\.text).joined(separator: ", ")
        let source: MessageArgument = known.first.map { .key("vat.law", ["englishLaw": .data($0.source)]) } ?? .data("")
        let rates: MessageArgument = reported.insert(line.vatRate).inserted ? .key("vat.ratesInForce", ["rates": .data(inForce)]) : .data("")
        findings.append(Finding(code: .vatRateInvalid, field: linePath(index).key("vatRate"), key: "vat.notInForce",
                                ["rate": .data(line.vatRate.text), "jurisdiction": .data(jurisdiction), "date": "\(date)",
                                 "law": source, "ratesInForce": rates]))
    }
}

/// Whether a stated figure is further than one minor unit from the computed one.
private func differs(_ stated: Decimal, _ computed: Decimal, _ unit: Decimal) -> Bool {
    abs(stated - computed) > unit
}

private func checkLineAmounts(_ c: RuleContext, _ findings: inout [Finding]) {
    guard let calculation = c.calculation else { return }
    let unit = c.minorUnit(calculation)
    func money(_ amount: Decimal) -> String { calculation.text(amount) }
    for (index, (line, computed)) in zip(c.invoice.lines, calculation.lines).enumerated() {
        let path = linePath(index)
        if let stated = line.vatAmount {
            if let vat = computed.vatAmount {
                if differs(stated, vat, unit) {
                    findings.append(Finding(code: .vatAmountMismatch, field: path.key("vatAmount"),
                                            key: "vat.amountMismatch",
                                            ["stated": .data(money(stated)), "computed": .data(money(vat)), "rate": .data(line.vatRate.text),
                                             "base": .data(money(c.invoice.pricesIncludeVat ? computed.amountWithVat : computed.amountWithoutVat))]))
                }
            } else if stated != 0 {
                findings.append(Finding(code: .vatAmountMismatch, field: path.key("vatAmount"),
                                        key: "vat.amountWithoutRate", ["stated": .data(money(stated))]))
            }
        }
        if let stated = line.amountWithoutVat, differs(stated, computed.amountWithoutVat, unit) {
            findings.append(Finding(code: .totalMismatch, field: path.key("amountWithoutVat"),
                                    key: "line.amountWithoutVATMismatch",
                                    ["stated": .data(money(stated)), "computed": .data(money(computed.amountWithoutVat)),
                                     "price": .data(DecimalText.canonical(line.price)), "quantity": .data(DecimalText.canonical(line.quantity))]))
        }
        if let stated = line.amountWithVat, differs(stated, computed.amountWithVat, unit) {
            findings.append(Finding(code: .totalMismatch, field: path.key("amountWithVat"),
                                    key: "line.amountWithVATMismatch",
                                    ["stated": .data(money(stated)), "computed": .data(money(computed.amountWithVat)),
                                     "price": .data(DecimalText.canonical(line.price)), "quantity": .data(DecimalText.canonical(line.quantity))]))
        }
    }
}

private func checkTotals(_ c: RuleContext, _ findings: inout [Finding]) {
    guard let totals = c.invoice.totals, let calculation = c.calculation else { return }
    let unit = c.minorUnit(calculation)
    func money(_ amount: Decimal) -> String { calculation.text(amount) }
    let figures: [(String, Decimal?, Decimal)] = [
        ("amountWithoutVat", totals.amountWithoutVat, calculation.amountWithoutVat),
        ("vatAmount", totals.vatAmount, calculation.vatAmount),
        ("amountWithVat", totals.amountWithVat, calculation.amountWithVat),
    ]
    for (key, stated, computed) in figures {
        guard let stated, differs(stated, computed, unit) else { continue }
        findings.append(Finding(code: .totalMismatch, field: FieldPath.key("totals").key(key), key: "total.\(key)Mismatch",
                                ["stated": .data(money(stated)), "computed": .data(money(computed))]))
    }
}

extension IdentifierError {
    /// The catalogue key of this kind of identifier problem (the scheme's own English detail
    /// is its `englishDetail`).
    var messageKey: String {
        switch self {
        case .invalidFormat: "identifier.format"
        case .invalidLength: "identifier.length"
        case .invalidChecksum: "identifier.checksum"
        case .invalidComponent: "identifier.component"
        }
    }
}

extension HSCodeError {
    /// The problem as a catalogue text.
    var messageArgument: MessageArgument {
        switch self {
        case .empty: .key("hs.empty")
        case .invalidLength(let count): .key("hs.length", ["count": .data(String(count))])
        case .notDigits: .key("hs.notDigits")
        case .reservedChapter(let chapter): .key("hs.reservedChapter", ["chapter": .data(chapter)])
        }
    }
}

extension CustomsDeclarationError {
    /// The problem as a catalogue text.
    var messageArgument: MessageArgument {
        let form = MessageArgument.key("customs.form")
        return switch self {
        case .empty: .key("customs.empty", ["form": form])
        case .wrongPartCount(let count): .key("customs.partCount", ["count": .data(String(count)), "form": form])
        case .invalidOffice(let part): .key("customs.office", ["part": .data(part), "form": form])
        case .invalidDate(let part): .key("customs.date", ["part": .data(part), "form": form])
        case .invalidSerial(let part): .key("customs.serial", ["part": .data(part), "form": form])
        case .invalidItem(let part): .key("customs.item", ["part": .data(part), "form": form])
        }
    }
}
