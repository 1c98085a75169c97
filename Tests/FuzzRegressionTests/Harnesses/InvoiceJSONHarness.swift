// Fuzz harness: the invoice JSON reader. Compiled alone into `fuzz-InvoiceJSON` by `make fuzz`
// (with FUZZING defined) and into FuzzRegressionTests, where it replays every kept input.
import Foundation
import InvoiceModel

enum InvoiceJSONHarness {
    /// Reads one input; returns the error's text when it was refused, nil when it was read.
    static func run(_ data: Data) -> String? {
        do {
            _ = try InvoiceJSON.decode(data)
            return nil
        } catch {
            return "invoice.json: \(error)"
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInvoiceJSON(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = InvoiceJSONHarness.run(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

// SwiftPM links an executable's `main` to `<target>_main`; hand it to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("fuzz_InvoiceJSON_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc, arguments = argv
    return runFuzzer(&count, &arguments, fuzzInvoiceJSON)
}
#else
import Testing

// The limit catches a hang, not slowness: other suites may hold both test threads for a while.
@Test(.timeLimit(.minutes(10)))
func invoiceJSONFuzzRegressionsEndInAnAnswer() throws {
    try FuzzReplay.replay(harness: "InvoiceJSON", InvoiceJSONHarness.run)
}
#endif
