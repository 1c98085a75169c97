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
import LibFuzzerEntry

/// `fuzz-InvoiceXML` runs this harness under libFuzzer.
@main extension InvoiceXMLHarness: LibFuzzerHarness {}
#endif
