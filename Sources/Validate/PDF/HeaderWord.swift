import PDFReading

/// A word as the header search reads it (``InvoiceTableReader/header(_:general:splits:)``),
/// worked out once a word: its lower case, its text without label punctuation and the lookups
/// in the vocabulary (``InvoiceTextLabels``) the search makes of a word standing alone. A wrapped
/// header is tried as stacks of up to ``InvoiceTableReader/longestHeader`` lines from every line,
/// so a word is looked at up to that many times; the lookups of a `String` (hashing normalises
/// non-ASCII text) and the lower-casing then cost most of a PDF's reading.
struct HeaderWord: Sendable {
    /// ``TextCaseFolding/lowercased(_:)`` of the word.
    let lowered: String
    /// ``lowered`` without label punctuation at its ends (``InvoiceTableReader/trimmingPunctuation(_:)``).
    let trimmed: String
    /// Whether a column label of several words can start with this word
    /// (``InvoiceTextLabels/startsMultiWordLabel(_:)`` of ``lowered`` without leading punctuation).
    let startsMultiWordLabel: Bool
    /// Whether the word can carry on a label of several words: it holds a space, or
    /// ``trimmed`` is a word of a column label (``InvoiceTextLabels/columnLabelWords``).
    let continuesLabel: Bool
    /// Whether ``trimmed`` is a word of a column label.
    let isLabelWord: Bool
    /// The column the word names alone: its trimmed text as a header phrase
    /// (``InvoiceTextLabels/columnOfHeaderPhrase``), else compacted
    /// (``InvoiceTextLabels/columnOfCompactLabel``), else, for a word in CJK, a label inside it
    /// (``InvoiceTextLabels/column(ofHeaderCell:)``: 单价(元)).
    let kind: InvoiceTextLabels.Kind?

    init(_ text: String) {
        lowered = TextCaseFolding.lowercased(text)
        trimmed = InvoiceTableReader.trimmingPunctuation(lowered)
        startsMultiWordLabel = InvoiceTextLabels.startsMultiWordLabel(
            InvoiceTableReader.trimmingLeading(lowered, InvoiceTableReader.labelPunctuation))
        isLabelWord = InvoiceTextLabels.columnLabelWords.contains(trimmed)
        continuesLabel = lowered.utf8.contains(0x20) || isLabelWord
        if let kind = InvoiceTextLabels.columnOfHeaderPhrase[trimmed]
            ?? InvoiceTextLabels.columnOfCompactLabel[InvoiceTextLabels.compact(trimmed)] {
            self.kind = kind
        } else if text.utf8.first.map({ $0 >= 0xE3 }) == true {
            kind = InvoiceTextLabels.column(ofHeaderCell: text)
        } else {
            kind = nil
        }
    }

    /// The header words of a line's words: those the line carries, else worked out now.
    static func of(_ line: TextLine) -> [HeaderWord] {
        line.headerWords ?? line.words.map { HeaderWord($0.text) }
    }
}
