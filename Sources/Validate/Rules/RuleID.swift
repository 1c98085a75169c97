/// The stable name of each validation rule (``InvoiceRule/id``), as `faktura validate --rules`
/// prints it. Code refers to rules by these cases, so a renamed or removed rule fails to compile
/// instead of silently dropping out of a look-up.
public enum RuleID: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case numberPresent = "number-present"
    case numberOzon = "number-ozon"
    case dateNotFuture = "date-not-future"
    case currencyISO = "currency-iso"
    case currencyOzon = "currency-ozon"
    case correctionValid = "correction-valid"
    case partyNames = "party-names"
    case partyAddresses = "party-addresses"
    case partyCountries = "party-countries"
    case taxIDValid = "tax-id-valid"
    case sellerINNKPP = "seller-inn-kpp"
    case buyerINNKPP = "buyer-inn-kpp"
    case sellerHomeTaxID = "seller-home-tax-id"
    case buyerINN = "buyer-inn"
    case linesPresent = "lines-present"
    case unitRequired = "unit-required"
    case unitOkei = "unit-okei"
    case quantityPositive = "quantity-positive"
    case priceNonNegative = "price-non-negative"
    case hsCodeRequired = "hs-code-required"
    case hsCodeFormat = "hs-code-format"
    case hsCodeKnown = "hs-code-known"
    case glyphsDrawable = "glyphs-drawable"
    case originCountry = "origin-country"
    case customsDeclarationRequired = "customs-declaration-required"
    case customsDeclarationFormat = "customs-declaration-format"
    case traceabilityFormat = "traceability-format"
    case markingCodeFormat = "marking-code-format"
    case vatRateInForce = "vat-rate-in-force"
    case lineAmounts = "line-amounts"
    case invoiceTotals = "invoice-totals"

    public var description: String { rawValue }
}
