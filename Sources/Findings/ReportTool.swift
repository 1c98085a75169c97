public import InvoiceModel

/// Names the program and the rule data that produced a report (docs/validation.md `tool`).
public struct ReportTool: Codable, Sendable, Hashable {
    public var name: String
    public var version: String
    /// The VAT rate table and rule-set versions: `ru-vat-2026-01-01+rules-1`.
    public var rules: String

    public init(name: String = "faktura", version: String, rules: String = ReportTool.rulesVersion) {
        self.name = name
        self.version = version
        self.rules = rules
    }

    /// The version of Faktura's validation rules; bumped whenever a rule changes what it reports.
    public static let ruleSetVersion = "rules-1"

    /// `VATRateTable.standardVersion` + rule-set version.
    public static let rulesVersion = "\(VATRateTable.standardVersion)+\(ruleSetVersion)"
}

extension ReportTool {
    public var json: JSONText {
        .object([("name", .string(name)), ("version", .string(version)), ("rules", .string(rules))])
    }
}
