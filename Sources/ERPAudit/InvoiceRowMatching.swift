import Foundation
import InvoiceModel
import Validate

/// Pairs an order's lines with the rows of the PDF's goods table: by SKU or article first, then
/// by place in the table, then by quantity and price. Never by product name: two lines of one
/// order may carry the same name with different rates or codes.
enum InvoiceRowMatching {
    /// For each export line (by its index in `lines`) the row it matches, if any.
    static func match(lines: [ExportLine], rows: [InvoiceTableRow]) -> [Int: InvoiceTableRow] {
        var free = Set(rows.indices)
        var matched: [Int: Int] = [:]
        func take(_ line: Int, _ row: Int) {
            matched[line] = row
            free.remove(row)
        }
        // 1. SKU or article, where the table has that column.
        let rowKeys = rows.map { $0.sku.map(compact) }  // once a row, not once a line and row
        for (index, line) in lines.enumerated() {
            let keys = Set([line.sku, line.offerId].filter { !$0.isEmpty }.map(compact))
            guard !keys.isEmpty else { continue }
            if let row = rows.indices.first(where: { free.contains($0) && rowKeys[$0].map { keys.contains($0) } == true }) {
                take(index, row)
            }
        }
        // 2. The same place in the table, where quantity and price (as far as both show them) agree.
        for index in lines.indices where matched[index] == nil && free.contains(index) && index < rows.count {
            if agrees(lines[index], rows[index]) && rows[index].sku == nil { take(index, index) }
        }
        // 3. The first free row with the same quantity and price.
        for index in lines.indices where matched[index] == nil {
            guard let quantity = DecimalText.parse(lines[index].quantity), let price = DecimalText.parse(lines[index].unitPrice) else { continue }
            if let row = rows.indices.first(where: { free.contains($0) && rows[$0].quantity == quantity && rows[$0].price == price }) {
                take(index, row)
            }
        }
        return matched.mapValues { rows[$0] }
    }

    /// Quantity and price agree wherever both the line and the row show them.
    static func agrees(_ line: ExportLine, _ row: InvoiceTableRow) -> Bool {
        if let quantity = DecimalText.parse(line.quantity), let shown = row.quantity, quantity != shown { return false }
        if let price = DecimalText.parse(line.unitPrice), let shown = row.price,
           DecimalText.rounded(price, scale: 2) != DecimalText.rounded(shown, scale: 2) { return false }
        return true
    }

    /// The value without white space and hyphens, upper-cased: an SKU or article as a key.
    static func compact(_ value: String) -> String {
        // ASCII (the usual SKU) byte by byte; `Character.isWhitespace` and `uppercased()` otherwise.
        if value.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(value.utf8.count)
            for byte in value.utf8 where byte != 0x2D && byte != 0x20 && !(byte >= 0x09 && byte <= 0x0D) {
                bytes.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(value.filter { !$0.isWhitespace && $0 != "-" }).uppercased()
    }
}
