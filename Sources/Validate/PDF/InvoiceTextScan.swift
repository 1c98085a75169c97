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
    var vatRates: [VATRate] = []
    var postingNumbers: [String] = []
    var orderNumbers: [String] = []

    // Compiled once; NSRegularExpression is Sendable (thread-safe for matching).
    private static let amountPattern = try! NSRegularExpression(
        pattern: #"(?<![\d.,])(\d{1,3}(?:[ \u00A0\u202F]\d{3})+[.,]\d{2}|\d{1,3}(?:,\d{3})+\.\d{2}|\d+[.,]\d{2})(?![\d])"#)
    private static let hsPattern = try! NSRegularExpression(
        pattern: #"(?<![\p{L}\d.,/-])(\d{4} \d{2} \d{3} \d|\d{4} \d{2} \d{2}(?: \d{2})?|\d{4}\.\d{2}\.\d{3}\.\d|\d{4}\.\d{2}\.\d{4}|\d{4}(?:\.\d{2}){1,3}|\d{10}|\d{8}|\d{6})(?![\p{L}\d/-]|[.,]\d)"#)
    private static let ratePattern = try! NSRegularExpression(
        pattern: #"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%|(?<![\d/])(\d{1,2})/(1\d{2})(?![\d])"#)
    private static let postingPattern = try! NSRegularExpression(
        pattern: #"(?<![\d-])(\d{6,12}-\d{3,6})(-\d{1,3})?(?![\d-])"#)

    private static func matches(_ pattern: NSRegularExpression, in line: String) -> [NSTextCheckingResult] {
        pattern.matches(in: line, range: NSRange(line.startIndex..<line.endIndex, in: line))
    }

    private static func group(_ match: NSTextCheckingResult, _ index: Int, in line: String) -> String? {
        let range = match.range(at: index)
        guard range.location != NSNotFound, let swiftRange = Range(range, in: line) else { return nil }
        return String(line[swiftRange])
    }

    /// `24 691,34` / `24,691.34` / `24691.34` → 24691.34.
    static func amount(_ text: String) -> Decimal? {
        // The ASCII digits and the separators, in their bytes (this runs for every amount read).
        var kept: [UInt8] = []
        kept.reserveCapacity(text.utf8.count)
        var mark = -1
        for byte in text.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                kept.append(byte)
            } else if byte == 0x2E || byte == 0x2C {
                mark = kept.count
                kept.append(byte)
            }
        }
        guard mark >= 0 else { return DecimalText.parse(String(decoding: kept, as: UTF8.self)) }
        // The last separator is the decimal mark (always two decimals); the others group thousands.
        var number = kept[..<mark].filter { $0 != 0x2E && $0 != 0x2C }
        number.append(0x2E)
        number += kept[(mark + 1)...]
        return DecimalText.parse(String(decoding: number, as: UTF8.self))
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
            // Other scripts' digits (Unicode Nd, as `\d` sees them): let the pattern decide.
            if !hasFourDigits && hasNonASCII {
                hasFourDigits = line.unicodeScalars.contains { $0.value >= 0x80 && $0.properties.generalCategory == .decimalNumber }
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
        return line.unicodeScalars.contains { $0.value >= 0x80 && $0.properties.generalCategory == .decimalNumber }
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
        let hasDigit = lines.map(Self.containsDigit)
        let lowered = lines.map { $0.lowercased() }
        // Which labels each line holds, found once (the VAT check looks at a window of lines).
        let hasTaxLabel = lowered.map { InvoiceTextLabels.contains($0, InvoiceTextLabels.taxId) }
        let hasKPPLabel = lowered.map { InvoiceTextLabels.contains($0, InvoiceTextLabels.kpp) }
        let hasHSLabel = lowered.map { InvoiceTextLabels.contains($0, InvoiceTextLabels.hsCode) }
        let hasVATLabel = lowered.map { InvoiceTextLabels.contains($0, InvoiceTextLabels.vat) }
        let textHasHSLabel = hasHSLabel.contains(true)
        var seenTaxIds = Set<String>()
        var seenHS = Set<String>()
        var seenRates = Set<VATRate>()
        var seenPostings = Set<String>()
        var seenOrders = Set<String>()
        var excluded = Set<String>()  // digits taken as tax ids or order numbers, never HS codes

        for (index, line) in lines.enumerated() {
            let lower = lowered[index]
            let taxLabelled = hasTaxLabel[index] || (index > 0 && hasTaxLabel[index - 1])
            let kppLabelled = hasKPPLabel[index] || (index > 0 && hasKPPLabel[index - 1])

            // Tax identifiers: tokens that pass a scheme's check, where a label makes them likely.
            for token in tableLines.contains(index) ? [] : Self.tokens(inUppercased: line.uppercased()) {
                let uscc = token.count == 18 && CN.USCC.isValid(token)
                guard taxLabelled || uscc else { continue }
                for scheme in TaxIdentifiers.matchingSchemes(for: token) {
                    if scheme.name == RU.KPP.name && !kppLabelled { continue }
                    if seenTaxIds.insert("\(scheme.name):\(token)").inserted {
                        taxIds.append(TaxID(scheme: scheme.name, value: token))
                    }
                    excluded.insert(token)
                }
            }

            // The other patterns all need a digit.
            guard hasDigit[index] else {
                if InvoiceTextLabels.contains(lower, InvoiceTextLabels.total), index + 1 < lines.count, hasDigit[index + 1] {
                    for match in Self.matches(Self.amountPattern, in: lines[index + 1]) {
                        if let text = Self.group(match, 1, in: lines[index + 1]), let value = Self.amount(text) { totals.append(value) }
                    }
                }
                if hasVATLabel[max(0, index - 3)...min(lines.count - 1, index + 3)].contains(true),
                   InvoiceTextLabels.contains(lower, InvoiceTextLabels.exempt), !lower.contains("без ндс:"),
                   seenRates.insert(.none).inserted {
                    vatRates.append(.none)
                }
                continue
            }

            let bytes = LineBytes(line)
            // Posting and order numbers.
            for match in bytes.hasHyphen ? Self.matches(Self.postingPattern, in: line) : [] {
                guard let order = Self.group(match, 1, in: line) else { continue }
                if let suffix = Self.group(match, 2, in: line) {
                    let posting = order + suffix
                    if seenPostings.insert(posting).inserted { postingNumbers.append(posting) }
                } else if seenOrders.insert(order).inserted {
                    orderNumbers.append(order)
                }
            }

            // Amounts, and totals on (or right after) a total line.
            var lineAmounts: [Decimal] = []
            for match in bytes.hasSeparator ? Self.matches(Self.amountPattern, in: line) : [] {
                if let text = Self.group(match, 1, in: line), let value = Self.amount(text) { lineAmounts.append(value) }
            }
            amounts += lineAmounts
            if InvoiceTextLabels.contains(lower, InvoiceTextLabels.total) {
                if !lineAmounts.isEmpty {
                    totals += lineAmounts
                } else if index + 1 < lines.count, hasDigit[index + 1] {
                    for match in Self.matches(Self.amountPattern, in: lines[index + 1]) {
                        if let text = Self.group(match, 1, in: lines[index + 1]), let value = Self.amount(text) { totals.append(value) }
                    }
                }
            }

            // VAT rates near a VAT label (same line or the three lines around it).
            if hasVATLabel[max(0, index - 3)...min(lines.count - 1, index + 3)].contains(true) {
                // "Итого без НДС:" labels an amount; only a free-standing "без НДС" is the rate.
                if InvoiceTextLabels.contains(lower, InvoiceTextLabels.exempt), !lower.contains("без ндс:"),
                   seenRates.insert(.none).inserted {
                    vatRates.append(.none)
                }
                for match in bytes.hasRateSign ? Self.matches(Self.ratePattern, in: line) : [] {
                    var rate: VATRate?
                    if let percent = Self.group(match, 1, in: line) {
                        rate = VATRate(text: percent.replacingOccurrences(of: ",", with: ".") + "%")
                    } else if let numerator = Self.group(match, 2, in: line), let denominator = Self.group(match, 3, in: line) {
                        rate = VATRate(text: "\(numerator)/\(denominator)")
                    }
                    if let rate, seenRates.insert(rate).inserted { vatRates.append(rate) }
                }
            }

            // HS codes: 8 or 10 digits anywhere once the text names the column; 6 only on a labelled line.
            guard textHasHSLabel, bytes.hasFourDigits, !(tableGivesHSCodes && tableLines.contains(index)) else { continue }
            let hsLabelled = hasHSLabel[index]
            for match in Self.matches(Self.hsPattern, in: line) {
                guard let raw = Self.group(match, 1, in: line), let code = try? HSCode.parse(raw) else { continue }
                if code.digits.count == 6 && !hsLabelled { continue }
                if excluded.contains(code.digits) { continue }
                if seenHS.insert(code.digits).inserted { hsCodes.append(code.digits) }
            }
        }
        // A number first taken as an HS code may later prove to be a tax id on a labelled line.
        hsCodes.removeAll { excluded.contains($0) }
    }
}
