#!/usr/bin/env python3
"""Writes the two hostile PDFs that made `validate` and `audit` run without end (standard
library only; run from this folder): `nested-forms.pdf`, 15 form XObjects each drawing the
next ten times (10^15 draws from 4 KB), and `flate-bomb.pdf`, eight pages sharing one Flate
content stream that inflates to 500 MB."""
import zlib


def pdf(objects, path):
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    with open(path, "wb") as file:
        file.write(out)


def stream(dictionary, data):
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def nested_forms(depth=15, fanout=10):
    # 1 catalog, 2 pages, 3 page, 4 page content, 5.. forms (5 draws 6 ten times, ...).
    first = 5
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
               b" /Resources << /XObject << /X %d 0 R >> >> >>" % first,
               stream(b"", b"q /X Do Q")]
    for level in range(depth):
        number = first + level
        if level + 1 < depth:
            body = b"q 0.9 0 0 0.9 1 1 cm /X Do Q " * fanout
            resources = b"/Resources << /XObject << /X %d 0 R >> >>" % (number + 1)
        else:
            body = b"BT /F 8 Tf 10 10 Td (x) Tj ET 0 0 m 10 10 l S"
            resources = b"/Resources << /Font << /F %d 0 R >> >>" % (first + depth)
        objects.append(stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + resources, body))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pdf(objects, "nested-forms.pdf")


def flate_bomb(pages=8, inflated=500 * 1024 * 1024):
    chunk = b"0 0 m 1 1 l S\n" + b" " * 65522
    compressor = zlib.compressobj(9)
    data = bytearray()
    for _ in range(inflated // len(chunk)):
        data += compressor.compress(chunk)
    data += compressor.flush()
    kids = b" ".join(b"%d 0 R" % (4 + page) for page in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               stream(b"/Filter /FlateDecode", bytes(data))]
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>")
    pdf(objects, "flate-bomb.pdf")


if __name__ == "__main__":
    nested_forms()
    flate_bomb()
