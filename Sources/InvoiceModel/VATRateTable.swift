/// One VAT rate of one jurisdiction with the dates it is in force (both ends inclusive).
public struct VATRateRule: Sendable, Hashable {
    public let jurisdiction: String
    public let rate: VATRate
    public let validFrom: LocalDate?
    public let validUntil: LocalDate?
    /// The law behind the rule, shown when a rate is refused.
    public let source: String

    public func isInForce(on date: LocalDate) -> Bool {
        if let validFrom, date < validFrom { return false }
        if let validUntil, validUntil < date { return false }
        return true
    }
}

/// VAT rates as data: a new law is a row here, not a code change.
public struct VATRateTable: Sendable {
    public let rules: [VATRateRule]

    public init(rules: [VATRateRule]) { self.rules = rules }

    /// The rates in force in `jurisdiction` on `date`, in table order.
    public func rates(in jurisdiction: String, on date: LocalDate) -> [VATRate] {
        rules.filter { $0.jurisdiction == jurisdiction && $0.isInForce(on: date) }.map(\.rate)
    }

    /// Whether the table knows the jurisdiction at all (an unknown one cannot be judged).
    public func covers(_ jurisdiction: String) -> Bool {
        rules.contains { $0.jurisdiction == jurisdiction }
    }

    public func isInForce(_ rate: VATRate, in jurisdiction: String, on date: LocalDate) -> Bool {
        rules.contains { $0.jurisdiction == jurisdiction && $0.rate == rate && $0.isInForce(on: date) }
    }

    /// The rules for this rate in the jurisdiction, whatever their dates (to explain a refusal).
    public func rules(for rate: VATRate, in jurisdiction: String) -> [VATRateRule] {
        rules.filter { $0.jurisdiction == jurisdiction && $0.rate == rate }
    }

    /// The table shipped with Faktura; its version goes into every report.
    public static let standard = VATRateTable(rules: russianRules)

    /// Identifies the rule data in reports (`tool.rules`).
    public static let standardVersion = "ru-vat-2026-01-01"

    private static func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    private static let russianRules: [VATRateRule] = {
        let taxCode = "Tax Code of the Russian Federation, art. 164"
        let until2018 = day("2018-12-31"), from2019 = day("2019-01-01")
        let until2025 = day("2025-12-31"), from2025 = day("2025-01-01"), from2026 = day("2026-01-01")
        func rule(_ text: String, _ from: LocalDate?, _ until: LocalDate?, _ source: String) -> VATRateRule {
            VATRateRule(jurisdiction: "RU", rate: VATRate(text: text)!, validFrom: from, validUntil: until, source: source)
        }
        return [
            rule("0%", nil, nil, taxCode + " p. 1"),
            rule("10%", nil, nil, taxCode + " p. 2"),
            rule("10/110", nil, nil, taxCode + " p. 4"),
            rule("18%", nil, until2018, taxCode + " p. 3 (until 2018-12-31)"),
            rule("18/118", nil, until2018, taxCode + " p. 4 (until 2018-12-31)"),
            rule("20%", from2019, until2025, "Federal Law 303-FZ of 2018-08-03 (2019-01-01 .. 2025-12-31)"),
            rule("20/120", from2019, until2025, "Federal Law 303-FZ of 2018-08-03 (2019-01-01 .. 2025-12-31)"),
            rule("5%", from2025, nil, taxCode + " p. 8, simplified-tax payers (from 2025-01-01)"),
            rule("7%", from2025, nil, taxCode + " p. 8, simplified-tax payers (from 2025-01-01)"),
            rule("5/105", from2025, nil, taxCode + " p. 4, simplified-tax payers (from 2025-01-01)"),
            rule("7/107", from2025, nil, taxCode + " p. 4, simplified-tax payers (from 2025-01-01)"),
            rule("22%", from2026, nil, "Federal Law 425-FZ of 2025-11-28 (from 2026-01-01)"),
            rule("22/122", from2026, nil, "Federal Law 425-FZ of 2025-11-28 (from 2026-01-01)"),
            rule("none", nil, nil, "Tax Code art. 145, 149 (not subject to VAT / exempt)"),
        ]
    }()
}
