import Foundation
import FakturaXML

/// The merged regions of a sheet (`<mergeCell ref="A2:A4"/>`) that span rows. Excel shows a
/// merged region as one cell holding its top-left cell's value, and ERPs merge an order's own
/// cells (its number, status, date) over the rows of its lines (领星's default export), so the
/// lines below the first carry those values only through the merge. The reader fills each such
/// region's value down its first column; a region's other columns stay empty (their fields
/// are different columns of the export, and the value is not theirs).
struct XLSXMergedCells {
    /// More merged regions than a real export has (one per order-level column of each
    /// multi-line order): a workbook with more is refused, naming the limit.
    static let maxRanges = 2_000_000

    struct Range: Sendable {
        var column: Int
        var firstRow: Int
        var lastRow: Int
    }

    /// The regions that span rows, sorted by their first row.
    private(set) var ranges: [Range] = []

    init() {}

    /// Reads the regions of the inflated sheet at `path` with libxml2's reader.
    init(sheetAt path: String, source: String) throws(ExportReadError) {
        do {
            let reader = try XMLPullReader(path: path, source: source)
            var count = 0
            while try reader.read() {
                guard reader.kind == .element, reader.isNamed("mergeCell"), let reference = reader.attribute("ref") else { continue }
                count += 1
                guard count <= Self.maxRanges else {
                    throw ExportReadError.workbook(file: source, message: "more than \(Self.maxRanges) merged cell regions; export without merged cells (领星: 不合并单元格导出)")
                }
                if let range = Self.range(reference), range.lastRow > range.firstRow { ranges.append(range) }
            }
        } catch let error as ExportReadError {
            throw error
        } catch {
            throw .workbook(file: source, message: "the merged cells are not readable XML: \(error)")
        }
        ranges.sort { $0.firstRow < $1.firstRow }
    }

    /// `B2:C4` → column 1, rows 2…4; nil when not a cell range.
    static func range(_ reference: String) -> Range? {
        let corners = reference.split(separator: ":", omittingEmptySubsequences: false)
        guard corners.count == 2, let first = cell(corners[0]), let last = cell(corners[1]),
              last.row >= first.row, last.column >= first.column else { return nil }
        return Range(column: first.column, firstRow: first.row, lastRow: last.row)
    }

    /// `AB12` → (27, 12).
    private static func cell(_ reference: Substring) -> (column: Int, row: Int)? {
        guard let column = XLSXExportReader.columnIndex(String(reference)),
              let digits = reference.firstIndex(where: \.isNumber), let row = Int(reference[digits...]), row > 0 else { return nil }
        return (column, row)
    }

    /// Whether inflated sheet bytes may hold merged cells: `mergeCell` is looked for in each
    /// chunk (and across chunk ends) so that sheets without any are read once only.
    struct Marker {
        private static let pattern = Array("mergeCell".utf8)
        private var tail: [UInt8] = []
        private(set) var found = false

        mutating func feed(_ bytes: UnsafeRawBufferPointer) {
            guard !found else { return }
            let window = tail + bytes.prefix(Self.pattern.count - 1)
            if Self.contains(window[...]) || Self.contains(bytes.bindMemory(to: UInt8.self)[...]) {
                found = true
                return
            }
            tail = Array(bytes.suffix(Self.pattern.count - 1))
        }

        private static func contains<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8, C.Index == Int {
            guard bytes.count >= pattern.count else { return false }
            var index = bytes.startIndex
            let end = bytes.endIndex - pattern.count
            while index <= end {
                if bytes[index] == pattern[0] {
                    var matched = 1
                    while matched < pattern.count, bytes[index + matched] == pattern[matched] { matched += 1 }
                    if matched == pattern.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    /// The regions as rows are read in order: which values to fill into a row.
    struct Filler {
        private let ranges: [Range]
        private var next = 0
        /// Regions whose first row has been read: the range and the value of its top-left cell.
        private var active: [(range: Range, value: String?)] = []

        /// Regions starting at or above `headerRow` are left out: they are the header's own.
        init(_ merged: XLSXMergedCells, headerRow: Int) {
            ranges = merged.ranges.filter { $0.firstRow > headerRow }
        }

        /// Records the values of regions starting on row `number` and fills the regions that
        /// cover it below their first row.
        mutating func fill(row number: Int, cells: inout [(column: Int, text: String)]) {
            active.removeAll { $0.range.lastRow < number }
            while next < ranges.count, ranges[next].firstRow <= number {
                let range = ranges[next]
                next += 1
                guard range.lastRow >= number else { continue }
                // A region whose first row was never read (no <row> element) has no value.
                let value = range.firstRow == number ? cells.first { $0.column == range.column }?.text : nil
                active.append((range, value))
            }
            for (range, value) in active where range.firstRow < number {
                guard let value else { continue }
                if let index = cells.firstIndex(where: { $0.column == range.column }) {
                    cells[index].text = value
                } else {
                    cells.append((range.column, value))
                }
            }
        }
    }
}
