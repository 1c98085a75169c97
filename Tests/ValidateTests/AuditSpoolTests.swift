import Foundation
import Testing
import FakturaTestSupport
@testable import ERPAudit

@Suite("Audit: rows and report entries kept in a temporary spool")
struct AuditSpoolTests {
    @Test func bytesReadBackFromAnyOffsetOnceTheSpoolHasMovedToAFile() throws {
        let spool = TemporarySpool(purpose: "rows")
        var offsets: [(offset: Int, bytes: [UInt8])] = []
        var index = 0
        while spool.count < 3 * TemporarySpool.memoryLimit {
            let bytes = Array("entry \(index) ".utf8) + Array(repeating: UInt8(index % 251), count: index % 700)
            let offset = try spool.append(bytes)
            offsets.append((offset, bytes))
            index += 1
        }
        #expect(spool.path != nil, "past the memory limit the spool is a file")
        for entry in [offsets[0], offsets[offsets.count / 2], offsets[offsets.count - 1], offsets[7]] {
            var out: [UInt8] = []
            try spool.read(at: entry.offset, length: entry.bytes.count, into: &out)
            #expect(out == entry.bytes)
        }
    }

    @Test func aSpoolThatCannotMakeItsFileIsAnErrorNamingIt() throws {
        let missing = "/nonexistent-faktura-folder/tmp"
        let spool = TemporarySpool(purpose: "rows", directory: missing)
        let error = #expect(throws: TemporaryFileError.self) {
            try spool.append(Array(repeating: UInt8(1), count: TemporarySpool.memoryLimit))
        }
        #expect(error?.action == "create")
        #expect(error?.description.hasPrefix("\(missing)/faktura-audit-rows-") == true)
        #expect(error?.description.contains("temporary file of rows") == true)
    }

    /// 6,000 postings of three rows, with ~2 MB of rows (so the spool moves to a file); posting 0's
    /// rows are the first and the last row of the export.
    private static func export(interleaved: Bool) -> String {
        var rows: [[String]] = []   // by posting, its rows in order
        for posting in 0..<6_000 {
            let number = "\(70_000_000 + posting)-0001-1"
            let status = posting % 4 == 3 ? "cancelled" : (posting % 9 == 5 ? "returned_to_seller?" : "awaiting_packaging")
            rows.append((0..<3).map { line in
                let order = posting % 50 == 7 && line == 2 ? "O-\(posting)-other" : "O-\(posting)"
                let name = "Кабель USB-C \(posting)/\(line), длинное название товара для объёма"
                return canonicalRow([.postingNumber: number, .orderNumber: order, .status: status, .sku: "\(1_000 + line)",
                                     .productName: name, .quantity: "\(line + 1)", .unitPrice: "499.00", .hsCode: "8544429000"])
            })
        }
        var lines = [canonicalHeader]
        if interleaved {
            // Every posting's first row, then every second row, then every third: no posting's
            // rows adjacent, first-seen order unchanged; posting 0's last row goes last of all.
            for line in 0..<3 { for posting in rows.indices where !(posting == 0 && line == 2) { lines.append(rows[posting][line]) } }
            lines.append(rows[0][2])
        } else {
            for posting in rows { lines += posting }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What a report says of each posting, without the line numbers that the row order changes.
    private static func verdicts(_ report: AuditReport) -> [String] {
        report.postings.map { posting in
            "\(posting.postingNumber) \(posting.status) \(posting.exportStatus) "
                + posting.findings.map { "\($0.code.rawValue) \($0.severity) \($0.message)" }.joined(separator: " | ")
        }
    }

    @Test func postingWhoseRowsAreTheFirstAndLastOfALargeExportIsOnePosting() async throws {
        let scratch = ScratchFolder()
        let url = scratch.write("apart.csv", Self.export(interleaved: true))
        let run = try AuditGrouping(AuditRead.all(CSVExportReader(url: url)))
        #expect(run.postings.count == 6_000)
        #expect(!run.grouper.isDirect)
        let first = run.postings[0]
        #expect(first.postingNumber == "70000000-0001-1")
        #expect(first.lines.map(\.line) == [2, 6_002, 18_001])
        #expect(first.lines.map(\.sku) == ["1000", "1001", "1002"])
        #expect(first.rowCount == 3)
        let second = run.postings[1]
        #expect(second.lines.map(\.line) == [3, 6_003, 12_002])
    }

    @Test func reportIsTheSameWhicheverOrderTheRowsComeIn() async throws {
        let scratch = ScratchFolder()
        let adjacent = try await AuditFixtures.audit(scratch.write("adjacent.csv", Self.export(interleaved: false)))
        let interleaved = try await AuditFixtures.audit(scratch.write("interleaved.csv", Self.export(interleaved: true)))
        #expect(adjacent.summary == interleaved.summary)
        #expect(adjacent.summary.postings == 6_000)
        #expect(adjacent.summary.byCode["DUPLICATE_POSTING"] ?? 0 > 0)
        #expect(adjacent.summary.byCode["STATUS_UNKNOWN"] ?? 0 > 0)
        #expect(Self.verdicts(adjacent) == Self.verdicts(interleaved))
        let conflicted = try #require(interleaved.postings.first { $0.postingNumber == "70000057-0001-1" })
        #expect(conflicted.findings.contains { $0.code == .duplicatePosting && $0.message.contains("O-57-other") && $0.message.contains("(earlier rows: \"O-57\")") })
    }
}
