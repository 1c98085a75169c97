#!/usr/bin/env python3
"""Hostile merged cells: workbooks whose sheet's <mergeCells> a reader must refuse, naming the
file and the region, rather than crash, hang or fill values where they do not belong.

openpyxl writes a 领星-style order sheet with its order cells merged over their lines (as
make_fixtures.py's orders-lingxing-merged.xlsx); the sheet's <mergeCells> element is then
replaced with Python's zipfile (openpyxl cannot even hold these regions: it makes an object per
merged cell). Each output is a few kilobytes packed.

Run from this folder: python3 make_merged_cells.py  (needs openpyxl)
"""
import re
import zipfile

from make_fixtures import lingxing_workbook

# Two of make_fixtures.py's 领星 orders, two lines each.
ORDERS = [
    ("LX2026112001", "0100000021-0001-1", "待发货", "2026-11-20 10:00:00", "CNY",
     [("LOCAL-KB", "KB-01", "机械键盘", 139.5, 2), ("LOCAL-MS", "MS-02", "无线鼠标", 99, 1)]),
    ("LX2026112003", "0100000023-0001-1", "已发货", "2026-11-21 09:30:00", "CNY",
     [("LOCAL-KB", "KB-01", "机械键盘", 139.5, 1), ("LOCAL-TE", "TE-04", "绿茶", 31, 2)]),
]

BASE = "merged-base.xlsx"

# The <mergeCells> of each hostile workbook.
HOSTILE = {
    # One region more than the reader accepts (the same region, so the part packs small).
    "merged-too-many.xlsx": b'<mergeCells count="2000001">' + b'<mergeCell ref="B2:B3"/>' * 2_000_001 + b"</mergeCells>",
    # The whole sheet below the header as one region: every column and row to Excel's last cell.
    "merged-whole-sheet.xlsx": b'<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>',
    # Two regions of the posting column that share row 3.
    "merged-overlapping.xlsx": b'<mergeCells count="2"><mergeCell ref="B2:B3"/><mergeCell ref="B3:B5"/></mergeCells>',
    # A region past Excel's last row (a 20-digit row number), after a good one.
    "merged-past-the-sheet.xlsx": b'<mergeCells count="2"><mergeCell ref="A2:A3"/>'
    + b'<mergeCell ref="B4:B99999999999999999999"/></mergeCells>',
    # A reference that is no cell range.
    "merged-not-a-range.xlsx": b'<mergeCells count="1"><mergeCell ref="B2:B"/></mergeCells>',
}


def main():
    lingxing_workbook(BASE, ORDERS, merged=True)
    with zipfile.ZipFile(BASE) as source:
        sheet = source.read("xl/worksheets/sheet1.xml")
        assert b"<mergeCells" in sheet, "openpyxl wrote no merged cells"
        for name, merge_cells in HOSTILE.items():
            hostile = re.sub(rb"<mergeCells.*?</mergeCells>", lambda _: merge_cells, sheet, count=1, flags=re.S)
            with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
                for item in source.infolist():
                    data = hostile if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
                    # A fresh ZipInfo: writestr updates the one it is given, which reads the source.
                    z.writestr(zipfile.ZipInfo(item.filename, item.date_time), data,
                               compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


if __name__ == "__main__":
    main()
