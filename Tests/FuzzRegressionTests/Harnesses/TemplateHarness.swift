// Fuzz harness: the template reader (template XML checked against its XSD, then mapped).
// Compiled alone into `fuzz-Template` by `make fuzz` and into FuzzRegressionTests.
import Foundation
import PDFRender

enum TemplateHarness {
    /// No folder: a template that names an image or font file is refused, not read from disk.
    private static let catalog = TemplateCatalog(directory: URL(fileURLWithPath: "/nonexistent-faktura-templates"))

    /// Reads one input; returns the error's text when it was refused, nil when it was read.
    static func run(_ data: Data) -> String? {
        do {
            _ = try catalog.parse(data, source: "template.xml")
            return nil
        } catch {
            return "\(error)"
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = TemplateHarness.run(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}
#else
import Testing

@Test(.timeLimit(.minutes(1)))
func templateFuzzRegressionsEndInAnAnswer() throws {
    try FuzzReplay.replay(harness: "Template", TemplateHarness.run)
}
#endif
