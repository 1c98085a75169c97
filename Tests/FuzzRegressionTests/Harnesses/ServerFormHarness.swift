// Fuzz harness: the server's multipart/form-data reader (MultipartKit under the form's budget:
// parts, headers, known names), as `POST /v1/postings/check` and `POST /v1/archive` read a body.
// Compiled alone into `fuzz-ServerForm` by `make fuzz` and into FuzzRegressionTests.
import Foundation
import Server

enum ServerFormHarness {
    /// Reads one input as a form body with the boundary `fuzz-boundary`; returns the error's text
    /// when it was refused, nil when it gave a part.
    static func run(_ data: Data) -> String? {
        do {
            let form = try MultipartForm(body: data, boundary: "fuzz-boundary", names: ["invoice", "posting"])
            // A form with no part the route needs is refused by the route; here it is the answer.
            guard form["invoice"] != nil || form["posting"] != nil else { return "the form holds no invoice or posting part" }
            return nil
        } catch {
            return "\(error)"
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzServerForm(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = ServerFormHarness.run(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

// SwiftPM links an executable's `main` to `<target>_main`; hand it to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("fuzz_ServerForm_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc, arguments = argv
    return runFuzzer(&count, &arguments, fuzzServerForm)
}
#else
import Testing

// The limit catches a hang, not slowness: other suites may hold both test threads for a while.
@Test(.timeLimit(.minutes(10)))
func serverFormFuzzRegressionsEndInAnAnswer() throws {
    try FuzzReplay.replay(harness: "ServerForm", ServerFormHarness.run)
}
#endif
