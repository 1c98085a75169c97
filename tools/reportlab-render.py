#!/usr/bin/env python3
"""The render benchmark's reference: reportlab drawing the content of Faktura's
commercial-invoice template for every invoice JSON in a folder, one PDF each, in one process.

    python3 tools/reportlab-render.py IN_DIR OUT_DIR

It draws what `faktura render` draws on that page: title, seller and buyer boxes (with the
Chinese name in WenQuanYi Micro Hei), order fields, the 11-column line table with wrapped
headers, the VAT breakdown, totals, signature lines and the footer, with DejaVu Sans and
WenQuanYi embedded as subsets (reportlab's TrueType path). It uses reportlab's low-level
canvas, its fastest route. `make bench BENCH=render` runs it beside `faktura render DIR
--jobs 1` on the same files; reportlab comes from PyPI (pip install reportlab) and is
needed by the benchmark only.
"""
import json
import os
import sys

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONTS = "/usr/share/fonts/truetype/"
pdfmetrics.registerFont(TTFont("DejaVu", FONTS + "dejavu/DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", FONTS + "dejavu/DejaVuSans-Bold.ttf"))
pdfmetrics.registerFont(TTFont("WQY", FONTS + "wqy/wqy-microhei.ttc", subfontIndex=0))

MARGIN = 32
COLUMNS = [("№", 3), ("Description / Наименование", 22), ("SKU / Артикул", 9), ("HS code / Код ТН ВЭД", 10.5),
           ("Origin / Страна происх.", 8), ("Customs decl. / ДТ", 13), ("Qty / Кол-во", 6), ("Price / Цена", 8),
           ("VAT rate / Ставка НДС", 6.5), ("VAT / НДС", 8), ("Amount / Сумма", 9)]


def money(value):
    return f"{value:,.2f}"


def draw_invoice(invoice, path):
    width, height = A4
    c = canvas.Canvas(path, pagesize=A4, pageCompression=1)
    c.setTitle(f"Commercial invoice / Инвойс № {invoice['number']}")
    y = height - MARGIN - 15
    c.setFont("DejaVu-Bold", 15)
    c.drawCentredString(width / 2, y, "COMMERCIAL INVOICE / ИНВОЙС")
    y -= 14
    c.setFont("DejaVu", 10)
    c.drawCentredString(width / 2, y, f"№ {invoice['number']} · {invoice['date']}")
    y -= 20
    box_w = (width - 2 * MARGIN - 10) / 2
    for index, (title, party) in enumerate([("Seller / Продавец", invoice["seller"]), ("Buyer / Покупатель", invoice["buyer"])]):
        x = MARGIN + index * (box_w + 10)
        ty = y
        c.setFont("DejaVu-Bold", 8)
        c.drawString(x + 3, ty, title)
        ty -= 10
        if party.get("localName"):
            c.setFont("WQY", 10)
            c.drawString(x + 3, ty, party["localName"])
            ty -= 12
        c.setFont("DejaVu-Bold", 8)
        c.drawString(x + 3, ty, party["name"])
        ty -= 10
        c.setFont("DejaVu", 8)
        for text in simpleSplit(party.get("address", ""), "DejaVu", 8, box_w - 6):
            c.drawString(x + 3, ty, text)
            ty -= 10
        c.drawString(x + 3, ty, party.get("country", ""))
        ty -= 10
        c.drawString(x + 3, ty, ", ".join(f"{t['scheme']} {t['value']}" for t in party.get("taxIds", [])))
        c.rect(x, ty - 4, box_w, y - ty + 14)
    y -= 80
    order = invoice.get("order", {})
    c.setFont("DejaVu", 8)
    for label, value in [("Marketplace / Площадка", order.get("marketplace", "")), ("Order / Заказ", order.get("orderNumber", "")),
                         ("Posting / Отправление", order.get("postingNumber", "")),
                         ("Payment / Платёжный документ", "; ".join(f"№ {d['number']} of {d.get('date', '')}" for d in invoice.get("paymentDocuments", []))),
                         ("Currency / Валюта", f"{invoice['currency']} (Russian ruble / Российский рубль)")]:
        c.drawString(MARGIN, y, label)
        c.drawString(MARGIN + 170, y, value)
        y -= 10
    y -= 8
    total_weight = sum(w for _, w in COLUMNS)
    widths = [(width - 2 * MARGIN) * w / total_weight for _, w in COLUMNS]
    header_lines = [simpleSplit(h, "DejaVu-Bold", 6.5, w - 4) for (h, _), w in zip(COLUMNS, widths)]
    header_h = max(len(lines) for lines in header_lines) * 8 + 4
    c.setFillGray(0.9)
    c.rect(MARGIN, y - header_h, width - 2 * MARGIN, header_h, fill=1, stroke=1)
    c.setFillGray(0)
    c.setFont("DejaVu-Bold", 6.5)
    x = MARGIN
    for lines, w in zip(header_lines, widths):
        ly = y - 8
        for text in lines:
            c.drawCentredString(x + w / 2, ly, text)
            ly -= 8
        c.line(x, y, x, y - header_h)
        x += w
    y -= header_h
    c.setFont("DejaVu", 7)
    vat_total = gross_total = 0.0
    for number, line in enumerate(invoice["lines"], 1):
        quantity, price = float(line["quantity"]), float(line["price"])
        gross = quantity * price
        vat = round(gross * 22 / 122, 2)
        vat_total += vat
        gross_total += gross
        cells = [str(number), line["name"], line.get("offerId", ""), line.get("hsCode", ""), "China",
                 line.get("customsDeclaration", "—"), f"{line['quantity']} шт", money(price), "22%", money(vat), money(gross)]
        wrapped = [simpleSplit(text, "DejaVu", 7, w - 4) for text, w in zip(cells, widths)]
        row_h = max(len(lines) for lines in wrapped) * 8.5 + 4
        x = MARGIN
        for lines, w in zip(wrapped, widths):
            ly = y - 9
            for text in lines:
                c.drawString(x + 2, ly, text)
                ly -= 8.5
            x += w
        c.rect(MARGIN, y - row_h, width - 2 * MARGIN, row_h)
        y -= row_h
    c.setFont("DejaVu-Bold", 7)
    c.drawString(MARGIN + 2, y - 9, "Total / Итого")
    c.drawRightString(width - MARGIN - widths[-1] - 2, y - 9, money(vat_total))
    c.drawRightString(width - MARGIN - 2, y - 9, money(gross_total))
    c.rect(MARGIN, y - 13, width - 2 * MARGIN, 13)
    y -= 30
    c.drawString(MARGIN, y, "VAT breakdown / Расшифровка НДС")
    y -= 12
    c.setFont("DejaVu", 7)
    for index, text in enumerate(["22%", money(gross_total - vat_total), money(vat_total), money(gross_total)]):
        c.drawString(MARGIN + 2 + index * (width - 2 * MARGIN) / 4, y, text)
    y -= 20
    c.setFont("DejaVu-Bold", 9)
    for label, value in [("Total without VAT / Итого без НДС (RUB)", gross_total - vat_total), ("VAT / НДС (RUB)", vat_total),
                         ("Total with VAT / Всего к оплате (RUB)", gross_total)]:
        c.drawString(MARGIN, y, label)
        c.drawString(MARGIN + 400, y, money(value))
        y -= 11
    y -= 30
    c.setFont("DejaVu", 8)
    for index, (label, caption) in enumerate([("Seller / Продавец", "signature, name / подпись, ф.и.о."),
                                              ("Stamp / Печать", "company seal / печать организации")]):
        x = MARGIN + index * (box_w + 30)
        c.drawString(x, y, label)
        c.line(x + 80, y - 2, x + box_w, y - 2)
        c.setFont("DejaVu", 6)
        c.drawCentredString(x + 80 + (box_w - 80) / 2, y - 9, caption)
        c.setFont("DejaVu", 8)
    c.setFont("DejaVu", 7)
    c.drawCentredString(width / 2, MARGIN, f"{invoice['seller']['name']} · Invoice № {invoice['number']} · page 1 of 1 / стр. 1 из 1")
    c.showPage()
    c.save()


def main():
    source, target = sys.argv[1], sys.argv[2]
    os.makedirs(target, exist_ok=True)
    for name in sorted(os.listdir(source)):
        if name.endswith(".json"):
            with open(os.path.join(source, name), encoding="utf-8") as handle:
                invoice = json.load(handle)
            draw_invoice(invoice, os.path.join(target, name[:-5] + ".pdf"))


if __name__ == "__main__":
    main()
