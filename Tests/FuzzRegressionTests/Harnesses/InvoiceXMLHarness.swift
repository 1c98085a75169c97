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
#else
import Testing

@Test(.timeLimit(.minutes(1)))
func invoiceXMLFuzzRegressionsEndInAnAnswer() throws {
    try FuzzReplay.replay(harness: "InvoiceXML", InvoiceXMLHarness.run)
}
#endif
