// Fuzz harness: DKIM-Signature tag lists, verified by libopendkim through the mail message
// reader against a known key. Each input takes the place of the signature of
// Tests/MailTests/Fixtures/hostile/signed.eml (made by make-hostile-fixtures.py), whose key is
// in the key file beside it, so a tag list reaches the key lookup, the body-length and hash
// checks and the RSA verification. Compiled alone into `fuzz-DKIM` by `make fuzz` and into
// FuzzRegressionTests.
import Foundation
import Mail

enum DKIMHarness {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../MailTests/Fixtures/hostile").standardized
    static let keyFile = fixtures.appendingPathComponent("dkim-keys.txt").path
    /// signed.eml without its DKIM-Signature field (the first field, with its folded lines).
    static let unsigned: Data? = {
        guard let message = try? Data(contentsOf: fixtures.appendingPathComponent("signed.eml")),
              let end = message.range(of: Data("\r\nContent-Type:".utf8)) else { return nil }
        return message[end.lowerBound + 2 ..< message.endIndex]
    }()

    /// Verifies the fixture message under the input as its DKIM-Signature; returns the DKIM
    /// result and the findings (every input has an answer).
    static func run(_ data: Data) -> String? {
        guard let unsigned else { return "the fixture \(fixtures.path)/signed.eml is missing" }
        let message = Data("DKIM-Signature: ".utf8) + data + Data("\r\n".utf8) + unsigned
        do {
            let scanned = try MailScan.scan(message: message, source: "signed.eml", dkimKeys: keyFile)
            return (["DKIM \(scanned.dkim.rawValue)"] + scanned.findings.map { "\($0.code.rawValue): \($0.message)" })
                .joined(separator: "\n")
        } catch {
            return "\(error)"
        }
    }
}

#if FUZZING
import LibFuzzerEntry

/// `fuzz-DKIM` runs this harness under libFuzzer.
@main extension DKIMHarness: LibFuzzerHarness {}
#endif
