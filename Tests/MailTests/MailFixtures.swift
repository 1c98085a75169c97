import FakturaTestSupport
import Foundation
@testable import Mail

/// The committed fixtures (made by Fixtures/make-fixtures.py) and scratch folders.
enum MailFixtures {
    static let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    static let repositoryRoot = CLI.repositoryRoot

    static func eml(_ name: String) -> String { folder.appendingPathComponent("eml/\(name).eml").path }
    static var mbox: String { folder.appendingPathComponent("orders.mbox").path }
    static var maildir: String { folder.appendingPathComponent("Maildir").path }
    static var keys: String { folder.appendingPathComponent("dkim-keys.txt").path }

    /// Scans mailboxes with the fixture keys and returns the messages.
    static func scan(_ paths: [String], keys: String? = MailFixtures.keys, budget: MIMEBudget = .standard) async throws -> MailScanReport {
        var options = MailScan.Options(mailboxes: paths)
        options.dkimKeys = keys
        options.budget = budget
        return try await MailScan(options: options).run()
    }
}
