#!/usr/bin/env python3
"""Writes the hostile PDFs that made `validate` and `audit` run without end (standard
library only; run from this folder): `nested-forms.pdf`, 15 form XObjects each drawing the
next ten times (10^15 draws from 4 KB), and `flate-bomb.pdf`, eight pages sharing one Flate
content stream that inflates to 500 MB.

Scanned pages whose one image claims 60,000 x 60,000 pixels (issue 28: 45 s and 1 GB for
one page of 2.7 KB; ten pages gave no answer in 400 s), written as raw PDF objects:
`jbig2-giant.pdf` (a JBIG2Decode image: dictionary, page-information and generic-region
headers all claim the size; the region's arithmetic-coded data is a few bytes),
`jbig2-giant-ten-pages.pdf` (ten pages drawing it), `jbig2-giant-no-xref.pdf` (the same page
without a cross-reference table: poppler repairs it), `jbig2-lying-dictionary.pdf` (the
dictionary claims 100 x 100, the JBIG2 headers 60,000 x 60,000) and `jpx-giant.pdf` (a JPXDecode image:
a JP2 file whose ihdr box and SIZ marker claim the size)."""
import struct
import zlib


def pdf(objects, path, xref=True):
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    if xref:
        start = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for offset in offsets:
            out += b"%010d 00000 n \n" % offset
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    else:
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\n%%%%EOF\n" % (len(objects) + 1)
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


GIANT = 60000


def jbig2_segment(number, kind, data, page=1):
    # Segment header (T.88 7.2): number, flags (type), no referred-to segments, page, length.
    return struct.pack(">IBBBI", number, kind, 0, page, len(data)) + data


def jbig2_giant_stream():
    page_information = struct.pack(">IIIIBH", GIANT, GIANT, 0, 0, 0, 0)
    # Immediate generic region (type 38): region info, flags (template 0, arithmetic), the
    # four adaptive pixels of template 0, then coded data that runs out at once.
    region = struct.pack(">IIIIB", GIANT, GIANT, 0, 0, 0) + b"\x00" + bytes([3, 0xFF, 0xFD, 0xFF, 2, 0xFE, 0xFE, 0xFE])
    region += b"\x00\x00\xff\xac"
    return jbig2_segment(0, 48, page_information) + jbig2_segment(1, 38, region) + jbig2_segment(2, 49, b"")


def jp2_box(kind, content):
    return struct.pack(">I", 8 + len(content)) + kind + content


def jpx_giant_stream():
    siz = struct.pack(">HHIIIIIIIIH", 41, 0, GIANT, GIANT, 0, 0, GIANT, GIANT, 0, 0, 1) + bytes([7, 1, 1])
    cod = struct.pack(">HBBHBBBBBB", 12, 0, 0, 1, 0, 0, 4, 4, 0, 1)
    qcd = struct.pack(">HBB", 4, 0x40, 0x48)
    codestream = (b"\xff\x4f" + b"\xff\x51" + siz + b"\xff\x52" + cod + b"\xff\x5c" + qcd
                  + b"\xff\x90" + struct.pack(">HHIBB", 10, 0, 0, 0, 1) + b"\xff\x93" + b"\xff\xd9")
    ihdr = struct.pack(">IIHBBBB", GIANT, GIANT, 1, 7, 7, 0, 0)
    colr = bytes([1, 0, 0]) + struct.pack(">I", 17)
    return (jp2_box(b"jP  ", b"\r\n\x87\n") + jp2_box(b"ftyp", b"jp2 " + b"\x00" * 4 + b"jp2 ")
            + jp2_box(b"jp2h", jp2_box(b"ihdr", ihdr) + jp2_box(b"colr", colr)) + jp2_box(b"jp2c", codestream))


def giant_image_pdf(path, image_dictionary, data, pages=1, xref=True, size=None):
    # 1 catalog, 2 pages, 3 content, 4 image, 5.. pages: each page one scan, no text (OCR).
    kids = b" ".join(b"%d 0 R" % (5 + page) for page in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               stream(b"", b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
               stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d " % (size or (GIANT, GIANT)) + image_dictionary, data)]
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R"
                       b" /Resources << /XObject << /Im0 4 0 R >> >> >>")
    pdf(objects, path, xref=xref)


def giant_images():
    jbig2 = b"/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode"
    giant_image_pdf("jbig2-giant.pdf", jbig2, jbig2_giant_stream())
    giant_image_pdf("jbig2-giant-ten-pages.pdf", jbig2, jbig2_giant_stream(), pages=10)
    giant_image_pdf("jbig2-giant-no-xref.pdf", jbig2, jbig2_giant_stream(), xref=False)
    # The dictionary says 100 x 100; poppler's JBIG2 decoder sizes its page from the header.
    giant_image_pdf("jbig2-lying-dictionary.pdf", jbig2, jbig2_giant_stream(), size=(100, 100))
    giant_image_pdf("jpx-giant.pdf", b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /JPXDecode", jpx_giant_stream())


if __name__ == "__main__":
    nested_forms()
    flate_bomb()
    giant_images()
