import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing

/// The JSON the project reads and writes conforms to the schemas in docs/schemas/, checked
/// by a real draft 2020-12 validator on real output of the CLI.
@Suite("JSON Schemas in docs/schemas", .serialized)
struct SchemaConformanceTests {
    static func expectConforms(_ documents: [Data], files: [URL] = [], to schema: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let problems = try JSONSchemaCheck.problems(in: documents, files: files, against: schema)
        #expect(problems.isEmpty, "\(schema): \(problems.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    /// Runs the CLI and returns what it printed, expecting it to end with `status`.
    static func output(of arguments: [String], stdin: String? = nil, status: Int32 = 0,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> Data {
        let result = try CLI.run(arguments, stdin: stdin)
        #expect(result.status == status, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        return Data(result.stdout.utf8)
    }

    /// The example Chinese seller's invoice rendered into `folder/pdf`; the PDF's path.
    static func renderedExample(in folder: ScratchFolder, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        _ = try output(of: ["render", Samples.examplesFolder.appendingPathComponent("cn-seller-ozon.json").path,
                            "--out", folder.path("pdf").path], sourceLocation: sourceLocation)
        return folder.path("pdf/cn-seller-ozon.pdf").path
    }

    @Test func exampleAndSampleInvoicesMatchTheInvoiceSchema() throws {
        var corrected = Samples.russianInvoice
        corrected.correction = DocumentReference(number: "1", date: Samples.date("2026-11-25"))
        let samples = [Samples.russianInvoice, Samples.chineseInvoice, Samples.crossBorder(lines: 5), corrected]
        try Self.expectConforms(samples.map(InvoiceJSON.encode), files: try Samples.exampleFiles().filter { $0.pathExtension == "json" },
                                to: "invoice.schema.json")
    }

    @Test func theInvoiceSchemaRefusesATypoedKeyAsTheDecoderDoes() throws {
        let typo = Samples.json(Samples.russianInvoice) { $0["pricesIncludesVAT"] = true }
        let problems = try JSONSchemaCheck.problems(in: [typo], against: "invoice.schema.json")
        #expect(problems.count == 1)
        #expect(problems.first?.contains("'pricesIncludesVAT' was unexpected") == true, "\(problems)")
        #expect(throws: InvoiceDecodingError.self) { try InvoiceJSON.decode(typo) }
    }

    /// The schema's objects list exactly the keys the decoder knows (``InvoiceJSONObject``).
    @Test func theSchemaAndTheDecoderKnowTheSameKeys() throws {
        let data = try Data(contentsOf: JSONSchemaCheck.schemasFolder.appendingPathComponent("invoice.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let defs = try #require(schema["$defs"] as? [String: Any])
        func keys(_ object: [String: Any]?) -> Set<String> {
            Set(((object?["properties"] as? [String: Any]) ?? [:]).keys)
        }
        let totals = ((schema["properties"] as? [String: Any])?["totals"] as? [String: Any])?["oneOf"] as? [[String: Any]]
        let objects: [InvoiceJSONObject: Set<String>] = [
            .invoice: keys(schema), .order: keys(defs["order"] as? [String: Any]), .party: keys(defs["party"] as? [String: Any]),
            .taxId: keys(defs["taxId"] as? [String: Any]), .document: keys(defs["document"] as? [String: Any]),
            .unit: keys(defs["unit"] as? [String: Any]), .line: keys(defs["line"] as? [String: Any]),
            .totals: keys(totals?.last),
            .signer: keys(((schema["properties"] as? [String: Any])?["signer"] as? [String: Any])
                .flatMap { ($0["oneOf"] as? [[String: Any]])?.last }),
            .traceability: keys(defs["traceability"] as? [String: Any]),
        ]
        for object in InvoiceJSONObject.allCases {
            #expect(objects[object] == Set(object.keys), "\(object)")
        }
    }

    @Test func validateReportsMatchTheirSchema() throws {
        let folder = ScratchFolder()
        let bad = Samples.json(Samples.chineseInvoice) { object in
            object["number"] = "CN 2026#1"
            object["currency"] = "XYZ"
        }
        folder.write("bad.json", bad)
        folder.write("typo.json", Samples.json(Samples.russianInvoice) { $0["pricesIncludesVAT"] = true })
        folder.write("notes.txt", "not an invoice")
        let examples = Samples.examplesFolder.path
        let clean = try Self.output(of: ["validate", "--format", "json", examples])
        let failed = try Self.output(of: ["validate", "--format", "json", folder.path("bad.json").path,
                                          folder.path("typo.json").path, folder.path("notes.txt").path], status: 1)
        #expect(String(decoding: failed, as: UTF8.self).contains("\"SCHEMA\""))
        try Self.expectConforms([clean, failed], to: "validation-report.schema.json")
    }

    @Test func theAuditReportMatchesItsSchema() throws {
        let export = CLI.repositoryRoot.appendingPathComponent("examples/erp-export/orders.csv").path
        let audit = try Self.output(of: ["audit", "--format", "json", export], status: 1)
        #expect(String(decoding: audit, as: UTF8.self).contains("ATTACHMENT_MISSING"))
        try Self.expectConforms([audit], to: "audit-report.schema.json")
    }

    @Test func theIdReportMatchesItsSchema() throws {
        let ids = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("examples/ids.txt"), encoding: .utf8)
        let report = try Self.output(of: ["id", "--format", "json", "-"], stdin: ids + "91440300MA5G8K2P1I\n", status: 1)
        try Self.expectConforms([report], to: "id-report.schema.json")
    }

    @Test func theExampleMappingFilesMatchTheirSchema() throws {
        let folder = CLI.repositoryRoot.appendingPathComponent("examples/mappings")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { ["json", "yaml", "yml"].contains($0.pathExtension) }
        #expect(files.count >= 3)
        try Self.expectConforms([], files: files, to: "mapping.schema.json")
        let problems = try JSONSchemaCheck.problems(in: [Data(#"{"columns": {"Qty": "qty"}}"#.utf8)], against: "mapping.schema.json")
        #expect(problems.count == 1, "a column that is not canonical is refused: \(problems)")
    }

    @Test func archivedEntriesMatchTheirSchema() throws {
        let folder = ScratchFolder()
        let pdf = try Self.renderedExample(in: folder)
        let store = folder.path("store").path
        _ = try Self.output(of: ["archive", "--store", store, "add", pdf])
        let show = try Self.output(of: ["archive", "--store", store, "show", "0123456789-0001-1", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: show) as? [String: Any])
        let entries = try #require(object["entries"] as? [Any])
        #expect(entries.count == 1)
        let documents = try entries.map { try JSONSerialization.data(withJSONObject: $0) }
        try Self.expectConforms(documents, to: "archive-entry.schema.json")
    }

    /// Every JSON the archive commands print, and a bundle's manifest, on a store that verifies
    /// and on one that does not.
    @Test func archiveReportsHeadsAndBundleManifestsMatchTheirSchemas() throws {
        let folder = ScratchFolder()
        let pdf = try Self.renderedExample(in: folder)
        let store = folder.path("store").path
        let add = try Self.output(of: ["archive", "--store", store, "add", pdf, "--format", "json"])
        let again = try Self.output(of: ["archive", "--store", store, "add", pdf, "--format", "json"])
        #expect(String(decoding: again, as: UTF8.self).contains("\"already-archived\""))
        try Self.expectConforms([add, again], to: "archive-add-report.schema.json")

        let head = try Self.output(of: ["archive", "--store", store, "head", "--format", "json"])
        try Self.expectConforms([head], to: "chain-head.schema.json")
        let hash = try #require(try JSONSerialization.jsonObject(with: head) as? [String: Any])["entryHash"] as? String

        let show = try Self.output(of: ["archive", "--store", store, "show", "0123456789-0001-1", "--format", "json"])
        try Self.expectConforms([show], to: "archive-show-report.schema.json")

        let bundle = folder.path("bundle.zip").path
        _ = try Self.output(of: ["archive", "--store", store, "export", "0123456789-0001-1", "--out", bundle])
        let manifest = try Self.unzipped("faktura-0123456789-0001-1/data/manifest.json", from: bundle)
        try Self.expectConforms([manifest], to: "bundle-manifest.schema.json")

        let intact = try Self.output(of: ["archive", "--store", store, "verify", "--head", try #require(hash), "--format", "json"])
        #expect(String(decoding: intact, as: UTF8.self).contains("\"status\": \"ok\""))
        let unknownHead = try Self.output(of: ["archive", "--store", store, "verify", "--head", String(repeating: "0", count: 64),
                                               "--format", "json"], status: 1)
        // Damage one stored file: verify fails, naming it.
        let objects = URL(fileURLWithPath: store).appendingPathComponent("objects")
        let stored = try #require(FileManager.default.enumerator(at: objects, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.first { !$0.hasDirectoryPath && $0.lastPathComponent.count > 8 })
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: stored.path)
        try Data("damaged".utf8).write(to: stored)
        let tampered = try Self.output(of: ["archive", "--store", store, "verify", "--format", "json"], status: 1)
        #expect(String(decoding: tampered, as: UTF8.self).contains("ARCHIVE_TAMPERED"))
        // A chosen language adds each finding's localized text, as the other JSON reports do.
        let russian = try Self.output(of: ["archive", "--store", store, "verify", "--format", "json", "--lang", "ru"], status: 1)
        #expect(String(decoding: russian, as: UTF8.self).contains("\"language\": \"ru\""))
        #expect(!String(decoding: tampered, as: UTF8.self).contains("\"localized\""))
        try Self.expectConforms([intact, unknownHead, tampered, russian], to: "archive-verify-report.schema.json")
    }

    @Test func everyExplanationMatchesItsSchema() throws {
        let list = try CLI.run(["explain"])
        #expect(list.status == 0, "\(list.stderr)")
        let codes = list.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(codes.count >= 40 && codes.contains("SCHEMA") && codes.contains("ARCHIVE_TAMPERED"), "\(codes)")
        let explanations = try codes.map { try Self.output(of: ["explain", $0, "--format", "json"]) }
        try Self.expectConforms(explanations, to: "explanation.schema.json")
    }

    @Test func ozonPayloadsMatchTheirSchema() throws {
        let folder = ScratchFolder()
        let pdf = try Self.renderedExample(in: folder)
        let bodies = try [[], ["--only", "upload"], ["--only", "create"]].map { only in
            try Self.output(of: ["ozon", "payload", pdf, "--url", "https://example.com/i.pdf"] + only)
        }
        try Self.expectConforms(bodies, to: "ozon-payload.schema.json")
        let problems = try JSONSchemaCheck.problems(in: [Data(#"{"posting_number": "1"}"#.utf8)], against: "ozon-payload.schema.json")
        #expect(!problems.isEmpty, "a body without its file is refused")
    }

    /// One member of a ZIP, read by Python's zipfile (an independent reader).
    static func unzipped(_ member: String, from zip: String) throws -> Data {
        let result = try CLI.runTool("/usr/bin/python3", [
            "-c", "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))", zip, member])
        #expect(result.status == 0, "cannot read \(member) from \(zip): \(result.stderr)")
        return result.stdoutData
    }
}
