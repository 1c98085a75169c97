import Foundation
import Testing
import Findings

/// The mail's finding codes are public API: each is explained (`faktura explain`), listed in
/// the README's code table and described in docs/mail.md.
@Suite("mail finding codes")
struct MailFindingCodeTests {
    static let codes: [FindingCode] = FindingCode.allCases.filter { $0.rawValue.hasPrefix("MAIL_") }

    @Test func everyMailCodeIsExplainedAndDocumented() throws {
        #expect(Self.codes.count == 6)
        let readme = try String(contentsOf: MailFixtures.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let guide = try String(contentsOf: MailFixtures.repositoryRoot.appendingPathComponent("docs/mail.md"), encoding: .utf8)
        for code in Self.codes {
            let explanation = code.explanation
            #expect(!explanation.meaning.isEmpty && !explanation.rule.isEmpty && !explanation.fix.isEmpty)
            #expect(readme.contains("| \(code.rawValue) |"), "\(code.rawValue) is not in the README's table")
            #expect(guide.contains("`\(code.rawValue)`"), "\(code.rawValue) is not in docs/mail.md")
        }
    }

    @Test func aChangedSignatureAndARepairedMessageWarnTheRestFail() {
        #expect(FindingCode.mailDKIMFail.defaultSeverity == .warning)
        #expect(FindingCode.mailMalformed.defaultSeverity == .warning)
        for code in [FindingCode.mailUnreadable, .mailTooComplex, .mailAttachmentBroken, .mailExtractRefused] {
            #expect(code.defaultSeverity == .error)
        }
    }
}
