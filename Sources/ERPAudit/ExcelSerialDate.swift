/// Excel's date serial numbers (days since 1899-12-30 in the 1900 system, with Excel's
/// phantom 1900-02-29 at 60; since 1904-01-01 in the 1904 system) as ISO 8601 text.
enum ExcelSerialDate {
    /// `2024-12-01`, or `2024-12-01T10:30:00` when the serial has a time of day; nil when the
    /// text is not a number or out of the years 1900–9999.
    static func iso(_ text: String, date1904: Bool) -> String? {
        guard let serial = Double(text), serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 { days += 1; seconds -= 86_400 }
        // Days since 1970-01-01.
        let unixDays: Int
        if date1904 {
            unixDays = days - 24_107
        } else {
            // Serials 1–59 count from 1899-12-31; from 61 on, Excel's phantom leap day shifts them by one.
            guard days != 60 else { return nil }
            unixDays = days < 60 ? days - 25_568 : days - 25_569
        }
        let (year, month, day) = civil(fromUnixDays: unixDays)
        var result = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        if seconds > 0 {
            result += "T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        }
        return result
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
    static func civil(fromUnixDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
