/// A customs tariff code: the 6-digit Harmonized System subheading, or a national extension of
/// it to 8 or 10 digits (TN VED EAEU, China's tariff).
///
/// ```swift
/// let code = try HSCode.parse("8517.13.00 00")   // digits "8517130000"
/// code.chapter      // "85"
/// code.subheading   // "851713"
/// ```
public struct HSCode: Sendable, Hashable, CustomStringConvertible {
    /// The code as digits only, 6, 8 or 10 of them.
    public let digits: String

    /// Chapters that hold no goods: 00 does not exist, 77 is reserved for future use, and 98/99
    /// are left to national special provisions, never a good's own classification.
    static let reservedChapters: Set<String> = ["00", "77", "98", "99"]

    /// The code without dots and white space (spaces, non-breaking spaces, tabs), as people
    /// write it in `8517.13.00 00`; other characters are kept so that `parse` can name them.
    public static func normalize(_ raw: String) -> String {
        if ASCIIText.isPlain(raw), !raw.utf8.contains(UInt8(ascii: ".")) { return raw }
        return String(raw.filter { $0 != "." && !$0.isWhitespace })
    }

    /// Parses a code of 6, 8 or 10 digits whose chapter (first two digits) is 01–97 except 77.
    public static func parse(_ raw: String) throws(HSCodeError) -> HSCode {
        let digits = normalize(raw)
        guard !digits.isEmpty else { throw .empty }
        guard ASCIIText.isDigits(digits) else { throw .notDigits }
        guard [6, 8, 10].contains(digits.count) else { throw .invalidLength(digits.count) }
        let chapter = String(digits.prefix(2))
        guard !reservedChapters.contains(chapter) else { throw .reservedChapter(chapter) }
        return HSCode(digits: digits)
    }

    private init(digits: String) {
        self.digits = digits
    }

    /// The first two digits, e.g. `85`.
    public var chapter: String { String(digits.prefix(2)) }
    /// The first four digits, e.g. `8517`.
    public var heading: String { String(digits.prefix(4)) }
    /// The first six digits, the worldwide HS subheading, e.g. `851713`.
    public var subheading: String { String(digits.prefix(6)) }

    public var description: String { digits }
}

/// Why a text is not a customs tariff code.
public enum HSCodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing but separators.
    case empty
    /// A count of digits other than 6, 8 or 10 (after dots and spaces are removed).
    case invalidLength(Int)
    /// Characters other than digits, dots and white space.
    case notDigits
    /// Chapter 00, 77, 98 or 99, which classify no goods.
    case reservedChapter(String)

    /// The finding code of docs/validation.md.
    public var findingCode: String {
        switch self {
        case .empty: "HS_CODE_MISSING"
        case .invalidLength, .notDigits, .reservedChapter: "HS_CODE_FORMAT"
        }
    }

    public var description: String {
        switch self {
        case .empty:
            "the customs (HS / TN VED) code is empty"
        case .invalidLength(let count):
            "a customs code has 6, 8 or 10 digits (HS subheading or national extension), this one has \(count)"
        case .notDigits:
            "a customs code is digits 0-9 only (dots and spaces are ignored); remove letters, dashes and other signs"
        case .reservedChapter(let chapter):
            "chapter \(chapter) classifies no goods (HS chapters are 01-97, 77 is reserved); check the first two digits"
        }
    }
}
