import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
@testable import Validate

/// The date scan over a line's scalars finds what the regular expressions it replaced find
/// (kept here as the reference): the same matches, at the same places, with the same groups,
/// for random lines of digits, spaces and letters of every script and for every scalar of the
/// Basic Multilingual Plane placed into printed dates.
@Suite("Printed dates: the scalar scan agrees with the regular expressions")
struct PrintedDateScannerTests {
    static let numeric = try! NSRegularExpression(
        pattern: #"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)|(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)|(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"#)
    static let worded = try! NSRegularExpression(
        pattern: #"(?<!\d)(\d{1,2})\s+(\p{L}+)\.?\s+(\d{4})(?!\d)|(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)"#)

    typealias Match = PrintedDate.Scanner.Match

    /// A regular expression's match as the scanner reports one (scalar offsets, three groups).
    static func match(_ result: NSTextCheckingResult, in line: String) -> Match? {
        func offset(_ location: Int) -> Int {
            let index = String.Index(utf16Offset: location, in: line)
            return line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: index)
        }
        // By UTF-16 offsets, not `Range(_:in:)`, which refuses a group ending inside a character
        // ("2026" and a combining mark after it).
        func group(_ index: Int) -> String? {
            let range = result.range(at: index)
            guard range.location != NSNotFound else { return nil }
            let scalars = line.unicodeScalars
            let start = scalars.index(scalars.startIndex, offsetBy: offset(range.location))
            let end = scalars.index(scalars.startIndex, offsetBy: offset(range.location + range.length))
            return String(scalars[start..<end])
        }
        let forms: [(first: Int, form: Match.Form)] = result.numberOfRanges == 10
            ? [(1, .dayMonthYear), (4, .yearMonthDay), (7, .yearMonthDay)] : [(1, .dayMonthYear), (4, .monthDayYear)]
        for (first, form) in forms {
            guard let a = group(first), let b = group(first + 1), let c = group(first + 2) else { continue }
            return Match(form: form, start: offset(result.range.location),
                         end: offset(result.range.location + result.range.length), groups: (a, b, c))
        }
        return nil
    }

    static func expectAgreement(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let range = NSRange(line.startIndex..., in: line)
        let scanner = PrintedDate.Scanner(line)
        let numeric = Self.numeric.firstMatch(in: line, range: range).flatMap { match($0, in: line) }
        #expect(scanner.numeric() == numeric, "numeric: \(line.unicodeScalars.map { String($0.value, radix: 16) })",
                sourceLocation: sourceLocation)
        let worded = Self.worded.matches(in: line, range: range).compactMap { match($0, in: line) }
        var scanned: [Match] = []
        var from = 0
        while let match = scanner.worded(from: from) { scanned.append(match); from = match.end }
        #expect(scanned == worded, "worded: \(line.unicodeScalars.map { String($0.value, radix: 16) })",
                sourceLocation: sourceLocation)
    }

    /// Every scalar but surrogates, by the classes the patterns name.
    static let allScalars: [Unicode.Scalar] = (0...0x10FFFF).compactMap { Unicode.Scalar($0) }
    static let digits = allScalars.filter { $0.properties.generalCategory == .decimalNumber && !newerScalars.contains($0) }
    static let spaces = allScalars.filter { $0.properties.isWhitespace || [.spaceSeparator, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory) }
        + (0x1C...0x1F).map { Unicode.Scalar($0)! }
    static let others = allScalars.filter {
        !$0.properties.isNoncharacterCodePoint && $0.properties.generalCategory != .unassigned && !newerScalars.contains($0)
    }
    static let letters = others.filter { PrintedDate.Scanner.isLetter($0) }

    /// Scalars of a Unicode version newer than the ICU here knows: letters or digits in Swift's
    /// tables but no `\p{L}` or `\d` to the regular expression, so no reference holds for them.
    static let newerScalars: Set<Unicode.Scalar> = {
        let icuLetter = try! NSRegularExpression(pattern: #"^\p{L}$"#)
        let icuDigit = try! NSRegularExpression(pattern: #"^\d$"#)
        let icuSpace = try! NSRegularExpression(pattern: #"^\s$"#)
        return Set(allScalars.filter { scalar in
            let text = String(scalar)
            let range = NSRange(text.startIndex..., in: text)
            return (icuLetter.firstMatch(in: text, range: range) != nil) != PrintedDate.Scanner.isLetter(scalar)
                || (icuDigit.firstMatch(in: text, range: range) != nil) != PrintedDate.Scanner.isDigit(scalar)
                || (icuSpace.firstMatch(in: text, range: range) != nil) != PrintedDate.Scanner.isSpace(scalar)
        })
    }()

    @Test func onlyScalarsOfNewerUnicodeVersionsAreLeftOut() {
        // Unicode 16 and later: what a Swift newer than the ICU knows, and nothing else.
        let ages = Set(Self.newerScalars.compactMap { $0.properties.age.map { "\($0.major).\($0.minor)" } })
        #expect(Self.newerScalars.allSatisfy { ($0.properties.age?.major ?? 0) >= 16 }, "\(ages)")
        #expect(!Self.letters.isEmpty && Self.letters.count > 100_000)
    }

    @Test func randomLinesOfEveryScriptAgree() {
        var random = SeededGenerator()
        let marks: [Unicode.Scalar] = [".", "-", ",", "年", "月", "日", "/", " "]
        let words = ["ноября", "Nov", "November", "мая", "dec", "Декабрь", "г", "Mär", "十一月"]
        for _ in 0..<40_000 {
            var line = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 1...14, using: &random) {
                switch Int.random(in: 0..<12, using: &random) {
                case 0...3:
                    // A run of digits, ASCII or of one or two scripts.
                    for _ in 0..<Int.random(in: 1...5, using: &random) {
                        line.append(Bool.random(using: &random) ? Unicode.Scalar(UInt8.random(in: 0x30...0x39, using: &random))
                                    : Self.digits.randomElement(using: &random)!)
                    }
                case 4, 5: line.append(marks.randomElement(using: &random)!)
                case 6, 7: line.append(Self.spaces.randomElement(using: &random)!)
                case 8: for _ in 0..<Int.random(in: 1...4, using: &random) { line.append(Self.letters.randomElement(using: &random)!) }
                case 9: line.append(contentsOf: words.randomElement(using: &random)!.unicodeScalars)
                case 10: line.append(Self.others.randomElement(using: &random)!)
                default: line.append(contentsOf: "2026".unicodeScalars)
                }
            }
            Self.expectAgreement(String(line))
        }
    }

    @Test func everyScalarInsidePrintedDatesAgrees() {
        for scalar in TextScanFastPathTests.scalars where !Self.newerScalars.contains(scalar) {
            let s = String(scalar)
            for line in ["20\(s)11.2026", "1.\(s)2.2026", "\(s)20.11.2026\(s)", "2026-11\(s)-20", "2026\(s)年 11\(s)月\(s)20 日",
                         "20\(s)ноября\(s)2026 г.", "\(s)20 ноября\(s)2026\(s)", "Nov\(s)20,\(s)2026", "No\(s)v 20 2026",
                         "Дата: 20 ноября\(s) 2026 г. / 2026年11月20\(s)日"] {
                Self.expectAgreement(line)
            }
        }
    }

    @Test func datesAreReadFromTheFirstMatch() {
        #expect(PrintedDate.first(in: "Счёт № 15 от 20 ноября 2026 г.") == LocalDate(year: 2026, month: 11, day: 20))
        #expect(PrintedDate.first(in: "Invoice 2026-11-20, due Dec 5, 2026") == LocalDate(year: 2026, month: 11, day: 20))
        #expect(PrintedDate.first(in: "Date: Dec 5, 2026 (order 20.11.2026)") == LocalDate(year: 2026, month: 12, day: 5))
        #expect(PrintedDate.first(in: "开票日期：2026年 11 月 20日") == LocalDate(year: 2026, month: 11, day: 20))
        #expect(PrintedDate.first(in: "Total 12 345 2026 items") == nil)
        // Arabic-Indic digits are read as the digits they are, as figures are (they crashed an old reading).
        #expect(PrintedDate.first(in: "٢٠.١١.٢٠٢٦ 2026") == LocalDate(year: 2026, month: 11, day: 20))
    }

    /// The first scalar (digit zero) of every decimal-digit block.
    static let digitZeros = digits.filter { $0.properties.numericValue == 0 }

    /// A line with its ASCII digits spelled in the block starting at `zero`.
    static func spelled(_ line: String, zero: Unicode.Scalar) -> String {
        var view = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            if (0x30...0x39).contains(scalar.value) {
                view.append(Unicode.Scalar(zero.value + scalar.value - 0x30)!)
            } else {
                view.append(scalar)
            }
        }
        return String(view)
    }

    @Test func datesInEveryScriptsDigitsAreReadAsInASCII() {
        let lines = ["Счёт № 15 от 20 ноября 2026 г.", "Invoice 2026-11-20, due Dec 5, 2026", "Date: Dec 5, 2026 (order 20.11.2026)",
                     "开票日期：2026年 11 月 20日", "Total 12 345 2026 items", "Дата 1.2.2027", "No date 12.2026 here", "31.02.2026"]
        #expect(Self.digitZeros.count > 60)
        for zero in Self.digitZeros {
            for line in lines {
                let expected = PrintedDate.first(in: line)
                #expect(PrintedDate.first(in: Self.spelled(line, zero: zero)) == expected,
                        "\(line) in the digits from U+\(String(zero.value, radix: 16))")
            }
        }
    }

    /// The byte test that keeps lines without a year out of the scan, against a scan of every
    /// scalar: random lines of digits of every script, spaces and letters.
    @Test func theYearPrefilterAgreesWithAScanOfEveryScalar() {
        func reference(_ line: String) -> Bool {
            var run = 0
            for scalar in line.unicodeScalars {
                run = PrintedDate.Scanner.isDigit(scalar) ? run + 1 : 0
                if run == 4 { return true }
            }
            return false
        }
        var random = SeededGenerator(state: 2_027)
        var withYear = 0
        for _ in 0..<40_000 {
            var line = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 1...10, using: &random) {
                switch Int.random(in: 0..<6, using: &random) {
                case 0, 1:
                    let zero = Bool.random(using: &random) ? Unicode.Scalar(0x30)! : Self.digitZeros.randomElement(using: &random)!
                    for _ in 0..<Int.random(in: 1...4, using: &random) {
                        line.append(Unicode.Scalar(zero.value + UInt32.random(in: 0...9, using: &random))!)
                    }
                case 2: line.append(Self.spaces.randomElement(using: &random)!)
                case 3: line.append(Self.letters.randomElement(using: &random)!)
                default: line.append(Self.others.randomElement(using: &random)!)
                }
            }
            let text = String(line)
            withYear += reference(text) ? 1 : 0
            #expect(PrintedDate.hasFourDigitRun(text) == reference(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(withYear > 1_000)
    }
}
