// Fuzz harness: the XLSX export reader (ZIP, shared strings, styles, sheet XML), header and
// every row. Compiled alone into `fuzz-ExportXLSX` by `make fuzz` and into FuzzRegressionTests.
import Foundation
import Validate

enum ExportXLSXHarness {
    /// Reads one input to its end; returns the error's text when it was refused (or the first
    /// malformed row's reason), nil when every row was read.
    static func run(_ data: Data) -> String? {
        do {
            var reader = try XLSXExportReader(data: data, name: "orders.xlsx")
            var firstProblem: String?
            while let item = try reader.next() {
                if case .malformed(let row) = item, firstProblem == nil {
                    firstProblem = "orders.xlsx:\(row.line): \(row.reason)"
                }
            }
            return firstProblem
        } catch {
            return "\(error)"
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExportXLSX(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = ExportXLSXHarness.run(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

// SwiftPM links an executable's `main` to `<target>_main`; hand it to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("fuzz_ExportXLSX_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc, arguments = argv
    return runFuzzer(&count, &arguments, fuzzExportXLSX)
}
#else
import Testing

// The limit catches a hang, not slowness: other suites may hold both test threads for a while.
@Test(.timeLimit(.minutes(10)))
func exportXLSXFuzzRegressionsEndInAnAnswer() throws {
    try FuzzReplay.replay(harness: "ExportXLSX", ExportXLSXHarness.run)
}
#endif
