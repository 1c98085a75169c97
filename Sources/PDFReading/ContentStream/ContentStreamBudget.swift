/// The direct text reader's limits: past any of them it declines and poppler reads the PDF
/// under the reader process's CPU and memory budget. A real invoice needs a small part of each.
struct ContentStreamBudget: Sendable {
    /// Nesting of arrays and dictionaries.
    var maxDepth = 32
    /// Objects in the cross-reference table.
    var maxObjects = 100_000
    /// Bytes one stream may inflate to.
    var maxStreamBytes = 16 * 1024 * 1024
    /// Bytes all streams of a PDF may inflate to together.
    var maxInflatedBytes = 64 * 1024 * 1024
    /// Content-stream operators of a PDF.
    var maxOperators = 2_000_000
    /// Characters shown on a page.
    var maxGlyphs = 500_000
    /// Pages of a PDF.
    var maxPages = 2_000
    /// Codes one font's ToUnicode map (its ranges expanded) or its `/W` widths may give.
    var maxCMapEntries = 200_000

    static let standard = ContentStreamBudget()
}
