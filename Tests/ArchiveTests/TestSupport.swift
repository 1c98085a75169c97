import Archive
import FakturaTestSupport
import Foundation

/// A small, valid one-page PDF written by hand (FakturaTestSupport's ``HandMadePDF``).
func handMadePDF(text: String, padding: Int = 0) -> Data {
    HandMadePDF.page(text: text, padding: padding)
}

/// A submission of a hand-made PDF for a posting, with a data file and report.
func submission(posting: String, pdf: Data, receipt: Data? = nil) -> EntrySubmission {
    var documents = [
        DocumentSubmission(kind: .pdf, name: "invoice-\(posting).pdf", mediaType: "application/pdf", content: pdf),
        DocumentSubmission(kind: .invoiceData, name: "invoice.json", mediaType: "application/json",
                           content: Data("{\"number\":\"INV-\(posting)\"}".utf8)),
        DocumentSubmission(kind: .validationReport, name: "validation-report.json", mediaType: "application/json",
                           content: Data("{\"status\":\"ok\"}".utf8)),
    ]
    if let receipt {
        documents.append(DocumentSubmission(kind: .receipt, name: "ozon-upload.json", mediaType: "application/json",
                                            content: receipt))
    }
    return EntrySubmission(posting: posting, marketplace: "ozon", orderNumber: String(posting.dropLast(2)),
                           invoice: InvoiceSummary(number: "INV-\(posting)", date: "2026-11-27", currency: "RUB",
                                                   amountWithVatMinor: 2_469_134, minorUnits: 2),
                           documents: documents, agent: "faktura-tests")
}

/// A clock that starts at a fixed moment and ticks one second per reading.
final class SteppingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var next = Date(timeIntervalSince1970: 1_795_000_000)

    func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        return next
    }
}

/// Runs `sqlite3`-style SQL on a store's index as someone editing the file would: with the
/// append-only triggers dropped first.
func tamperWithIndex(of store: URL, _ sql: String) throws {
    try runIndexSQL(store, """
        DROP TRIGGER IF EXISTS entry_no_update; DROP TRIGGER IF EXISTS entry_no_delete;
        DROP TRIGGER IF EXISTS document_no_update; DROP TRIGGER IF EXISTS document_no_delete;
        \(sql)
        """)
}
