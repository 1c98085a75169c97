import Foundation
import InvoiceModel

/// A date as invoices print it: `20.11.2026`, `2026-11-20`, `2026年11月20日`,
/// `20 ноября 2026 г.`, `Nov 20, 2026`, `20 November 2026`.
enum PrintedDate {
    private static let numeric = try! NSRegularExpression(
        pattern: #"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)|(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)|(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"#)
    private static let worded = try! NSRegularExpression(
        pattern: #"(?<!\d)(\d{1,2})\s+(\p{L}+)\.?\s+(\d{4})(?!\d)|(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)"#)

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
    static func first(in line: String) -> LocalDate? {
        var run = 0, hasYear = false
        for byte in line.utf8 {
            run = byte >= 0x30 && byte <= 0x39 ? run + 1 : 0
            if run == 4 { hasYear = true; break }
        }
        guard hasYear else { return nil }
        let range = NSRange(line.startIndex..., in: line)
        func group(_ match: NSTextCheckingResult, _ index: Int) -> String? {
            Range(match.range(at: index), in: line).map { String(line[$0]) }
        }
        var found: (location: Int, date: LocalDate)?
        if let match = numeric.firstMatch(in: line, range: range) {
            let date: LocalDate?
            if let day = group(match, 1), let month = group(match, 2), let year = group(match, 3) {
                date = LocalDate(year: Int(year)!, month: Int(month)!, day: Int(day)!)
            } else if let year = group(match, 4), let month = group(match, 5), let day = group(match, 6) {
                date = LocalDate(year: Int(year)!, month: Int(month)!, day: Int(day)!)
            } else if let year = group(match, 7), let month = group(match, 8), let day = group(match, 9) {
                date = LocalDate(year: Int(year)!, month: Int(month)!, day: Int(day)!)
            } else {
                date = nil
            }
            if let date { found = (match.range.location, date) }
        }
        for match in worded.matches(in: line, range: range) where match.range.location < (found?.location ?? .max) {
            let parts: (day: String?, month: String?, year: String?) = group(match, 1) != nil
                ? (group(match, 1), group(match, 2), group(match, 3)) : (group(match, 5), group(match, 4), group(match, 6))
            guard let day = parts.day.flatMap({ Int($0) }), let name = parts.month, let year = parts.year.flatMap({ Int($0) }),
                  let month = months[String(name.lowercased().prefix(3))],
                  let date = LocalDate(year: year, month: month, day: day) else { continue }
            found = (match.range.location, date)
            break
        }
        return found?.date
    }
}
