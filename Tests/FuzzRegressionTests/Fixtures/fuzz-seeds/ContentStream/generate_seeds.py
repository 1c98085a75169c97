#!/usr/bin/env python3
"""Seeds for the ContentStream fuzz harness: small text PDFs whose content streams are not
compressed, so that libFuzzer's mutations reach the text operators, the fonts' ToUnicode maps
and the cross-reference table rather than only breaking Flate data. Run from this folder:

    pip install reportlab fpdf2 && python3 generate_seeds.py
"""
from fpdf import FPDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = ["Счёт-фактура № 17 от 01.12.2026", "ИНН 7704217370  Total 1 234,56",
         "HS 8517130002  VAT 22%  Qty 2  Price 617,28"]

pdfmetrics.registerFont(TTFont("DejaVu", DEJAVU))
c = canvas.Canvas("reportlab-plain.pdf", pageCompression=0, invariant=1)
c.setFont("DejaVu", 10)
for i, line in enumerate(LINES):
    c.drawString(40, 800 - 14 * i, line)
c.showPage()
c.save()

pdf = FPDF()
pdf.set_compression(False)
pdf.add_page()
pdf.add_font("DejaVu", fname=DEJAVU)
pdf.set_font("DejaVu", size=10)
for line in LINES:
    pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
pdf.output("fpdf2-plain.pdf")

# A hand-written one: every text operator, a ToUnicode map and /Differences, uncompressed and small.
def tiny_pdf():
    content = (b"q 1 0 0 1 10 10 cm BT /F1 12 Tf 14 TL 72 700 Td (Hello world) Tj T* 2 Tc 1 Tw 90 Tz "
               b"[(Ta) -250 (ble)] TJ 0 -20 TD (A) ' 1 0 (B) \" 3 Ts 1 Tr 1 0 0 1 72 600 Tm /F2 10 Tf <0102> Tj ET Q")
    widths = " ".join(["500"] * 95)
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> "
            b"endcodespacerange 1 beginbfchar <01> <0416> endbfchar 1 beginbfrange <02> <03> <0061> endbfrange "
            b"endcmap end end")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R /F2 7 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Plain /Encoding << /BaseEncoding /WinAnsiEncoding "
        b"/Differences [65 /uni0416 /B] >> /FirstChar 32 /LastChar 126 /Widths [" + widths.encode() + b"] /FontDescriptor 6 0 R >>",
        b"<< /Type /FontDescriptor /FontName /Plain /Flags 32 /Ascent 900 /Descent -200 /ItalicAngle 0 /StemV 80 >>",
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Mapped /FirstChar 1 /LastChar 3 /Widths [600 500 500] "
        b"/ToUnicode 8 0 R /FontDescriptor 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


with open("tiny-operators.pdf", "wb") as f:
    f.write(tiny_pdf())
