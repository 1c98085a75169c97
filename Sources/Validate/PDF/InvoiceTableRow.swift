public import Findings
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
    /// The HS column's text when it holds digits but no HS code (`851713000`: nine digits).
    public var malformedHSCode: String?
    public var quantity: Decimal?
    public var price: Decimal?
    public var amount: Decimal?
    /// The amount without VAT, where the table has that column.
    public var net: Decimal?
    public var vatRate: VATRate?
    public var vatAmount: Decimal?
    /// The lowest OCR confidence of the words the values came from (nil: the PDF's own text).
    public var confidence: Float?
    /// Cells that hold text the reader could not read as their column's value ("quantity
    /// `1,234`": a single comma before three digits may group a thousand).
    public var unreadCells: [UnreadCell] = []

    public init(index: Int, page: Int, name: String = "") {
        self.index = index
        self.page = page
        self.name = name
    }
}

/// A cell of the goods table holding text the reader could not read as its column's value: the
/// column, and the PDF's own text as it is.
public struct UnreadCell: Sendable, Hashable, CustomStringConvertible {
    /// The columns whose cells are read as figures or codes; the raw value names the column in
    /// the catalogues (`pdfText.cell.<column>`).
    public enum Column: String, Sendable, Hashable {
        case quantity, price, amount, net, vatAmount, vatRate, hsCode
    }

    public let column: Column
    public let text: String

    /// The column in the reader's language, the cell as printed (`VAT rate \`22 % 46.52\``).
    public var message: MessageText { MessageText("pdfText.cell." + column.rawValue, ["cell": .data(text)]) }
    public var description: String { message.english }
}
