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
    /// The last cell a sheet can have (Excel's limits): a reference past it is refused.
    static let maxColumn = 16_383
    static let maxRow = 1_048_576

    struct Range: Sendable {
        var column: Int
        var firstRow: Int
        var lastRow: Int
        var lastColumn: Int

        /// `B2:C4`, for messages.
        var reference: String {
            "\(XLSXMergedCells.letters(column))\(firstRow):\(XLSXMergedCells.letters(lastColumn))\(lastRow)"
        }
    }

    /// The regions that span rows, sorted by their first row.
    private(set) var ranges: [Range] = []
    /// The file and sheet, for messages.
    private(set) var source = ""

    init() {}

    /// The regions given (those that span rows), as read from `source`.
    init(ranges: [Range], source: String) {
        self.ranges = ranges.filter { $0.lastRow > $0.firstRow }.sorted { $0.firstRow < $1.firstRow }
        self.source = source
    }

    /// Reads the regions of the inflated sheet at `path` with libxml2's reader. A reference that
    /// is no cell range, or lies past the sheet's last cell, is an error naming it: a region
    /// skipped would leave its rows without the values it carries.
    init(sheetAt path: String, source: String) throws(ExportReadError) {
        self.source = source
        do {
            let reader = try XMLPullReader(path: path, source: source)
            var count = 0
            while try reader.read() {
                guard reader.kind == .element, reader.isNamed("mergeCell") else { continue }
                count += 1
                guard count <= Self.maxRanges else {
                    throw ExportReadError.workbook(file: source, message: "more than \(Self.maxRanges) merged cell regions; export without merged cells (领星: 不合并单元格导出)")
                }
                let reference = reader.attribute("ref") ?? ""
                guard let range = Self.range(reference) else {
                    throw ExportReadError.workbook(
                        file: source, message: "merged region \(count) (<mergeCell ref=\"\(ExportTextDecoder.printable(String(reference.prefix(64))))\"/>) "
                            + "is not a cell range like A2:A4 within A1:XFD1048576; mend the sheet or export without merged cells")
                }
                if range.lastRow > range.firstRow { ranges.append(range) }
            }
        } catch let error as ExportReadError {
            throw error
        } catch {
            throw .workbook(file: source, message: "the merged cells are not readable XML: \(error)")
        }
        ranges.sort { $0.firstRow < $1.firstRow }
    }

    /// `B2:C4` → column 1, rows 2…4, last column 2; nil when not a cell range inside the sheet.
    static func range(_ reference: String) -> Range? {
        let corners = reference.split(separator: ":", omittingEmptySubsequences: false)
        guard corners.count == 2, let first = cell(corners[0]), let last = cell(corners[1]),
              last.row >= first.row, last.column >= first.column else { return nil }
        return Range(column: first.column, firstRow: first.row, lastRow: last.row, lastColumn: last.column)
    }

    /// `AB12` → (27, 12); nil past XFD1048576.
    private static func cell(_ reference: Substring) -> (column: Int, row: Int)? {
        guard let digits = reference.firstIndex(where: \.isNumber), reference[digits...].allSatisfy(\.isASCII),
              let column = XLSXExportReader.columnIndex(String(reference[..<digits])), column <= maxColumn,
              let row = Int(reference[digits...]), row > 0, row <= maxRow else { return nil }
        return (column, row)
    }

    /// Column 27 → `AB`.
    static func letters(_ column: Int) -> String {
        var n = column + 1
        var letters: [Character] = []
        while n > 0 {
            letters.insert(Character(UnicodeScalar(UInt8(ascii: "A") + UInt8((n - 1) % 26))), at: 0)
            n = (n - 1) / 26
        }
        return String(letters)
    }

    /// The regions as rows are read in order: which values to fill into a row.
    struct Filler {
        private let ranges: [Range]
        private var next = 0
        /// Regions whose first row has been read: the range and the value of its top-left cell.
        private var active: [(range: Range, value: String?)] = []

        /// Regions above `headerRow` are the title's and the header's own and are left out. A
        /// region over data rows must be one column wide, start below the header and overlap no
        /// other: otherwise which field its value belongs to is a guess, and it is an error naming
        /// the region. Only regions in `columns` (those the mapping reads) are kept, so a row
        /// costs at most one region per read column, whatever the sheet holds.
        init(_ merged: XLSXMergedCells, headerRow: Int, columns: Set<Int>) throws(ExportReadError) {
            var kept: [Range] = []
            var lastRowOfColumn: [Int: Range] = [:]
            for range in merged.ranges where range.lastRow > headerRow {
                if range.firstRow <= headerRow {
                    throw .workbook(file: merged.source, message: "merged region \(range.reference) spans the header (row \(headerRow)) and the data rows below it; "
                        + "unmerge it or export without merged cells")
                }
                if range.lastColumn > range.column {
                    throw .workbook(file: merged.source, message: "merged region \(range.reference) spans several columns and several data rows; "
                        + "its value cannot be given to one field. Unmerge it or export without merged cells")
                }
                if let earlier = lastRowOfColumn[range.column], earlier.lastRow >= range.firstRow {
                    throw .workbook(file: merged.source, message: "merged regions \(earlier.reference) and \(range.reference) overlap (Excel refuses such a sheet); "
                        + "mend the sheet or export without merged cells")
                }
                lastRowOfColumn[range.column] = range
                if columns.contains(range.column) { kept.append(range) }
            }
            ranges = kept
        }

        /// No regions: rows are taken as they are (while the header is looked for).
        init() {
            ranges = []
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
