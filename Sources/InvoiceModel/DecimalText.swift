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
        // Already within `scale` places: nothing to round (NSDecimalRound costs a division loop).
        if let parts = SmallDecimal(value), parts.exponent >= -scale { return value }
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }

    /// `rounded(a * b, scale:)`, the same `Decimal` to its bytes, worked out in integers when both
    /// significands fit 64 bits (a line's quantity × price): Foundation multiplies and rounds on
    /// arrays of 16-bit words, a cost the audit pays for every order line and table row.
    public static func roundedProduct(_ a: Decimal, _ b: Decimal, scale: Int) -> Decimal {
        if let x = SmallDecimal(a), let y = SmallDecimal(b) {
            let (high, low) = x.significand.multipliedFullWidth(by: y.significand)
            if let result = SmallDecimal.roundedDecimal(negative: x.negative != y.negative,
                                                        numerator: UInt128(high) << 64 | UInt128(low),
                                                        exponent: x.exponent + y.exponent, divisor: 1, scale: scale) {
                return result
            }
        }
        return rounded(a * b, scale: scale)
    }

    /// The VAT a percent `rate` gives on `amount`, rounded half-up to `scale` places:
    /// `rounded(amount * rate / (100 + rate), scale:)` when the amount includes the VAT, else
    /// `rounded(amount * rate / 100, scale:)`. The same `Decimal` to its bytes, worked out as one
    /// integer division when the figures fit 64 bits and the rate has at most four decimals (the
    /// quotient then lies too far from a rounding boundary for Foundation's 38-digit division to
    /// round it otherwise); else by Foundation.
    public static func roundedVAT(of amount: Decimal, rate: Decimal, amountIncludesVAT: Bool, scale: Int) -> Decimal {
        if let x = SmallDecimal(amount), let r = SmallDecimal(rate), !r.negative, (-4...2).contains(r.exponent),
           let fraction = r.fraction {
            // rate = units / 10^places; the divisor 100 (+ rate) as a whole number over the same power.
            var divisor = 100 * fraction.power
            if amountIncludesVAT { divisor += fraction.units }
            let (high, low) = x.significand.multipliedFullWidth(by: fraction.units)
            if let result = SmallDecimal.roundedDecimal(negative: x.negative, numerator: UInt128(high) << 64 | UInt128(low),
                                                        exponent: x.exponent, divisor: divisor, scale: scale) {
                return result
            }
        }
        return rounded(amountIncludesVAT ? amount * rate / (100 + rate) : amount * rate / 100, scale: scale)
    }

    /// `rounded(dividend / divisor, scale:)`, the same `Decimal` to its bytes, worked out as one
    /// integer division when both significands fit 64 bits and the divisor's is at most a million
    /// (an amount over a quantity on every line of a page); else by Foundation.
    public static func roundedQuotient(_ dividend: Decimal, _ divisor: Decimal, scale: Int) -> Decimal {
        if let x = SmallDecimal(dividend), let y = SmallDecimal(divisor), y.significand != 0,
           let result = SmallDecimal.roundedDecimal(negative: x.negative != y.negative, numerator: UInt128(x.significand),
                                                    exponent: x.exponent - y.exponent, divisor: y.significand, scale: scale) {
            return result
        }
        return rounded(dividend / divisor, scale: scale)
    }

    /// `a + b`, the same `Decimal` to its bytes, added as integers when both significands fit 64
    /// bits at a common exponent (an invoice's line amounts and their totals).
    public static func sum(_ a: Decimal, _ b: Decimal) -> Decimal {
        if let x = SmallDecimal(a), let y = SmallDecimal(b), let result = SmallDecimal.sum(x, y) { return result }
        return a + b
    }

    /// `a - b` as ``sum(_:_:)`` adds.
    public static func difference(_ a: Decimal, _ b: Decimal) -> Decimal {
        if let x = SmallDecimal(a), var y = SmallDecimal(b) {
            y.negative.toggle()
            if let result = SmallDecimal.sum(x, y) { return result }
        }
        return a - b
    }

    /// Whether two decimals are equal, as `==` says: compared as integers when both significands
    /// fit 64 bits (the audit compares every order line with every table row).
    public static func equal(_ a: Decimal, _ b: Decimal) -> Bool {
        guard let x = SmallDecimal(a)?.trimmed, let y = SmallDecimal(b)?.trimmed else { return a == b }
        return x.significand == y.significand && x.exponent == y.exponent && (x.negative == y.negative || x.significand == 0)
    }

    /// Fixed-point text with exactly `scale` decimals: `format(180.3, scale: 2)` is `"180.30"`.
    public static func format(_ value: Decimal, scale: Int) -> String {
        if scale >= 0, let parts = SmallDecimal(value)?.rounded(scale: scale) {
            var bytes: [UInt8] = []
            parts.appendFixed(scale: scale, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        let text = canonical(rounded(value, scale: scale))
        guard scale > 0 else { return text }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return String(parts[0]) + "." + fraction + String(repeating: "0", count: max(0, scale - fraction.count))
    }

    /// The shortest exact text (`"2"`, `"0.375"`), as quantities are written.
    public static func canonical(_ value: Decimal) -> String {
        if let parts = SmallDecimal(value) {
            var bytes: [UInt8] = []
            parts.appendCanonical(to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        let text = value.description
        // Decimal can print "-0"; an amount of zero has no sign.
        return text == "-0" ? "0" : text
    }

    /// Russian presentation with a space between thousands and a decimal comma: `24 691,34`.
    public static func russian(_ value: Decimal, scale: Int) -> String {
        grouped(value, scale: scale, separator: [0xC2, 0xA0], decimalMark: UInt8(ascii: ","))
            ?? grouped(format(value, scale: scale), separator: "\u{00A0}", decimalMark: ",")
    }

    /// English presentation with comma thousands: `24,691.34`.
    public static func english(_ value: Decimal, scale: Int) -> String {
        grouped(value, scale: scale, separator: [UInt8(ascii: ",")], decimalMark: UInt8(ascii: "."))
            ?? grouped(format(value, scale: scale), separator: ",", decimalMark: ".")
    }

    /// The grouped text written straight from the digits; nil when the value needs the general path.
    private static func grouped(_ value: Decimal, scale: Int, separator: [UInt8], decimalMark: UInt8) -> String? {
        guard scale >= 0, let parts = SmallDecimal(value)?.rounded(scale: scale) else { return nil }
        var plain: [UInt8] = []
        plain.reserveCapacity(32)
        parts.appendFixed(scale: scale, to: &plain)
        var out: [UInt8] = []
        out.reserveCapacity(plain.count + 8 * separator.count)
        var start = 0
        if plain.first == UInt8(ascii: "-") {
            out.append(UInt8(ascii: "-"))
            start = 1
        }
        let integerEnd = plain.firstIndex(of: UInt8(ascii: ".")) ?? plain.count
        for index in start..<integerEnd {
            if index > start, (integerEnd - index) % 3 == 0 { out.append(contentsOf: separator) }
            out.append(plain[index])
        }
        if integerEnd < plain.count {
            out.append(decimalMark)
            out.append(contentsOf: plain[(integerEnd + 1)...])
        }
        return String(decoding: out, as: UTF8.self)
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

/// A decimal whose significand fits 64 bits, as sign, significand and power of ten. Money and
/// quantities almost always fit, and then text is written straight from the digits instead of
/// going through `Decimal.description` and string splitting (rendering formats dozens per page).
struct SmallDecimal {
    var negative: Bool
    var significand: UInt64
    var exponent: Int

    init?(_ value: Decimal) {
        guard Self.layoutIsKnown, !value.isNaN, let parts = Self.read(value) else { return nil }
        self = parts
    }

    /// Reads the Decimal layout (exponent byte; length in the high nibble and the sign in bit 3 of
    /// the next byte; from byte 4, eight little-endian 16-bit mantissa
    /// words): Foundation keeps the mantissa internal, and the layout is fixed for NSDecimal
    /// compatibility. Nil when the significand needs more than 64 bits.
    private static func read(_ value: Decimal) -> SmallDecimal? {
        guard MemoryLayout<Decimal>.size == 20 else { return nil }
        return withUnsafeBytes(of: value) { raw -> SmallDecimal? in
            let flags = raw[1]
            let length = Int(flags >> 4)
            guard length <= 4 else { return nil }
            var significand: UInt64 = 0
            for word in 0..<length {
                let low = UInt64(raw[4 + 2 * word]), high = UInt64(raw[5 + 2 * word])
                significand |= (low | high << 8) << (16 * word)
            }
            // A zero has no sign (Decimal can otherwise print "-0").
            return SmallDecimal(negative: flags & 0x08 != 0 && significand != 0, significand: significand,
                                exponent: Int(Int8(bitPattern: raw[0])))
        }
    }

    private init(negative: Bool, significand: UInt64, exponent: Int) {
        self.negative = negative
        self.significand = significand
        self.exponent = exponent
    }

    /// Checked once: the layout read gives back known values, else every call takes the general path.
    private static let layoutIsKnown: Bool = {
        let samples: [(Decimal, Bool, UInt64, Int)] = [
            (Decimal(sign: .minus, exponent: -3, significand: Decimal(UInt64(0x1234_5678_9ABC_DEF1))), true, 0x1234_5678_9ABC_DEF1, -3),
            (Decimal(sign: .plus, exponent: 4, significand: 65_537), false, 65_537, 4),
            (Decimal(string: "-0.375")!, true, 375, -3),
        ]
        return samples.allSatisfy { value, negative, significand, exponent in
            guard let parts = read(value) else { return false }
            return parts.negative == negative && parts.significand == significand && parts.exponent == exponent
                && Int(value.exponent) == exponent && (value.sign == .minus) == negative
        }
    }()

    /// Rounded half away from zero to `scale` places, as NSDecimalRound's `.plain` does; nil
    /// when the division would not fit 64 bits.
    func rounded(scale: Int) -> SmallDecimal? {
        guard exponent < -scale else { return self }
        let drop = -scale - exponent
        guard drop <= 19 else { return nil }
        var power: UInt64 = 1
        for _ in 0..<drop { power &*= 10 }
        var result = self
        let (quotient, remainder) = significand.quotientAndRemainder(dividingBy: power)
        result.significand = remainder >= power - remainder ? quotient + 1 : quotient
        result.exponent = -scale
        result.negative = negative && result.significand != 0
        return result
    }

    /// The same value with the significand's trailing zeros moved into the exponent (zero as 0E0).
    var trimmed: SmallDecimal {
        guard significand != 0 else { return SmallDecimal(negative: false, significand: 0, exponent: 0) }
        var result = self
        while result.significand % 10 == 0 {
            result.significand /= 10
            result.exponent += 1
        }
        return result
    }

    /// A rate of at most four decimals as a whole number of units over a power of ten
    /// (`9.09` is 909 over 100); nil when the units pass a million.
    var fraction: (units: UInt64, power: UInt64)? {
        guard significand <= 1_000_000, exponent <= 6 else { return nil }
        var units = significand, power: UInt64 = 1
        if exponent >= 0 {
            for _ in 0..<exponent { units *= 10 }
        } else {
            for _ in 0..<(-exponent) { power *= 10 }
        }
        guard units <= 1_000_000 else { return nil }
        return (units, power)
    }

    /// `numerator × 10^exponent / divisor` rounded half away from zero to `scale` places, as the
    /// `Decimal` Foundation's arithmetic gives (its compact form: no trailing zeros in the
    /// significand). Nil (the caller's general path) for a zero result, a scale outside 0...18,
    /// or figures past 64 bits, a million for the divisor.
    static func roundedDecimal(negative: Bool, numerator: UInt128, exponent: Int, divisor: UInt64, scale: Int) -> Decimal? {
        guard layoutIsKnown, (0...18).contains(scale), divisor > 0, divisor <= 1_000_000, (-40...40).contains(exponent) else { return nil }
        // In units of 10^-scale: numerator × 10^(exponent + scale) / divisor.
        let shift = exponent + scale
        var dividend = numerator, denominator = UInt128(divisor)
        if shift >= 0 {
            guard shift <= 38 else { return nil }
            let (high, low) = dividend.multipliedFullWidth(by: power128(shift))
            guard high == 0 else { return nil }
            dividend = low
        } else {
            guard -shift <= 19 else { return nil }
            let (high, low) = denominator.multipliedFullWidth(by: power128(-shift))
            guard high == 0 else { return nil }
            denominator = low
        }
        // Foundation divides to 38 significant digits and then rounds: the two roundings agree
        // with one exact rounding unless the digits between the two places are all nines (or a
        // five and nines), and a fraction over a denominator below 10^18 shows at most 18 of
        // them in a row; a quotient below 10^19 leaves 19 places for them.
        guard denominator < 1_000_000_000_000_000_000 else { return nil }
        let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: denominator)
        let units = remainder >= denominator - remainder ? quotient + 1 : quotient
        guard units != 0, units < 10_000_000_000_000_000_000 else { return nil }
        return compactDecimal(negative: negative, significand: UInt64(units), exponent: -scale)
    }

    /// The exact sum as Foundation's compact `Decimal`; nil (Foundation's path) for a zero sum,
    /// exponents more than 19 apart or a sum past 64 bits.
    static func sum(_ x: SmallDecimal, _ y: SmallDecimal) -> Decimal? {
        guard x.significand != 0, y.significand != 0 else { return nil }
        let exponent = min(x.exponent, y.exponent)
        guard x.exponent - exponent <= 19, y.exponent - exponent <= 19 else { return nil }
        let a = UInt128(x.significand) * power128(x.exponent - exponent)
        let b = UInt128(y.significand) * power128(y.exponent - exponent)
        let negative: Bool, magnitude: UInt128
        if x.negative == y.negative {
            (negative, magnitude) = (x.negative, a + b)
        } else if a >= b {
            (negative, magnitude) = (x.negative, a - b)
        } else {
            (negative, magnitude) = (y.negative, b - a)
        }
        guard magnitude != 0, magnitude <= UInt128(UInt64.max) else { return nil }
        return compactDecimal(negative: negative, significand: UInt64(magnitude), exponent: exponent)
    }

    private static func power128(_ exponent: Int) -> UInt128 {
        var power: UInt128 = 1
        for _ in 0..<exponent { power *= 10 }
        return power
    }

    /// The `Decimal` of a nonzero `significand` × 10^`exponent` in the compact form Foundation's
    /// arithmetic leaves (trailing zeros moved into the exponent, the compact flag set); nil when
    /// the exponent leaves the 8-bit range or the layout written is not Foundation's.
    static func compactDecimal(negative: Bool, significand: UInt64, exponent: Int) -> Decimal? {
        guard writingIsKnown, significand != 0 else { return nil }
        var value = significand, exponent = exponent
        while value % 10 == 0 {
            value /= 10
            exponent += 1
        }
        guard let exponent = Int8(exactly: exponent) else { return nil }
        return write(negative: negative, significand: value, exponent: exponent, compact: true)
    }

    /// A `Decimal` written field by field in the layout ``read(_:)`` reads (Foundation on Linux
    /// offers no initializer from the fields).
    static func write(negative: Bool, significand: UInt64, exponent: Int8, compact: Bool) -> Decimal {
        var result = Decimal()
        let length = significand >> 48 != 0 ? 4 : significand >> 32 != 0 ? 3 : significand >> 16 != 0 ? 2 : significand != 0 ? 1 : 0
        withUnsafeMutableBytes(of: &result) { raw in
            for index in raw.indices { raw[index] = 0 }
            raw[0] = UInt8(bitPattern: exponent)
            raw[1] = UInt8(length << 4) | (negative ? 0x08 : 0) | (compact ? 0x04 : 0)
            for word in 0..<length {
                raw[4 + 2 * word] = UInt8(truncatingIfNeeded: significand >> (16 * word))
                raw[5 + 2 * word] = UInt8(truncatingIfNeeded: significand >> (16 * word + 8))
            }
        }
        return result
    }

    /// Checked once: decimals written field by field are Foundation's own, byte for byte, else
    /// the integer paths are left to Foundation's arithmetic.
    private static let writingIsKnown: Bool = {
        guard layoutIsKnown else { return false }
        let samples: [(Decimal, Bool, UInt64, Int8)] = [
            (Decimal(string: "-1.5")!, true, 15, -1),
            (Decimal(string: "123456789012.3456789")!, false, 1_234_567_890_123_456_789, -7),
            (Decimal(string: "2E3")!, false, 2, 3),
            (Decimal(string: "70000")! * Decimal(string: "0.1")!, false, 7, 3),
        ]
        return samples.allSatisfy { value, negative, significand, exponent in
            withUnsafeBytes(of: value) { Array($0) }
                == withUnsafeBytes(of: write(negative: negative, significand: significand, exponent: exponent, compact: true)) { Array($0) }
        }
    }()

    /// ASCII digits of the significand, most significant first.
    private var digits: [UInt8] {
        var value = significand
        var reversed: [UInt8] = []
        reversed.reserveCapacity(20)
        repeat {
            reversed.append(UInt8(truncatingIfNeeded: value % 10) &+ 48)
            value /= 10
        } while value > 0
        return reversed.reversed()
    }

    /// The same text `Decimal.description` gives: every stored digit, trailing zeros kept.
    func appendCanonical(to out: inout [UInt8]) {
        guard significand != 0 else { out.append(UInt8(ascii: "0")); return }
        if negative { out.append(UInt8(ascii: "-")) }
        let digits = self.digits
        if exponent >= 0 {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: exponent))
        } else if -exponent < digits.count {
            let point = digits.count + exponent
            out.append(contentsOf: digits[..<point])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[point...])
        } else {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -exponent - digits.count))
            out.append(contentsOf: digits)
        }
    }

    /// Fixed-point text with exactly `scale` places; the value must already have at most `scale`.
    func appendFixed(scale: Int, to out: inout [UInt8]) {
        if negative { out.append(UInt8(ascii: "-")) }
        let digits = significand == 0 ? [UInt8(ascii: "0")] : self.digits
        let zero = UInt8(ascii: "0")
        if exponent >= 0 {
            out.append(contentsOf: digits)
            if significand != 0 { out.append(contentsOf: repeatElement(zero, count: exponent)) }
            if scale > 0 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: repeatElement(zero, count: scale))
            }
            return
        }
        let places = -exponent
        if places < digits.count {
            out.append(contentsOf: digits[..<(digits.count - places)])
        } else {
            out.append(zero)
        }
        out.append(UInt8(ascii: "."))
        if places > digits.count { out.append(contentsOf: repeatElement(zero, count: places - digits.count)) }
        out.append(contentsOf: digits[max(0, digits.count - places)...])
        out.append(contentsOf: repeatElement(zero, count: scale - places))
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
