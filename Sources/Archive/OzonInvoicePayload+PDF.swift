public import Foundation
import InvoiceModel
import Validate

extension OzonInvoicePayload {
    /// Builds the payload for a file on disk: a Faktura PDF supplies posting, number, date,
    /// total, currency and HS codes from its embedded `invoice.xml`; `fields` fill in or
    /// replace them (and must, for any other PDF or a JPEG).
    public init(fileAt url: URL, fields: Fields) throws(OzonPayloadRefusal) {
        let source = url.lastPathComponent
        let data: Data
        do {
            data = try RegularFile.contents(atPath: url.path, maximumBytes: Int64(Limits.maximumFileBytes))
        } catch .tooLarge(_, let size, _) {
            throw OzonPayloadRefusal(source: url.path, problems: [.init(
                field: "base64_content", message: "the file has \(size) bytes; Ozon accepts at most \(Limits.maximumFileBytes) (10 MB)")])
        } catch {
            throw OzonPayloadRefusal(source: url.path, problems: [.init(field: "base64_content",
                                                                        message: "cannot read the file: \(error.reason)")])
        }
        var invoice: InvoiceModel.Invoice?
        if PDFDocument.hasPDFHeader(data), let pdf = try? PDFDocument(data: data, source: source) {
            invoice = PDFInvoiceReading.read(pdf).embeddedInvoice
        }
        try self.init(file: data, source: url.path, invoice: invoice, fields: fields)
    }
}
