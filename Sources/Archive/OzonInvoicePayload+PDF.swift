public import Foundation
import InvoiceModel
import Validate

extension OzonInvoicePayload {
    /// Builds the payload for a file on disk: a Faktura PDF supplies posting, number, date,
    /// total, currency and HS codes from its embedded `invoice.xml`; `fields` fill in or
    /// replace them (and must, for any other PDF or a JPEG).
    public init(fileAt url: URL, fields: Fields) throws(OzonPayloadRefusal) {
        let source = url.lastPathComponent
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        if let size = attributes?[.size] as? Int, size > Limits.maximumFileBytes {
            throw OzonPayloadRefusal(source: url.path, problems: [.init(
                field: "base64_content", message: "the file has \(size) bytes; Ozon accepts at most \(Limits.maximumFileBytes) (10 MB)")])
        }
        guard let data = FileManager.default.contents(atPath: url.path),
              attributes?[.type] as? FileAttributeType != .typeDirectory else {
            throw OzonPayloadRefusal(source: url.path, problems: [.init(field: "base64_content", message: "cannot read the file")])
        }
        var invoice: InvoiceModel.Invoice?
        if PDFDocument.hasPDFHeader(data), let pdf = try? PDFDocument(data: data, source: source) {
            invoice = PDFInvoiceReading.read(pdf).embeddedInvoice
        }
        try self.init(file: data, source: url.path, invoice: invoice, fields: fields)
    }
}
