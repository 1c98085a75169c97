import Foundation
import PDFReading
import Validate

/// Not a timing: how far the direct reader reaches on the corpus of other engines' invoices and
/// whether it agrees with poppler where it reads (`faktura-bench pdf-agreement`, the set's folder
/// in `FAKTURA_BENCH_CORPUS` as for `pdf-read`). Per engine: the text PDFs the direct reader
/// leaves to poppler, those it reads with poppler's lines and facts, and those whose lines or
/// facts differ (a divergence changes what the audit sees: the fast path must agree or decline).
/// `FAKTURA_BENCH_VERBOSE=1` prints each divergence's first differing lines. Tune on dev only.
func runPDFAgreementBenchmark() {
    let (pdfs, reason) = PDFReadBenchmark.corpusPDFs()
    print("the direct reader against poppler on \(PDFReadBenchmark.corpusSet.path):")
    if let reason {
        print("  skipped: \(reason)")
        return
    }
    let verbose = ProcessInfo.processInfo.environment["FAKTURA_BENCH_VERBOSE"] == "1"
    struct Tally { var count = 0, declined = 0, agreed = 0, linesDiffer = 0, factsDiffer = 0 }
    var tallies: [String: Tally] = [:]
    var reasons: [String: Int] = [:]
    // `FAKTURA_BENCH_DUMP=POSTING[,LINE TEXT]` prints both readers' words on the lines holding that text.
    if let dump = ProcessInfo.processInfo.environment["FAKTURA_BENCH_DUMP"], let pdf = pdfs.first(where: { dump.hasPrefix($0.posting) }) {
        let needle = dump.split(separator: ",", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        for (label, pages) in [("direct", PDFContentStreamReader.pageTexts(pdf.data) ?? []),
                               ("poppler", (try? PDFDocument(data: pdf.data, source: pdf.posting))?.pageTexts() ?? [])] {
            print("\(label):")
            for word in pages.flatMap(\.words) where needle.isEmpty || pages.flatMap(\.words).contains(where: {
                $0.text.contains(needle) && abs($0.centerY - word.centerY) < 2 }) {
                print(String(format: "  %8.3f %8.3f %8.3f %8.3f %@", word.x0, word.y0, word.x1, word.y1, word.text))
            }
        }
        return
    }
    // `FAKTURA_BENCH_ROWS=POSTING` prints what the audit reads from that PDF (poppler's words).
    if let posting = ProcessInfo.processInfo.environment["FAKTURA_BENCH_ROWS"], let pdf = pdfs.first(where: { $0.posting == posting }) {
        let reading = PDFInvoiceReading(pages: (try? PDFDocument(data: pdf.data, source: pdf.posting))?.pageTexts() ?? [])
        for line in facts(reading) { print("  \(line)") }
        print("  table read whole: \(reading.tableReadWhole)")
        return
    }
    for pdf in pdfs {
        tallies[pdf.engine, default: Tally()].count += 1
        guard let fast = PDFContentStreamReader.pageTexts(pdf.data) else {
            tallies[pdf.engine]!.declined += 1
            let general = (PDFContentStreamReader.declineReason(pdf.data) ?? "?").replacing(#/ at byte \d+/#, with: "").replacing(#/object \d+/#, with: "object N")
                .replacing(#/code \d+/#, with: "code N")
            reasons["\(pdf.engine): \(general)", default: 0] += 1
            continue
        }
        guard let poppler = (try? PDFDocument(data: pdf.data, source: pdf.posting))?.pageTexts() else {
            print("  \(pdf.posting) (\(pdf.engine)): read directly, poppler cannot open it")
            tallies[pdf.engine]!.factsDiffer += 1
            continue
        }
        let fastReading = PDFInvoiceReading(pages: fast), popplerReading = PDFInvoiceReading(pages: poppler)
        let sameFacts = facts(fastReading) == facts(popplerReading)
        let sameLines = fastReading.text == popplerReading.text
        switch (sameLines, sameFacts) {
        case (true, true): tallies[pdf.engine]!.agreed += 1
        case (false, true): tallies[pdf.engine]!.linesDiffer += 1
        default: tallies[pdf.engine]!.factsDiffer += 1
        }
        if verbose, !(sameLines && sameFacts) {
            let fastLines = (fastReading.text ?? "").split(separator: "\n"), popplerLines = (popplerReading.text ?? "").split(separator: "\n")
            let differing = zip(fastLines, popplerLines).filter { $0 != $1 }.prefix(3)
            print("  \(pdf.posting) (\(pdf.engine)): \(sameFacts ? "lines" : "facts") differ; \(fastLines.count) lines vs poppler's \(popplerLines.count)")
            for (fastLine, popplerLine) in differing {
                print("    direct:  \(fastLine.debugDescription)\n    poppler: \(popplerLine.debugDescription)")
            }
        }
    }
    var total = Tally()
    for (engine, tally) in tallies.sorted(by: { $0.key < $1.key }) {
        print(String(format: "  %@ %3d text PDFs: %3d declined, %3d agree, %3d lines differ (same facts), %3d facts differ",
                     engine.padding(toLength: 17, withPad: " ", startingAt: 0), tally.count, tally.declined, tally.agreed,
                     tally.linesDiffer, tally.factsDiffer))
        total.count += tally.count; total.declined += tally.declined; total.agreed += tally.agreed
        total.linesDiffer += tally.linesDiffer; total.factsDiffer += tally.factsDiffer
    }
    print(String(format: "  %@ %3d text PDFs: %3d declined, %3d agree, %3d lines differ (same facts), %3d facts differ",
                 "all".padding(toLength: 17, withPad: " ", startingAt: 0), total.count, total.declined, total.agreed,
                 total.linesDiffer, total.factsDiffer))
    print("  declined because:")
    for (reason, count) in reasons.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
        print("    \(count) × \(reason)")
    }
}

/// What the audit takes from a reading, as text to compare.
private func facts(_ reading: PDFInvoiceReading) -> [String] {
    ["rows \(reading.tableRows)", "totals \(reading.totals)", "tax ids \(reading.taxIds.map(\.value))",
     "hs \(reading.hsCodes)", "vat \(reading.vatRates)", "postings \(reading.postingNumbers)",
     "orders \(reading.orderNumbers)", "amounts \(reading.amounts)", "missing \(reading.missingFields)"]
}
