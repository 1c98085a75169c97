import Foundation

extension String {
    /// The text without white space or line breaks at either end, as
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives it. Foundation's trimming bridges
    /// every string it is handed, and a million-row export trims tens of millions of fields of
    /// which nearly none has anything to trim: their two ends are looked at first.
    var trimmedExportField: String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        guard Self.mayBeSpace(first) || Self.mayBeSpace(last) else { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// True when the text is empty or only spaces and tabs (Foundation's `.whitespaces`: the
    /// Unicode space separators and U+0009), line breaks not included.
    var isBlankExportField: Bool {
        unicodeScalars.allSatisfy { $0 == "\t" || $0 == " " || ($0.value >= 0x80 && $0.properties.generalCategory == .spaceSeparator) }
    }

    /// False only for what is surely not in `.whitespacesAndNewlines`: printable ASCII, letters
    /// (ideographs are letters) and digits. Anything else is left to Foundation, whose set is
    /// wider than Unicode's White_Space (it holds U+200B ZERO WIDTH SPACE, for one).
    private static func mayBeSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return !(scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
    }
}
