#!/usr/bin/env python3
"""Seeds of fuzz-ZIPDirectory (run from this folder): an entry count (2 bytes, little endian)
and a central directory for the entries ZIPDirectoryHarness stores: the honest directory,
one that names the sheet twice, and one whose sheet declares 3 GB."""
import struct
import zlib

ENTRIES = [
    ("xl/workbook.xml", b'<workbook xmlns:r="r"><sheets><sheet name="s" r:id="rId1"/></sheets></workbook>'),
    ("xl/_rels/workbook.xml.rels", b'<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
    ("xl/worksheets/sheet1.xml", b'<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>posting_number</t></is></c></row>'
     b'<row r="2"><c t="inlineStr"><is><t>0100000001-0001-1</t></is></c></row></sheetData></worksheet>'),
]


def record(name, data, offset, declared=None):
    crc = zlib.crc32(data)
    return (struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0x21, crc, len(data),
                        declared if declared is not None else len(data), len(name), 0, 0, 0, 0, 0, offset)
            + name.encode())


def offsets():
    position = 0
    for name, data in ENTRIES:
        yield name, data, position
        position += 30 + len(name) + len(data)


def main():
    records = [record(name, data, offset) for name, data, offset in offsets()]
    with open("honest.bin", "wb") as file:
        file.write(struct.pack("<H", 3) + b"".join(records))
    with open("duplicate-sheet.bin", "wb") as file:
        file.write(struct.pack("<H", 4) + b"".join(records) + records[2])
    name, data, offset = list(offsets())[2]
    with open("declares-3gb.bin", "wb") as file:
        file.write(struct.pack("<H", 3) + b"".join(records[:2]) + record(name, data, offset, declared=3_000_000_000))


if __name__ == "__main__":
    main()
