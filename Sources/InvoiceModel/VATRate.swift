public import Foundation

/// A VAT rate as an invoice states it.
///
/// - `percent(22)`: "22%", applied to the amount without VAT (or extracted from the
///   amount with VAT when prices include it).
/// - `calculated(22)`: the calculated rate "22/122", always extracted from an amount that
///   includes the tax (advance payments, tax agents).
/// - `none`: "без НДС", not subject to VAT: no tax amount at all.
public enum VATRate: Sendable, Hashable, CustomStringConvertible {
    case percent(Decimal)
    case calculated(Decimal)
    case none

    /// Accepts `22%`, `22 %`, `22/122`, `none`, `без НДС` (any case).
    public init?(text raw: String) {
        // Canonical texts come first: they are nearly all an invoice holds.
        if let canonical = VATRate.canonicalTexts[raw] {
            self = canonical
            return
        }
        let text = VATRate.trimmingWhitespace(raw)
        let lower = text.lowercased()
        if lower == "none" || lower == "без ндс" || lower == "vat exempt" {
            self = .none
            return
        }
        if lower.hasSuffix("%") {
            let number = VATRate.trimmingWhitespace(String(lower.dropLast()))
            guard let value = DecimalText.parse(number), value >= 0, value < 100 else { return nil }
            self = .percent(value)
            return
        }
        let parts = lower.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2,
           let numerator = DecimalText.parse(String(parts[0])),
           let denominator = DecimalText.parse(String(parts[1])),
           numerator > 0, denominator == numerator + 100 {
            self = .calculated(numerator)
            return
        }
        return nil
    }

    /// `text.trimmingCharacters(in: .whitespaces)`; an ASCII text (nearly every rate cell) by its
    /// bytes, since that set holds only the space and the tab below 0x80. This runs for every
    /// rate cell of every table the audit reads.
    static func trimmingWhitespace(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return text.trimmingCharacters(in: .whitespaces) }
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
              let last = bytes.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        if first == bytes.startIndex && bytes.index(after: last) == bytes.endIndex { return text }
        return String(text.utf8[first...last]) ?? text
    }

    private static let canonicalTexts: [String: VATRate] = {
        var table: [String: VATRate] = ["none": .none]
        for rate in [0, 5, 7, 10, 18, 20, 22] as [Decimal] {
            table["\(rate)%"] = .percent(rate)
            if rate > 0 { table["\(rate)/\(rate + 100)"] = .calculated(rate) }
        }
        return table
    }()

    /// The canonical JSON text: `22%`, `22/122`, `none`.
    public var text: String {
        switch self {
        case .percent(let value): return "\(DecimalText.canonical(value))%"
        case .calculated(let value):
            return "\(DecimalText.canonical(value))/\(DecimalText.canonical(value + 100))"
        case .none: return "none"
        }
    }

    /// How a Russian invoice prints the rate.
    public var labelRU: String {
        self == .none ? "без НДС" : text
    }

    public var description: String { text }

    /// The percentage, or nil for `none`.
    public var percentage: Decimal? {
        switch self {
        case .percent(let value), .calculated(let value): return value
        case .none: return nil
        }
    }

    /// Sort key so a breakdown lists rates from highest to lowest, `none` last.
    var sortKey: (Int, Decimal) {
        switch self {
        case .percent(let value): return (0, -value)
        case .calculated(let value): return (1, -value)
        case .none: return (2, 0)
        }
    }
}

extension VATRate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let rate = VATRate(text: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "'\(text)' is not a VAT rate; write \"22%\", \"22/122\" or \"none\"")
            }
            self = rate
        } else if let number = try? container.decode(Decimal.self), number >= 0, number < 100 {
            self = .percent(number)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a VAT rate such as \"22%\", \"22/122\" or \"none\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
