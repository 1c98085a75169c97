import InvoiceModel
public import Findings

/// One posting of an export: its rows grouped, wherever they stood in the file.
public struct ExportPosting: Sendable, Hashable {
    public var postingNumber: String
    /// The physical line of its first row.
    public var firstLine: Int
    /// How many rows (records) it was read from, malformed ones included.
    public var rowCount: Int
    /// The canonical status (after the mapping's status table).
    public var status: String
    /// Posting-level values (order number, invoice columns, ...); "" when absent. Empty for
    /// postings that need no invoice: their data is not checked, so it is not kept.
    public var values: [ExportColumn: String]
    /// The order lines, one per row; empty for postings that need no invoice.
    public var lines: [ExportLine]
    /// Findings made while reading: `DUPLICATE_POSTING`, `ROW_MALFORMED`.
    public var readingFindings: [Finding]
    /// False when the status needs no invoice (`awaiting_payment`, `cancelled`, `--skip-status`).
    public var needsInvoice: Bool

    public subscript(column: ExportColumn) -> String { values[column] ?? "" }
}

/// One order line of a posting (one export row).
public struct ExportLine: Sendable, Hashable {
    public var line: Int
    public var sku: String
    public var offerId: String
    public var productName: String
    public var quantity: String
    public var unitPrice: String
    public var vatRate: String
    public var hsCode: String
    public var originCountry: String

    init(_ record: ExportRecord) {
        line = record.line
        sku = record[.sku]
        offerId = record[.offerId]
        productName = record[.productName]
        quantity = record[.quantity]
        unitPrice = record[.unitPrice]
        vatRate = record[.vatRate]
        hsCode = record[.hsCode]
        originCountry = record[.originCountry]
    }
}

/// Statuses that need no invoice (docs/legal-basis.md: unpaid and cancelled postings).
public enum PostingStatusPolicy {
    public static let defaultSkipped: Set<String> = OzonLimits.statusesWithoutInvoice
}
