// Fuzz harness: the mapping file reader (`audit --mapping`). Compiled alone into
// `fuzz-ExportMapping` by `make fuzz` and into FuzzRegressionTests.
import Foundation
import ERPAudit

enum ExportMappingHarness {
    /// Reads one input; returns the error's text when it was refused, nil when it was read.
    static func run(_ data: Data) -> String? {
        do {
            _ = try ExportMapping(data: data, source: "mapping.yaml")
            return nil
        } catch {
            return "\(error)"
        }
    }
}

#if FUZZING
import LibFuzzerEntry

/// `fuzz-ExportMapping` runs this harness under libFuzzer.
@main extension ExportMappingHarness: LibFuzzerHarness {}
#endif
