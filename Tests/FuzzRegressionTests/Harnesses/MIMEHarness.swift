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
import LibFuzzerEntry

/// `fuzz-MIME` runs this harness under libFuzzer.
@main extension MIMEHarness: LibFuzzerHarness {}
#endif
