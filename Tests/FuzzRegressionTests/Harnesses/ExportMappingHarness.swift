// Fuzz harness: the mapping file reader (`audit --mapping`). Compiled alone into
// `fuzz-ExportMapping` by `make fuzz` and into FuzzRegressionTests.
import Foundation
import Validate

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
/// What this file's `fuzz-ExportMapping` executable runs (the libFuzzer entry is LibFuzzerEntry.swift).
typealias FuzzedHarness = ExportMappingHarness
#endif
