/// The registration number of a customs declaration (декларация на товары), as a счёт-фактура
/// prints it for imported goods: `NNNNNNNN/DDMMYY/NNNNNNN` (customs office, registration date,
/// serial), optionally followed by `/NNN` (the item of the declaration).
///
/// ```swift
/// let number = try CustomsDeclarationNumber.parse("10702070/271126/3123456")
/// number.office   // "10702070"
/// ```
public struct CustomsDeclarationNumber: Sendable, Hashable, CustomStringConvertible {
    /// The 8-digit code of the customs office that registered the declaration.
    public let office: String
    /// The registration date as `DDMMYY`.
    public let date: String
    /// The 7-digit serial number.
    public let serial: String
    /// The 3-digit item (goods line) of the declaration, when given.
    public let item: String?

    /// Parses the number; white space anywhere is ignored.
    public static func parse(_ raw: String) throws(CustomsDeclarationError) -> CustomsDeclarationNumber {
        let text = ASCIIText.isPlain(raw) ? raw : String(raw.filter { !$0.isWhitespace })
        guard !text.isEmpty else { throw .empty }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 || parts.count == 4 else { throw .wrongPartCount(parts.count) }
        func digits(_ part: String, _ count: Int) -> Bool {
            part.utf8.count == count && ASCIIText.isDigits(part)
        }
        guard digits(parts[0], 8) else { throw .invalidOffice(parts[0]) }
        guard digits(parts[1], 6), isCalendarDay(parts[1]) else { throw .invalidDate(parts[1]) }
        guard digits(parts[2], 7) else { throw .invalidSerial(parts[2]) }
        if parts.count == 4 {
            guard digits(parts[3], 3) else { throw .invalidItem(parts[3]) }
        }
        return CustomsDeclarationNumber(office: parts[0], date: parts[1], serial: parts[2],
                                        item: parts.count == 4 ? parts[3] : nil)
    }

    /// The number in its written form.
    public var description: String {
        [office, date, serial, item].compactMap { $0 }.joined(separator: "/")
    }

    /// Whether `DDMMYY` names a real day (years 2000–2099: declarations in this form are recent).
    private static func isCalendarDay(_ ddmmyy: String) -> Bool {
        let values = ddmmyy.utf8.map { Int($0 &- UInt8(ascii: "0")) }
        let day = values[0] * 10 + values[1]
        let month = values[2] * 10 + values[3]
        let year = 2000 + values[4] * 10 + values[5]
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}

/// Why a text is not a customs declaration number (`CUSTOMS_DECLARATION_FORMAT`).
public enum CustomsDeclarationError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    /// Not 3 or 4 parts separated by `/`.
    case wrongPartCount(Int)
    case invalidOffice(String)
    case invalidDate(String)
    case invalidSerial(String)
    case invalidItem(String)

    public var description: String {
        let form = "the form is NNNNNNNN/DDMMYY/NNNNNNN, optionally /NNN"
        return switch self {
        case .empty: "the customs declaration number is empty; \(form)"
        case .wrongPartCount(let count): "a customs declaration number has 3 or 4 parts separated by '/', this one has \(count); \(form)"
        case .invalidOffice(let part): "the customs office code '\(part)' must be 8 digits; \(form)"
        case .invalidDate(let part): "the registration date '\(part)' must be a real day written DDMMYY; \(form)"
        case .invalidSerial(let part): "the serial number '\(part)' must be 7 digits; \(form)"
        case .invalidItem(let part): "the item number '\(part)' must be 3 digits; \(form)"
        }
    }
}
