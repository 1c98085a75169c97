public import Foundation
public import InvoiceModel
import PDFReading

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
        if PDFDocument.hasPDFHeader(data) {
            // The file may come from anywhere: read in a reader process under the standard budget.
            do {
                invoice = try PDFInvoiceReading.read(data: data, source: source).embeddedInvoice
            } catch .overBudget(_, let limit) {
                // What exhausts our reader is no invoice a marketplace can show either.
                throw OzonPayloadRefusal(source: url.path, problems: [.init(
                    field: "base64_content", message: PDFReadError.overBudget(source, limit: limit).reason)])
            } catch {
                // Damaged or encrypted: no embedded data; the fields given must say it all.
            }
        }
        try self.init(file: data, source: url.path, invoice: invoice, fields: fields)
    }
}
