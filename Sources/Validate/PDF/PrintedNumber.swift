import Foundation

/// A number as invoices print it anywhere: thousands grouped by nothing, a space of any kind
/// (U+0020, U+00A0, U+202F, U+2009 and every other Unicode space separator), an apostrophe
/// (`'`, `’`, `ʼ`), a dot (`1.234,56`) or a comma (`1,234.56`); a comma or a dot for the
/// decimals; currency marks (руб., ₽, RUB, ¥, 元, CNY, USD, $) or units before or after.
///
/// The one reader of figures for every path: table cells, totals, amounts found in a line.
/// Digits of every Unicode decimal-digit class (Nd: Arabic-Indic `٣`, Devanagari `३`,
/// full-width `３`, …) are read as the digits they are, as a person reads them.
///
/// What it refuses (nil), rather than guess: separators that do not group by three, two
/// separators in a row, anything but a digit or a separator between the first digit and the
/// last, and a single dot or comma followed by exactly three digits (`1,234`, `2.000`: a
/// thousand or a decimal?) unless the document's decimal mark is known (``decimalMark(of:)``).
enum PrintedNumber {
    /// The most digits a figure may have (an invoice amount has far fewer; a longer run is no figure).
    static let maxDigits = 18

    /// What a scalar is to a figure.
    enum Part: Equatable {
        case digit(UInt8)
        case dot, comma, apostrophe, space
        case other
    }

    @inline(__always)
    static func part(_ scalar: Unicode.Scalar) -> Part {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x30...0x39: return .digit(UInt8(value - 0x30))
            case 0x2E: return .dot
            case 0x2C: return .comma
            case 0x27: return .apostrophe
            case 0x20: return .space
            default: return .other
            }
        }
        switch value {
        case 0xA0, 0x202F, 0x2009, 0x2000...0x200A, 0x1680, 0x205F, 0x3000: return .space
        case 0x2019, 0x02BC: return .apostrophe
        default: break
        }
        // Other decimal digits (Nd): none below U+0660; CJK ideographs and punctuation have none.
        if value < 0x0660 || (value >= 0x2010 && value < 0xA620) { return .other }
        let properties = scalar.properties
        if properties.generalCategory == .decimalNumber, let digit = properties.numericValue, digit >= 0, digit <= 9 {
            return .digit(UInt8(digit))
        }
        if properties.generalCategory == .spaceSeparator { return .space }
        return .other
    }

    /// `line.unicodeScalars.map(part)`, decoded from the line's UTF-8 bytes: an ASCII byte is its
    /// part at once, other scalars are decoded and looked at as ``part(_:)`` does (a `String`
    /// holds valid UTF-8, so every lead byte is followed by its continuation bytes).
    static func parts(of line: String) -> [Part] {
        var line = line
        return line.withUTF8 { bytes in
            var parts: [Part] = []
            parts.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                if lead < 0x80 {
                    parts.append(part(Unicode.Scalar(lead)))
                    index += 1
                    continue
                }
                let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                var value = UInt32(lead & (lead >= 0xF0 ? 0x07 : lead >= 0xE0 ? 0x0F : 0x1F))
                for offset in 1..<width where index + offset < bytes.count {
                    value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
                }
                parts.append(Unicode.Scalar(value).map(part) ?? .other)
                index += width
            }
            return parts
        }
    }

    /// The figure in `text`: from its first digit to its last, read with the rules above; what
    /// stands before the first digit and after the last (a currency mark, a unit, `%`) is not
    /// looked at. `decimalMark` (`.` or `,`) settles `1,234` and `2.000`.
    static func parse(_ text: Substring.UnicodeScalarView, decimalMark: Unicode.Scalar? = nil) -> Decimal? {
        parseParts(text.lazy.map(part), decimalMark: decimalMark.map(part))?.value
    }

    static func parse(_ text: String, decimalMark: Unicode.Scalar? = nil) -> Decimal? {
        parse(Substring(text).unicodeScalars, decimalMark: decimalMark)
    }

    /// ``parse(_:decimalMark:)`` with the number of decimals the figure showed (an amount shows two).
    static func figure(_ text: String, decimalMark: Unicode.Scalar? = nil) -> (value: Decimal, decimals: Int)? {
        parseParts(Substring(text).unicodeScalars.lazy.map(part), decimalMark: decimalMark.map(part))
    }

    /// The reading over parts: digit runs and the single separators between them.
    static func parseParts(_ parts: some Sequence<Part>, decimalMark: Part?) -> (value: Decimal, decimals: Int)? {
        // Runs of digits (their lengths) and the separator after each but the last.
        var runs: [Int] = []
        var separators: [Part] = []
        var significand: UInt64 = 0
        var digits = 0
        var pending: Part?  // the separator after the current run, until a digit follows
        var pendingCount = 0
        var started = false
        var current = 0
        for part in parts {
            switch part {
            case .digit(let digit):
                if pendingCount > 0 {
                    // Between two digits: one separator, nothing else.
                    guard pendingCount == 1, let separator = pending, separator != .other else { return nil }
                    runs.append(current)
                    separators.append(separator)
                    current = 0
                    pendingCount = 0
                    pending = nil
                }
                started = true
                current += 1
                digits += 1
                guard digits <= maxDigits else { return nil }
                significand = significand * 10 + UInt64(digit)
            default:
                // Before the first digit: a mark or a sign, not looked at; after a run: a
                // separator if a digit follows, else the text after the figure.
                guard started else { continue }
                pendingCount += 1
                pending = part
            }
        }
        guard started else { return nil }
        runs.append(current)
        guard !separators.isEmpty else { return (Decimal(significand), 0) }

        /// Runs after the first hold three digits, the first one to three.
        func grouped(_ runs: ArraySlice<Int>) -> Bool {
            guard let first = runs.first, (1...3).contains(first) else { return false }
            return runs.dropFirst().allSatisfy { $0 == 3 }
        }
        func value(decimals: Int) -> (value: Decimal, decimals: Int) {
            (Decimal(sign: .plus, exponent: -decimals, significand: Decimal(significand)), decimals)
        }
        let last = separators[separators.count - 1]
        let isMark = last == .dot || last == .comma
        let before = separators.dropLast()
        if isMark, !before.isEmpty, before.allSatisfy({ $0 == before.first! }), before.first! != last {
            // 1 234,56 · 1.234,56 · 1,234.56 · 1'234.56: the last mark is the decimal one.
            guard grouped(runs.dropLast()) else { return nil }
            return value(decimals: runs[runs.count - 1])
        }
        guard separators.allSatisfy({ $0 == last }) else { return nil }
        if !isMark || separators.count >= 2 {
            // 1 234 567 · 1'234 · 1.234.567: grouping only.
            return grouped(runs[...]) ? value(decimals: 0) : nil
        }
        // One dot or comma: the decimals, unless it may group a thousand.
        let whole = runs[0], fraction = runs[1]
        let mayGroup = fraction == 3 && whole <= 3 && !(whole == 1 && significand / 1000 == 0)
        if !mayGroup { return value(decimals: fraction) }
        guard let decimalMark else { return nil }
        return decimalMark == last ? value(decimals: fraction) : value(decimals: 0)
    }

    /// The decimal mark a document's figures use, from the figures that show it without doubt
    /// (a digit, a dot or comma, one or two digits, then no further group: `1 234,56`, `12.5`,
    /// not `20.11.2026`), when they all agree. ASCII digits only: a hint, never a reading.
    static func decimalMark(of lines: some Sequence<String>) -> Unicode.Scalar? {
        var dots = 0, commas = 0
        for line in lines {
            let bytes = line.utf8
            var index = bytes.startIndex
            var previousIsDigit = false
            while index != bytes.endIndex {
                let byte = bytes[index]
                let isMark = byte == 0x2E || byte == 0x2C
                if isMark, previousIsDigit {
                    var end = bytes.index(after: index)
                    var fraction = 0
                    while end != bytes.endIndex, bytes[end] >= 0x30 && bytes[end] <= 0x39 {
                        fraction += 1
                        end = bytes.index(after: end)
                    }
                    var further = false
                    if end != bytes.endIndex, bytes[end] == 0x2E || bytes[end] == 0x2C {
                        let next = bytes.index(after: end)
                        further = next != bytes.endIndex && bytes[next] >= 0x30 && bytes[next] <= 0x39
                    }
                    if (1...2).contains(fraction) && !further {
                        if byte == 0x2E { dots += 1 } else { commas += 1 }
                    }
                }
                previousIsDigit = byte >= 0x30 && byte <= 0x39
                index = bytes.index(after: index)
            }
        }
        if dots > 0 && commas == 0 { return "." }
        if commas > 0 && dots == 0 { return "," }
        if dots > 3 * commas { return "." }
        if commas > 3 * dots { return "," }
        return nil
    }

    /// The figures with exactly two decimals in a line of text (totals, amounts): runs of digits
    /// joined by single separators are the candidates; a candidate that is no such figure as a
    /// whole ("3 1 234,56": a quantity, then an amount) gives its longest tail that is.
    static func amounts(in line: String) -> [Decimal] {
        let parts = Self.parts(of: line)
        var found: [Decimal] = []
        var index = 0
        func isDigit(_ i: Int) -> Bool { if case .digit = parts[i] { true } else { false } }
        while index < parts.count {
            guard isDigit(index) else {
                index += 1
                continue
            }
            var end = index
            while end < parts.count {
                if isDigit(end) {
                    end += 1
                } else if parts[end] != .other, end + 1 < parts.count, isDigit(end + 1) {
                    end += 1
                } else {
                    break
                }
            }
            // The segment's longest tail that reads as a figure with two decimals (tails start at
            // a run after a space), then the same for what stands before that tail.
            var segmentEnd = end
            var inSegment: [Decimal] = []
            while segmentEnd > index {
                var tail = index
                var taken: Int?
                while tail < segmentEnd {
                    if tail == index || (parts[tail - 1] == .space && isDigit(tail)),
                       let figure = parseParts(parts[tail..<segmentEnd], decimalMark: nil), figure.decimals == 2 {
                        inSegment.append(figure.value)
                        taken = tail
                        break
                    }
                    tail += 1
                }
                guard let taken, taken > index else { break }
                segmentEnd = taken - 1
            }
            found += inSegment.reversed()
            index = end
        }
        return found
    }
}
