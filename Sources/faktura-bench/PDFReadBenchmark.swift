import Foundation
import PDFReading
import Validate
import ERPAudit

/// Reading PDFs that other tools drew (`make bench BENCH=pdf-read`), from the committed corpus
/// (Tests/ValidateTests/Fixtures/third-party; run from the package folder):
/// 1. an audit of 2,000 postings whose attachments are the reportlab, fpdf2 and LibreOffice
///    text PDFs (target: 1,000 PDFs/s on 2 cores), through the budgeted reader processes;
/// 2. the same PDFs read in this process on one core (the cost without the process boundary),
///    printed after the corpus's figures;
/// 3. the corpus of other engines' invoices (`make corpus`; `FAKTURA_BENCH_CORPUS` names a set's
///    folder): its audit, then per engine (PDFReadBenchmark+Corpus.swift); said when absent;
/// 4. the scanned invoice, read by OCR on `--jobs` reader processes (pages/s).
/// The machine's load average is printed with each figure: on a shared machine it explains them.
/// `FAKTURA_BENCH_AUDIT_ONLY=1` stops after the audits (to profile the auditing process alone).
func runPDFReadBenchmark() {
    let done = DispatchSemaphore(value: 0)
    Task {
        await PDFReadBenchmark.run()
        done.signal()
    }
    done.wait()
}

enum PDFReadBenchmark {
    static let corpus = URL(fileURLWithPath: "Tests/ValidateTests/Fixtures/third-party")
    static let textPDFs = ["reportlab-ru.pdf", "fpdf2-en.pdf", "libreoffice-zh.pdf", "defect-vat.pdf"]
    static let postings = Int(ProcessInfo.processInfo.environment["FAKTURA_BENCH_PDFS"] ?? "") ?? 2_000
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    static func load() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
        return "load average \(text.split(separator: " ").prefix(3).joined(separator: " ")) on \(cores) cores"
    }

    /// CPU seconds of this process's reader processes so far (they live as long as the pool):
    /// each one's CPU-time clock (nanoseconds), else its `/proc/PID/stat` ticks.
    static func readerCPUSeconds() -> Double {
        let own = getpid()
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var total = 0.0
        for entry in entries where entry.allSatisfy(\.isNumber) {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 12, Int32(fields[1]) == own, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            var clock = clockid_t()
            var time = timespec()
            if let pid = pid_t(entry), clock_getcpuclockid(pid, &clock) == 0, clock_gettime(clock, &time) == 0 {
                total += Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
            } else {
                total += (user + system) / ticks
            }
        }
        return total
    }

    static func run() async {
        let pdfs: [(name: String, data: Data)]
        do {
            pdfs = try textPDFs.map { ($0, try Data(contentsOf: corpus.appendingPathComponent($0))) }
        } catch {
            print("  cannot read the corpus in \(corpus.path) (run from the package folder): \(error)")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-pdf-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        print("audit of \(postings) postings with third-party text PDFs (target: 1,000 PDFs/s on 2 cores):")
        var csv = "posting_number,status,invoice_file\n"
        for index in 0..<postings {
            let pdf = pdfs[index % pdfs.count]
            let name = "\(index)-\(pdf.name)"
            try? pdf.data.write(to: folder.appendingPathComponent(name))
            csv += String(format: "%010d-0001-1,awaiting_packaging,%@\n", 100_000_000 + index, name)
        }
        let export = folder.appendingPathComponent("orders.csv")
        try? csv.write(to: export, atomically: true, encoding: .utf8)
        // A first, small audit starts the reader processes (as the first PDFs of a real audit would).
        let options = ExportAudit.Options()  // --jobs as the CLI's default: one more than the cores
        _ = try? await ExportAudit(options: options).run(export: export)
        let before = load()
        let start = Date(), cpuStart = AuditBenchmark.cpuSeconds(), readerStart = readerCPUSeconds()
        guard let report = try? await ExportAudit(options: options).run(export: export) else {
            print("  audit failed")
            return
        }
        let seconds = Date().timeIntervalSince(start)
        let cpu = AuditBenchmark.cpuSeconds() - cpuStart, readerCPU = readerCPUSeconds() - readerStart
        let count = Double(report.summary.postings)
        let unreadable = report.summary.byCode["ATTACHMENT_UNREADABLE"] ?? 0
        print(String(format: "  %d PDFs in %.2f s: %.0f PDFs/s with %d jobs (%d unreadable); %@ before, %@ after",
                     report.summary.postings, seconds, count / seconds, options.checkWidth, unreadable, before, load()))
        print(String(format: "  CPU a PDF: %.2f ms in the audit + %.2f ms in the readers = %.2f ms: %.0f PDFs/s on %d idle cores",
                     cpu * 1000 / count, readerCPU * 1000 / count, (cpu + readerCPU) * 1000 / count,
                     Double(cores) * count / (cpu + readerCPU), cores))

        await runCorpus()

        // The audits alone, e.g. under callgrind (which the in-process and OCR parts would swamp).
        guard ProcessInfo.processInfo.environment["FAKTURA_BENCH_AUDIT_ONLY"] == nil else { return }
        let inProcessCPU = AuditBenchmark.cpuSeconds()
        var inProcessCount = 0
        let inProcess = ValidateBenchmarkData.rate(items: pdfs.count) { index in
            inProcessCount += 1
            guard let document = try? PDFDocument(data: pdfs[index].data, source: pdfs[index].name) else { return }
            _ = PDFInvoiceReading(pages: document.pageTexts()).missingFields
        }
        let perPDF = (AuditBenchmark.cpuSeconds() - inProcessCPU) * 1000 / Double(inProcessCount)
        print(String(format: "  in this process, one core: %.0f PDFs/s, %.2f ms CPU a PDF (poppler text + layout, lines, table, facts); %@",
                     inProcess, perPDF, load()))
        let readerRate = ValidateBenchmarkData.rate(items: pdfs.count) { index in
            _ = try? PDFInvoiceReading.read(data: pdfs[index].data, source: pdfs[index].name)
        }
        print(String(format: "  through one reader process, one caller: %.0f PDFs/s; %@", readerRate, load()))

        print("scans (OCR, rus+chi_sim+eng at 300 dpi):")
        guard let scan = try? Data(contentsOf: corpus.appendingPathComponent("scan-en.pdf")) else {
            print("  scan-en.pdf missing")
            return
        }
        _ = try? PDFInvoiceReading.read(data: scan, source: "scan-en.pdf")  // loads Tesseract's models in one reader
        let scans = cores * 2
        let scanStart = Date()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<scans {
                group.addTask { _ = try? PDFInvoiceReading.read(data: scan, source: "scan-en.pdf") }
            }
        }
        let scanSeconds = Date().timeIntervalSince(scanStart)
        print(String(format: "  %d one-page scans in %.1f s on %d reader processes: %.2f pages/s (%.1f s a page); %@",
                     scans, scanSeconds, cores, Double(scans) / scanSeconds, scanSeconds * Double(cores) / Double(scans), load()))
    }
}
