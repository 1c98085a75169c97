import Foundation
import InvoiceModel
@testable import Validate

/// A fresh temporary folder per test, removed when the value goes away.
final class AuditScratch: @unchecked Sendable {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-audit-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String) -> URL {
        write(name, Data(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) -> URL {
        let file = url.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! data.write(to: file)
        return file
    }

    func path(_ name: String) -> URL { url.appendingPathComponent(name) }
}

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
