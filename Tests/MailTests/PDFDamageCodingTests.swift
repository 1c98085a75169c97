import Findings
import Foundation
@testable import Mail
import Testing

/// A PDF's damage is written as its English words under `damage` and read back as those words,
/// in both PDF records; an undamaged PDF has no `damage` key at all.
@Suite("A PDF's damage written and read back")
struct PDFDamageCodingTests {
    static let truncated = MessageText("mail.pdf.truncated")

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func aMessagesPDFKeepsItsDamage() throws {
        let pdf = MailPDF(name: "invoice.pdf", bytes: 120, sha256: "ab", readable: false, postingsNamed: [], part: "2",
                          damage: Self.truncated)
        let data = try JSONEncoder().encode(pdf)
        #expect(try Self.object(data)["damage"] as? String == Self.truncated.english)
        let back = try JSONDecoder().decode(MailPDF.self, from: data)
        #expect(back.damage == pdf.damage)
        let russian = try #require(back.damageText).rendered(in: try #require(Language(matching: "ru")))
        #expect(russian == "не читается: " + Self.truncated.english, "read back, the English words are the detail: \(russian)")
        #expect(back.part == "2" && back.bytes == 120 && back.name == "invoice.pdf")

        let whole = MailPDF(name: nil, bytes: 1, sha256: "cd", readable: true, postingsNamed: ["1-1-1"], part: "1")
        let wholeData = try JSONEncoder().encode(whole)
        #expect(try Self.object(wholeData)["damage"] == nil)
        #expect(try JSONDecoder().decode(MailPDF.self, from: wholeData) == whole)
    }

    @Test func aPostingsPDFKeepsItsDamage() throws {
        let pdf = PostingMail.PDF(name: "x.pdf", bytes: 9, sha256: "ef", readable: false, namesPosting: true, messageID: "<m@x>",
                                  location: MessageLocation(file: "in.eml"), part: "1.2", damage: Self.truncated)
        let data = try JSONEncoder().encode(pdf)
        #expect(try Self.object(data)["damage"] as? String == Self.truncated.english)
        let back = try JSONDecoder().decode(PostingMail.PDF.self, from: data)
        #expect(back.damage == pdf.damage && back.namesPosting && back.messageID == "<m@x>" && back.part == "1.2")
    }
}
