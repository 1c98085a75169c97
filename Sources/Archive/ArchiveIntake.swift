public import Foundation
public import InvoiceModel
public import Findings
import PDFReading
public import Validate
import FakturaXML

/// Turns the files a user hands to `faktura archive add` into entries: the PDF, the invoice
/// data (embedded `invoice.xml`, or `--data`), a fresh validation report and an optional
/// marketplace receipt.
///
/// ```swift
/// let intake = ArchiveIntake(toolVersion: "0.1.0")
/// let entry = try intake.submission(pdfAt: URL(fileURLWithPath: "a.pdf"))
/// _ = try store.append([entry])
/// ```
public struct ArchiveIntake: Sendable {
    public var validator: InvoiceValidator
    public var toolVersion: String
    /// How messages name the way a posting number is given: `--posting` on the command line,
    /// the form's part over HTTP.
    public var postingOption = "--posting"
    /// Files larger than this are refused (a PDF invoice of hundreds of MB is not one).
    public static let maximumFileBytes = 256 * 1024 * 1024

    public init(validator: InvoiceValidator = InvoiceValidator(), toolVersion: String) {
        self.validator = validator
        self.toolVersion = toolVersion
    }

    /// The entry for one PDF.
    /// - Parameters:
    ///   - posting: required when the PDF does not name its posting (not a Faktura PDF);
    ///     must agree with it when it does.
    ///   - data: invoice JSON (or XML) the PDF was made from; stored instead of the embedded XML.
    ///   - receipt: the marketplace's answer to the upload, stored as given.
    public func submission(pdfAt url: URL, posting: String? = nil, data dataURL: URL? = nil,
                           receipt receiptURL: URL? = nil) throws(ArchiveError) -> EntrySubmission {
        try submission(pdf: try Self.read(url), path: url.path, posting: posting, data: dataURL, receipt: receiptURL)
    }

    /// The entry for a PDF already in memory (an upload), as ``submission(pdfAt:posting:data:receipt:)``
    /// makes it for a file.
    /// - Parameter path: how messages name the PDF; its last component is the stored document's name.
    public func submission(pdf pdfBytes: Data, path: String, posting: String? = nil, data dataURL: URL? = nil,
                           receipt receiptURL: URL? = nil) throws(ArchiveError) -> EntrySubmission {
        let source = URL(fileURLWithPath: path).lastPathComponent
        guard pdfBytes.count <= Self.maximumFileBytes else {
            throw Self.tooLarge(path: path, size: Int64(pdfBytes.count))
        }
        guard PDFDocument.hasPDFHeader(pdfBytes) else {
            throw .invalidInput(path: path, reason: "not a PDF (it does not start with %PDF-); archive PDFs only")
        }
        // The PDF comes from outside: it is read once, in a reader process under the validator's
        // budget. One that cannot be read (damaged, encrypted, or over the budget, as a hostile
        // PDF is) is still evidence of what was uploaded: it is archived under --posting, and its
        // validation report says why it could not be read (ATTACHMENT_UNREADABLE naming the limit).
        let reading = Result { () throws(PDFReadError) in
            try PDFInvoiceReading.read(data: pdfBytes, source: source, budget: validator.pdfBudget)
        }
        let embedded = try? reading.get().embeddedInvoice
        let embeddedXML = try? reading.get().embeddedXML

        var invoiceData: (document: DocumentSubmission, invoice: Invoice)?
        if let dataURL {
            let bytes = try Self.read(dataURL)
            let format = InvoiceInput.format(of: bytes) ?? .json
            let invoice = try Self.decodeInvoice(bytes, as: format, url: dataURL)
            invoiceData = (DocumentSubmission(kind: .invoiceData, name: dataURL.lastPathComponent,
                                              mediaType: format.mediaType, content: bytes),
                           invoice)
        } else if let embeddedXML, let embedded {
            invoiceData = (DocumentSubmission(kind: .invoiceData, name: PDFInvoiceReading.embeddedFileName,
                                              mediaType: "application/xml", content: embeddedXML), embedded)
        }
        let invoice = invoiceData?.invoice ?? embedded

        let named = [embedded?.order?.postingNumber, invoiceData?.invoice.order?.postingNumber].compactMap { $0 }
            .filter { !$0.isEmpty }
        if let first = named.first, named.contains(where: { $0 != first }) {
            throw .invalidInput(path: path, reason: "the PDF names posting \(first), the data file \(named.last!)")
        }
        if let posting, let first = named.first, posting != first {
            throw .invalidInput(path: path, reason: "\(postingOption) \(posting) differs from the posting the invoice names (\(first))")
        }
        guard let postingNumber = (posting ?? named.first).map({ $0.trimmingCharacters(in: .whitespaces) }),
              !postingNumber.isEmpty else {
            if case .failure(let error) = reading {
                throw .invalidInput(path: path, reason: "\(error.reason). Unread, it names no posting: give \(postingOption) to archive it as it is")
            }
            throw .invalidInput(path: path, reason: "not a Faktura PDF (no embedded invoice.xml naming a posting); give \(postingOption)")
        }

        var documents = [DocumentSubmission(kind: .pdf, name: source, mediaType: "application/pdf", content: pdfBytes)]
        if let invoiceData { documents.append(invoiceData.document) }
        let validation = validator.validate(pdfReading: reading, source: source)
        documents.append(validationReport(validation))
        if let receiptURL {
            let bytes = try Self.read(receiptURL)
            let isJSON = JSONText.isWellFormed(bytes)
            documents.append(DocumentSubmission(kind: .receipt, name: receiptURL.lastPathComponent,
                                                mediaType: isJSON ? "application/json" : "application/octet-stream",
                                                content: bytes))
        }
        var entry = EntrySubmission(posting: postingNumber, marketplace: invoice?.order?.marketplace,
                                    orderNumber: invoice?.order?.orderNumber, invoice: invoice.flatMap(Self.summary),
                                    documents: documents, agent: "faktura \(toolVersion)")
        entry.validation = validation
        return entry
    }

    /// One file for ``submissions(_:)``.
    public struct Request: Sendable, Hashable {
        public var pdf: URL
        public var posting: String?
        public var data: URL?
        public var receipt: URL?

        public init(pdf: URL, posting: String? = nil, data: URL? = nil, receipt: URL? = nil) {
            self.pdf = pdf
            self.posting = posting
            self.data = data
            self.receipt = receipt
        }
    }

    /// The entries for many PDFs, read and validated on all cores; results in request order.
    public func submissions(_ requests: [Request]) -> [Result<EntrySubmission, ArchiveError>] {
        let results = ConcurrentResults<Result<EntrySubmission, ArchiveError>>(count: requests.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, requests.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: requests.count, by: workers) {
                let request = requests[index]
                results.set(index, Result { () throws(ArchiveError) in
                    try submission(pdfAt: request.pdf, posting: request.posting, data: request.data, receipt: request.receipt)
                })
            }
        }
        return results.values.map { $0 ?? .failure(.invalidInput(path: "", reason: "not processed")) }
    }

    /// The validator's report of the PDF as JSON (the `faktura validate --format json` shape).
    /// It names the file by its base name and holds no time, so the same PDF gives the same report.
    func validationReport(_ document: DocumentReport) -> DocumentSubmission {
        let report = ValidationReport(tool: ReportTool(version: toolVersion), documents: [document])
        return DocumentSubmission(kind: .validationReport, name: "validation-report.json", mediaType: "application/json",
                                  content: report.json.data())
    }

    /// The index figures of an invoice; nil when the total does not fit in minor units.
    public static func summary(_ invoice: Invoice) -> InvoiceSummary? {
        let calculation = invoice.calculate()
        let total = invoice.totals?.amountWithVat ?? calculation.amountWithVat
        let text = DecimalText.format(total, scale: calculation.minorUnits)
        guard let minor = Int64(text.replacingOccurrences(of: ".", with: "")) else { return nil }
        return InvoiceSummary(number: invoice.number, date: invoice.date.description, currency: invoice.currency,
                              amountWithVatMinor: minor, minorUnits: calculation.minorUnits)
    }

    static func decodeInvoice(_ bytes: Data, as format: InvoiceInput.Format, url: URL) throws(ArchiveError) -> Invoice {
        do {
            return try InvoiceInput.decode(bytes, as: format, source: url.path)
        } catch {
            throw .invalidInput(path: url.path, reason: "not invoice data (JSON or XML): \(error.message)")
        }
    }

    static func tooLarge(path: String, size: Int64) -> ArchiveError {
        .invalidInput(path: path, reason: "\(size) bytes is more than the \(maximumFileBytes) an archived file may have")
    }

    static func read(_ url: URL) throws(ArchiveError) -> Data {
        do {
            return try RegularFile.contents(atPath: url.path, maximumBytes: Int64(maximumFileBytes))
        } catch .tooLarge(_, let size, _) {
            throw tooLarge(path: url.path, size: size)
        } catch {
            throw .unreadable(path: url.path, reason: error.reason)
        }
    }
}

extension ArchiveProblem {
    /// The problem as a docs/validation.md finding (`field`: the entry and file).
    public var finding: Finding {
        let code: FindingCode = switch self.code {
        case .tampered: .archiveTampered
        case .missing: .archiveMissing
        case .chainBroken: .archiveChainBroken
        case .timestampInvalid: .archiveTimestampInvalid
        }
        guard let text else { return Finding(code: code, severity: .error, field: location.map(FieldPath.label), message: message) }
        return Finding(code: code, severity: .error, field: location.map(FieldPath.label), text: text)
    }
}
