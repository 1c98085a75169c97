import Archive
import FakturaTestSupport
import Foundation

/// The Archive tests' name for FakturaTestSupport's scratch folder.
typealias TemporaryFolder = ScratchFolder

/// A small, valid one-page PDF written by hand (catalog, page tree, page, content, font,
/// and a correct cross-reference table). `padding` adds a stream of that many bytes, to
/// make large files.
func handMadePDF(text: String, padding: Int = 0) -> Data {
    let content = "BT /F1 12 Tf 72 720 Td (\(text)) Tj ET"
    var objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if padding > 0 {
        let filler = String(repeating: "%", count: padding)
        objects.append("<< /Length \(filler.utf8.count) >>\nstream\n\(filler)\nendstream")
    }
    var pdf = "%PDF-1.4\n"
    var offsets: [Int] = []
    for (index, object) in objects.enumerated() {
        offsets.append(pdf.utf8.count)
        pdf += "\(index + 1) 0 obj\n\(object)\nendobj\n"
    }
    let xref = pdf.utf8.count
    pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
    for offset in offsets {
        let digits = String(offset)
        pdf += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
    }
    pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
    return Data(pdf.utf8)
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
