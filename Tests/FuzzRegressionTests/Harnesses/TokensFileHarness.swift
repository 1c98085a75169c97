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
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokensFile(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = TokensFileHarness.run(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

// SwiftPM links an executable's `main` to `<target>_main`; hand it to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("fuzz_TokensFile_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc, arguments = argv
    return runFuzzer(&count, &arguments, fuzzTokensFile)
}
#else
import Testing

// The limit catches a hang, not slowness: other suites may hold both test threads for a while.
@Test(.timeLimit(.minutes(10)))
func tokensFileFuzzRegressionsEndInAnAnswer() throws {
    try FuzzReplay.replay(harness: "TokensFile", TokensFileHarness.run)
}
#endif
