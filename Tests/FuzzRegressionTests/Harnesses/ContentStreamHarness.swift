// Fuzz harness: the direct content-stream reader (the fast path in front of poppler): cross-
// reference table, objects, Flate streams, fonts and their ToUnicode maps, the text operators.
// Compiled alone into `fuzz-ContentStream` by `make fuzz` and into FuzzRegressionTests. Any
// input must end in words or a decline, never a crash or a hang; words it gives must be sane.
import Foundation
import PDFReading

enum ContentStreamHarness {
    /// What the reader made of one input: the pages and words it read, or that it declined.
    static func run(_ data: Data) -> String? {
        guard let pages = PDFContentStreamReader.pageTexts(data) else { return "declined (poppler reads it)" }
        for page in pages {
            precondition(page.width >= 1 && page.height >= 1 && !page.words.isEmpty, "a page read without size or words")
            for word in page.words {
                precondition(!word.text.isEmpty, "an empty word")
                precondition([word.x0, word.y0, word.x1, word.y1].allSatisfy(\.isFinite), "a word box that is not finite: \(word)")
                precondition(word.x0 <= word.x1 && word.y0 <= word.y1, "an inverted word box: \(word)")
            }
        }
        return "read \(pages.count) pages, \(pages.reduce(0) { $0 + $1.words.count }) words"
    }
}

#if FUZZING
import LibFuzzerEntry

/// `fuzz-ContentStream` runs this harness under libFuzzer.
@main extension ContentStreamHarness: LibFuzzerHarness {}
#endif
