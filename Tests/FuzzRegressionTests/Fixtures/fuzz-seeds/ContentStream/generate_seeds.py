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
