import Foundation
public import InvoiceModel
public import Findings

/// One validation rule: which profiles use it, which codes it can report, what it checks,
/// and the small function that checks it. The catalogue is ``InvoiceRule/all``;
/// `faktura validate --rules` prints it.
public struct InvoiceRule: Sendable, Identifiable {
    /// Stable short name, e.g. `seller-home-tax-id`.
    public let id: RuleID
    public let profiles: Set<ValidationProfile>
    /// A marketplace whose orders get this rule under every profile (`ozon`: an invoice for an
    /// Ozon order must pass Ozon's limits even when it is checked as a Russian invoice).
    public let marketplace: String?
    public let codes: [FindingCode]
    /// One line: what the rule checks and where the requirement comes from.
    public let summary: String
    package let check: @Sendable (RuleContext, inout [Finding]) -> Void

    init(_ id: RuleID, _ profiles: Set<ValidationProfile>, _ codes: [FindingCode], _ summary: String,
         marketplace: String? = nil, check: @escaping @Sendable (RuleContext, inout [Finding]) -> Void) {
        self.id = id
        self.profiles = profiles
        self.marketplace = marketplace
        self.codes = codes
        self.summary = summary
        self.check = check
    }

    /// The rule with an identifier. Every ``RuleID`` has exactly one rule in ``all`` (a test
    /// holds the catalogue to that).
    public static func rule(_ id: RuleID) -> InvoiceRule {
        guard let rule = byID[id] else { preconditionFailure("rule \(id) is missing from InvoiceRule.all") }
        return rule
    }

    private static let byID: [RuleID: InvoiceRule] = Dictionary(all.map { ($0.id, $0) }) { first, _ in first }

    /// Whether the rule checks an invoice under a profile: the profile has it, or the invoice's
    /// order is on the rule's marketplace.
    public func applies(to invoice: Invoice, under profile: ValidationProfile) -> Bool {
        if profiles.contains(profile) { return true }
        guard let marketplace, let orderMarketplace = invoice.order?.marketplace else { return false }
        return marketplace == OzonLimits.marketplace ? OzonLimits.isOzon(invoice.order)
            : orderMarketplace.trimmingCharacters(in: .whitespaces).lowercased() == marketplace
    }

    /// The rules of one profile, in catalogue order.
    public static func rules(for profile: ValidationProfile) -> [InvoiceRule] {
        all.filter { $0.profiles.contains(profile) }
    }
}

/// What a rule sees: the invoice, its computed figures and the validator's settings.
package struct RuleContext {
    let invoice: Invoice
    let profile: ValidationProfile
    /// The docs/invoice.md figures; nil when the invoice states no amount, so there is nothing to compare
    /// (computing them is the costliest part of validation, so it is skipped then).
    let calculation: InvoiceCalculation?
    /// Today in the seller's time zone.
    let today: LocalDate
    let hsTable: HSNomenclature?
    let rates: VATRateTable

    package init(invoice: Invoice, profile: ValidationProfile, calculation: InvoiceCalculation?, today: LocalDate,
                 hsTable: HSNomenclature?, rates: VATRateTable) {
        self.invoice = invoice
        self.profile = profile
        self.calculation = calculation
        self.today = today
        self.hsTable = hsTable
        self.rates = rates
    }

    /// Whether the invoice states any amount (line or total) that must agree with the computation.
    static func statesAmounts(_ invoice: Invoice) -> Bool {
        invoice.totals != nil
            || invoice.lines.contains { $0.vatAmount != nil || $0.amountWithoutVat != nil || $0.amountWithVat != nil }
    }

    /// One minor unit of the invoice currency (0.01 for RUB): the tolerance of comparisons.
    func minorUnit(_ calculation: InvoiceCalculation) -> Decimal {
        Decimal(sign: .plus, exponent: -calculation.minorUnits, significand: 1)
    }
}
