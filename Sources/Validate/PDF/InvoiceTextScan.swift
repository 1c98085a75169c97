import Foundation
import InvoiceModel

/// The search of an invoice's text. Best effort by design: a PDF from another tool has no
/// structure, so facts are taken only where a label makes them likely (a 10-digit number is
/// an INN only on a line that says ИНН; a 6-digit number an HS code only beside "ТН ВЭД").
struct InvoiceTextScan {
    var taxIds: [TaxID] = []
    var hsCodes: [String] = []
    var amounts: [Decimal] = []
    var totals: [Decimal] = []
    /// The VAT totals: the one amount of a line labelled VAT outside the goods table that names
    /// no rate and no amount without VAT ("Итого НДС: 64 144 233.54", "Total VAT: 667'816.95").
    var vatTotals: [Decimal] = []
    var vatRates: [VATRate] = []
    var postingNumbers: [String] = []
    var orderNumbers: [String] = []
    /// Identifiers shaped as a USCC (18 characters) or an INN (10 or 12 digits) on a line with a
    /// tax-id label that fail their check character or digits: printed wrong, reported by `validate`.
    var invalidTaxIds: [TaxID] = []
    /// The first date the text shows (`20.11.2026`, `2026-11-20`, `2026年11月20日`,
    /// `20 ноября 2026 г.`, `Nov 20, 2026`): the invoice's date, as invoices print it at the head.
    var date: LocalDate?
    /// Every line read by the general code (regular expressions, `uppercased()`, every scheme's
    /// check) instead of the byte-level fast paths: the straightforward reading tests compare with.
    var general = false

    // Compiled once; NSRegularExpression is Sendable (thread-safe for matching).
    private static let hsPattern = try! NSRegularExpression(
        pattern: #"(?<![\p{L}\d.,/-])(\d{4} \d{2} \d{3} \d|\d{4} \d{2} \d{2}(?: \d{2})?|\d{4}\.\d{2}\.\d{3}\.\d|\d{4}\.\d{2}\.\d{4}|\d{4}(?:\.\d{2}){1,3}|\d{10}|\d{8}|\d{6})(?![\p{L}\d/-]|[.,]\d)"#)
    private static let ratePattern = try! NSRegularExpression(
        pattern: #"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%|(?<![\d/])(\d{1,2})/(1\d{2})(?![\d])"#)
    static let postingPattern = try! NSRegularExpression(
        pattern: #"(?<![\d-])(\d{6,12}-\d{3,6})(-\d{1,3})?(?![\d-])"#)

    private static func matches(_ pattern: NSRegularExpression, in line: String) -> [NSTextCheckingResult] {
        pattern.matches(in: line, range: NSRange(line.startIndex..<line.endIndex, in: line))
    }

    private static func group(_ match: NSTextCheckingResult, _ index: Int, in line: String) -> String? {
        let range = match.range(at: index)
        guard range.location != NSNotFound, let swiftRange = Range(range, in: line) else { return nil }
        return String(line[swiftRange])
    }

    /// `24 691,34` / `24,691.34` / `24.691,34` / `24691.34` → 24691.34 (``PrintedNumber``).
    static func amount(_ text: String) -> Decimal? {
        PrintedNumber.parse(text)
    }

    /// The lines of the text, without empty ones. Splits the UTF-8 bytes at the scalars that make
    /// a `Character` a newline (U+000A...U+000D, NEL, LS, PS): those always stand alone as a
    /// character (or as CR LF), so this equals a split by characters at a fraction of the cost.
    static func lines(of text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes -> [String] in
            var lines: [String] = []
            var start = 0
            var index = 0
            func close(_ end: Int) {
                if end > start { lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)) }
            }
            while index < bytes.count {
                let byte = bytes[index]
                var width = 0
                if byte >= 0x0A && byte <= 0x0D {
                    width = 1
                } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 {
                    width = 2
                } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
                          bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                    width = 3
                }
                if width > 0 {
                    close(index)
                    index += width
                    start = index
                } else {
                    index += 1
                }
            }
            close(bytes.count)
            return lines
        }
    }

    /// Which bytes a line holds, found in one pass: a pattern runs only on lines that hold what
    /// every one of its matches needs (a separator for an amount, `%` or `/` for a rate, `-` for
    /// a posting number, four digits in a row for an HS code).
    struct LineBytes {
        var hasSeparator = false
        var hasRateSign = false
        var hasHyphen = false
        var hasFourDigits = false
        /// Whether the line holds a decimal digit outside ASCII (Unicode Nd, as `\d` sees it):
        /// only then do the amount and posting patterns run as regular expressions.
        var hasOtherDigits = false

        init(hasSeparator: Bool, hasRateSign: Bool, hasHyphen: Bool, hasFourDigits: Bool, hasOtherDigits: Bool) {
            self.hasSeparator = hasSeparator
            self.hasRateSign = hasRateSign
            self.hasHyphen = hasHyphen
            self.hasFourDigits = hasFourDigits
            self.hasOtherDigits = hasOtherDigits
        }

        init(_ line: String) {
            var run = 0
            var hasNonASCII = false
            for byte in line.utf8 {
                if byte >= 0x30 && byte <= 0x39 {
                    run += 1
                    if run >= 4 { hasFourDigits = true }
                    continue
                }
                run = 0
                switch byte {
                case 0x2E, 0x2C: hasSeparator = true
                case 0x25, 0x2F: hasRateSign = true
                case 0x2D: hasHyphen = true
                case 0x80...: hasNonASCII = true
                default: break
                }
            }
            // Other scripts' digits (Unicode Nd, as `\d` sees them): let the patterns decide.
            if hasNonASCII {
                hasOtherDigits = line.unicodeScalars.contains(where: isOtherDigit)
                hasFourDigits = hasFourDigits || hasOtherDigits
            }
        }
    }

    /// Whether the line holds a decimal digit as the patterns' `\d` sees it (Unicode Nd): lines
    /// without one cannot match the amount, rate, posting or HS patterns, so those are skipped.
    static func containsDigit(_ line: String) -> Bool {
        var hasNonASCII = false
        for byte in line.utf8 {
            if byte >= 0x30 && byte <= 0x39 { return true }
            if byte >= 0x80 { hasNonASCII = true }
        }
        guard hasNonASCII else { return false }
        return line.unicodeScalars.contains(where: isOtherDigit)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The end of the run of ASCII digits that starts at `start`.
    private static func digitRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        while end < bytes.count, isDigit(bytes[end]) { end += 1 }
        return end
    }

    /// Where ``postingPattern`` matches in a line whose digits are all ASCII, in its UTF-8 bytes:
    /// the order number and the posting suffix (`-1`) if any. Worked out by hand as
    /// ``amountMatches(_:)``: a run of digits is taken whole or not at all.
    static func postingMatches(_ bytes: UnsafeBufferPointer<UInt8>) -> [(order: Range<Int>, suffix: Range<Int>?)] {
        var matches: [(order: Range<Int>, suffix: Range<Int>?)] = []
        var start = 0
        let count = bytes.count
        while start < count {
            guard isDigit(bytes[start]) else {
                start += 1
                continue
            }
            let run = digitRun(bytes, from: start)
            defer { start = run }
            // (?<![\d-])(\d{6,12}-\d{3,6})
            guard start == 0 || bytes[start - 1] != 0x2D, (6...12).contains(run - start),
                  run < count, bytes[run] == 0x2D else { continue }
            let second = digitRun(bytes, from: run + 1)
            guard (3...6).contains(second - run - 1) else { continue }
            // (-\d{1,3})?(?![\d-])
            guard second < count, bytes[second] == 0x2D else {
                matches.append((start..<second, nil))
                continue
            }
            let third = digitRun(bytes, from: second + 1)
            guard (1...3).contains(third - second - 1), third == count || bytes[third] != 0x2D else { continue }
            matches.append((start..<second, second..<third))
        }
        return matches
    }

    /// ``hsPattern``'s alternatives as shapes, in the pattern's order (optional groups taken
    /// first, as the greedy pattern tries them): `d` is a digit, any other byte stands for itself.
    private static let hsShapes: [[UInt8]] = [
        "dddd dd ddd d", "dddd dd dd dd", "dddd dd dd", "dddd.dd.ddd.d", "dddd.dd.dddd",
        "dddd.dd.dd.dd", "dddd.dd.dd", "dddd.dd", "dddddddddd", "dddddddd", "dddddd",
    ].map { Array($0.utf8) }

    /// The scalar that starts at `index` (nil past the end or for broken UTF-8).
    private static func scalar(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        guard index < bytes.count else { return nil }
        var end = index + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self).unicodeScalars.first
    }

    /// The scalar that ends just before `index`.
    private static func scalar(before index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        guard index > 0 else { return nil }
        var start = index - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return scalar(at: start, in: bytes)
    }

    /// `\p{L}`: the scalar's general category is a letter's.
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            let byte = UInt8(scalar.value)
            return (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// Whether the byte at `index` is one of `set` (ASCII), or starts a letter when `letters`.
    private static func isOneOf(_ set: StaticString, orLetter letters: Bool, at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index >= 0, index < bytes.count else { return false }
        let byte = bytes[index]
        if isDigit(byte) { return true }
        if byte < 0x80 {
            let found = set.withUTF8Buffer { $0.contains(byte) }
            return found || (letters && isLetter(Unicode.Scalar(byte)))
        }
        return letters && (scalar(at: index, in: bytes).map(isLetter) ?? false)
    }

    /// Where ``hsPattern`` matches in a line whose digits are all ASCII, in its UTF-8 bytes.
    /// A start needs no letter, digit or `.,/-` before it (so only a run's first digit starts);
    /// from there the alternatives are tried in the pattern's order and the first whose end is
    /// followed by no letter, digit, `/`, `-` nor a decimal part (`[.,]\d`) is the match.
    static func hsMatches(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var matches: [Range<Int>] = []
        let count = bytes.count
        var start = 0
        while start < count {
            guard isDigit(bytes[start]) else {
                start += 1
                continue
            }
            if start > 0 {
                let before = bytes[start - 1]
                let blocked: Bool
                if before < 0x80 {
                    blocked = isDigit(before) || before == 0x2E || before == 0x2C || before == 0x2F || before == 0x2D
                        || isLetter(Unicode.Scalar(before))
                } else {
                    blocked = scalar(before: start, in: bytes).map(isLetter) ?? false
                }
                if blocked {
                    start += 1
                    continue
                }
            }
            var found: Int?
            for shape in hsShapes where start + shape.count <= count {
                var fits = true
                for (offset, expected) in shape.enumerated() {
                    let byte = bytes[start + offset]
                    if expected == 0x64 ? !isDigit(byte) : byte != expected {
                        fits = false
                        break
                    }
                }
                guard fits else { continue }
                let end = start + shape.count
                // (?![\p{L}\d/-]|[.,]\d)
                if isOneOf("/-", orLetter: true, at: end, in: bytes) { continue }
                if end + 1 < count, bytes[end] == 0x2E || bytes[end] == 0x2C, isDigit(bytes[end + 1]) { continue }
                found = end
                break
            }
            if let found {
                matches.append(start..<found)
                start = found
            } else {
                start += 1
            }
        }
        return matches
    }

    /// `\s` as the patterns see it: white space and the separators of Unicode (`[\t\n\f\r\p{Z}]`).
    /// Returns its width at `index`, or nil.
    private static func whiteSpace(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard index < bytes.count else { return nil }
        let byte = bytes[index]
        if byte < 0x80 {
            return byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D ? 1 : nil
        }
        guard let scalar = scalar(at: index, in: bytes) else { return nil }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return String(scalar).utf8.count
        default: return nil
        }
    }

    /// A VAT rate as the line writes it: a percentage (`22`, `9,09`) or a fraction (`22/122`).
    enum RateText: Equatable {
        case percent(String, Range<Int>)
        case fraction(String, String, Range<Int>)
    }

    /// Where ``ratePattern`` matches in a line whose digits are all ASCII, in its UTF-8 bytes:
    /// `(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%` first, else `(?<![\d/])(\d{1,2})/(1\d{2})(?!\d)`.
    /// A run of digits is taken whole or not at all (a shorter take leaves a digit next, which
    /// no element that follows accepts), so a start is only a run's first digit.
    static func rateMatches(_ bytes: UnsafeBufferPointer<UInt8>) -> [RateText] {
        var matches: [RateText] = []
        let count = bytes.count
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        var start = 0
        while start < count {
            guard isDigit(bytes[start]), start == 0 || !isDigit(bytes[start - 1]) else {
                start += 1
                continue
            }
            let run = digitRun(bytes, from: start)
            guard run - start <= 2 else {
                start = run
                continue
            }
            let before: UInt8? = start > 0 ? bytes[start - 1] : nil
            // The percentage.
            if before != 0x2E && before != 0x2C {
                var end = run
                if end < count, bytes[end] == 0x2E || bytes[end] == 0x2C {
                    let decimals = digitRun(bytes, from: end + 1)
                    if (1...2).contains(decimals - end - 1) { end = decimals }
                }
                var sign = end
                if let width = whiteSpace(at: sign, in: bytes) { sign += width }
                if sign < count, bytes[sign] == 0x25 {
                    matches.append(.percent(text(start..<end), start..<end))
                    start = sign + 1
                    continue
                }
            }
            // The fraction.
            if before != 0x2F, run < count, bytes[run] == 0x2F {
                let denominator = digitRun(bytes, from: run + 1)
                if denominator - run - 1 == 3, bytes[run + 1] == 0x31 {
                    matches.append(.fraction(text(start..<run), text(run + 1..<denominator), start..<denominator))
                    start = denominator
                    continue
                }
            }
            start = run
        }
        return matches
    }

    /// Whether a scalar is a decimal digit (Unicode Nd) other than ASCII's. There are none below
    /// U+0660 (Latin, Greek, Cyrillic) nor in U+2000...U+9FFF (punctuation, CJK), so the lines
    /// invoices are written in need no property lookup.
    static func isOtherDigit(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x0660 || (value >= 0x2000 && value < 0xA000) { return false }
        return scalar.properties.generalCategory == .decimalNumber
    }

    /// ``tokens(inUppercased:)`` of `line.uppercased()`, without upper-casing the line when its
    /// letters are ASCII's or from scripts whose upper case holds no ASCII letter (Cyrillic, CJK,
    /// Latin-1 but `ß`, general punctuation): most lines hold no run of nine letters or digits.
    static func tokens(in line: String) -> [String] {
        var line = line
        let fast = line.withUTF8 { bytes -> [String]? in
            var tokens: [String] = []
            var run: [UInt8] = []
            func close() {
                var start = 0
                while run.count - start >= 9 {
                    let length = min(18, run.count - start)
                    tokens.append(String(decoding: run[start..<start + length], as: UTF8.self))
                    start += length
                }
                run.removeAll(keepingCapacity: true)
            }
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) {
                        run.append(byte)
                    } else if byte >= 0x61 && byte <= 0x7A {
                        run.append(byte - 0x20)
                    } else {
                        close()
                    }
                    index += 1
                    continue
                }
                // Scalars whose upper case is no ASCII letter or digit: they end a run.
                switch byte {
                case 0xC2, 0xD0...0xD3: index += 2
                case 0xC3:
                    guard index + 1 < bytes.count, bytes[index + 1] != 0x9F else { return nil }  // ß → SS
                    index += 2
                case 0xE2:
                    guard index + 1 < bytes.count, bytes[index + 1] == 0x80 || bytes[index + 1] == 0x81 else { return nil }
                    index += 3
                case 0xE3...0xE9: index += 3
                default: return nil
                }
                close()
            }
            close()
            return tokens
        }
        return fast ?? tokens(inUppercased: line.uppercased())
    }

    /// The matches of `[0-9A-Z]{9,18}` in the upper-cased line, found in its bytes: in a run of
    /// those characters the pattern takes 18 at a time, then a rest of 9 or more.
    static func tokens(inUppercased line: String) -> [String] {
        var line = line
        return line.withUTF8 { bytes -> [String] in
            var tokens: [String] = []
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                guard (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) else {
                    index += 1
                    continue
                }
                var end = index + 1
                while end < bytes.count, (bytes[end] >= 0x30 && bytes[end] <= 0x39) || (bytes[end] >= 0x41 && bytes[end] <= 0x5A) {
                    end += 1
                }
                var start = index
                while end - start >= 9 {
                    let length = min(18, end - start)
                    tokens.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<start + length]), as: UTF8.self))
                    start += length
                }
                index = end
            }
            return tokens
        }
    }

    mutating func scan(_ text: String) {
        scan(lines: Self.lines(of: text), tableLines: [])
    }

    /// Scans lines; `tableLines` are rows of the goods table, where no number is a tax id
    /// (a 10-digit HS code may pass another scheme's check digit, as a Turkish VKN).
    ///
    /// `tableGivesHSCodes`: the goods table's HS column gives the codes, so its rows are not
    /// searched for them.
    mutating func scan(lines: [String], tableLines: Set<Int>, tableGivesHSCodes: Bool = false) {
        let lowered = lines.map(TextCaseFolding.lowercased)
        scan(lines: lines, lowered: lowered, labels: lowered.map(LineLabels.init(lowercasedLine:)),
             tableLines: tableLines, tableGivesHSCodes: tableGivesHSCodes)
    }

    /// The amounts (figures with two decimals) in a line, by the one reader of figures
    /// (``PrintedNumber/amounts(in:)``) whatever its digits.
    static func amounts(in line: String, otherDigits: Bool) -> [Decimal] {
        PrintedNumber.amounts(in: line)
    }

    /// The posting numbers (order number with suffix) and order numbers in a line.
    static func postings(in line: String, otherDigits: Bool) -> [(order: String, suffix: String?)] {
        guard !otherDigits else {
            return matches(postingPattern, in: line).compactMap { match in
                group(match, 1, in: line).map { ($0, group(match, 2, in: line)) }
            }
        }
        var line = line
        return line.withUTF8 { bytes in
            postingMatches(bytes).map { match in
                (String(decoding: UnsafeBufferPointer(rebasing: bytes[match.order]), as: UTF8.self),
                 match.suffix.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) })
            }
        }
    }

    /// The VAT rates a line writes (`22%`, `9,09 %`, `22/122`): found in its bytes when its
    /// digits are all ASCII, else by the pattern.
    static func rates(in line: String, otherDigits: Bool) -> [VATRate] {
        guard !otherDigits else {
            return matches(ratePattern, in: line).compactMap { match in
                if let percent = group(match, 1, in: line) {
                    return VATRate(text: percent.replacingOccurrences(of: ",", with: ".") + "%")
                }
                guard let numerator = group(match, 2, in: line), let denominator = group(match, 3, in: line) else { return nil }
                return VATRate(text: "\(numerator)/\(denominator)")
            }
        }
        var text = line
        return text.withUTF8 { bytes in
            rateMatches(bytes).compactMap { match in
                switch match {
                case .percent(let percent, let range):
                    guard bounds(range, in: bytes, areCharacterBoundariesOf: line) else { return nil }
                    return VATRate(text: String(decoding: percent.utf8.map { $0 == 0x2C ? 0x2E : $0 }, as: UTF8.self) + "%")
                case .fraction(let numerator, let denominator, let range):
                    // Each group's ends: the numerator's and the denominator's.
                    guard bounds(range.lowerBound..<range.lowerBound + numerator.utf8.count, in: bytes, areCharacterBoundariesOf: line),
                          bounds(range.upperBound - denominator.utf8.count..<range.upperBound, in: bytes, areCharacterBoundariesOf: line)
                    else { return nil }
                    return VATRate(text: "\(numerator)/\(denominator)")
                }
            }
        }
    }

    /// Whether a lower-cased line names an amount without VAT ("Итого без НДС", "Total excl.
    /// VAT", "Net amount", "不含税金额"), whose figure is no VAT total.
    static func namesAmountWithoutVAT(_ lower: String) -> Bool {
        ["без", "excl", "without", "net", "不含", "未税"].contains { lower.contains($0) }
    }

    /// The texts in a line shaped as HS codes (`8517 13 000 0`, `8517.13.00`, `85171300`), before
    /// ``HSCode/parse(_:)``: found in its bytes when its digits are all ASCII, else by the pattern.
    static func hsCandidates(in line: String, otherDigits: Bool) -> [String] {
        guard !otherDigits else { return matches(hsPattern, in: line).compactMap { group($0, 1, in: line) } }
        var text = line
        return text.withUTF8 { bytes in
            hsMatches(bytes).compactMap { range in
                guard bounds(range, in: bytes, areCharacterBoundariesOf: line) else { return nil }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
        }
    }

    /// Whether a match's ends fall between characters of the line, as the general path's
    /// `Range(_:in:)` needs (a digit followed by a combining mark ends inside a character, and
    /// that match is dropped there). Next to ASCII an end always does.
    static func bounds(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, areCharacterBoundariesOf line: String) -> Bool {
        func boundary(_ offset: Int) -> Bool {
            line.utf8.index(line.utf8.startIndex, offsetBy: offset).samePosition(in: line) != nil
        }
        if range.lowerBound > 0, bytes[range.lowerBound - 1] >= 0x80, !boundary(range.lowerBound) { return false }
        if range.upperBound < bytes.count, bytes[range.upperBound] >= 0x80, !boundary(range.upperBound) { return false }
        return true
    }

    /// ``scan(lines:tableLines:tableGivesHSCodes:)`` with the lines already lower-cased
    /// (``TextCaseFolding``) and their labels found.
    mutating func scan(lines: [String], lowered: [String], labels: [LineLabels], tableLines: Set<Int>, tableGivesHSCodes: Bool = false) {
        let hasDigit = general ? lines.map { $0.unicodeScalars.contains { $0.properties.generalCategory == .decimalNumber } }
            : lines.map(Self.containsDigit)
        let hasVATLabel = labels.map { $0.contains(.vat) }
        let textHasHSLabel = labels.contains(where: { $0.contains(.hsCode) })
        var seenTaxIds = Set<String>()
        var seenHS = Set<String>()
        var seenRates = Set<VATRate>()
        var seenPostings = Set<String>()
        var seenOrders = Set<String>()
        var excluded = Set<String>()  // digits taken as tax ids or order numbers, never HS codes

        /// The amounts of the line after `index`, when it holds a digit and is no row of the
        /// goods table: a heading that ends in "всего" ("Стоимость … с налогом — всего") stands
        /// over the first row, whose figures are no total.
        func amountsOfNextLine(_ index: Int) -> [Decimal] {
            guard index + 1 < lines.count, hasDigit[index + 1], !tableLines.contains(index + 1) else { return [] }
            return Self.amounts(in: lines[index + 1], otherDigits: general || LineBytes(lines[index + 1]).hasOtherDigits)
        }

        for (index, line) in lines.enumerated() {
            let lower = lowered[index]
            let lineLabels = labels[index]
            let taxLabelled = lineLabels.contains(.taxId) || (index > 0 && labels[index - 1].contains(.taxId))
            let kppLabelled = lineLabels.contains(.kpp) || (index > 0 && labels[index - 1].contains(.kpp))

            // Tax identifiers: tokens that pass a scheme's check, where a label makes them likely.
            let tokens = tableLines.contains(index) ? [] : general ? Self.tokens(inUppercased: line.uppercased()) : Self.tokens(in: line)
            for token in tokens where taxLabelled && lineLabels.contains(.taxId) && !excluded.contains(token) {
                let bytes = token.utf8
                let usccShaped = bytes.count == 18 && CN.USCC.shape.admits(token) && !CN.USCC.isValid(token)
                let innShaped = (bytes.count == 10 || bytes.count == 12) && bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                    && !TaxIdentifiers.schemes.contains(where: { $0.isValid(token) })
                    && (lower.contains("инн") || lower.contains("inn"))
                if usccShaped || innShaped, !invalidTaxIds.contains(where: { $0.value == token }) {
                    invalidTaxIds.append(TaxID(scheme: usccShaped ? CN.USCC.name : RU.INN.name, value: token))
                }
            }
            for token in tokens {
                let uscc = general ? token.count == 18 && CN.USCC.isValid(token)
                    : token.utf8.count == 18 && CN.USCC.shape.admits(token) && CN.USCC.isValid(token)
                guard taxLabelled || uscc else { continue }
                let schemes = general ? TaxIdentifiers.schemes.filter { $0.isValid(token) } : TaxIdentifiers.matchingSchemes(for: token)
                for scheme in schemes {
                    if scheme.name == RU.KPP.name && !kppLabelled { continue }
                    if seenTaxIds.insert("\(scheme.name):\(token)").inserted {
                        taxIds.append(TaxID(scheme: scheme.name, value: token))
                    }
                    excluded.insert(token)
                }
            }

            // The other patterns all need a digit.
            guard hasDigit[index] else {
                if lineLabels.contains(.total), !tableLines.contains(index) { totals += amountsOfNextLine(index) }
                if hasVATLabel[max(0, index - 3)...min(lines.count - 1, index + 3)].contains(true),
                   lineLabels.contains(.exempt), !lower.contains("без ндс:"),
                   seenRates.insert(.none).inserted {
                    vatRates.append(.none)
                }
                continue
            }

            if date == nil, !tableLines.contains(index) { date = PrintedDate.first(in: line) }
            var bytes = LineBytes(line)
            if general {
                // No pre-filter: every pattern runs on every line.
                bytes = LineBytes(hasSeparator: true, hasRateSign: true, hasHyphen: true, hasFourDigits: true, hasOtherDigits: true)
            }
            // Posting and order numbers.
            for (order, suffix) in bytes.hasHyphen ? Self.postings(in: line, otherDigits: bytes.hasOtherDigits) : [] {
                if let suffix {
                    let posting = order + suffix
                    if seenPostings.insert(posting).inserted { postingNumbers.append(posting) }
                } else if seenOrders.insert(order).inserted {
                    orderNumbers.append(order)
                }
            }

            // Amounts, and totals on (or right after) a total line.
            let lineAmounts = bytes.hasSeparator ? Self.amounts(in: line, otherDigits: bytes.hasOtherDigits) : []
            amounts += lineAmounts
            if lineLabels.contains(.total), !tableLines.contains(index) {
                totals += lineAmounts.isEmpty ? amountsOfNextLine(index) : lineAmounts
            }
            if lineLabels.contains(.vat), !lineLabels.contains(.exempt), !tableLines.contains(index), lineAmounts.count == 1,
               !line.utf8.contains(0x25), !Self.namesAmountWithoutVAT(lower) {
                vatTotals += lineAmounts
            }

            // VAT rates near a VAT label (same line or the three lines around it).
            if hasVATLabel[max(0, index - 3)...min(lines.count - 1, index + 3)].contains(true) {
                // "Итого без НДС:" labels an amount; only a free-standing "без НДС" is the rate.
                if lineLabels.contains(.exempt), !lower.contains("без ндс:"),
                   seenRates.insert(.none).inserted {
                    vatRates.append(.none)
                }
                for rate in bytes.hasRateSign ? Self.rates(in: line, otherDigits: bytes.hasOtherDigits) : []
                where seenRates.insert(rate).inserted {
                    vatRates.append(rate)
                }
            }

            // HS codes: 8 or 10 digits anywhere once the text names the column; 6 only on a labelled line.
            guard textHasHSLabel, bytes.hasFourDigits, !(tableGivesHSCodes && tableLines.contains(index)) else { continue }
            let hsLabelled = lineLabels.contains(.hsCode)
            for raw in Self.hsCandidates(in: line, otherDigits: bytes.hasOtherDigits) {
                guard let code = try? HSCode.parse(raw) else { continue }
                if code.digits.count == 6 && !hsLabelled { continue }
                if excluded.contains(code.digits) { continue }
                if seenHS.insert(code.digits).inserted { hsCodes.append(code.digits) }
            }
        }
        // A number first taken as an HS code may later prove to be a tax id on a labelled line.
        hsCodes.removeAll { excluded.contains($0) }
    }
}
