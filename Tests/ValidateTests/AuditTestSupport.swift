import FakturaTestSupport
import Foundation
import InvoiceModel
@testable import ERPAudit

enum AuditRead {
    /// Every item a reader yields.
    static func all(_ reader: some ExportReader) throws -> [ExportItem] {
        var reader = reader
        var items: [ExportItem] = []
        while let item = try reader.next() { items.append(item) }
        return items
    }

    static func records(_ items: [ExportItem]) -> [ExportRecord] {
        items.compactMap { if case .record(let r) = $0 { r } else { nil } }
    }

    static func malformed(_ items: [ExportItem]) -> [MalformedRow] {
        items.compactMap { if case .malformed(let m) = $0 { m } else { nil } }
    }
}

/// The canonical CSV header.
let canonicalHeader = ExportColumn.allCases.map(\.rawValue).joined(separator: ",")

/// A canonical CSV row from the columns given (others empty).
func canonicalRow(_ values: [ExportColumn: String]) -> String {
    ExportColumn.allCases.map { column -> String in
        let value = values[column] ?? ""
        if value.contains(",") || value.contains("\"") || value.contains("\n") {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }.joined(separator: ",")
}
