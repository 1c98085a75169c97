#!/usr/bin/env python3
"""Writes the hostile workbooks of issue 28 from a real openpyxl workbook, post-processed with
Python's zipfile (run from this folder; openpyxl 3.1):

- `sheet-comments.xlsx`: the order sheet with 8 MiB of XML comments after its header row,
  one after another (about 400:1 packed, under the ZIP-bomb ratio). libxml2's streaming reader
  keeps comments that follow one another, so the 620 MB of them in a 1.5 MB workbook held
  1.25 GB. `--full` writes the 1.5 MB original as `sheet-comments-full.xlsx` (not committed).
- `sheet-duplicate.xlsx`: two ZIP entries named `xl/worksheets/sheet1.xml`, the first with the
  order lines, the second with other postings. Faktura's ZIP library reads the first, Python's
  zipfile the last: two readings of one file (zipfile warns "Duplicate name" and writes it).
- `--big` writes `sheet-3gb.xlsx` (not committed, ~20 MB): a sheet that declares and inflates
  to 3 GB at about 150:1. The tests build the same workbook in Swift (XLSXTestWorkbook).
"""
import os
import sys
import warnings
import zipfile

import openpyxl

HEADERS = ["posting_number", "status", "sku", "product_name", "quantity", "unit_price", "hs_code"]
ROWS = [
    ["0100000001-0001-1", "awaiting_deliver", 1234567890, "Keyboard", 2, 1390.5, "8471607000"],
    ["0100000002-0001-1", "awaiting_deliver", 1234567891, "Mouse", 1, 990, "8471607000"],
]
OTHER_ROWS = [
    ["0199999999-0001-1", "awaiting_deliver", 1234567899, "Something else", 9, 1, "8471607000"],
]
SHEET = "xl/worksheets/sheet1.xml"


def base_workbook(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "orders"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)


def rewrite(source, target, sheet_xml, big=False):
    """`source` with its first sheet replaced by `sheet_xml` (bytes, or a list of pieces)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for item in original.infolist():
            if item.filename == SHEET:
                info = zipfile.ZipInfo(SHEET, date_time=item.date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                with out.open(info, "w", force_zip64=big) as sheet:
                    for piece in (sheet_xml if isinstance(sheet_xml, list) else [sheet_xml]):
                        sheet.write(piece)
            else:
                out.writestr(item, original.read(item.filename))


def comment_padded(path, padding):
    base_workbook("base.xlsx", ROWS)
    with zipfile.ZipFile("base.xlsx") as book:
        sheet = book.read(SHEET)
    # After the header row's </row>: the comments follow one another, as in the attack.
    cut = sheet.index(b"</row>") + len(b"</row>")
    comment = b"<!--" + b"padding " * 125 + b"-->"
    count = padding // len(comment)
    pieces = [sheet[:cut]] + [comment * 1000] * (count // 1000) + [comment * (count % 1000), sheet[cut:]]
    rewrite("base.xlsx", path, pieces)


def duplicate_sheet(path):
    base_workbook("base.xlsx", ROWS)
    base_workbook("other.xlsx", OTHER_ROWS)
    with zipfile.ZipFile("other.xlsx") as other:
        second = other.read(SHEET)
    with zipfile.ZipFile("base.xlsx") as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            out.writestr(item, original.read(item.filename))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out.writestr(SHEET, second)


def three_gigabyte_sheet(path):
    base_workbook("base.xlsx", ROWS)
    with zipfile.ZipFile("base.xlsx") as book:
        sheet = book.read(SHEET)
    cut = sheet.index(b"</row>") + len(b"</row>")
    # Numbered rows pack about 150:1 at level 9, under the ZIP-bomb ratio.
    pieces = [sheet[:cut]]
    for block in range(3 * 1024):
        pieces.append(b"".join(b'<row r="%d"><c><v>%d</v></c></row>' % (block * 30000 + i, i) for i in range(30000)))
    pieces.append(sheet[cut:])
    rewrite("base.xlsx", path, pieces, big=True)


if __name__ == "__main__":
    comment_padded("sheet-comments.xlsx", 8 << 20)
    duplicate_sheet("sheet-duplicate.xlsx")
    if "--full" in sys.argv:
        comment_padded("sheet-comments-full.xlsx", 620 << 20)
    if "--big" in sys.argv:
        three_gigabyte_sheet("sheet-3gb.xlsx")
    for scratch in ("base.xlsx", "other.xlsx"):
        os.remove(scratch)
