import FakturaTestSupport
import Foundation
import Testing

/// `faktura audit` as a seller with a real ERP export uses it: presets, pipes, hostile mapping files.
@Suite struct AuditERPExportTests {
    static let csv = "posting_number,status,quantity,unit_price\n0100000009-0001-1,awaiting_payment,1,10\n0100000010-0001-1,cancelled,1,10\n"

    // Regression: a 400-byte alias bomb once grew to 1.8 GB before the process aborted.
    @Test func aliasBombAsMappingIsRefusedBeforeExpansion() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        var bomb = "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n"
        for (index, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].enumerated() {
            let previous = index == 0 ? "a" : ["b", "c", "d", "e", "f", "g", "h", "i"][index - 1]
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        bomb += "columns: *i\n"
        #expect(bomb.utf8.count < 500)
        try Data(bomb.utf8).write(to: folder.appendingPathComponent("bomb.yaml"))
        try Data(Self.csv.utf8).write(to: folder.appendingPathComponent("orders.csv"))
        let result = try CLI.run(["audit", "orders.csv", "--mapping", "bomb.yaml"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bomb.yaml:1: mapping file refused: YAML anchors and aliases (&a, *a) are not accepted in mapping files"),
                "\(result.stderr)")
    }

    // Regression: a sequence as a mapping key once trapped inside Yams (SIGILL, exit 132).
    @Test func nonTextKeyInMappingIsRefused() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        try Data("columns: {? [a,b] : sku}\n".utf8).write(to: folder.appendingPathComponent("keys.yaml"))
        try Data(Self.csv.utf8).write(to: folder.appendingPathComponent("orders.csv"))
        let result = try CLI.run(["audit", "orders.csv", "--mapping", "keys.yaml"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("keys.yaml:1: mapping file refused: a sequence used as a key under `columns`; keys must be plain text"),
                "\(result.stderr)")
    }

    @Test func oversizedMappingIsRefusedBeforeParsing() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        let big = "columns:\n" + String(repeating: "# padding padding padding padding padding padding\n", count: 6_000)
        try Data(big.utf8).write(to: folder.appendingPathComponent("big.yaml"))
        try Data(Self.csv.utf8).write(to: folder.appendingPathComponent("orders.csv"))
        let result = try CLI.run(["audit", "orders.csv", "--mapping", "big.yaml"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("big.yaml: mapping file refused: the file is larger than 262144 bytes, the most a mapping file may hold"),
                "\(result.stderr)")
    }

    @Test func exportFromStandardInputWithReportOnStandardOutput() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        let result = try CLI.run(["audit", "-", "--attachments", folder.path, "--format", "json", "--output", "-"], stdin: Self.csv)
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"export\": \"standard input\""))
        #expect(result.stdout.contains("\"skipped\": 2"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("-").path))
    }

    @Test func standardInputWithoutAttachmentsFolderIsAUsageError() throws {
        let result = try CLI.run(["audit", "-"], stdin: Self.csv)
        #expect(result.status == 2)
        #expect(result.stderr.contains("needs --attachments DIR"))
    }

    @Test func summaryPrintsOnlyTheSummaryAndCountsByCode() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        let csv = "posting_number,status\n0100000009-0001-1,awaiting_packaging\n0100000010-0001-1,cancelled\n"
        let result = try CLI.run(["audit", "-", "--attachments", folder.path, "--summary"], stdin: csv)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("Summary: 2 rows, 2 postings: 0 ok, 1 failed, 1 skipped (no invoice needed); 0 malformed rows\n"
            + "Findings by code:\n  ATTACHMENT_MISSING"), "\(result.stdout)")
        #expect(!result.stdout.contains("0100000009-0001-1"))
    }

    /// An ERP export has no invoice column: with `--pdf-per-posting` each posting's PDF is
    /// `<posting>.pdf` in the attachments folder; without it, nothing is looked for.
    @Test func pdfPerPostingFindsEachPostingsPDFByItsNumber() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        let invoices = folder.appendingPathComponent("invoices")
        try FileManager.default.createDirectory(at: invoices, withIntermediateDirectories: true)
        try fakturaPDF(posting: "0100000001-0001-1").write(to: invoices.appendingPathComponent("0100000001-0001-1.pdf"))
        try Data("posting_number,status\n0100000001-0001-1,awaiting_deliver\n0100000002-0001-1,awaiting_deliver\n".utf8)
            .write(to: folder.appendingPathComponent("orders.csv"))

        let named = try CLI.run(["audit", "orders.csv", "--attachments", "invoices", "--format", "json"], in: folder)
        #expect(named.stdout.components(separatedBy: "no invoice attachment is named for posting").count == 3, "\(named.stdout)")

        let byPosting = try CLI.run(["audit", "orders.csv", "--attachments", "invoices", "--pdf-per-posting", "--format", "json"], in: folder)
        #expect(!byPosting.stdout.contains("no invoice attachment is named"), "\(byPosting.stdout)")
        #expect(byPosting.stdout.contains("'0100000002-0001-1.pdf' is not in the attachments folder"), "\(byPosting.stdout)")
        let first = try #require(byPosting.stdout.range(of: "\"postingNumber\": \"0100000001-0001-1\""))
        let second = try #require(byPosting.stdout.range(of: "\"postingNumber\": \"0100000002-0001-1\""))
        #expect(!byPosting.stdout[first.upperBound..<second.lowerBound].contains("ATTACHMENT_MISSING"), "\(byPosting.stdout)")
    }

    @Test func mappingsListsThePresets() throws {
        let result = try CLI.run(["audit", "--mappings"])
        #expect(result.status == 0)
        for name in ["dianxiaomi", "mabang", "tongtool", "lingxing", "ozon-seller", "ozon-seller-zh"] {
            #expect(result.stdout.contains("  \(name) "), "\(name) missing from \(result.stdout)")
        }
    }

    @Test func unknownPresetNameIsExitTwoNamingThePresets() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        try Data(Self.csv.utf8).write(to: folder.appendingPathComponent("orders.csv"))
        let result = try CLI.run(["audit", "orders.csv", "--mapping", "dianxiao"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no mapping preset or file named `dianxiao`; presets: dianxiaomi, mabang, tongtool, lingxing, ozon-seller, ozon-seller-zh"))
    }
}
