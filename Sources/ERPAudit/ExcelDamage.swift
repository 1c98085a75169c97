import Findings

/// Codes that went through a spreadsheet as numbers: Excel shows a long code in scientific
/// notation (`8.51713E+09`, and a CSV saved from it keeps only those six digits) and drops a
/// code's leading zeros (`0101210000` → `101210000`). Both are named as such, with the fix,
/// instead of as a code of the wrong length.
enum ExcelDamage {
    /// Columns holding codes, the finding code for each, and the lengths a code of it has.
    private static let postingCodes: [(column: ExportColumn, code: FindingCode, lengths: Set<Int>)] = [
        (.buyerINN, .taxIdFormat, [10, 12]),
        (.sellerTaxId, .taxIdFormat, []),
    ]
    /// HS codes have 6, 8 or 10 digits.
    private static let hsLengths: Set<Int> = [6, 8, 10]

    /// The findings for a posting's damaged codes; each replaces the generic format finding on the same field.
    static func findings(_ posting: ExportPosting) -> [Finding] {
        var findings: [Finding] = []
        for (column, code, lengths) in postingCodes {
            if let text = damage(posting[column], lengths: lengths) {
                findings.append(Finding(code: code, field: .column(column), text: text))
            }
        }
        for line in posting.lines {
            if let text = damage(line.hsCode, lengths: hsLengths) {
                findings.append(Finding(code: .hsCodeFormat, field: .line(line.line, .hsCode), text: text))
            }
        }
        return findings
    }

    /// What is wrong with `value`, or nil when it shows no spreadsheet damage.
    static func damage(_ value: String, lengths: Set<Int>) -> MessageText? {
        if isScientific(value) {
            return MessageText("excel.scientific", ["value": .data(value)])
        }
        if !lengths.isEmpty, !value.isEmpty, value.allSatisfy(\.isASCIIDigit),
           !lengths.contains(value.count), lengths.contains(value.count + 1) {
            return MessageText("excel.leadingZero", ["value": .data(value), "digits": .data(String(value.count)),
                                                     "codeDigits": .data(String(value.count + 1)), "restored": .data("0\(value)")])
        }
        return nil
    }

    /// `8.51713E+09`, `8,51713E+09`, `1E10`.
    static func isScientific(_ value: String) -> Bool {
        let parts = value.split(separator: "E", maxSplits: 1, omittingEmptySubsequences: false)
        let upper = parts.count == 2 ? parts : value.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        guard upper.count == 2 else { return false }
        let mantissa = upper[0], exponent = upper[1]
        let digits = mantissa.filter { $0 != "." && $0 != "," }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit),
              mantissa.filter({ $0 == "." || $0 == "," }).count <= 1 else { return false }
        let exponentDigits = exponent.drop { $0 == "+" || $0 == "-" }
        return !exponentDigits.isEmpty && exponentDigits.count <= 3 && exponentDigits.allSatisfy(\.isASCIIDigit)
            && exponent.count - exponentDigits.count <= 1
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
