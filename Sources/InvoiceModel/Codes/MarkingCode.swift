/// A marking code (КИЗ) of one marked item, as the GS1 DataMatrix on it reads: the GTIN
/// (application identifier 01, 14 digits with their check digit), the serial (AI 21, up to 20
/// characters), then, each after a group separator (GS, U+001D), the verification elements
/// (AI 91: key, AI 92: signature, AI 93: check code).
///
/// ```swift
/// let code = try MarkingCode.parse("0104607012345678215Ab1Cd2Ef3Gh4\u{1D}91EE06\u{1D}92abc…")
/// code.gtin            // "04607012345678"
/// code.identification  // "0104607012345678215Ab1Cd2Ef3Gh4"
/// ```
public struct MarkingCode: Sendable, Hashable {
    public let gtin: String
    public let serial: String
    /// The elements after the serial, by application identifier, in order.
    public let tail: [Element]

    public struct Element: Sendable, Hashable {
        public let identifier: String
        public let value: String
    }

    /// The group separator that ends a variable-length element.
    public static let groupSeparator: Character = "\u{1D}"

    /// The application identifiers that may follow the serial, with their lengths (GS1 General
    /// Specifications: 91–99 are company-internal, up to 90 characters).
    static let tailIdentifiers: [String: ClosedRange<Int>] = ["91": 1...90, "92": 1...90, "93": 1...90]

    /// The GS1 characters of a serial (the 82-character set of the General Specifications).
    private static let serialCharacters = Set("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")

    /// GTIN and serial: the code's identification part, what the XML forms carry (XML 1.0
    /// cannot hold the GS character that separates the rest).
    public var identification: String { "01" + gtin + "21" + serial }

    public static func parse(_ raw: String) throws(MarkingCodeError) -> MarkingCode {
        var text = Substring(raw)
        // A scanner may prefix the symbology identifier of a GS1 DataMatrix, or an FNC1 as GS.
        if text.hasPrefix("]d2") { text = text.dropFirst(3) }
        if text.first == groupSeparator { text = text.dropFirst() }
        guard !text.isEmpty else { throw .empty }
        guard text.hasPrefix("01") else { throw .noGTIN }
        let gtin = String(text.dropFirst(2).prefix(14))
        guard gtin.count == 14, gtin.allSatisfy(\.isASCIIDigit) else { throw .gtinNotDigits(gtin) }
        guard checkDigitIsValid(gtin) else { throw .gtinCheckDigit(gtin) }
        text = text.dropFirst(16)
        guard text.hasPrefix("21") else { throw .noSerial }
        text = text.dropFirst(2)
        let serial = String(text.prefix { $0 != groupSeparator })
        guard (1...20).contains(serial.count) else { throw .serialLength(serial.count) }
        if let bad = serial.first(where: { !serialCharacters.contains($0) }) { throw .serialCharacter(bad) }
        text = text.dropFirst(serial.count)
        var tail: [Element] = []
        while text.first == groupSeparator {
            text = text.dropFirst()
            let identifier = String(text.prefix(2))
            guard let lengths = tailIdentifiers[identifier] else { throw .unknownIdentifier(identifier) }
            let value = String(text.dropFirst(2).prefix { $0 != groupSeparator })
            guard lengths.contains(value.count) else { throw .elementLength(identifier, value.count) }
            tail.append(Element(identifier: identifier, value: value))
            text = text.dropFirst(2 + value.count)
        }
        guard text.isEmpty else { throw .trailing(String(text.prefix(8))) }
        return MarkingCode(gtin: gtin, serial: serial, tail: tail)
    }

    /// The GS1 mod-10 check digit: weights 3 and 1 from the right, the last digit checks the rest.
    static func checkDigitIsValid(_ digits: String) -> Bool {
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == digits.count, let check = values.last else { return false }
        var sum = 0
        for (offset, value) in values.dropLast().reversed().enumerated() {
            sum += value * (offset % 2 == 0 ? 3 : 1)
        }
        return (10 - sum % 10) % 10 == check
    }
}

/// Why a text is not a marking code (`MARKING_CODE_FORMAT`).
public enum MarkingCodeError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case noGTIN
    case gtinNotDigits(String)
    case gtinCheckDigit(String)
    case noSerial
    case serialLength(Int)
    case serialCharacter(Character)
    case unknownIdentifier(String)
    case elementLength(String, Int)
    case trailing(String)

    public var description: String {
        let form = "a marking code is 01 + GTIN (14 digits) + 21 + serial, then GS-separated 91, 92 (GS1 DataMatrix)"
        return switch self {
        case .empty: "the marking code is empty; \(form)"
        case .noGTIN: "the code does not start with 01 (the GTIN); \(form)"
        case .gtinNotDigits(let gtin): "the GTIN '\(gtin)' is not 14 digits; \(form)"
        case .gtinCheckDigit(let gtin): "the GTIN \(gtin) fails its check digit: mistyped"
        case .noSerial: "the GTIN is not followed by 21 (the serial); \(form)"
        case .serialLength(let count): "the serial has \(count) characters, allowed 1 to 20 (separate 91 and 92 from it by GS, U+001D)"
        case .serialCharacter(let character): "the serial holds '\(character)', which is not a GS1 character"
        case .unknownIdentifier(let identifier): "'\(identifier)' after a GS is not an element of a marking code (91, 92 or 93)"
        case let .elementLength(identifier, count): "the element \(identifier) has \(count) characters, allowed 1 to 90"
        case .trailing(let text): "the code goes on after its last element ('\(text)…'); \(form)"
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
