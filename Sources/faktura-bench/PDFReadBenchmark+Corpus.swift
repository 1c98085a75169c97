import Foundation
import PDFReading
import Validate
import ERPAudit

/// The audit of the corpus of other engines' invoices (tools/corpus), the figure issue 22's
/// speed target is about: every engine's text PDFs, not only the committed four.
/// `FAKTURA_BENCH_CORPUS` names a set's folder (its `orders.csv`, `truth.jsonl` and `pdf/`);
/// by default `.build/corpus/dev` (what `make corpus` writes). Tune on the dev set only: the
/// eval set's figures are reported, never worked on (tools/corpus/README.md).
/// `FAKTURA_BENCH_ROUNDS` audits the whole set that many times (default 3).
extension PDFReadBenchmark {
    static let corpusSet = URL(fileURLWithPath: ProcessInfo.processInfo.environment["FAKTURA_BENCH_CORPUS"] ?? ".build/corpus/dev")
    static let corpusRounds = max(1, Int(ProcessInfo.processInfo.environment["FAKTURA_BENCH_ROUNDS"] ?? "") ?? 3)

    /// A text PDF of the corpus: its posting, the engine that drew it and its bytes.
    struct CorpusPDF {
        var posting: String
        var engine: String
        var data: Data
    }

    /// The set's text PDFs from truth.jsonl (scans are left out: they are OCR's figure), or nil
    /// with the reason when there is no corpus.
    static func corpusPDFs() -> (pdfs: [CorpusPDF], reason: String?) {
        let truth = corpusSet.appendingPathComponent("truth.jsonl")
        guard let text = try? String(contentsOf: truth, encoding: .utf8),
              FileManager.default.fileExists(atPath: corpusSet.appendingPathComponent("orders.csv").path) else {
            return ([], "no corpus at \(corpusSet.path) (generate one with `make corpus`, or name a set's folder in FAKTURA_BENCH_CORPUS)")
        }
        var pdfs: [CorpusPDF] = []
        for line in text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let posting = object["posting"] as? String, let engine = object["engine"] as? String,
                  object["scan"] as? Bool == false else { continue }
            guard let data = try? Data(contentsOf: corpusSet.appendingPathComponent("pdf/\(posting).pdf")) else {
                return ([], "\(corpusSet.path)/pdf/\(posting).pdf cannot be read")
            }
            pdfs.append(CorpusPDF(posting: posting, engine: engine, data: data))
        }
        return pdfs.isEmpty ? ([], "\(truth.path) lists no text PDF") : (pdfs, nil)
    }

    /// This thread's CPU time in seconds (the in-process figures are single-threaded).
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// One audit of `export` as `faktura audit EXPORT --attachments SET --format json` runs it
    /// (the JSON report written to /dev/null): wall seconds, CPU seconds of this process and of
    /// the reader processes, and the report's posting count.
    static func timedAudit(_ export: URL) async -> (wall: Double, audit: Double, readers: Double, postings: Int)? {
        let options = ExportAudit.Options(attachments: corpusSet)
        let start = Date(), cpuStart = AuditBenchmark.cpuSeconds(), readerStart = readerCPUSeconds()
        guard let report = try? await ExportAudit(options: options).run(export: export),
              let sink = FileHandle(forWritingAtPath: "/dev/null") else { return nil }
        try? report.write(as: .json, to: sink)
        let wall = Date().timeIntervalSince(start)
        return (wall, AuditBenchmark.cpuSeconds() - cpuStart, readerCPUSeconds() - readerStart, report.summary.postings)
    }

    static func runCorpus() async {
        print("audit of the corpus's text PDFs (\(corpusSet.path); target: 1,000 PDFs/s on 2 cores, ≤ 2 ms CPU a PDF):")
        let (pdfs, reason) = corpusPDFs()
        if let reason {
            print("  skipped: \(reason)")
            return
        }
        let export = corpusSet.appendingPathComponent("orders.csv")
        _ = await timedAudit(export)  // starts the reader processes, fills the file cache
        for round in 1...corpusRounds {
            let before = load()
            guard let run = await timedAudit(export) else {
                print("  the audit of \(export.path) failed")
                return
            }
            let count = Double(run.postings)
            print(String(format: "  round %d: %d PDFs in %.2f s wall = %.0f PDFs/s; CPU a PDF %.2f ms audit + %.2f ms readers = %.2f ms (%.0f PDFs/s on %d idle cores); %@",
                         round, run.postings, run.wall, count / run.wall, run.audit * 1000 / count, run.readers * 1000 / count,
                         (run.audit + run.readers) * 1000 / count, Double(cores) * count / (run.audit + run.readers), cores, before))
        }

        // Per engine: the audit of each engine's postings alone, and in this process on one
        // core the two halves of a PDF's cost: its words (the reader's content-stream path, or
        // poppler where that declines) and what the words say (PDFInvoiceReading).
        guard let csv = try? String(contentsOf: export, encoding: .utf8) else { return }
        // By line ends of either kind: the corpus's CSV ends its lines in CRLF, one Character.
        let csvLines = csv.split(whereSeparator: \.isNewline)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-corpus-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        print("  per engine: audit CPU a PDF (audit + readers); in this process, one core: words (content streams / poppler), reading the words")
        let engines = Dictionary(grouping: pdfs, by: \.engine).sorted { $0.key < $1.key }
        for (engine, group) in engines {
            let postings = Set(group.map(\.posting))
            let rows = csvLines.dropFirst().filter { line in postings.contains(String(line.prefix { $0 != "," })) }
            let part = folder.appendingPathComponent("\(engine).csv")
            try? ([String(csvLines[0])] + rows.map(String.init)).joined(separator: "\n").appending("\n")
                .write(to: part, atomically: true, encoding: .utf8)
            let audit = await timedAudit(part)
            var streamed = 0, streamCPU = 0.0, popplerCPU = 0.0, readingCPU = 0.0
            for pdf in group {
                var start = threadCPUSeconds()
                let fromStreams = PDFContentStreamReader.pageTexts(pdf.data)
                streamCPU += threadCPUSeconds() - start
                start = threadCPUSeconds()
                let fromPoppler = (try? PDFDocument(data: pdf.data, source: pdf.posting))?.pageTexts()
                popplerCPU += threadCPUSeconds() - start
                guard let pages = fromStreams ?? fromPoppler else { continue }
                if fromStreams != nil { streamed += 1 }
                start = threadCPUSeconds()
                _ = PDFInvoiceReading(pages: pages).missingFields
                readingCPU += threadCPUSeconds() - start
            }
            let count = Double(group.count)
            let auditText = audit.map { run in
                let count = Double(max(1, run.postings))
                return String(format: "%.2f + %.2f = %.2f ms (%d postings)", run.audit * 1000 / count, run.readers * 1000 / count,
                              (run.audit + run.readers) * 1000 / count, run.postings)
            } ?? "failed"
            let name = engine.padding(toLength: 17, withPad: " ", startingAt: 0)
            print(String(format: "    %@ %3d PDFs: audit %@; words %d/%d from content streams (%.2f ms a PDF tried), poppler %.2f ms; reading %.2f ms",
                         name, group.count, auditText, streamed, group.count, streamCPU * 1000 / count, popplerCPU * 1000 / count,
                         readingCPU * 1000 / count))
        }
        // Why the fast path leaves PDFs to poppler (offsets dropped, so that reasons group).
        var reasons: [String: Int] = [:]
        for pdf in pdfs {
            guard let reason = PDFContentStreamReader.declineReason(pdf.data) else { continue }
            let general = reason.replacing(#/ at byte \d+/#, with: "").replacing(#/object \d+/#, with: "object N")
            reasons["\(pdf.engine): \(general)", default: 0] += 1
        }
        print("  left to poppler by the content-stream reader: \(reasons.isEmpty ? "none" : "")")
        for (reason, count) in reasons.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            print("    \(count) × \(reason)")
        }
        print("  \(load())")
    }
}
