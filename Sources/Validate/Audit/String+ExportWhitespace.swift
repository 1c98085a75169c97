import Foundation

extension String {
    /// The text without white space or line breaks at either end, as
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives it. Foundation's trimming bridges
    /// every string it is handed, and a million-row export trims tens of millions of fields of
    /// which nearly none has anything to trim: their two ends are looked at first.
    var trimmedExportField: String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        guard Self.isSpaceOrBreak(first) || Self.isSpaceOrBreak(last) else { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// True when the text is empty or only spaces and tabs (Foundation's `.whitespaces`: the
    /// Unicode space separators and U+0009), line breaks not included.
    var isBlankExportField: Bool {
        unicodeScalars.allSatisfy { $0 == "\t" || $0 == " " || ($0.value >= 0x80 && $0.properties.generalCategory == .spaceSeparator) }
    }

    /// Unicode's White_Space: the space separators, U+0009–U+000D, U+0085, U+2028 and U+2029 —
    /// the set of `.whitespacesAndNewlines`.
    private static func isSpaceOrBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }
}
