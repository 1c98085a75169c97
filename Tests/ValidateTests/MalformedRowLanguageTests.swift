import FakturaTestSupport
import Findings
import Foundation
import Testing
@testable import ERPAudit

/// `ROW_MALFORMED` in the reader's language (docs/languages.md): why an export's row cannot be
/// read is a catalogue text whose values (lines, field numbers, the user's cells) read the same
/// in every language; the English text is the one the reports always had.
@Suite("Audit: malformed rows in every language")
struct MalformedRowLanguageTests {
    /// Rows broken in each way the CSV, JSON and XML readers name.
    static func rows() throws -> [MalformedRow] {
        let scratch = ScratchFolder()
        let csv = "posting_number,status,quantity\n"
            + "P-1,awaiting_packaging\n"
            + "P-2,\"awaiting\"packaging,1\n"
            + "P-3,x,1\n"
            + "P-4,\"never closed,1\n"
        let jsonl = "{\"posting_number\": \"J-1\", \"quantity\": [1]}\n"
            + "[1, 2]\n"
            + "{\"posting_number\": \"J-3\", \"products\": [1]}\n"
            + "{\"posting_number\": \"J-4\",\n"
        let xml = "<export><row><posting_number>X-1</posting_number><quantity><b>1</b></quantity></row>"
            + "<item/><row><posting_number>X-3</posting_number><posting_number>X-3</posting_number></row></export>"
        return try AuditRead.malformed(AuditRead.all(CSVExportReader(url: scratch.write("a.csv", csv))))
            + AuditRead.malformed(AuditRead.all(JSONExportReader(url: scratch.write("a.jsonl", jsonl))))
            + AuditRead.malformed(AuditRead.all(XMLExportReader(url: scratch.write("a.xml", xml))))
    }

    @Test func theEnglishTextIsAsBefore() throws {
        let english = try Self.rows().map(\.reason.english)
        #expect(english.contains("the row has 2 fields but the header has 3 (separator ','; a quote or separator out of place?)"), "\(english)")
        #expect(english.contains("text follows a closing quote in field 2 (write a quote inside a quoted field as \"\")"), "\(english)")
        #expect(english.contains("\"quantity\" must be a string or number, found an array"), "\(english)")
        #expect(english.contains("expected an order record (a JSON object), found an array"), "\(english)")
        #expect(english.contains("<quantity> holds elements; expected text"), "\(english)")
        #expect(english.contains("<posting_number> appears twice in one row"), "\(english)")
    }

    @Test(arguments: ["zh-Hans", "ru"])
    func eachReasonHoldsNoEnglishWords(_ tag: String) throws {
        let language = try #require(Language(matching: tag))
        let rows = try Self.rows()
        #expect(rows.count >= 8, "\(rows.map(\.reason.english))")
        for row in rows {
            let text = row.reason.rendered(in: language)
            #expect(text != row.reason.english, "\(tag): not translated: \(text)")
            for value in EnglishWords.values(row.reason) {
                #expect(text.contains(value), "\(tag): '\(value)' is not in \(text)")
            }
            // A JSON reader's syntax error is quoted as it came ({englishDetail}), like a library's.
            let rest = EnglishWords.withoutData(text, findings: [], also: EnglishWords.values(row.reason, withQuotedEnglish: true))
            let words = EnglishWords.words(in: rest).filter { !["quantity", "products", "posting_number", "row"].contains($0) }
            #expect(words.isEmpty, "\(tag): English words \(words) in \(text)")
        }
    }
}
