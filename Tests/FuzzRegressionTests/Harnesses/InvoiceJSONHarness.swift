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
#else
import Testing

@Test(.timeLimit(.minutes(1)))
func invoiceJSONFuzzRegressionsEndInAnAnswer() throws {
    try FuzzReplay.replay(harness: "InvoiceJSON", InvoiceJSONHarness.run)
}
#endif
