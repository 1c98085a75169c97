#!/usr/bin/env python3
"""Writes png-bomb-10000x10000-rgba16.png: a valid PNG (CRCs, IHDR, IDAT, IEND all correct)
of 10000×10000 pixels, RGBA at 16 bits per channel, all transparent black. It is 778 KB on
disk and 800 MB once decoded: the image a template must refuse before decoding it.

Run from this folder: python3 make-png-bomb.py (needs only the standard library)."""
import struct
import zlib

WIDTH = HEIGHT = 10_000
ROW = b"\x00" + bytes(WIDTH * 4 * 2)  # filter byte 0, then 8 bytes per pixel


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


compressor = zlib.compressobj(9)
idat = b"".join(compressor.compress(ROW) for _ in range(HEIGHT)) + compressor.flush()
header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 16, 6, 0, 0, 0)
with open("png-bomb-10000x10000-rgba16.png", "wb") as out:
    out.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
