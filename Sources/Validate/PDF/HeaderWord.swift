import InvoiceModel
import PDFReading
import Synchronization

/// A word as the header search reads it (``InvoiceTableReader/header(_:general:splits:)``),
/// worked out once a word: its lower case, its text without label punctuation and the lookups
/// in the vocabulary (``InvoiceTextLabels``) the search makes of a word standing alone. A wrapped
/// header is tried as stacks of up to ``InvoiceTableReader/longestHeader`` lines from every line,
/// so a word is looked at up to that many times; the lookups of a `String` (hashing normalises
/// non-ASCII text) and the lower-casing then cost most of a PDF's reading.
struct HeaderWord: Sendable, Equatable {
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
    /// Whether the word may start a column's label in a header: it names a column alone or
    /// starts a label of several words, or it holds a scalar outside the scripts whose text is
    /// compared byte for byte (a combining mark may make a glued word equal to a label's).
    let mayStartLabel: Bool
    /// Whether the word, the last of a cell, may be glued to the first word of the cell stacked
    /// under it (``TextLine/stacked(_:splits:)``): it ends in a hyphen, or is the start of a
    /// label's word (``InvoiceTextLabels/columnLabelWordStarts``).
    let mayBeCut: Bool
    /// Whether ``compact`` is compared byte for byte (``comparesByBytes(_:)``): a phrase of such
    /// words is looked up by its bytes (``InvoiceTextLabels/column(ofCompactText:comparesByBytes:)``).
    let compactComparesByBytes: Bool

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
        compactComparesByBytes = Self.comparesByBytes(compact)
        mayStartLabel = kind != nil || startsMultiWordLabel || !Self.comparesByBytes(text)
        mayBeCut = (text.utf8.last == 0x2D && text.count > 1)
            || InvoiceTextLabels.columnLabelWordStarts.contains(trimmed)
            || InvoiceTextLabels.columnLabelWordStarts.contains(
                InvoiceTableReader.trimmingLeading(lowered, InvoiceTableReader.labelPunctuation))
    }

    /// How many columns a stack of lines holding this line may name at most for the line's
    /// part: its words that may start a label, and its cells whose last word may be glued to a
    /// word below. A word of a stack is a line's word or words glued together, the upper one
    /// always the last of its cell; only a word that may start a label starts one. So a stack
    /// whose lines count fewer than three names no header (``InvoiceTableReader/header(_:general:splits:)``
    /// needs three columns), and ``InvoiceTableReader/wrappedHeader(_:at:general:labelLike:mayName:)``
    /// does not stack it. Nil for a line without its header words.
    static func mayName(_ line: TextLine) -> Int? {
        guard let keys = line.headerWords else { return nil }
        var count = keys.reduce(0) { $0 + ($1.mayStartLabel ? 1 : 0) }
        for cell in line.cells() {
            let last = keys[cell.upperBound - 1]
            if last.mayBeCut && !last.mayStartLabel { count += 1 }
        }
        return count
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
        line.headerWords ?? line.words.map { HeaderWord.memoized($0.text) }
    }

    /// ``init(_:)`` of `text`, worked out once a run for each text (byte for byte): the same
    /// labels, names and addresses come back invoice after invoice, and working a word out
    /// (lower case, trimming, five lookups of non-ASCII text) costs more than finding it again.
    static func memoized(_ text: String) -> HeaderWord {
        let key = UTF8Key(text: text)
        if let known = memo.withLock({ $0[key] }) { return known }
        let word = HeaderWord(text)
        memo.withLock { words in
            if words.count < memoLimit { words[key] = word }
        }
        return word
    }

    /// The most words ``memoized(_:)`` keeps (a run over many invoices meets ever new words:
    /// names, addresses); a word beyond them is worked out each time. The labels and the words
    /// around them come first and stay; the memo then holds a few MB at most, also in `serve`.
    static let memoLimit = 20_000

    private static let memo = Mutex<[UTF8Key: HeaderWord]>([:])
}
