// Fuzz harness: the PDF reader (poppler): open, embedded invoice.xml, words of the pages, the
// reader's wire format, invoice fields. Compiled alone into `fuzz-PDFText` by `make fuzz` and
// into FuzzRegressionTests. libFuzzer runs the reader process's code in-process (it sees
// coverage only there; its -timeout and -rss_limit_mb are the budget); the replay of kept
// inputs goes through the budgeted reader process, as `validate`, `audit` and `archive` do.
import FakturaXML
import Foundation
import PDFReading
import Validate

enum PDFTextHarness {
    /// The replay's budget: a kept input that hung the fuzzer must end here as a finding.
    static let budget = PDFReadBudget(cpuSeconds: 2, maxOCRPages: 0)

    /// Reads one input; returns the error's text when it was refused, the missing fields when
    /// the PDF was read but shows no invoice, nil when it shows every field.
    static func run(_ data: Data) -> String? {
        do {
            let reading = try read(data)
            return reading.missingFields.isEmpty ? nil : "attachment.pdf: fields missing: \(reading.missingFields)"
        } catch {
            return "\(error)"
        }
    }

    static func read(_ data: Data) throws(PDFReadError) -> PDFInvoiceReading {
        #if FUZZING
        let readout = try PDFReaderProcess.readInProcess(data)
        if let xml = readout.embeddedXML, let invoice = try? InvoiceXML.decode(xml, source: "attachment.pdf (invoice.xml)") {
            return PDFInvoiceReading(invoice: invoice)
        }
        return PDFInvoiceReading(pages: readout.pages)
        #else
        return try PDFInvoiceReading.read(data: data, source: "attachment.pdf", budget: budget)
        #endif
    }
}

#if FUZZING
import LibFuzzerEntry

/// `fuzz-PDFText` runs this harness under libFuzzer.
@main extension PDFTextHarness: LibFuzzerHarness {}
#endif
