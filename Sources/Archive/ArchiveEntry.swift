public import Foundation
public import Validate

/// What a stored document is. The raw values are stored in the index (table `documentKind`)
/// and covered by the entry hash, so they are a stable format: add cases, never rename.
public enum EvidenceKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The invoice PDF as it was given, byte for byte.
    case pdf
    /// The invoice data: the XML a Faktura PDF embeds, or the JSON it was rendered from.
    case invoiceData = "invoice-data"
    /// Faktura's validation report of the PDF at the time it was archived (JSON).
    case validationReport = "validation-report"
    /// A marketplace's answer to the upload, e.g. Ozon's `/v1/invoice/file/upload` response.
    case receipt
    /// An RFC 3161 time-stamp response over the chain head (``ChainTimestamps``).
    case timestampToken = "timestamp-token"

    /// One line for people, used by `show` and the cover page.
    public var title: (english: String, russian: String) {
        switch self {
        case .pdf: ("Invoice PDF", "PDF счёта")
        case .invoiceData: ("Invoice data", "Данные счёта")
        case .validationReport: ("Validation report", "Отчёт о проверке")
        case .receipt: ("Marketplace receipt", "Квитанция маркетплейса")
        case .timestampToken: ("RFC 3161 time stamp of the chain head", "Метка времени RFC 3161 на вершину цепочки")
        }
    }
}

/// The invoice figures an entry records in the index, so that `show` can list them without
/// opening files. Money is held in integer minor units (kopecks, fen, cents).
public struct InvoiceSummary: Sendable, Hashable, Codable {
    public var number: String
    /// ISO 8601 date (`2026-11-27`).
    public var date: String
    /// ISO 4217 alphabetic code.
    public var currency: String
    /// The invoice total with VAT in minor units of ``currency``.
    public var amountWithVatMinor: Int64
    /// Decimal places of the currency (2 for RUB, 0 for JPY).
    public var minorUnits: Int

    public init(number: String, date: String, currency: String, amountWithVatMinor: Int64, minorUnits: Int) {
        self.number = number
        self.date = date
        self.currency = currency
        self.amountWithVatMinor = amountWithVatMinor
        self.minorUnits = minorUnits
    }

    /// The total as decimal text, `12345.67`.
    public var amountWithVatText: String {
        let negative = amountWithVatMinor < 0
        let digits = String(amountWithVatMinor.magnitude)
        guard minorUnits > 0 else { return (negative ? "-" : "") + digits }
        // The index is a file anyone can edit: a count of places no currency has (ISO 4217
        // uses 0–4) is shown as it is rather than padded with that many zeros.
        guard minorUnits <= 18 else { return (negative ? "-" : "") + digits + " (\(minorUnits) minor units)" }
        let padded = String(repeating: "0", count: max(0, minorUnits + 1 - digits.count)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -minorUnits)
        return (negative ? "-" : "") + padded[..<split] + "." + padded[split...]
    }
}

/// One document to be archived: its bytes and what they are.
public struct DocumentSubmission: Sendable, Hashable {
    public var kind: EvidenceKind
    /// The file name to show and to use in an export (a base name; folders are dropped).
    public var name: String
    /// MIME type (`application/pdf`, `application/json`, `application/xml`).
    public var mediaType: String
    public var content: Data

    public init(kind: EvidenceKind, name: String, mediaType: String, content: Data) {
        self.kind = kind
        self.name = ArchivedDocument.safeName(name)
        self.mediaType = mediaType
        self.content = content
    }
}

/// One entry to append to the chain: a posting with its documents.
public struct EntrySubmission: Sendable, Hashable {
    public var posting: String
    public var marketplace: String?
    public var orderNumber: String?
    public var invoice: InvoiceSummary?
    public var documents: [DocumentSubmission]
    /// The program that made the entry (`faktura 0.1.0`), recorded in the chain.
    public var agent: String
    /// The validator's verdict on the PDF, as stored in the entry's validation report; kept
    /// beside it so callers need not parse back the JSON that was just written. Not stored.
    public var validation: DocumentReport?

    public init(posting: String, marketplace: String? = nil, orderNumber: String? = nil,
                invoice: InvoiceSummary? = nil, documents: [DocumentSubmission], agent: String) {
        self.posting = posting
        self.marketplace = marketplace
        self.orderNumber = orderNumber
        self.invoice = invoice
        self.documents = documents
        self.agent = agent
        validation = nil
    }
}

/// A stored document as the index lists it.
public struct ArchivedDocument: Sendable, Hashable, Codable {
    public var kind: EvidenceKind
    public var name: String
    public var mediaType: String
    public var size: Int64
    public var sha256: String

    public init(kind: EvidenceKind, name: String, mediaType: String, size: Int64, sha256: String) {
        self.kind = kind
        self.name = name
        self.mediaType = mediaType
        self.size = size
        self.sha256 = sha256
    }

    /// A name that cannot leave a folder or break a BagIt manifest line: the last path
    /// component, with control characters, `/`, `\` and `%` replaced by `_`, no leading dot.
    public static func safeName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(String.UnicodeScalarView(last.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || scalar == "%" ? "_" : scalar
        }))
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        if cleaned.utf8.count > 200 { cleaned = String(cleaned.prefix(100)) }
        return cleaned.isEmpty ? "document" : cleaned
    }
}

/// One link of the chain: a posting's documents at one moment.
public struct ArchiveEntry: Sendable, Hashable, Codable {
    /// The numbers append gives entries; anything else in an index was put there by hand.
    public static let sequenceRange: ClosedRange<Int64> = 1...(Int64.max - 1)

    /// 1, 2, 3, ... in the order entries were appended.
    public var sequence: Int64
    public var posting: String
    public var marketplace: String?
    public var orderNumber: String?
    /// UTC, millisecond precision, exactly as hashed (`2026-11-27T18:49:00.123Z`).
    public var recordedAt: String
    public var invoice: InvoiceSummary?
    public var agent: String
    public var documents: [ArchivedDocument]
    /// The hash of the entry before (64 zeros for the first entry).
    public var previousHash: String
    /// SHA-256 of ``EntryEncoding/canonicalBytes(of:)``.
    public var entryHash: String

    public init(sequence: Int64, posting: String, marketplace: String?, orderNumber: String?, recordedAt: String,
                invoice: InvoiceSummary?, agent: String, documents: [ArchivedDocument], previousHash: String,
                entryHash: String) {
        self.sequence = sequence
        self.posting = posting
        self.marketplace = marketplace
        self.orderNumber = orderNumber
        self.recordedAt = recordedAt
        self.invoice = invoice
        self.agent = agent
        self.documents = documents
        self.previousHash = previousHash
        self.entryHash = entryHash
    }

    /// The document of a kind, if the entry holds one.
    public func document(_ kind: EvidenceKind) -> ArchivedDocument? {
        documents.first { $0.kind == kind }
    }
}

/// The newest entry of the chain: keep its hash outside the store to detect truncation.
public struct ChainHead: Sendable, Hashable, Codable {
    public var sequence: Int64
    public var entryHash: String
    public var recordedAt: String

    public init(sequence: Int64, entryHash: String, recordedAt: String) {
        self.sequence = sequence
        self.entryHash = entryHash
        self.recordedAt = recordedAt
    }
}
