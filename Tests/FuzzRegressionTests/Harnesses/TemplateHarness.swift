// Fuzz harness: the template reader (template XML checked against its XSD, then mapped).
// Compiled alone into `fuzz-Template` by `make fuzz` and into FuzzRegressionTests.
import Foundation
import PDFRender

enum TemplateHarness {
    /// Reads one input; returns the error's text when it was refused, nil when it was read.
    static func run(_ data: Data) -> String? {
        // The shipped templates folder (for template.xsd), found from this file's place in the project.
        let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let catalog = TemplateCatalog(directory: project.appendingPathComponent("templates"))
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

// SwiftPM links an executable's `main` to `<target>_main`; hand it to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("fuzz_Template_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc, arguments = argv
    return runFuzzer(&count, &arguments, fuzzTemplate)
}
#else
import Testing

// The limit catches a hang, not slowness: other suites may hold both test threads for a while.
@Test(.timeLimit(.minutes(10)))
func templateFuzzRegressionsEndInAnAnswer() throws {
    try FuzzReplay.replay(harness: "Template", TemplateHarness.run)
}
#endif
