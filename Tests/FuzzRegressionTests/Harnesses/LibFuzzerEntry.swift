// The libFuzzer entry of every `fuzz-<Name>` executable: Package.swift compiles this file beside
// each `<Name>Harness.swift` (with FUZZING defined), whose `FuzzedHarness` it feeds. A harness
// file thus holds only its reader's body; in FuzzRegressionTests this file is empty.
#if FUZZING
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = FuzzedHarness.run(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's `main` to `<target>_main`, which `@main` becomes; it hands the
/// command line to libFuzzer's driver.
@main
enum LibFuzzerEntry {
    static func main() {
        var count = CommandLine.argc, arguments = CommandLine.unsafeArgv
        exit(runFuzzer(&count, &arguments, fuzzOneInput))
    }
}
#endif
