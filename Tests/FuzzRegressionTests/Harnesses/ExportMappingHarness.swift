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

// SwiftPM links an executable's `main` to `<target>_main`; hand it to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("fuzz_ExportMapping_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc, arguments = argv
    return runFuzzer(&count, &arguments, fuzzExportMapping)
}
#else
import Testing

// The limit catches a hang, not slowness: other suites may hold both test threads for a while.
@Test(.timeLimit(.minutes(10)))
func exportMappingFuzzRegressionsEndInAnAnswer() throws {
    try FuzzReplay.replay(harness: "ExportMapping", ExportMappingHarness.run)
}
#endif
