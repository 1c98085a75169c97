import FakturaTestSupport
import Foundation
import Testing

/// Issue 28 through the real command line: database URLs that do not parse never show their
/// password and ports outside 1–65535 are refused (items 4 and 8); a mail's control and bidi
/// characters never reach the terminal (item 5); unsigned mail without From: is DKIM `none`
/// (item 7). The mails are Tests/MailTests/Fixtures/hostile (make-hostile-fixtures.py).
@Suite("Hostile mail and database URLs, end to end")
struct HostileMailAndDatabaseCommandTests {
    static let hostile = CLI.repositoryRoot.appendingPathComponent("Tests/MailTests/Fixtures/hostile")

    static let malformedURLs = [
        "postgres://u:secret@[::1/db",
        "postgres://u:secret@host:abc/db",
        "postgres://u:secret@ho st/db",
    ]

    @Test(arguments: malformedURLs)
    func archiveRefusesAMalformedURLWithoutShowingItsPassword(_ url: String) throws {
        for arguments in [["archive", "--database", url, "verify"], ["archive", "verify", "--database", url]] {
            let run = try CLI.run(arguments)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(!run.stdout.contains("secret") && !run.stderr.contains("secret"), "\(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("u:***@"), "\(run.stderr)")
        }
    }

    @Test(arguments: malformedURLs)
    func serveRefusesAMalformedURLWithoutShowingItsPassword(_ url: String) throws {
        let run = try CLI.run(["serve", "--port", "0", "--database", url])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(!run.stdout.contains("secret") && !run.stderr.contains("secret"), "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("u:***@"), "\(run.stderr)")
    }

    @Test(arguments: ["99999999", "65537"])
    func aPortOutsideTheRangeIsRefusedByArchiveAndServe(_ port: String) throws {
        let url = "postgres://u:secret@127.0.0.1:\(port)/db"
        for arguments in [["archive", "--database", url, "verify"], ["serve", "--port", "0", "--database", url]] {
            let run = try CLI.run(arguments)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("port \(port)"), "\(run.stderr)")
            #expect(run.stderr.contains("postgres://u:***@127.0.0.1:\(port)/db"), "\(run.stderr)")
            #expect(!run.stderr.contains("secret"))
        }
    }

    @Test func theTextReportShowsAMailsControlCharactersAsEscapes() throws {
        let run = try CLI.run(["mail", "scan", Self.hostile.appendingPathComponent("terminal.eml").path])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        #expect(!Self.drivesTheTerminal(run.stdout), "\(run.stdout)")
        // The subject, the Message-ID and the attachment's name, each visible as escapes.
        #expect(run.stdout.contains("0100000001-0001-1 \\u{1B}]0;pwned\\u{7}\\u{1B}[2J\\u{202E}fdp.exe"), "\(run.stdout)")
        #expect(run.stdout.contains("<\\u{1B}]0;id\\u{7}\\u{202E}@evil.test>"), "\(run.stdout)")
        #expect(run.stdout.contains("pdf   \\u{1B}]0;pwned\\u{7}\\u{1B}[2J\\u{202E}fdp.exe.pdf"), "\(run.stdout)")
        // JSON keeps its own escaping: the subject decodes to the raw characters.
        let json = try CLI.run(["mail", "scan", Self.hostile.appendingPathComponent("terminal.eml").path, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let messages = try #require(report["messages"] as? [[String: Any]])
        #expect((messages.first?["subject"] as? String)?.contains("\u{1B}]0;pwned\u{07}") == true)
        #expect(!json.stdout.unicodeScalars.contains("\u{1B}"))
    }

    @Test func anUnsignedMailWithoutFromIsNoneAndSoIsItsArchivedEvidence() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        let store = folder.appendingPathComponent("archive")
        let run = try CLI.run(["mail", "scan", Self.hostile.appendingPathComponent("no-from.eml").path,
                               Self.hostile.appendingPathComponent("from-no-address.eml").path,
                               "--archive", store.path, "--dkim-keys", Self.hostile.appendingPathComponent("dkim-keys.txt").path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("DKIM: none 2"), "\(run.stdout)")
        #expect(!run.stdout.contains("MAIL_DKIM_FAIL"), "\(run.stdout)")
        #expect(run.stdout.contains("archived "), "\(run.stdout)")
        let show = try CLI.run(["archive", "--store", store.path, "show", "0100000001-0001-1", "--format", "json"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("receipt"), "\(show.stdout)")
    }

    /// Whether text holds a character that drives a terminal (a line feed ends a line: allowed).
    static func drivesTheTerminal(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
            || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) }
    }

    @Test func validateAndArchivePrintAHostileFileNameAsEscapes() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        let name = "\u{1B}]0;pwned\u{07}\u{202E}fdp.exe"
        let json = folder.appendingPathComponent(name + ".json")
        try Data("{\"number\": 1}".utf8).write(to: json)
        let validate = try CLI.run(["validate", json.path])
        #expect(validate.status == 1 || validate.status == 2, "\(validate.stderr)")
        #expect(!Self.drivesTheTerminal(validate.stdout), "\(validate.stdout)")
        #expect(validate.stdout.contains("\\u{1B}]0;pwned\\u{7}\\u{202E}fdp.exe.json"), "\(validate.stdout)")

        let pdf = folder.appendingPathComponent(name + ".pdf")
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("examples/erp-export/pdf/0100000001-0001-1.pdf"), to: pdf)
        let store = folder.appendingPathComponent("archive").path
        let add = try CLI.run(["archive", "--store", store, "add", pdf.path])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(!Self.drivesTheTerminal(add.stdout), "\(add.stdout)")
        #expect(add.stdout.contains("\\u{202E}fdp.exe.pdf"), "\(add.stdout)")
        let show = try CLI.run(["archive", "--store", store, "show", "0100000001-0001-1"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(!Self.drivesTheTerminal(show.stdout), "\(show.stdout)")
    }
}
