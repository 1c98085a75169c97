import Foundation
import InvoiceModel
import Validate

/// Pairs an order's lines with the rows of the PDF's goods table by what they hold: SKU or
/// article first, then quantity, price, amount, VAT rate and HS code together (the pairs that
/// agree in most of them first), and last, in a table read whole, the one line and row left over.
/// Never by product name, never by place alone: one order may hold two lines of the same name
/// and quantity with different rates and codes.
enum InvoiceRowMatching {
    /// How a row was identified with an order line.
    enum Identification: Equatable, Sendable {
        /// The row's SKU or article column holds the line's.
        case key
        /// The row agrees with the line in this many of quantity, price, amount, rate and HS code
        /// (two or more, one of them price, amount or HS code).
        case content(Int)
        /// In a table read whole, the only row left for the only line left.
        case elimination
    }

    struct Pair: Sendable {
        var line: Int
        var row: Int
        var identification: Identification
    }

    /// An export line's values as numbers (nil where the export's cell does not parse).
    struct LineValues {
        let quantity: Decimal?
        let price: Decimal?
        let rate: VATRate?
        let hsCode: String?
        let keys: Set<String>
        /// Quantity × price to the cent (prices include VAT).
        let amount: Decimal?
        /// The VAT the line's rate gives on its amount, to the cent (prices include VAT:
        /// amount × rate / (100 + rate)); nil without a percent rate or an amount.
        let vatAmount: Decimal?

        init(_ line: ExportLine) {
            self.init(quantity: DecimalText.parse(line.quantity), price: DecimalText.parse(line.unitPrice),
                      rate: line.vatRate.isEmpty ? nil : VATRate(text: line.vatRate),
                      hsCode: line.hsCode.isEmpty ? nil : HSCode.normalize(line.hsCode),
                      keys: Set([line.sku, line.offerId].filter { !$0.isEmpty }.map(InvoiceRowMatching.compact)))
        }

        init(quantity: Decimal?, price: Decimal?, rate: VATRate?, hsCode: String? = nil, keys: Set<String> = []) {
            self.quantity = quantity
            self.price = price
            self.rate = rate
            self.hsCode = hsCode
            self.keys = keys
            // Worked out once: the matching and the comparisons ask for them pair by pair.
            if let quantity, let price {
                let amount = DecimalText.roundedProduct(quantity, price, scale: 2)
                self.amount = amount
                if case .percent(let percent) = rate {
                    vatAmount = DecimalText.roundedVAT(of: amount, rate: percent, amountIncludesVAT: true, scale: 2)
                } else {
                    vatAmount = nil
                }
            } else {
                amount = nil
                vatAmount = nil
            }
        }
    }

    /// The pairs of line and row (indices into `lines` and `rows`), and the lines and rows left.
    struct Result: Sendable {
        var pairs: [Pair] = []
        var unmatchedLines: [Int] = []
        var unmatchedRows: [Int] = []
    }

    static func cents(_ value: Decimal) -> Decimal { DecimalText.rounded(value, scale: 2) }

    /// The values of a line or a row that ``agreement(_:_:)`` compares, price and amount to the
    /// cent: worked out once a line and once a row, not once a pair.
    struct Figures {
        var quantity: Decimal?
        var priceCents: Decimal?
        var amountCents: Decimal?
        var rate: VATRate?
        var hsCode: String?

        init(_ line: LineValues) {
            quantity = line.quantity
            priceCents = line.price.map(InvoiceRowMatching.cents)
            amountCents = line.amount  // already to the cent
            rate = line.rate
            hsCode = line.hsCode
        }

        init(_ row: InvoiceTableRow) {
            quantity = row.quantity
            priceCents = row.price.map(InvoiceRowMatching.cents)
            amountCents = row.amount.map(InvoiceRowMatching.cents)
            rate = row.vatRate
            hsCode = row.hsCode
        }
    }

    /// How many of quantity, price, amount, rate and HS code agree, and whether one of them is
    /// a distinctive one (price, amount or HS code).
    static func agreement(_ line: LineValues, _ row: InvoiceTableRow) -> (count: Int, distinctive: Bool) {
        agreement(Figures(line), Figures(row))
    }

    /// ``agreement(_:_:)`` of a line's and a row's ``Figures`` (figures compared by ``DecimalText/equal(_:_:)``, pair after pair).
    static func agreement(_ line: Figures, _ row: Figures) -> (count: Int, distinctive: Bool) {
        var count = 0
        var distinctive = false
        if let quantity = line.quantity, let shown = row.quantity, DecimalText.equal(quantity, shown) { count += 1 }
        if let price = line.priceCents, let shown = row.priceCents, DecimalText.equal(price, shown) {
            count += 1
            distinctive = true
        }
        if let amount = line.amountCents, let shown = row.amountCents, DecimalText.equal(amount, shown) {
            count += 1
            distinctive = true
        }
        if let rate = line.rate, let shown = row.rate, rate == shown { count += 1 }
        if let code = line.hsCode, let shown = row.hsCode, code == shown {
            count += 1
            distinctive = true
        }
        return (count, distinctive)
    }

    static func match(lines: [ExportLine], rows: [InvoiceTableRow], tableReadWhole: Bool) -> Result {
        match(lines: lines, values: lines.map(LineValues.init), rows: rows, tableReadWhole: tableReadWhole)
    }

    /// ``match(lines:rows:tableReadWhole:)`` with the lines' values already parsed (`values[i]` of `lines[i]`).
    static func match(lines: [ExportLine], values: [LineValues], rows: [InvoiceTableRow], tableReadWhole: Bool) -> Result {
        var freeRows = Set(rows.indices)
        var freeLines = Set(lines.indices)
        var pairs: [Pair] = []
        func take(_ line: Int, _ row: Int, _ identification: Identification) {
            pairs.append(Pair(line: line, row: row, identification: identification))
            freeRows.remove(row)
            freeLines.remove(line)
        }
        // 1. SKU or article, where the table has that column.
        let rowKeys = rows.map { $0.sku.map(compact) }
        for (index, line) in values.enumerated() where !line.keys.isEmpty {
            if let row = rows.indices.first(where: { freeRows.contains($0) && rowKeys[$0].map { line.keys.contains($0) } == true }) {
                take(index, row, .key)
            }
        }
        // 2. By content: the pairs that agree in most values first (ties: table order).
        var candidates: [(line: Int, row: Int, count: Int)] = []
        let lineFigures = values.map(Figures.init), rowFigures = rows.map(Figures.init)
        for line in lines.indices where freeLines.contains(line) {
            for row in rows.indices where freeRows.contains(row) {
                let (count, distinctive) = agreement(lineFigures[line], rowFigures[row])
                if count >= 2 && distinctive { candidates.append((line, row, count)) }
            }
        }
        candidates.sort { ($0.count, -$0.row, -$0.line) > ($1.count, -$1.row, -$1.line) }
        for candidate in candidates where freeLines.contains(candidate.line) && freeRows.contains(candidate.row) {
            take(candidate.line, candidate.row, .content(candidate.count))
        }
        // 3. A table read whole with one line and one row left: they are each other's.
        if tableReadWhole, freeLines.count == 1, freeRows.count == 1 {
            take(freeLines.first!, freeRows.first!, .elimination)
        }
        return Result(pairs: pairs.sorted { $0.line < $1.line },
                      unmatchedLines: freeLines.sorted(), unmatchedRows: freeRows.sorted())
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
