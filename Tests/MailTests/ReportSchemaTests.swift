import FakturaTestSupport
import Foundation
import Testing
@testable import Mail

/// The JSON report keeps to docs/schemas/mail-report.schema.json: every object's keys are ones
/// the schema names (it allows no others), and its required keys are there.
@Suite("mail report JSON schema")
struct ReportSchemaTests {
    typealias Object = [String: Any]

    @Test func theReportHasExactlyTheKeysTheSchemaDescribes() async throws {
        let schemaURL = MailFixtures.repositoryRoot.appendingPathComponent("docs/schemas/mail-report.schema.json")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? Object)
        let definitions = try #require(schema["$defs"] as? Object)

        let scratch = ScratchFolder()
        let (folder, export) = try RecoveryTests.exampleExport(in: scratch)
        var options = RecoveryTests.options(export: export, extract: folder.appendingPathComponent("out"))
        options.mailboxes.append(MailFixtures.eml("forwarded"))
        let report = try await MailScan(options: options).run()
        let json = try #require(try JSONSerialization.jsonObject(with: report.rendered(as: .json)) as? Object)

        func check(_ object: Object, against definition: Object, at path: String) throws {
            let properties = try #require(definition["properties"] as? Object, "\(path): no properties in the schema")
            let required = definition["required"] as? [String] ?? []
            #expect(Set(object.keys).isSubset(of: properties.keys), "\(path): \(Set(object.keys).subtracting(properties.keys)) not in the schema")
            #expect(Set(required).isSubset(of: object.keys), "\(path): missing \(Set(required).subtracting(object.keys))")
        }
        func definition(_ name: String) throws -> Object { try #require(definitions[name] as? Object) }

        try check(json, against: schema, at: "report")
        try check(try #require(json["summary"] as? Object), against: try #require((schema["properties"] as? Object)?["summary"] as? Object), at: "summary")
        let messages = try #require(json["messages"] as? [Object])
        for message in messages {
            try check(message, against: try definition("message"), at: "message")
            try check(try #require(message["location"] as? Object), against: try definition("location"), at: "location")
            for pdf in message["pdfs"] as? [Object] ?? [] { try check(pdf, against: try definition("mailPDF"), at: "message.pdf") }
        }
        let postings = try #require(json["postings"] as? [Object])
        let posting = try definition("posting")
        let postingProperties = try #require(posting["properties"] as? Object)
        for entry in postings {
            try check(entry, against: posting, at: "posting")
            let messageItem = try #require(((postingProperties["messages"] as? Object)?["items"]) as? Object)
            for message in entry["messages"] as? [Object] ?? [] { try check(message, against: messageItem, at: "posting.message") }
            let pdfItem = try #require(((postingProperties["pdfs"] as? Object)?["items"]) as? Object)
            for pdf in entry["pdfs"] as? [Object] ?? [] { try check(pdf, against: pdfItem, at: "posting.pdf") }
        }
        #expect(messages.count == 9)
        #expect(json["amendedExport"] is String)
    }

    /// The report is written by the project's one JSON writer; it says exactly what Foundation's
    /// encoder of the same `Codable` values says (keys sorted, absent fields left out), and the
    /// bytes differ only in layout (`"key": value` and `[]` as in every other report).
    @Test func theReportSaysWhatFoundationsEncoderSaysOfTheSameValues() async throws {
        let scratch = ScratchFolder()
        let (folder, export) = try RecoveryTests.exampleExport(in: scratch)
        var options = RecoveryTests.options(export: export, extract: folder.appendingPathComponent("out"))
        options.mailboxes.append(MailFixtures.eml("forwarded"))
        let report = try await MailScan(options: options).run()
        #expect(!report.postings.isEmpty && !report.messages.isEmpty && !report.allFindings.isEmpty)
        let written = report.rendered(as: .json)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let foundation = try encoder.encode(report)
        let ours = try #require(try JSONSerialization.jsonObject(with: written) as? NSDictionary)
        let theirs = try #require(try JSONSerialization.jsonObject(with: foundation) as? NSDictionary)
        #expect(ours == theirs)
        // Foundation writes `"key" : value` and an empty list as `[`, a blank line, `]`.
        let normalised = String(decoding: foundation, as: UTF8.self).replacingOccurrences(of: "\" : ", with: "\": ")
            .replacing(/\[\n\n *\]/, with: "[]").replacing(/\{\n\n *\}/, with: "{}")
        #expect(String(decoding: written, as: UTF8.self) == normalised + "\n")
    }
}
