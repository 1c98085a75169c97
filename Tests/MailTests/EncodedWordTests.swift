import FakturaTestSupport
import Foundation
import Testing
import Archive
@testable import Mail

/// Subjects split over several RFC 2047 encoded words, written by Python's `email` package
/// (Fixtures/make-encoded-word-fixtures.py, which also checks that Python reads each back as
/// subjects.json says).
@Suite("RFC 2047 subjects")
struct EncodedWordTests {
    static let folder = MailFixtures.folder.appendingPathComponent("encoded-words")

    static let expected: [String: String] = {
        let data = try! Data(contentsOf: folder.appendingPathComponent("subjects.json"))
        return try! JSONDecoder().decode([String: String].self, from: data)
    }()

    static func eml(_ name: String) -> String { folder.appendingPathComponent("\(name).eml").path }

    @Test(arguments: ["python-header-utf8", "mixed-charsets", "split-base64-utf8", "split-base64-gb18030",
                      "split-q-utf8", "cyrillic-koi8r-cp1251", "gbk-labelled-gb2312"])
    func theSubjectIsDecodedWhole(name: String) async throws {
        let subject = try #require(Self.expected[name])
        let report = try await MailFixtures.scan([Self.eml(name)])
        let message = try #require(report.messages.first)
        #expect(message.subject == subject)
        #expect(message.postings == ["0100000004-0001-1"])
        #expect(message.findings.isEmpty)
    }

    @Test func everyFixtureIsTested() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".eml") }
        #expect(Set(files.map { String($0.dropLast(4)) }) == Set(Self.expected.keys))
    }

    @Test(arguments: [
        // White space between an encoded word and plain text is text; between two words it is not.
        ("=?utf-8?q?a?= b =?utf-8?q?c?=", "a b c"),
        ("=?utf-8?q?a?=  \r\n\t=?utf-8?q?b?=", "ab"),
        ("=?utf-8?q?a_b?= =?ISO-8859-1?q?=E9?=", "a bé"),
        // Not encoded words: left as written.
        ("=?utf-8?x?abc?= =?utf-8?q?a b?= =??q?a?=", "=?utf-8?x?abc?= =?utf-8?q?a b?= =??q?a?="),
        ("price =?", "price =?"),
        // An unknown charset falls back to UTF-8, GB18030, Windows-1251 in turn.
        ("=?x-unknown?b?0J/RgNC40LLQtdGC?=", "Привет"),
        // A language tag after the charset (RFC 2231).
        ("=?utf-8*ru?q?=D0=94=D0=B0?=", "Да"),
        // Undeclared 8-bit text: UTF-8, else GB18030.
        ("\u{8BA2}\u{5355} 1", "订单 1"),
    ])
    func joinsAndKeepsTextAsRFC2047Says(raw: String, decoded: String) {
        #expect(EncodedWordText.decode(Array(raw.utf8)) == decoded)
    }

    @Test func undeclaredGB18030TextIsReadAsGB18030() {
        // 订单 in GB18030: not UTF-8, so the second fallback.
        #expect(EncodedWordText.decode([0xB6, 0xA9, 0xB5, 0xA5]) == "订单")
    }

    @Test func theArchivedEvidenceKeepsTheWholeSubject() async throws {
        let scratch = ScratchFolder()
        let storeURL = scratch.url.appendingPathComponent("archive")
        var options = MailScan.Options(mailboxes: [Self.eml("python-header-utf8")])
        options.archive = storeURL
        let report = try await MailScan(options: options).run()
        #expect(report.summary.archived == 1)
        let store = try EvidenceStore(at: storeURL)
        let entry = try #require(try store.entries(posting: "0100000004-0001-1").first)
        let evidence = try #require(entry.documents.first { $0.kind == .receipt && $0.mediaType == "application/json" })
        let json = try #require(try JSONSerialization.jsonObject(with: store.content(of: evidence)) as? [String: Any])
        #expect(json["subject"] as? String == Self.expected["python-header-utf8"])
        #expect(report.text.contains(try #require(Self.expected["python-header-utf8"])))
    }
}
