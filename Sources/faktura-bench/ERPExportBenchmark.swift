import Foundation
import Validate
import ZIPFoundation

/// ERP-export benchmarks (`make bench BENCH=erp-exports`), each audit run as `faktura audit` in
/// a fresh process whose own peak resident memory is read when it ends:
/// - a 1,000,000-row XLSX sheet (shared strings, number and date cells, as Excel writes) and the
///   same rows as UTF-8 and GB18030 CSV: rows per second and peak memory;
/// - 200,000 one-row postings of which 80% fail (no attachment) and 20% are skipped;
/// - 1,000,000 rows, every posting failing and its two rows half the file apart (no two rows
///   of a posting adjacent): the worst case for grouping;
/// - 1,000,000 rows with no posting number (the report lists the first thousand);
/// - 1,000,000 postings each naming a file of its own (what `ATTACHMENT_DUPLICATE` keeps).
/// Targets: peak memory under 200 MB in every case, whatever the share of failed postings.
/// `FAKTURA_BENCH_ROWS`, `FAKTURA_BENCH_FAILING_ROWS` and `FAKTURA_BENCH_FILES` change the sizes.
/// `FAKTURA_BENCH_ONLY` (e.g. `nameless,own-files`) runs only the cases whose file names start so.
func runERPExportBenchmark() {
    ERPExportBenchmark.run()
}

enum ERPExportBenchmark {
    static let rows = Int(ProcessInfo.processInfo.environment["FAKTURA_BENCH_ROWS"] ?? "") ?? 1_000_000
    static let failingRows = Int(ProcessInfo.processInfo.environment["FAKTURA_BENCH_FAILING_ROWS"] ?? "") ?? 200_000
    static let fileRows = Int(ProcessInfo.processInfo.environment["FAKTURA_BENCH_FILES"] ?? "") ?? 1_000_000
    static let budget = 200 << 20
    /// The cases to run (by the start of their file's name), or nil for all.
    static let only = ProcessInfo.processInfo.environment["FAKTURA_BENCH_ONLY"].map { $0.split(separator: ",").map(String.init) }

    static func selected(_ file: String) -> Bool {
        only?.contains { file.hasPrefix($0) } ?? true
    }

    static let headers = ["订单号", "订单状态", "下单时间", "产品ID", "SKU", "产品名称", "产品数量", "产品售价", "海关编码"]

    static func run() {
        let faktura = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("faktura")
        guard FileManager.default.isExecutableFile(atPath: faktura.path) else {
            print("  \(faktura.path) is missing; build it with make build (swift build -c release --static-swift-stdlib --product faktura)")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-erp-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.json").path

        /// Audits `url` in a fresh process and prints its figures.
        func audit(_ url: URL, rows: Int, expectedExit: Int32, _ options: [String]) {
            let command = [faktura.path, "audit", url.path, "--jobs", "1", "--format", "json", "--output", report] + options
            guard let run = MeasuredCommand.run(command) else { return }
            guard run.exitStatus == expectedExit else {
                print("  faktura audit exited with \(run.exitStatus), not \(expectedExit): \(command.joined(separator: " "))")
                return
            }
            print(String(format: "  %d rows in %.2f s (%.2f s CPU): %.0f rows/s; peak memory (maxrss) %@ — %@",
                         rows, run.wallSeconds, run.cpuSeconds, Double(rows) / run.wallSeconds, run.peakText,
                         run.peakBytes < budget ? "within 200 MB" : "OVER 200 MB"))
            try? FileManager.default.removeItem(atPath: report)
        }

        for (label, file) in [("XLSX", "orders.xlsx"), ("UTF-8 CSV", "orders.csv"), ("GB18030 CSV", "orders-gb.csv")] {
            guard selected(file) else { continue }
            print("audit, \(rows) rows of \(label), 店小秘 headers, postings awaiting payment (target: < 200 MB):")
            let url = folder.appendingPathComponent(file)
            do {
                switch file {
                case "orders.xlsx": try writeWorkbook(rows: rows, to: url, folder: folder)
                case "orders.csv": try writeCSV(rows: rows, to: url)
                default: try convertToGB18030(folder.appendingPathComponent("orders.csv"), to: url)
                }
            } catch {
                print("  cannot write the export: \(error)")
                continue
            }
            audit(url, rows: rows, expectedExit: 0, ["--mapping", "dianxiaomi"])
            try? FileManager.default.removeItem(at: url)
        }

        /// Writes an export of failing postings with `write`, audits it in a fresh process, removes it.
        func auditFailing(_ title: String, file: String, rows: Int, write: (Int, URL) throws -> Void) {
            guard selected(file) else { return }
            print("audit, \(rows) rows, \(title), report written as JSON (target: < 200 MB):")
            let url = folder.appendingPathComponent(file)
            do {
                try write(rows, url)
                audit(url, rows: rows, expectedExit: 1, ["--attachments", folder.path])
            } catch {
                print("  cannot write the export: \(error)")
            }
            try? FileManager.default.removeItem(at: url)
        }
        auditFailing("one posting each, 80% failing (no attachment)", file: "failing.csv", rows: failingRows) {
            try writeFailingCSV(rows: $0, to: $1)
        }
        auditFailing("two a posting half the file apart, all failing", file: "apart.csv", rows: rows) {
            try writeRowsApartCSV(rows: $0, to: $1)
        }
        auditFailing("no posting number in any row", file: "nameless.csv", rows: rows) {
            try writeNamelessCSV(rows: $0, to: $1)
        }
        auditFailing("one posting each with a file of its own (not a PDF)", file: "own-files.csv", rows: fileRows) {
            try writeOwnFilesCSV(rows: $0, to: $1, folder: folder)
        }
    }

    /// Row `row`'s cells: two rows per posting, as in the CSV benchmark of `audit`.
    static func cells(_ row: Int) -> (posting: String, sku: Int, offer: String, name: String, quantity: Int, price: String) {
        let posting = 10_000_000 + row / 2
        let line = row % 2
        return ("\(posting)-0001-1", 1_234_567_000 + line, "SKU-\(line)", line == 0 ? "数据线 USB-C 2米" : "无线鼠标", line + 1, "499.5")
    }

    static func writeCSV(rows: Int, to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var chunk = headers.joined(separator: ",") + "\n"
        func flush() {
            handle.write(Data(chunk.utf8))
            chunk = ""
        }
        for row in 0..<rows {
            let c = cells(row)
            chunk += "\(c.posting),待付款,2026-11-20,\(c.sku),\(c.offer),\(c.name),\(c.quantity),\(c.price),8544429000\n"
            if chunk.utf8.count > 4 << 20 { flush() }
        }
        flush()
    }

    /// The UTF-8 CSV converted by glibc's iconv command (the file the UTF-8 run read, written again).
    static func convertToGB18030(_ source: URL, to url: URL) throws {
        try writeCSV(rows: rows, to: source)
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", "GB18030", source.path]
        process.standardOutput = try FileHandle(forWritingTo: url)
        try process.run()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: source)
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// 200,000 postings of one row: 80% awaiting packaging with no invoice file, 20% cancelled.
    static func writeFailingCSV(rows: Int, to url: URL) throws {
        var csv = "posting_number,status,quantity,unit_price,hs_code\n"
        for row in 0..<rows {
            csv += "\(30_000_000 + row)-0001-1,\(row % 5 == 4 ? "cancelled" : "awaiting_packaging"),1,499.00,8544429000\n"
        }
        try Data(csv.utf8).write(to: url)
    }

    /// `rows` rows awaiting packaging with no invoice file, two a posting: posting `i`'s rows are
    /// rows `i` and `i + rows/2`, so no posting's rows are adjacent.
    static func writeRowsApartCSV(rows: Int, to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var chunk = "posting_number,status,sku,quantity,unit_price,hs_code\n"
        let half = max(1, rows / 2)
        for row in 0..<rows {
            chunk += "\(40_000_000 + row % half)-0001-1,awaiting_packaging,\(1_234_567_000 + row / half),1,499.00,8544429000\n"
            if chunk.utf8.count > 4 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
    }

    /// `rows` rows with an empty posting number: every one is unreadable.
    static func writeNamelessCSV(rows: Int, to url: URL) throws {
        try writeChunked(to: url, header: "posting_number,status,sku,quantity,unit_price\n", rows: rows) { row in
            ",awaiting_packaging,\(1_234_567_000 + row),1,499.00\n"
        }
    }

    /// `rows` one-row postings, each naming its own small file in `folder/files` (the bytes
    /// differ, so neither path nor content is shared; none is a PDF, so each check is quick).
    static func writeOwnFilesCSV(rows: Int, to url: URL, folder: URL) throws {
        let files = folder.appendingPathComponent("files")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        for row in 0..<rows {
            let name = "\(row / 1000)/\(row).bin"
            if row % 1000 == 0 {
                try FileManager.default.createDirectory(at: files.appendingPathComponent("\(row / 1000)"), withIntermediateDirectories: true)
            }
            guard FileManager.default.createFile(atPath: files.appendingPathComponent(name).path, contents: Data("attachment \(row)\n".utf8)) else {
                throw CocoaError(.fileWriteUnknown)
            }
        }
        try writeChunked(to: url, header: "posting_number,status,invoice_file\n", rows: rows) { row in
            "\(50_000_000 + row)-0001-1,awaiting_packaging,files/\(row / 1000)/\(row).bin\n"
        }
    }

    /// Writes `header` and each row's text to `url` in pieces of a few megabytes.
    static func writeChunked(to url: URL, header: String, rows: Int, row text: (Int) -> String) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var chunk = header
        for row in 0..<rows {
            chunk += text(row)
            if chunk.utf8.count > 4 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
    }

    /// A workbook as Excel writes one: shared strings for text, numbers and a date style for the rest.
    static func writeWorkbook(rows: Int, to url: URL, folder: URL) throws {
        let sheetURL = folder.appendingPathComponent("sheet1.xml")
        _ = FileManager.default.createFile(atPath: sheetURL.path, contents: nil)
        let sheet = try FileHandle(forWritingTo: sheetURL)
        var shared: [String] = headers + ["待付款", "SKU-0", "SKU-1", "数据线 USB-C 2米", "无线鼠标"]
        var chunk = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        chunk += "<row r=\"1\">" + headers.indices.map { "<c r=\"\(column($0))1\" t=\"s\"><v>\($0)</v></c>" }.joined() + "</row>"
        for row in 0..<rows {
            let c = cells(row)
            let r = row + 2
            let postingIndex: Int
            if row % 2 == 0 {
                postingIndex = shared.count
                shared.append(c.posting)
            } else {
                postingIndex = shared.count - 1
            }
            chunk += "<row r=\"\(r)\"><c r=\"A\(r)\" t=\"s\"><v>\(postingIndex)</v></c><c r=\"B\(r)\" t=\"s\"><v>9</v></c>"
                + "<c r=\"C\(r)\" s=\"1\"><v>46346</v></c><c r=\"D\(r)\"><v>\(c.sku)</v></c>"
                + "<c r=\"E\(r)\" t=\"s\"><v>\(10 + row % 2)</v></c><c r=\"F\(r)\" t=\"s\"><v>\(12 + row % 2)</v></c>"
                + "<c r=\"G\(r)\"><v>\(c.quantity)</v></c><c r=\"H\(r)\"><v>\(c.price)</v></c><c r=\"I\(r)\"><v>8544429000</v></c></row>"
            if chunk.utf8.count > 4 << 20 {
                sheet.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        chunk += "</sheetData></worksheet>"
        sheet.write(Data(chunk.utf8))
        try sheet.close()

        var strings = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(shared.count)\" uniqueCount=\"\(shared.count)\">"
        for text in shared { strings += "<si><t>\(text)</t></si>" }
        strings += "</sst>"
        shared = []
        let parts: [(String, Data)] = [
            ("[Content_Types].xml", Data("""
                <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/></Types>
                """.utf8)),
            ("xl/workbook.xml", Data("""
                <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
                <sheet name="订单" sheetId="1" r:id="rId1"/></sheets></workbook>
                """.utf8)),
            ("xl/_rels/workbook.xml.rels", Data("""
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
                <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
                </Relationships>
                """.utf8)),
            ("xl/styles.xml", Data("""
                <?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
                <cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>
                """.utf8)),
            ("xl/sharedStrings.xml", Data(strings.utf8)),
        ]
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", fileURL: sheetURL, compressionMethod: .deflate)
        try? FileManager.default.removeItem(at: sheetURL)
    }

    static func column(_ index: Int) -> String {
        String(UnicodeScalar(UInt8(ascii: "A") + UInt8(index)))
    }
}
