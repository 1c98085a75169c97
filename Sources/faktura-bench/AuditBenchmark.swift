import Foundation
import InvoiceModel
import PDFRender
import ERPAudit

/// Audit benchmarks (`make bench`): rows per second on a 1,000,000-row CSV export whose
/// postings need no attachment check, and postings per second with real attached PDFs.
/// Targets: 1,000,000 rows in under 5 s, 1,000 PDFs/s, peak memory (VmHWM) under 200 MB.
func runAuditBenchmark() {
    let done = DispatchSemaphore(value: 0)
    Task {
        await AuditBenchmark.run()
        done.signal()
    }
    done.wait()
}

enum AuditBenchmark {
    static let rows = Int(ProcessInfo.processInfo.environment["FAKTURA_BENCH_ROWS"] ?? "") ?? 1_000_000
    static let pdfs = Int(ProcessInfo.processInfo.environment["FAKTURA_BENCH_PDFS"] ?? "") ?? 2_000

    static func run() async {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-audit-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        print("audit, \(rows) CSV rows whose postings need no attachment check (target: 1,000,000 rows < 5 s, < 200 MB):")
        do {
            let export = try writeLargeExport(rows: rows, to: folder.appendingPathComponent("orders.csv"))
            resetPeakMemory()
            let start = Date(), cpuStart = cpuSeconds()
            let report = try await ExportAudit(options: .init()).run(export: export)
            let seconds = Date().timeIntervalSince(start), cpu = cpuSeconds() - cpuStart
            print(String(format: "  %d rows, %d postings in %.2f s (%.2f s CPU): %.0f rows/s; peak memory (VmHWM) %@",
                         report.summary.records, report.summary.postings, seconds, cpu, Double(report.summary.records) / seconds,
                         peakMemory()))
        } catch {
            print("  failed: \(error)")
        }
        print("audit, \(pdfs) postings with rendered PDFs attached (target: 1,000 PDFs/s, < 200 MB):")
        do {
            let export = try writeAttachedExport(count: pdfs, in: folder.appendingPathComponent("attached"))
            resetPeakMemory()
            let start = Date(), cpuStart = cpuSeconds()
            let report = try await ExportAudit(options: .init()).run(export: export)
            let seconds = Date().timeIntervalSince(start), cpu = cpuSeconds() - cpuStart
            print(String(format: "  %d postings (%d ok, %d failed) in %.2f s (%.2f s CPU, %.2f ms CPU a PDF): %.0f postings/s on %d cores; peak memory (VmHWM) %@",
                         report.summary.postings, report.summary.ok, report.summary.failed, seconds, cpu,
                         cpu * 1000 / Double(max(1, report.summary.postings)),
                         Double(report.summary.postings) / seconds, ProcessInfo.processInfo.activeProcessorCount, peakMemory()))
        } catch {
            print("  failed: \(error)")
        }
    }

    /// A canonical CSV written in 4 MiB pieces: two rows per posting, all awaiting payment.
    static func writeLargeExport(rows: Int, to url: URL) throws -> URL {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var chunk = ExportColumn.allCases.map(\.rawValue).joined(separator: ",") + "\n"
        for row in 0..<rows {
            let posting = 10_000_000 + row / 2
            let line = row % 2
            chunk += "\(posting)-0001-1,\(posting)-0001,awaiting_payment,2026-11-20,RUB,\(1_234_567_000 + line),"
                + "SKU-\(line),\"Кабель USB-C, 2 м\",\(line + 1),499.00,22%,8544429000,CN,91440300MA5G8K2P17,"
                + "7707083893,773601001,,,,,\n"
            if chunk.utf8.count > 4 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
        return url
    }

    /// `count` postings, each with its own rendered PDF (rendering is not timed).
    static func writeAttachedExport(count: Int, in folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let renderer = InvoiceRenderer(template: try TemplateCatalog.builtIn(named: "commercial-invoice"))
        var csv = ExportColumn.allCases.map(\.rawValue).joined(separator: ",") + "\n"
        for index in 0..<count {
            let posting = "\(20_000_000 + index)-0001-1"
            let invoice = sampleInvoice(posting: posting)
            try renderer.render(invoice).write(to: folder.appendingPathComponent("\(posting).pdf"))
            for line in invoice.lines {
                csv += "\(posting),\(invoice.order!.orderNumber!),awaiting_packaging,2026-11-20,RUB,\(line.sku!),,"
                    + "\(line.name),\(DecimalText.canonical(line.quantity)),\(DecimalText.format(line.price, scale: 2)),22%,"
                    + "\(line.hsCode!),CN,91440300MA5G8K2P17,7707083893,773601001,\(invoice.number),2026-11-20,,\(posting).pdf,\n"
            }
        }
        let url = folder.appendingPathComponent("orders.csv")
        try Data(csv.utf8).write(to: url)
        return url
    }

    static func sampleInvoice(posting: String) -> Invoice {
        let order = String(posting.dropLast(2))
        return Invoice(
            number: "CN-\(posting)", date: LocalDate(iso: "2026-11-20")!, currency: "RUB", jurisdiction: "RU",
            pricesIncludeVat: true, order: OrderReference(marketplace: "ozon", orderNumber: order, postingNumber: posting),
            seller: Party(name: "Shenzhen Example Technology Co., Ltd.", localName: "深圳市示例科技有限公司", country: "CN",
                          taxIds: [TaxID(scheme: "cn-uscc", value: "91440300MA5G8K2P17")], address: "Nanshan District, Shenzhen"),
            buyer: Party(name: "ООО «Пример»", country: "RU",
                         taxIds: [TaxID(scheme: "ru-inn", value: "7707083893"), TaxID(scheme: "ru-kpp", value: "773601001")],
                         address: "117997, г. Москва, ул. Вавилова, д. 19"),
            lines: [
                InvoiceLine(sku: "1234567890", name: "Смартфон Redmi 13 128 ГБ", hsCode: "8517130000",
                            unit: UnitOfMeasure(code: "796", name: "шт"), quantity: 2, price: Decimal(string: "12345.67")!,
                            vatRate: .percent(22), originCountry: "CN", customsDeclaration: "10702070/201126/3123456"),
                InvoiceLine(sku: "1234567891", name: "Кабель USB-C 2 м", hsCode: "8544429000",
                            unit: UnitOfMeasure(code: "796", name: "шт"), quantity: 3, price: Decimal(string: "499.00")!,
                            vatRate: .percent(22), originCountry: "CN", customsDeclaration: "10702070/201126/3123456"),
            ])
    }

    /// CPU time of the process (all threads), to read figures on a busy machine.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// Resets VmHWM (Linux: writing 5 to clear_refs), so each benchmark reports its own peak.
    static func resetPeakMemory() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    static func peakMemory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return "unknown" }
        let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        return String(format: "%.0f MB", Double(kilobytes) / 1024)
    }
}
