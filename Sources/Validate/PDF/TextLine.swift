/// A line of a page: words whose vertical centres lie within half a word height of each other,
/// left to right, grouped into cells where the gap between words is wider than a space.
struct TextLine: Sendable {
    var words: [PDFTextWord]
    /// Words joined by a space, and by a tab where the gap says a new cell begins.
    var text: String
    var top: Float
    var bottom: Float

    /// The lowest OCR confidence of the words (nil for the PDF's own text).
    var confidence: Float? { words.compactMap(\.confidence).min() }

    /// Groups a page's words into lines, top to bottom.
    static func lines(of page: PDFPageText) -> [TextLine] {
        let sorted = page.words.sorted { $0.centerY < $1.centerY || ($0.centerY == $1.centerY && $0.x0 < $1.x0) }
        var groups: [[PDFTextWord]] = []
        var center: Float = 0
        var height: Float = 0
        for word in sorted {
            if let last = groups.indices.last, abs(word.centerY - center) < max(height, word.height) * 0.5 {
                groups[last].append(word)
            } else {
                groups.append([word])
                center = word.centerY
                height = word.height
            }
        }
        return groups.map { group in
            let words = group.sorted { $0.x0 < $1.x0 }
            var text = ""
            var previous: PDFTextWord?
            for word in words {
                if let previous { text += word.x0 - previous.x1 > word.height * 0.8 ? "\t" : " " }
                text += word.text
                previous = word
            }
            return TextLine(words: words, text: text, top: words.map(\.y0).min() ?? 0, bottom: words.map(\.y1).max() ?? 0)
        }
    }

    /// Runs of words separated by gaps wider than `gapFactor` word heights.
    func cells(gapFactor: Float = 0.8) -> [[PDFTextWord]] {
        var cells: [[PDFTextWord]] = []
        for word in words {
            if let last = cells.last?.last, word.x0 - last.x1 <= word.height * gapFactor {
                cells[cells.count - 1].append(word)
            } else {
                cells.append([word])
            }
        }
        return cells
    }
}
