public import Foundation
public import InvoiceModel

/// One validation rule: which profiles use it, which codes it can report, what it checks,
/// and the small function that checks it. The catalogue is ``InvoiceRule/all``;
/// `faktura validate --rules` prints it.
public struct InvoiceRule: Sendable, Identifiable {
    /// Stable short name, e.g. `seller-home-tax-id`.
    public let id: String
    public let profiles: Set<ValidationProfile>
    public let codes: [FindingCode]
    /// One line: what the rule checks and where the requirement comes from.
    public let summary: String
    let check: @Sendable (RuleContext, inout [Finding]) -> Void

    init(_ id: String, _ profiles: Set<ValidationProfile>, _ codes: [FindingCode], _ summary: String,
         check: @escaping @Sendable (RuleContext, inout [Finding]) -> Void) {
        self.id = id
        self.profiles = profiles
        self.codes = codes
        self.summary = summary
        self.check = check
    }

    /// The rules of one profile, in catalogue order.
    public static func rules(for profile: ValidationProfile) -> [InvoiceRule] {
        all.filter { $0.profiles.contains(profile) }
    }
}

/// What a rule sees: the invoice, its computed figures and the validator's settings.
struct RuleContext {
    let invoice: Invoice
    let profile: ValidationProfile
    let calculation: InvoiceCalculation
    /// Today in the seller's time zone.
    let today: LocalDate
    let hsTable: HSNomenclature?
    let rates: VATRateTable

    /// One minor unit of the invoice currency (0.01 for RUB): the tolerance of comparisons.
    var minorUnit: Decimal {
        var unit = Decimal(1)
        for _ in 0..<calculation.minorUnits { unit /= 10 }
        return unit
    }

    func money(_ amount: Decimal) -> String { calculation.text(amount) }
}
