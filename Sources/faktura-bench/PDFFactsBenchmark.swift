import Foundation
import PDFReading
import Validate

/// The audit side of reading a third-party text PDF, without poppler and without processes
/// (`make bench BENCH=pdf-facts`, from the package folder): the corpus's text PDFs are read
/// once, then on one core are timed
/// 1. the facts from the words (`PDFInvoiceReading(pages:)`: lines, goods table, text scan),
/// 2. the reader's answer on the wire: encoding (in the reader) and decoding (in the audit),
/// 3. the direct reader alone (`PDFContentStreamReader`: the PDF's bytes to its pages' words),
///    and with its wire answer: the reader process's work for a PDF, without the pipe.
/// Each figure is CPU time a PDF, with the load average (the machine is shared).
func runPDFFactsBenchmark() {
    let pdfs = PDFReadBenchmark.textPDFs.compactMap { name -> (name: String, pages: [PDFPageText], data: Data)? in
        guard let data = try? Data(contentsOf: PDFReadBenchmark.corpus.appendingPathComponent(name)),
              let document = try? PDFDocument(data: data, source: name) else {
            print("  cannot read \(name) in \(PDFReadBenchmark.corpus.path) (run from the package folder)")
            return nil
        }
        return (name, document.pageTexts(), data)
    }
    guard !pdfs.isEmpty else { return }
    func measure(_ label: String, _ body: (Int) -> Void) {
        let cpuStart = AuditBenchmark.cpuSeconds()
        var count = 0
        let rate = ValidateBenchmarkData.rate(items: pdfs.count) { index in
            count += 1
            body(index)
        }
        let perPDF = (AuditBenchmark.cpuSeconds() - cpuStart) * 1000 / Double(count)
        print(String(format: "  %@: %.0f PDFs/s, %.3f ms CPU a PDF; %@", label, rate, perPDF, PDFReadBenchmark.load()))
    }
    let words = pdfs.reduce(0) { $0 + $1.pages.reduce(0) { $0 + $1.words.count } }
    print("facts from words, one core (\(pdfs.count) PDFs, \(words) words; target for the audit side + words + wire: < 1 ms a PDF):")
    measure("PDFInvoiceReading(pages:)") { index in
        _ = PDFInvoiceReading(pages: pdfs[index].pages).missingFields
    }
    let payloads = pdfs.map { PDFReadout(pages: $0.pages).readerWirePayload }
    measure("wire encode (reader side)") { index in
        _ = PDFReadout(pages: pdfs[index].pages).readerWirePayload.count
    }
    measure("wire decode (audit side)") { index in
        _ = PDFReadout(readerWirePayload: payloads[index])?.pages.count
    }
    let declined = pdfs.filter { PDFContentStreamReader.pageTexts($0.data) == nil }.map(\.name)
    print("the direct reader, one core (\(pdfs.count - declined.count) of \(pdfs.count) PDFs read directly\(declined.isEmpty ? "" : "; declined: " + declined.joined(separator: ", "))):")
    measure("PDFContentStreamReader (bytes to words)") { index in
        _ = PDFContentStreamReader.pageTexts(pdfs[index].data)?.count
    }
    measure("direct reader + wire encode (a reader process's work)") { index in
        _ = PDFContentStreamReader.pageTexts(pdfs[index].data).map { PDFReadout(pages: $0).readerWirePayload.count }
    }
}
