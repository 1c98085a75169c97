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
import LibFuzzerEntry

/// `fuzz-InvoiceJSON` runs this harness under libFuzzer.
@main extension InvoiceJSONHarness: LibFuzzerHarness {}
#endif
