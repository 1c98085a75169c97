// Fuzz harness: the server's tokens file (`faktura serve --tokens`). Compiled alone into
// `fuzz-TokensFile` by `make fuzz` and into FuzzRegressionTests.
import Foundation
import Server

enum TokensFileHarness {
    /// Reads one input as a tokens file; returns the error's text when it was refused, nil when it was read.
    static func run(_ data: Data) -> String? {
        do {
            _ = try TokenTable(text: data, file: "tokens.txt")
            return nil
        } catch {
            return "\(error)"
        }
    }
}

#if FUZZING
import LibFuzzerEntry

/// `fuzz-TokensFile` runs this harness under libFuzzer.
@main extension TokensFileHarness: LibFuzzerHarness {}
#endif
