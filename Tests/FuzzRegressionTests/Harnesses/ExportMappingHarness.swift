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
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExportMapping(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = ExportMappingHarness.run(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}
#else
import Testing

@Test(.timeLimit(.minutes(1)))
func exportMappingFuzzRegressionsEndInAnAnswer() throws {
    try FuzzReplay.replay(harness: "ExportMapping", ExportMappingHarness.run)
}
#endif
