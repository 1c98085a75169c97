import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
@testable import Validate

/// The one reader of printed figures (``PrintedNumber``) against a reference written the
/// straightforward way (every scalar classified by its Unicode properties, regular expressions
/// over the result), on figures printed in every style and on random strings of every Unicode
/// space and decimal digit.
@Suite("Printed numbers: one reader for cells and lines, as the reference reads them")
struct PrintedNumberTests {
    /// Every scalar of general category Nd, and every space separator (Zs).
    static let allDigits: [Unicode.Scalar] = (0...0x1FFFF).compactMap(Unicode.Scalar.init).filter {
        $0.properties.generalCategory == .decimalNumber
    }
    static let allSpaces: [Unicode.Scalar] = (0...0x1FFFF).compactMap(Unicode.Scalar.init).filter {
        $0.properties.generalCategory == .spaceSeparator
    }

    /// The reference: the text as a string of `0-9 . , ' ␠ x`, then regular expressions.
    enum Reference {
        static func normalized(_ text: String) -> String {
            String(text.unicodeScalars.map { scalar -> Character in
                let properties = scalar.properties
                if properties.generalCategory == .decimalNumber, let value = properties.numericValue {
                    return Character(String(Int(value)))
                }
                if properties.generalCategory == .spaceSeparator { return " " }
                switch scalar {
                case ".": return "."
                case ",": return ","
                case "'", "\u{2019}", "\u{02BC}": return "'"
                default: return "x"
                }
            })
        }

        static func whole(_ pattern: String, _ text: String) -> [String]? {
            let regex = try! NSRegularExpression(pattern: "^" + pattern + "$")
            guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
            return (0..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }

        static func value(_ digits: String, decimals: Int) -> (Decimal, Int)? {
            guard digits.count <= PrintedNumber.maxDigits else { return nil }
            let text = decimals == 0 ? digits : String(digits.dropLast(decimals)) + "." + String(digits.suffix(decimals))
            return Decimal(string: text.hasPrefix(".") ? "0" + text : text).map { ($0, decimals) }
        }

        static func escaped(_ separator: Character) -> String { separator == "." ? "\\." : String(separator) }

        static func parse(_ text: String, decimalMark: Character?) -> (Decimal, Int)? {
            let normal = normalized(text)
            guard let first = normal.firstIndex(where: \.isNumber), let last = normal.lastIndex(where: \.isNumber) else { return nil }
            let body = String(normal[first...last])
            let digits = body.filter(\.isNumber)
            if whole("\\d+", body) != nil { return value(digits, decimals: 0) }
            for group in [" ", "'", ".", ","] as [Character] {
                for mark in [".", ","] as [Character] where mark != group {
                    if let parts = whole("\\d{1,3}(?:\(escaped(group))\\d{3})+\(escaped(mark))(\\d+)", body) {
                        return value(digits, decimals: parts[1].count)
                    }
                }
                if whole("\\d{1,3}(?:\(escaped(group))\\d{3})+", body) != nil, group == " " || group == "'" || body.filter({ $0 == group }).count >= 2 {
                    return value(digits, decimals: 0)
                }
            }
            for mark in [".", ","] as [Character] {
                guard let parts = whole("(\\d+)\(escaped(mark))(\\d+)", body) else { continue }
                let (integer, fraction) = (parts[1], parts[2])
                if fraction.count == 3 && integer.count <= 3 && integer != "0" {
                    guard let decimalMark else { return nil }
                    return value(digits, decimals: decimalMark == mark ? 3 : 0)
                }
                return value(digits, decimals: fraction.count)
            }
            return nil
        }

        /// Runs of digits joined by single separators; in each, the longest tail (from its start
        /// or after a space) with two decimals, then the same before it.
        static func amounts(in line: String) -> [Decimal] {
            let normal = normalized(line)
            let regex = try! NSRegularExpression(pattern: "\\d+(?:[., ']\\d+)*")
            var found: [Decimal] = []
            for match in regex.matches(in: normal, range: NSRange(normal.startIndex..., in: normal)) {
                var pieces = String(normal[Range(match.range, in: normal)!]).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                var inSegment: [Decimal] = []
                while !pieces.isEmpty {
                    var taken: Int?
                    for start in pieces.indices {
                        if let (value, decimals) = parse(pieces[start...].joined(separator: " "), decimalMark: nil), decimals == 2 {
                            inSegment.append(value)
                            taken = start
                            break
                        }
                    }
                    guard let taken, taken > 0 else { break }
                    pieces = Array(pieces[..<taken])
                }
                found += inSegment.reversed()
            }
            return found
        }
    }

    /// `value` printed with `group` between thousands and `mark` before the decimals.
    static func printed(_ value: Decimal, group: String, mark: String, decimals: Int) -> String {
        let text = DecimalText.format(value, scale: decimals)
        let parts = text.split(separator: ".")
        var whole = String(parts[0])
        var groups: [String] = []
        while whole.count > 3 {
            groups.insert(String(whole.suffix(3)), at: 0)
            whole = String(whole.dropLast(3))
        }
        groups.insert(whole, at: 0)
        return groups.joined(separator: group) + (parts.count > 1 ? mark + parts[1] : "")
    }

    @Test func everyGroupingAndDecimalStyleReadsBackItsValue() {
        var generator = SeededGenerator(state: 22)
        let groups = ["", " ", "\u{00A0}", "\u{202F}", "\u{2009}", "'", "\u{2019}", ".", ","]
        let marks = ["руб.", "₽", "RUB", "р.", "¥", "元", "CNY", "RMB", "$", "US$", "USD", ""]
        for _ in 0..<3_000 {
            let value = Decimal(Int.random(in: 0...99_999_999, using: &generator)) / 100
            let group = groups.randomElement(using: &generator)!
            let decimal = group == "." ? "," : group == "," ? "." : [",", "."].randomElement(using: &generator)!
            let figure = Self.printed(value, group: group, mark: decimal, decimals: 2)
            let currency = marks.randomElement(using: &generator)!
            let cell = Bool.random(using: &generator) ? currency + " " + figure : figure + " " + currency
            #expect(PrintedNumber.parse(cell) == value, "\(cell.unicodeScalars.map { String($0.value, radix: 16) })")
            // The line path reads the same figure as the cell path.
            #expect(PrintedNumber.amounts(in: "Итого к оплате: \(cell)") == [value], "\(cell)")
            #expect(InvoiceTextScan.amounts(in: "Total due \(cell)", otherDigits: false) == [value], "\(cell)")
        }
    }

    @Test func oneCommaOrDotBeforeThreeDigitsIsReadOnlyWithTheDocumentsDecimalMark() {
        #expect(PrintedNumber.parse("2,000") == nil)
        #expect(PrintedNumber.parse("2,000", decimalMark: ",") == 2)
        #expect(PrintedNumber.parse("2,000", decimalMark: ".") == 2000)
        #expect(PrintedNumber.parse("2.000 шт", decimalMark: ".") == 2)
        #expect(PrintedNumber.parse("1 234,5") == Decimal(string: "1234.5"))
        #expect(PrintedNumber.parse("0,125") == Decimal(string: "0.125"))
        #expect(PrintedNumber.decimalMark(of: ["Итого 1 234,56", "Дата 20.11.2026"]) == ",")
        #expect(PrintedNumber.decimalMark(of: ["Total 1,234.56"]) == ".")
        // Separators that do not group by three, or two in a row, are no figure.
        for text in ["1.23.45", "12 34,56", "1,,5", "1. 234", "20.11.2026", "1 2a3"] {
            #expect(PrintedNumber.parse(text) == nil, "\(text)")
        }
    }

    @Test func digitsOfEveryScriptAreReadAsTheDigitsTheyAre() throws {
        #expect(Self.allDigits.count > 600)
        #expect(Self.allSpaces.contains("\u{202F}") && Self.allSpaces.contains("\u{2009}") && Self.allSpaces.contains("\u{3000}"))
        // Each Nd block's digits as a grouped amount: ١٬... uses the block's own digits with ASCII marks.
        for zero in Self.allDigits where zero.properties.numericValue == 0 {
            let digits = (0...9).map { Unicode.Scalar(zero.value + UInt32($0))! }
            guard digits.allSatisfy({ $0.properties.numericValue != nil }) else { continue }
            let text = String(String.UnicodeScalarView([digits[1], " ", digits[2], digits[3], digits[4], ",", digits[5], digits[6]]))
            #expect(PrintedNumber.parse(text) == Decimal(string: "1234.56"), "U+\(String(zero.value, radix: 16))")
            #expect(PrintedNumber.amounts(in: "Итого " + text) == [Decimal(string: "1234.56")!], "U+\(String(zero.value, radix: 16))")
        }
    }

    /// The parts of a line decoded from its bytes are its scalars' parts, for random lines of
    /// every plane's scalars, every Unicode space and digit, and ASCII.
    @Test func partsDecodedFromBytesAreTheScalarsParts() {
        var generator = SeededGenerator(state: 0x9A27)
        let all: [Unicode.Scalar] = (0...0x10FFFF).compactMap { Unicode.Scalar($0) }
        for _ in 0..<30_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...24, using: &generator) {
                switch Int.random(in: 0..<5, using: &generator) {
                case 0: scalars.append(Unicode.Scalar(UInt8.random(in: 0...0x7F, using: &generator)))
                case 1: scalars.append(Self.allDigits.randomElement(using: &generator)!)
                case 2: scalars.append(Self.allSpaces.randomElement(using: &generator)!)
                default: scalars.append(all.randomElement(using: &generator)!)
                }
            }
            let text = String(scalars)
            #expect(PrintedNumber.parts(of: text) == text.unicodeScalars.map(PrintedNumber.part),
                    "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        for scalar in (0...0x10FFFF).compactMap(Unicode.Scalar.init) where scalar.value % 7 == 0 || scalar.value < 0x3100 {
            let text = "1\(scalar)2"
            #expect(PrintedNumber.parts(of: text) == text.unicodeScalars.map(PrintedNumber.part), "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test func randomStringsOfEveryUnicodeSpaceAndDigitReadAsTheReferenceReadsThem() {
        var generator = SeededGenerator(state: 2026)
        let others: [Unicode.Scalar] = [".", ",", "'", "\u{2019}", "\u{02BC}", "р", "₽", "$", "%", "元", "-", "a", "\t"]
        for round in 0..<8_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...16, using: &generator) {
                switch Int.random(in: 0..<10, using: &generator) {
                case 0...3: scalars.append(Unicode.Scalar(UInt8.random(in: 0x30...0x39, using: &generator)))
                case 4: scalars.append(Self.allDigits.randomElement(using: &generator)!)
                case 5: scalars.append(Self.allSpaces.randomElement(using: &generator)!)
                default: scalars.append(others.randomElement(using: &generator)!)
                }
            }
            let text = String(scalars)
            let mark: Unicode.Scalar? = [nil, ".", ","].randomElement(using: &generator)!
            let fast = PrintedNumber.figure(text, decimalMark: mark)
            let reference = Reference.parse(text, decimalMark: mark.map(Character.init))
            #expect(fast?.value == reference?.0 && fast?.decimals == reference?.1,
                    "round \(round): \(text.unicodeScalars.map { String($0.value, radix: 16) }): \(String(describing: fast)) vs \(String(describing: reference))")
            #expect(PrintedNumber.amounts(in: text) == Reference.amounts(in: text),
                    "round \(round): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
