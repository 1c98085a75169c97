public import Findings

/// The canonical columns of an ERP export (docs/audit.md). A mapping file renames a user's own
/// headers onto these names.
public enum ExportColumn: String, CaseIterable, Sendable, Hashable, Codable {
    case postingNumber = "posting_number"
    case orderNumber = "order_number"
    case status
    case orderDate = "order_date"
    case currency
    case sku
    case offerId = "offer_id"
    case productName = "product_name"
    case quantity
    case unitPrice = "unit_price"
    case vatRate = "vat_rate"
    case hsCode = "hs_code"
    case originCountry = "origin_country"
    case sellerTaxId = "seller_tax_id"
    case buyerINN = "buyer_inn"
    case buyerKPP = "buyer_kpp"
    case invoiceNumber = "invoice_number"
    case invoiceDate = "invoice_date"
    case invoiceTotal = "invoice_total"
    case invoiceFile = "invoice_file"
    case invoiceSHA256 = "invoice_sha256"

    /// Position in ``ExportRecord/values`` (declaration order; a switch, not a lookup, as it
    /// runs for every field of every row).
    public var index: Int {
        switch self {
        case .postingNumber: 0
        case .orderNumber: 1
        case .status: 2
        case .orderDate: 3
        case .currency: 4
        case .sku: 5
        case .offerId: 6
        case .productName: 7
        case .quantity: 8
        case .unitPrice: 9
        case .vatRate: 10
        case .hsCode: 11
        case .originCountry: 12
        case .sellerTaxId: 13
        case .buyerINN: 14
        case .buyerKPP: 15
        case .invoiceNumber: 16
        case .invoiceDate: 17
        case .invoiceTotal: 18
        case .invoiceFile: 19
        case .invoiceSHA256: 20
        }
    }

    /// Posting-level columns are shared by every row of a posting; a posting whose rows
    /// disagree on one of them is a `DUPLICATE_POSTING`.
    public var isPostingLevel: Bool { !Self.lineLevel.contains(self) }

    /// Columns that describe one order line (one row each).
    public static let lineLevel: Set<ExportColumn> = [
        .sku, .offerId, .productName, .quantity, .unitPrice, .vatRate, .hsCode, .originCountry,
    ]

    /// The posting-level columns other than the posting number, in declaration order.
    public static let postingLevel: [ExportColumn] = allCases.filter { $0 != .postingNumber && $0.isPostingLevel }

    /// Matches a header the way people write canonical names: case, surrounding spaces and
    /// `-`/space for `_` do not matter (`Posting Number` is `posting_number`).
    public init?(header: String) {
        self.init(rawValue: ExportColumn.normalizedHeader(header))
    }

    static func normalizedHeader(_ header: String) -> String {
        header.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }
}

/// One row of an export in canonical columns, whatever format it came from.
public struct ExportRecord: Sendable, Hashable {
    /// The physical line (1-based) the row starts on in the export file.
    public var line: Int
    /// One value per ``ExportColumn`` (by ``ExportColumn/index``); "" when absent.
    public var values: [String]

    public init(line: Int, values: [String] = Array(repeating: "", count: ExportColumn.allCases.count)) {
        self.line = line
        self.values = values
    }

    public subscript(column: ExportColumn) -> String {
        get { values[column.index] }
        set { values[column.index] = newValue }
    }
}

/// A row that could not be read: becomes a `ROW_MALFORMED` finding with `field: "line N"`.
public struct MalformedRow: Sendable, Hashable {
    /// The physical line the row starts on.
    public var line: Int
    /// What is wrong, for people, in their language (`row.*` in the catalogues).
    public var reason: MessageText
    /// The posting number the row seems to carry, so the finding can go to its posting.
    public var postingNumber: String?

    public init(line: Int, reason: MessageText, postingNumber: String? = nil) {
        self.line = line
        self.reason = reason
        self.postingNumber = postingNumber
    }
}

/// What an export reader yields, row by row.
public enum ExportItem: Sendable, Hashable {
    case record(ExportRecord)
    case malformed(MalformedRow)
}

/// Reads an export row by row, holding only the current row in memory.
public protocol ExportReader {
    /// The next row, or nil at the end of the export.
    mutating func next() throws(ExportReadError) -> ExportItem?
    /// Where the header row is (CSV and XLSX; nil for JSON and XML, which have none).
    var headerRow: ExportHeaderRow? { get }
}

extension ExportReader {
    public var headerRow: ExportHeaderRow? { nil }
}

/// Why an export could not be read at all (the audit exits with status 2).
public enum ExportReadError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(file: String, message: String)
    case unsupportedEncoding(file: String, message: String)
    case noHeader(file: String)
    case missingPostingColumn(file: String, headers: [String])
    case duplicateColumn(file: String, column: String, headers: [String])
    case malformed(file: String, line: Int, message: String)
    case unknownFormat(file: String)
    /// No candidate encoding fits the bytes; `tried` says what each gave.
    case undecidedEncoding(file: String, tried: [String])
    /// Mapping keys that match no header of the export, with the nearest real headers.
    case unmatchedMappingKeys(file: String, mapping: String, keys: [UnmatchedMappingKey])
    /// A workbook, or a part of it, that cannot be read as an export.
    case workbook(file: String, message: String)

    /// The message, with any control character from the export shown as an escape.
    public var description: String {
        ExportTextDecoder.printable(message)
    }

    private var message: String {
        switch self {
        case let .unreadable(file, message):
            return "\(file): cannot read the export: \(message)"
        case let .unsupportedEncoding(file, message):
            return "\(file): \(message)"
        case let .noHeader(file):
            return "\(file): the export is empty: expected a header line naming the columns (posting_number, status, ...)"
        case let .missingPostingColumn(file, headers):
            return "\(file): no posting_number column among the headers [\(headers.joined(separator: ", "))]; "
                + "rename one with a mapping file (--mapping, see examples/mappings/)"
        case let .duplicateColumn(file, column, headers):
            return "\(file): two headers map onto the column \(column) (headers: \(headers.joined(separator: ", "))); "
                + "fix the mapping so each canonical column has one source"
        case let .malformed(file, line, message):
            return "\(file):\(line): \(message)"
        case let .unknownFormat(file):
            return "\(file): cannot tell the export format; use a .csv, .xlsx, .json, .jsonl or .xml file"
        case let .undecidedEncoding(file, tried):
            return "\(file): cannot tell the text encoding (tried \(tried.joined(separator: "; "))); "
                + "name it with --encoding (utf-8, utf-16le, utf-16be, gb18030, windows-1251, koi8-r)"
        case let .unmatchedMappingKeys(file, mapping, keys):
            let parts = keys.map { miss in
                "`\(miss.key)`" + (miss.nearest.isEmpty ? "" : " (nearest headers: \(miss.nearest.map { "`\($0)`" }.joined(separator: ", ")))")
            }
            return "\(file): the mapping \(mapping) names header\(keys.count == 1 ? "" : "s") that the export does not have: "
                + parts.joined(separator: "; ") + "; fix the mapping's `columns` so each key is a header of the export"
        case let .workbook(file, message):
            return "\(file): \(message)"
        }
    }
}
