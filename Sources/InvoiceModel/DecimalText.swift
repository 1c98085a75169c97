public import Foundation

/// Exact decimal text for money and quantities.
///
/// Money never passes through `Double`: values are parsed from their digits into
/// `Decimal` and rounded half-up (away from zero) to the currency's minor unit.
public enum DecimalText {
    /// Parses a plain decimal (`-12345.67`, `0.375`); no exponents, grouping or
    /// locale marks. Returns nil for anything else, so "12abc" is never 12.
    public static func parse(_ text: String) -> Decimal? {
        var digits = 0
        var fractionDigits = 0
        var sawPoint = false
        var negative = false
        var index = 0
        // Up to 19 digits accumulate in an integer: the common case needs no string parser.
        var significand: UInt64 = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-") where index == 0:
                negative = true
            case UInt8(ascii: "+") where index == 0:
                break
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if sawPoint { fractionDigits += 1 }
                if digits <= 19 { significand = significand &* 10 &+ UInt64(byte - 48) }
            case UInt8(ascii: ".") where !sawPoint && digits > 0:
                sawPoint = true
            default:
                return nil
            }
            index += 1
        }
        // Decimal holds 38 significant digits; longer input would be silently cut.
        guard digits > 0, digits <= 38, !sawPoint || fractionDigits > 0 else { return nil }
        if digits <= 19 {
            // Trailing fraction zeros dropped so equal values also hash alike ("22.0" and "22").
            var exponent = fractionDigits
            while exponent > 0, significand % 10 == 0 {
                significand /= 10
                exponent -= 1
            }
            fractionDigits = exponent
            return Decimal(sign: negative ? .minus : .plus, exponent: -fractionDigits,
                           significand: Decimal(significand))
        }
        return Decimal(string: text.hasPrefix("+") ? String(text.dropFirst()) : text, locale: posix)
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    /// Rounds half-up (half away from zero) to `scale` decimal places.
    public static func rounded(_ value: Decimal, scale: Int) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }

    /// Fixed-point text with exactly `scale` decimals: `format(180.3, scale: 2)` is `"180.30"`.
    public static func format(_ value: Decimal, scale: Int) -> String {
        let text = canonical(rounded(value, scale: scale))
        guard scale > 0 else { return text }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return String(parts[0]) + "." + fraction + String(repeating: "0", count: max(0, scale - fraction.count))
    }

    /// The shortest exact text (`"2"`, `"0.375"`), as quantities are written.
    public static func canonical(_ value: Decimal) -> String {
        let text = value.description
        // Decimal can print "-0"; an amount of zero has no sign.
        return text == "-0" ? "0" : text
    }

    /// Russian presentation with a space between thousands and a decimal comma: `24 691,34`.
    public static func russian(_ value: Decimal, scale: Int) -> String {
        grouped(format(value, scale: scale), separator: "\u{00A0}", decimalMark: ",")
    }

    /// English presentation with comma thousands: `24,691.34`.
    public static func english(_ value: Decimal, scale: Int) -> String {
        grouped(format(value, scale: scale), separator: ",", decimalMark: ".")
    }

    static func grouped(_ plain: String, separator: String, decimalMark: String) -> String {
        var integer = Substring(plain)
        var sign = ""
        if integer.hasPrefix("-") { sign = "-"; integer = integer.dropFirst() }
        var fraction: Substring = ""
        if let point = integer.firstIndex(of: ".") {
            fraction = integer[integer.index(after: point)...]
            integer = integer[..<point]
        }
        var groups: [Substring] = []
        var end = integer.endIndex
        while end > integer.startIndex {
            let start = integer.index(end, offsetBy: -3, limitedBy: integer.startIndex) ?? integer.startIndex
            groups.insert(integer[start..<end], at: 0)
            end = start
        }
        let body = groups.joined(separator: separator)
        return sign + body + (fraction.isEmpty ? "" : decimalMark + fraction)
    }
}

/// A decimal that JSON may carry as a string (`"12.50"`, canonical) or a number (`12.5`).
struct FlexibleDecimal: Codable {
    var value: Decimal

    init(_ value: Decimal) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let value = DecimalText.parse(text.trimmingCharacters(in: .whitespaces)) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not a plain decimal number such as 12345.67")
            }
            self.value = value
        } else if let value = try? container.decode(Decimal.self) {
            self.value = value
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a decimal number, as a string such as \"12345.67\"")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(DecimalText.canonical(value))
    }
}
