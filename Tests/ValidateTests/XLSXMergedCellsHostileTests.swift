import Foundation
import Testing
import FakturaTestSupport
@testable import ERPAudit

/// Merged cells a reader cannot fill down faithfully (workbooks from make_merged_cells.py: a
/// 领星-style sheet by openpyxl, its <mergeCells> replaced): each is refused with an error naming
/// the file, the sheet and the region — never a crash, a hang, or values filled where Excel
/// does not show them.
@Suite("XLSX: hostile merged cells")
struct XLSXMergedCellsHostileTests {
    private static func refusal(_ name: String) throws -> String? {
        do {
            var reader = try XLSXExportReader(url: Samples.fixture("erp-exports/\(name)"), mapping: ExportMapping(preset: .lingxing))
            while try reader.next() != nil {}
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        ("merged-too-many.xlsx", "more than 2000000 merged cell regions; export without merged cells"),
        ("merged-whole-sheet.xlsx", "merged region A2:XFD1048576 spans several columns and several data rows"),
        ("merged-overlapping.xlsx", "merged regions B2:B3 and B3:B5 overlap (Excel refuses such a sheet)"),
        ("merged-past-the-sheet.xlsx", "merged region 2 (<mergeCell ref=\"B4:B99999999999999999999\"/>) is not a cell range like A2:A4 within A1:XFD1048576"),
        ("merged-not-a-range.xlsx", "merged region 1 (<mergeCell ref=\"B2:B\"/>) is not a cell range like A2:A4"),
    ])
    func hostileRegionsAreRefusedNamingTheFileSheetAndRegion(name: String, reason: String) throws {
        let error = try #require(try Self.refusal(name), "\(name) was read")
        #expect(error.contains("\(name) (sheet `sheet1`): "), "\(error)")
        #expect(error.contains(reason), "\(error)")
    }

    @Test func regionsOverTheHeaderAndDataOrOverSeveralColumnsAreRefusedWhileTitleRegionsAreNot() throws {
        func regions(_ references: [String]) throws -> XLSXMergedCells {
            XLSXMergedCells(ranges: try references.map { try #require(XLSXMergedCells.range($0)) }, source: "t.xlsx (sheet `s`)")
        }
        var merged = try regions(["A1:J2", "B4:B6", "C4:C5"])          // a title over rows 1-2, header on row 3
        #expect(throws: Never.self) { _ = try XLSXMergedCells.Filler(merged, headerRow: 3, columns: [1, 2]) }
        merged = try regions(["A2:A5"])
        #expect(throws: ExportReadError.self) { _ = try XLSXMergedCells.Filler(merged, headerRow: 3, columns: [0]) }
        merged = try regions(["B4:C6"])
        #expect(throws: ExportReadError.self) { _ = try XLSXMergedCells.Filler(merged, headerRow: 3, columns: [1]) }
        // Overlapping regions are refused even in a column the mapping does not read.
        merged = try regions(["H4:H6", "H6:H8"])
        #expect(throws: ExportReadError.self) { _ = try XLSXMergedCells.Filler(merged, headerRow: 3, columns: [1]) }
    }

    @Test func referencesPastTheLastCellOfASheetAreNoRanges() {
        #expect(XLSXMergedCells.range("A2:XFD1048576")?.lastColumn == XLSXMergedCells.maxColumn)
        for bad in ["A2:XFE3", "A2:A1048577", "A0:A3", "A2:A99999999999999999999", "A2:ZZZ3", "A-1:A3", "A２:A３"] {
            #expect(XLSXMergedCells.range(bad) == nil, "\(bad)")
        }
        #expect(XLSXMergedCells.letters(0) == "A")
        #expect(XLSXMergedCells.letters(27) == "AB")
        #expect(XLSXMergedCells.letters(XLSXMergedCells.maxColumn) == "XFD")
    }

    @Test func onlyRegionsOfReadColumnsAreFilled() throws {
        let merged = XLSXMergedCells(ranges: [try #require(XLSXMergedCells.range("B2:B3")), try #require(XLSXMergedCells.range("H2:H3"))], source: "t")
        var filler = try XLSXMergedCells.Filler(merged, headerRow: 1, columns: [1])
        var first: [(column: Int, text: String)] = [(1, "P-1"), (7, "title")]
        filler.fill(row: 2, cells: &first)
        var second: [(column: Int, text: String)] = []
        filler.fill(row: 3, cells: &second)
        #expect(second.map(\.column) == [1])
        #expect(second.map(\.text) == ["P-1"])
    }
}
