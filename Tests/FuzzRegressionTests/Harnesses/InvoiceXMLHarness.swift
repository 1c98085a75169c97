// Fuzz harness: the invoice XML reader (libxml2 behind FakturaXML's input budgets). Compiled
// alone into `fuzz-InvoiceXML` by `make fuzz` and into FuzzRegressionTests.
import FakturaXML
import Foundation

enum InvoiceXMLHarness {
    /// Reads one input; returns the error's text when it was refused, nil when it was read.
    static func run(_ data: Data) -> String? {
        do {
            _ = try InvoiceXML.decode(data, source: "invoice.xml")
            return nil
        } catch {
            return error.description
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInvoiceXML(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = InvoiceXMLHarness.run(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

// SwiftPM links an executable's `main` to `<target>_main`; hand it to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("fuzz_InvoiceXML_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc, arguments = argv
    return runFuzzer(&count, &arguments, fuzzInvoiceXML)
}
#else
import Testing

// The limit catches a hang, not slowness: other suites may hold both test threads for a while.
@Test(.timeLimit(.minutes(10)))
func invoiceXMLFuzzRegressionsEndInAnAnswer() throws {
    try FuzzReplay.replay(harness: "InvoiceXML", InvoiceXMLHarness.run)
}
#endif
