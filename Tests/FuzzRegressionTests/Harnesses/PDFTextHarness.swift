// Fuzz harness: the PDF reader (poppler): open, text, embedded invoice.xml, invoice fields.
// Compiled alone into `fuzz-PDFText` by `make fuzz` and into FuzzRegressionTests.
import Foundation
import Validate

enum PDFTextHarness {
    /// Reads one input; returns the error's text when it was refused, the missing fields when
    /// the PDF was read but shows no invoice, nil when it shows every field.
    static func run(_ data: Data) -> String? {
        do {
            let document = try PDFDocument(data: data, source: "attachment.pdf")
            let reading = PDFInvoiceReading.read(document)
            return reading.missingFields.isEmpty ? nil : "attachment.pdf: fields missing: \(reading.missingFields)"
        } catch {
            return "\(error)"
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPDFText(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = PDFTextHarness.run(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

// SwiftPM links an executable's `main` to `<target>_main`; hand it to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("fuzz_PDFText_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc, arguments = argv
    return runFuzzer(&count, &arguments, fuzzPDFText)
}
#else
import Testing

@Test(.timeLimit(.minutes(1)))
func pdfTextFuzzRegressionsEndInAnAnswer() throws {
    try FuzzReplay.replay(harness: "PDFText", PDFTextHarness.run)
}
#endif
