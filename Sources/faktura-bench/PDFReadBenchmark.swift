import Foundation
import Validate

/// Reading PDFs that other tools drew (`make bench BENCH=pdf-read`), from the committed corpus
/// (Tests/ValidateTests/Fixtures/third-party; run from the package folder):
/// 1. an audit of 2,000 postings whose attachments are the reportlab, fpdf2 and LibreOffice
///    text PDFs (target: 1,000 PDFs/s on 2 cores), through the budgeted reader processes;
/// 2. the same PDFs read in this process on one core (the cost without the process boundary);
/// 3. the scanned invoice, read by OCR on `--jobs` reader processes (pages/s).
/// The machine's load average is printed with each figure: on a shared machine it explains them.
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
        _ = try? await ExportAudit(options: .init(jobs: cores)).run(export: export)
        let before = load()
        let start = Date()
        guard let report = try? await ExportAudit(options: .init(jobs: cores)).run(export: export) else {
            print("  audit failed")
            return
        }
        let seconds = Date().timeIntervalSince(start)
        let unreadable = report.summary.byCode["ATTACHMENT_UNREADABLE"] ?? 0
        print(String(format: "  %d PDFs in %.2f s: %.0f PDFs/s with %d jobs (%d unreadable); %@ before, %@ after",
                     report.summary.postings, seconds, Double(report.summary.postings) / seconds, cores, unreadable,
                     before, load()))

        let inProcess = ValidateBenchmarkData.rate(items: pdfs.count) { index in
            guard let document = try? PDFDocument(data: pdfs[index].data, source: pdfs[index].name) else { return }
            _ = PDFInvoiceReading(pages: document.pageTexts()).missingFields
        }
        print(String(format: "  in this process, one core: %.0f PDFs/s (poppler text + layout, lines, table, facts); %@",
                     inProcess, load()))
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
