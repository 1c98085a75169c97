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
    /// ``InvoiceTextLabels/compact(_:)`` of ``lowered``: a phrase's compact text is its words'
    /// joined, and every header phrase the vocabulary holds has its compact text there too.
    let compact: String
    /// Whether the word can be the whole or the start of a column's label in a stack of lines:
    /// it names a column alone or starts a label of several words; or it may be glued to the
    /// word below it (ends in a hyphen, or is the start of a label's word); or it holds a scalar
    /// outside the scripts whose text is compared byte for byte (a combining mark may make a
    /// glued word equal to a label's). A stack of lines with fewer than three such words names
    /// fewer than three columns: ``InvoiceTableReader/wrappedHeader(_:at:general:labelLike:)``
    /// then does not stack it.
    let mayNameColumn: Bool

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
        compact = InvoiceTextLabels.compact(lowered)
        mayNameColumn = kind != nil || startsMultiWordLabel
            || (text.utf8.last == 0x2D && text.count > 1)
            || InvoiceTextLabels.columnLabelWordStarts.contains(trimmed)
            || InvoiceTextLabels.columnLabelWordStarts.contains(
                InvoiceTableReader.trimmingLeading(lowered, InvoiceTableReader.labelPunctuation))
            || !Self.comparesByBytes(text)
    }

    /// Whether every scalar of `text` is one whose strings compare equal exactly when their bytes
    /// do, joined to any other such string: ASCII to U+02FF, Cyrillic without its combining
    /// marks, general punctuation but U+2000/U+2001, №, CJK symbols but their combining marks,
    /// CJK ideographs, full-width forms. None of them is a combining mark or changes under NFC.
    static func comparesByBytes(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0...0x2FF, 0x400...0x482, 0x48A...0x4FF, 0x2002...0x206F, 0x2116, 0x3000...0x3029, 0x3030...0x303F,
                 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF00...0xFFEF: true
            default: false
            }
        }
    }

    /// The header words of a line's words: those the line carries, else worked out now.
    static func of(_ line: TextLine) -> [HeaderWord] {
        line.headerWords ?? line.words.map { HeaderWord($0.text) }
    }
}
