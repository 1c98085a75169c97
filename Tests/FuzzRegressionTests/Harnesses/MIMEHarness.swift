// Fuzz harness: the mail message reader (MIME budgets, GMime, DKIM, attachments), as
// `faktura mail scan` reads each message. Compiled alone into `fuzz-MIME` by `make fuzz` and
// into FuzzRegressionTests.
import Foundation
import Mail

enum MIMEHarness {
    /// Reads one input as a message; returns its findings' text when it has some (or the error),
    /// nil when it was read without a remark.
    static func run(_ data: Data) -> String? {
        do {
            let message = try MailScan.scan(message: data, source: "message.eml")
            guard !message.findings.isEmpty else { return nil }
            return message.findings.map { "\($0.code.rawValue): \($0.message)" }.joined(separator: "\n")
        } catch {
            return "\(error)"
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMIME(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = MIMEHarness.run(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

// SwiftPM links an executable's `main` to `<target>_main`; hand it to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("fuzz_MIME_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc, arguments = argv
    return runFuzzer(&count, &arguments, fuzzMIME)
}
#else
import Testing

// The limit catches a hang, not slowness: other suites may hold both test threads for a while.
@Test(.timeLimit(.minutes(10)))
func mimeFuzzRegressionsEndInAnAnswer() throws {
    try FuzzReplay.replay(harness: "MIME", MIMEHarness.run)
}
#endif
