public import Foundation

/// The canonical byte encoding of an archive entry, which its chain hash is taken over.
///
/// Version 1, exactly:
///
/// ```
/// encoding  = "faktura-archive-entry 1" LF *field
/// field     = name SP value LF
/// value     = "-"                      ; absent (nil)
///           / length ":" bytes         ; length = decimal count of the UTF-8 bytes that follow,
///                                      ;          no sign, no leading zeros ("0:" for empty)
/// ```
///
/// The fields come in this order, every one present (absent ones as `-`):
///
/// | name | value |
/// |---|---|
/// | `sequence` | the entry number, decimal (`1` for the first entry) |
/// | `previous` | the previous entry's hash, 64 lowercase hex; 64 `0` for the first entry |
/// | `recorded-at` | UTC time `yyyy-MM-ddTHH:mm:ss.SSSZ` |
/// | `posting` | the posting number |
/// | `marketplace` | e.g. `ozon`, or absent |
/// | `order` | the order number, or absent |
/// | `invoice-number`, `invoice-date`, `currency`, `amount-with-vat-minor`, `minor-units` | the invoice summary (all five present or all absent); amounts are decimal integers in minor units, `-` sign for negatives |
/// | `agent` | the program that made the entry (`faktura 0.1.0`) |
/// | `documents` | the number of documents, decimal |
///
/// followed by five fields per document in stored order: `document-kind` (`pdf`,
/// `invoice-data`, `validation-report`, `receipt`), `document-name`, `document-media-type`,
/// `document-size` (bytes, decimal) and `document-sha256` (64 lowercase hex).
///
/// The entry hash is the SHA-256 of these bytes in lowercase hex. Because every value
/// carries its length, no choice of text can make two different entries encode alike, and
/// because each entry covers the previous entry's hash, changing or removing any entry
/// changes every hash after it.
public enum EntryEncoding {
    /// The first line, naming the encoding version.
    public static let header = "faktura-archive-entry 1"
    /// The `previous` value of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// The bytes hashed for an entry; ``ArchiveEntry/entryHash`` is ignored.
    public static func canonicalBytes(of entry: ArchiveEntry) -> Data {
        var out = Data()
        out.reserveCapacity(512 + entry.documents.count * 200)
        out.append(contentsOf: header.utf8)
        out.append(0x0a)
        func field(_ name: String, _ value: String?) {
            out.append(contentsOf: name.utf8)
            out.append(0x20)
            if let value {
                let bytes = Array(value.utf8)
                out.append(contentsOf: String(bytes.count).utf8)
                out.append(0x3a)
                out.append(contentsOf: bytes)
            } else {
                out.append(0x2d)
            }
            out.append(0x0a)
        }
        field("sequence", String(entry.sequence))
        field("previous", entry.previousHash)
        field("recorded-at", entry.recordedAt)
        field("posting", entry.posting)
        field("marketplace", entry.marketplace)
        field("order", entry.orderNumber)
        field("invoice-number", entry.invoice?.number)
        field("invoice-date", entry.invoice?.date)
        field("currency", entry.invoice?.currency)
        field("amount-with-vat-minor", entry.invoice.map { String($0.amountWithVatMinor) })
        field("minor-units", entry.invoice.map { String($0.minorUnits) })
        field("agent", entry.agent)
        field("documents", String(entry.documents.count))
        for document in entry.documents {
            field("document-kind", document.kind.rawValue)
            field("document-name", document.name)
            field("document-media-type", document.mediaType)
            field("document-size", String(document.size))
            field("document-sha256", document.sha256)
        }
        return out
    }

    /// The entry's hash: SHA-256 of ``canonicalBytes(of:)``, lowercase hex.
    public static func hash(of entry: ArchiveEntry) -> String {
        ContentHash.sha256(canonicalBytes(of: entry))
    }

    /// `2026-11-27T18:49:00.123Z` for a moment, in UTC with milliseconds (the Gregorian
    /// calendar, whatever the user's locale).
    public static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = Int(milliseconds.floorDiv(1000))
        let millis = Int(milliseconds - Int64(seconds) * 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                            from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T"
            + "\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2)).\(pad(millis, 3))Z"
    }
}

extension Int64 {
    fileprivate func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
