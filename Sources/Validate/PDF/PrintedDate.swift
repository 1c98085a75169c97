import InvoiceModel

/// A date as invoices print it: `20.11.2026`, `2026-11-20`, `2026年11月20日`,
/// `20 ноября 2026 г.`, `Nov 20, 2026`, `20 November 2026`.
///
/// The forms are found by a scan over the line's scalars (`Scanner`), not a regular
/// expression: this runs for every line of every PDF the audit reads, and the scan finds what
/// these patterns find (a test keeps them side by side), a digit being any `Nd` scalar, a space
/// any `White_Space` scalar and a letter any `L` scalar as in ICU:
///
/// - numeric, the leftmost match of
///   `(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)|(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)|(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`;
/// - worded, each match in turn of
///   `(?<!\d)(\d{1,2})\s+(\p{L}+)\.?\s+(\d{4})(?!\d)|(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)`.
enum PrintedDate {
    /// Month names by their first three letters (lower case): Russian (any case ending) and English.
    static let months: [String: Int] = {
        var table: [String: Int] = [:]
        let russian = ["янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
        let english = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        for (index, name) in russian.enumerated() { table[name] = index + 1 }
        for (index, name) in english.enumerated() { table[name] = index + 1 }
        table["май"] = 5
        return table
    }()

    /// The first date in a line, or nil. Only lines with four digits in a row are searched.
    /// Digits of every decimal-digit class (`٢٠.١١.٢٠٢٦`, `２０２６年`) are read as the digits
    /// they are, as ``PrintedNumber`` reads a figure's.
    static func first(in line: String) -> LocalDate? {
        guard hasFourDigitRun(line) else { return nil }
        let scanner = Scanner(line)
        var found: (location: Int, date: LocalDate)?
        if let match = scanner.numeric() {
            let (first, second, third) = (value(match.groups.0), value(match.groups.1), value(match.groups.2))
            if let first, let second, let third {
                let date = match.form == .dayMonthYear
                    ? LocalDate(year: third, month: second, day: first)
                    : LocalDate(year: first, month: second, day: third)
                if let date { found = (match.start, date) }
            }
        }
        var from = 0
        while let match = scanner.worded(from: from), match.start < (found?.location ?? .max) {
            from = match.end
            let (day, name, year) = match.form == .dayMonthYear
                ? (match.groups.0, match.groups.1, match.groups.2) : (match.groups.1, match.groups.0, match.groups.2)
            guard let day = value(day), let year = value(year),
                  let month = months[String(name.lowercased().prefix(3))],
                  let date = LocalDate(year: year, month: month, day: day) else { continue }
            found = (match.start, date)
            break
        }
        return found?.date
    }

    /// Whether the line has four digits in a row, the year every form holds. Lines of ASCII,
    /// Cyrillic and CJK text are decided from their bytes: no decimal digit lies between U+0080
    /// and U+065F nor between U+2000 and U+9FFF (UTF-8 lead bytes 0xC2–0xD8 and 0xE2–0xE9).
    static func hasFourDigitRun(_ line: String) -> Bool {
        var run = 0, otherDigitsPossible = false
        for byte in line.utf8 {
            run = byte >= 0x30 && byte <= 0x39 ? run + 1 : 0
            if run == 4 { return true }
            if byte >= 0xD9 && !(0xE2...0xE9).contains(byte) { otherDigitsPossible = true }
        }
        guard otherDigitsPossible else { return false }
        run = 0
        for scalar in line.unicodeScalars {
            run = Scanner.isDigit(scalar) ? run + 1 : 0
            if run == 4 { return true }
        }
        return false
    }

    /// The number a group of digits of any decimal-digit class spells, or nil.
    static func value(_ digits: String) -> Int? {
        var number = 0
        for scalar in digits.unicodeScalars {
            guard case .digit(let digit) = PrintedNumber.part(scalar) else { return nil }
            number = number * 10 + Int(digit)
        }
        return digits.isEmpty ? nil : number
    }

    /// The date patterns above, matched over a line's scalars.
    struct Scanner {
        /// A pattern's match: where it starts and ends (scalar offsets), its three groups in the
        /// pattern's order, and which alternative matched.
        struct Match: Equatable {
            enum Form: Equatable { case dayMonthYear, yearMonthDay, monthDayYear }
            var form: Form
            var start: Int
            var end: Int
            var groups: (String, String, String)

            static func == (lhs: Match, rhs: Match) -> Bool {
                lhs.form == rhs.form && lhs.start == rhs.start && lhs.end == rhs.end && lhs.groups == rhs.groups
            }
        }

        let scalars: [Unicode.Scalar]

        init(_ line: String) { scalars = Array(line.unicodeScalars) }

        /// `\d`: a decimal digit of any script (general category Nd).
        static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.value < 0x80 { return scalar.value >= 0x30 && scalar.value <= 0x39 }
            return scalar.properties.generalCategory == .decimalNumber
        }

        /// `\s`: a White_Space scalar.
        static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.value < 0x80 { return scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) }
            return scalar.properties.isWhitespace
        }

        /// `\p{L}`: a letter of any script.
        static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.value < 0x80 { return (scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
            default: return false
            }
        }

        private func run(from index: Int, _ kind: (Unicode.Scalar) -> Bool) -> Int {
            var end = index
            while end < scalars.count, kind(scalars[end]) { end += 1 }
            return end
        }

        private func text(_ start: Int, _ end: Int) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<end])
            return String(view)
        }

        private func isDigit(at index: Int) -> Bool { index >= 0 && index < scalars.count && Self.isDigit(scalars[index]) }

        private func scalar(_ index: Int, is value: UInt32) -> Bool { index < scalars.count && scalars[index].value == value }

        /// The digits from `index`, which must number between `counts`' bounds and be followed by no digit;
        /// returns their end. A greedy `\d{m,n}` followed by a non-digit matches only so.
        private func digits(at index: Int, _ counts: ClosedRange<Int>) -> Int? {
            let end = run(from: index, Self.isDigit)
            return counts.contains(end - index) ? end : nil
        }

        /// The leftmost match of the numeric pattern.
        func numeric() -> Match? {
            for start in scalars.indices where Self.isDigit(scalars[start]) {
                if let match = dayMonthYear(at: start) ?? yearMonthDay(at: start) ?? chinese(at: start) { return match }
            }
            return nil
        }

        /// `(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)`
        private func dayMonthYear(at start: Int) -> Match? {
            separated(at: start, counts: (1...2, 1...2, 4...4), by: 0x2E, form: .dayMonthYear)
        }

        /// `(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)`
        private func yearMonthDay(at start: Int) -> Match? {
            separated(at: start, counts: (4...4, 2...2, 2...2), by: 0x2D, form: .yearMonthDay)
        }

        /// Three runs of digits, of `counts` digits each, joined by `separator`, with no digit
        /// before the first or after the last; its groups in the order printed.
        private func separated(at start: Int, counts: (ClosedRange<Int>, ClosedRange<Int>, ClosedRange<Int>),
                               by separator: UInt32, form: Match.Form) -> Match? {
            guard !isDigit(at: start - 1), let first = digits(at: start, counts.0), scalar(first, is: separator),
                  let second = digits(at: first + 1, counts.1), scalar(second, is: separator),
                  let third = digits(at: second + 1, counts.2) else { return nil }
            return Match(form: form, start: start, end: third,
                         groups: (text(start, first), text(first + 1, second), text(second + 1, third)))
        }

        /// `(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日` (no look-behind: it may start inside a longer run).
        private func chinese(at start: Int) -> Match? {
            guard start + 4 <= scalars.count, (start..<start + 4).allSatisfy({ Self.isDigit(scalars[$0]) }) else { return nil }
            let yearMark = run(from: start + 4, Self.isSpace)
            guard scalar(yearMark, is: 0x5E74) else { return nil }
            let monthStart = run(from: yearMark + 1, Self.isSpace)
            guard let month = digits(at: monthStart, 1...2) else { return nil }
            let monthMark = run(from: month, Self.isSpace)
            guard scalar(monthMark, is: 0x6708) else { return nil }
            let dayStart = run(from: monthMark + 1, Self.isSpace)
            guard let day = digits(at: dayStart, 1...2) else { return nil }
            let dayMark = run(from: day, Self.isSpace)
            guard scalar(dayMark, is: 0x65E5) else { return nil }
            return Match(form: .yearMonthDay, start: start, end: dayMark + 1,
                         groups: (text(start, start + 4), text(monthStart, month), text(dayStart, day)))
        }

        /// The next match of the worded pattern starting at `from` or after.
        func worded(from: Int) -> Match? {
            var start = from
            while start < scalars.count {
                let scalar = scalars[start]
                if Self.isDigit(scalar) {
                    if let match = dayNameYear(at: start) { return match }
                    start += 1
                } else if Self.isLetter(scalar) {
                    if let match = nameDayYear(at: start) { return match }
                    // Every later start inside this word leaves the same text after it, so fails too.
                    start = run(from: start, Self.isLetter)
                } else {
                    start += 1
                }
            }
            return nil
        }

        /// After a name: an optional full stop and at least one space; returns where the spaces end.
        private func afterName(_ name: Int) -> Int? {
            let stop = scalar(name, is: 0x2E) ? name + 1 : name
            let end = run(from: stop, Self.isSpace)
            return end > stop ? end : nil
        }

        /// `(?<!\d)(\d{1,2})\s+(\p{L}+)\.?\s+(\d{4})(?!\d)`
        private func dayNameYear(at start: Int) -> Match? {
            guard !isDigit(at: start - 1), let day = digits(at: start, 1...2) else { return nil }
            let nameStart = run(from: day, Self.isSpace)
            guard nameStart > day else { return nil }
            let name = run(from: nameStart, Self.isLetter)
            guard name > nameStart, let yearStart = afterName(name), let year = digits(at: yearStart, 4...4) else { return nil }
            return Match(form: .dayMonthYear, start: start, end: year,
                         groups: (text(start, day), text(nameStart, name), text(yearStart, year)))
        }

        /// `(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)`
        private func nameDayYear(at start: Int) -> Match? {
            let name = run(from: start, Self.isLetter)
            guard name > start, let dayStart = afterName(name), let day = digits(at: dayStart, 1...2) else { return nil }
            let comma = scalar(day, is: 0x2C) ? day + 1 : day
            let yearStart = run(from: comma, Self.isSpace)
            guard yearStart > comma, let year = digits(at: yearStart, 4...4) else { return nil }
            return Match(form: .monthDayYear, start: start, end: year,
                         groups: (text(start, name), text(dayStart, day), text(yearStart, year)))
        }
    }
}
