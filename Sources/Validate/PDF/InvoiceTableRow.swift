public import Foundation
public import InvoiceModel

/// One row of an invoice's goods table, every value taken from its column.
public struct InvoiceTableRow: Sendable, Hashable {
    /// The row's place in the table (1-based, counted over all pages), not the printed number.
    public var index: Int
    public var page: Int
    public var position: Int?
    public var sku: String?
    public var name: String
    /// Digits only.
    public var hsCode: String?
    public var quantity: Decimal?
    public var price: Decimal?
    public var amount: Decimal?
    public var vatRate: VATRate?
    public var vatAmount: Decimal?
    /// The lowest OCR confidence of the words the values came from (nil: the PDF's own text).
    public var confidence: Float?

    public init(index: Int, page: Int, name: String = "") {
        self.index = index
        self.page = page
        self.name = name
    }
}
