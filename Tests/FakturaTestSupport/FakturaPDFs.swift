public import Foundation
import InvoiceModel
import PDFRender

/// A real Faktura PDF (commercial-invoice template, invoice.xml embedded) for a posting:
/// FakturaTestSupport's Chinese sample invoice with the posting, number, currency and first price given.
public func fakturaPDF(posting: String, number: String = "CN-2026-000123", currency: String = "RUB",
                price: String = "12345.67") throws -> Data {
    var invoice = Samples.chineseInvoice
    invoice.number = number
    invoice.currency = currency
    invoice.order = OrderReference(marketplace: "ozon", orderNumber: posting.split(separator: "-").prefix(2).joined(separator: "-"),
                                   postingNumber: posting)
    invoice.paymentDocuments = [DocumentReference(number: "123", date: Samples.date("2026-11-19"))]
    invoice.lines[0].price = try DecimalText.parse(price).unwrapped(or: "price '\(price)' is not a decimal")
    return try InvoiceRenderer(template: TemplateCatalog.builtIn(named: "commercial-invoice")).render(invoice)
}

private struct BadSample: Error { let message: String }

extension Optional {
    fileprivate func unwrapped(or message: String) throws -> Wrapped {
        guard let self else { throw BadSample(message: message) }
        return self
    }
}
