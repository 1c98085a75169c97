// Fuzz harness: the direct content-stream reader (the fast path in front of poppler): cross-
// reference table, objects, Flate streams, fonts and their ToUnicode maps, the text operators.
// Compiled alone into `fuzz-ContentStream` by `make fuzz` and into FuzzRegressionTests. Any
// input must end in words or a decline, never a crash or a hang; words it gives must be sane.
import Foundation
import Validate

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
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzContentStream(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = ContentStreamHarness.run(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

// SwiftPM links an executable's `main` to `<target>_main`; hand it to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("fuzz_ContentStream_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc, arguments = argv
    return runFuzzer(&count, &arguments, fuzzContentStream)
}
#else
import Testing

@Test(.timeLimit(.minutes(10)))
func contentStreamFuzzRegressionsEndInAnAnswer() throws {
    try FuzzReplay.replay(harness: "ContentStream", ContentStreamHarness.run)
}
#endif
