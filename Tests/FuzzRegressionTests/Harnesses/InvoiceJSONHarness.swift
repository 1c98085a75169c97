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
/// What this file's `fuzz-InvoiceJSON` executable runs (the libFuzzer entry is LibFuzzerEntry.swift).
typealias FuzzedHarness = InvoiceJSONHarness
#endif
