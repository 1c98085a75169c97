#!/usr/bin/env python3
"""The render benchmark's reference: reportlab drawing the content of Faktura's
commercial-invoice template (ru-schet-faktura for a Russian seller) for every invoice JSON in a
folder, one PDF each, in one process.

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


SF_COLUMNS = [("№ п/п", 2.2), ("Наименование товара (описание выполненных работ, оказанных услуг), имущественного права", 13),
              ("Код вида товара", 5.5), ("Единица измерения: код", 4.2), ("условное обозначение (национальное)", 5.2),
              ("Количество (объём)", 5.6), ("Цена (тариф) за единицу измерения", 6),
              ("Стоимость товаров (работ, услуг), имущественных прав без налога — всего", 7), ("В том числе сумма акциза", 4.8),
              ("Налоговая ставка", 4.6), ("Сумма налога, предъявляемая покупателю", 6),
              ("Стоимость товаров (работ, услуг), имущественных прав с налогом — всего", 7),
              ("Страна происхождения товара: цифровой код", 5), ("краткое наименование", 5.5),
              ("Регистрационный номер декларации на товары или партии товара, подлежащего прослеживаемости", 10.5)]


def ru_money(value):
    return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")


def draw_schet_faktura(invoice, path):
    """What ru-schet-faktura draws: lines (1)-(8), the 15-column table with its numbering row,
    the total, four signature lines and the footer, A4 landscape."""
    height, width = A4
    c = canvas.Canvas(path, pagesize=(width, height), pageCompression=1)
    c.setTitle(f"Счёт-фактура № {invoice['number']}")
    margin = 24
    y = height - margin - 6
    c.setFont("DejaVu", 6)
    c.drawRightString(width - margin, y, "Приложение № 1 к постановлению Правительства Российской Федерации от 26 декабря 2011 г. № 1137")
    y -= 14
    c.setFont("DejaVu-Bold", 10)
    c.drawString(margin, y, "СЧЁТ-ФАКТУРА №")
    c.drawString(margin + 150, y, f"{invoice['number']} от {invoice['date']}")
    c.drawRightString(width - margin, y, "(1)")
    y -= 12
    c.setFont("DejaVu", 10)
    c.drawString(margin, y, "ИСПРАВЛЕНИЕ №")
    c.drawString(margin + 150, y, "— от —")
    c.drawRightString(width - margin, y, "(1а)")
    y -= 12
    seller, buyer = invoice["seller"], invoice["buyer"]

    def inn_kpp(party):
        ids = {t["scheme"]: t["value"] for t in party.get("taxIds", [])}
        return "/".join(v for v in (ids.get("ru-inn"), ids.get("ru-kpp")) if v) or "—"

    documents = "; ".join(f"№ {d['number']} от {d.get('date', '')}" for d in invoice.get("paymentDocuments", [])) or "—"
    fields = [("Продавец", seller["name"], "(2)"), ("Адрес", seller.get("address", "—"), "(2а)"),
              ("ИНН/КПП продавца", inn_kpp(seller), "(2б)"), ("Грузоотправитель и его адрес", "он же", "(3)"),
              ("Грузополучатель и его адрес", f"{buyer['name']}, {buyer.get('address', '')}", "(4)"),
              ("К платёжно-расчётному документу", documents, "(5)"), ("Документ об отгрузке", "—", "(5а)"),
              ("Покупатель", buyer["name"], "(6)"), ("Адрес", buyer.get("address", "—"), "(6а)"),
              ("ИНН/КПП покупателя", inn_kpp(buyer), "(6б)"), ("Валюта: наименование, код", "Российский рубль, 643", "(7)"),
              ("Идентификатор государственного контракта, договора (соглашения) (при наличии)", "—", "(8)")]
    c.setFont("DejaVu", 7.5)
    for label, value, ref in fields:
        labels = simpleSplit(label, "DejaVu", 7.5, 236)
        for index, text in enumerate(labels):
            c.drawString(margin, y - index * 9, text)
        c.drawString(margin + 240, y, value)
        c.drawRightString(width - margin, y, ref)
        c.line(margin + 240, y - 2, width - margin - 20, y - 2)
        y -= 9 * len(labels) + 1.5
    y -= 6
    total_weight = sum(w for _, w in SF_COLUMNS)
    widths = [(width - 2 * margin) * w / total_weight for _, w in SF_COLUMNS]
    header_lines = [simpleSplit(h, "DejaVu-Bold", 5.5, w - 4) for (h, _), w in zip(SF_COLUMNS, widths)]
    header_h = max(len(lines) for lines in header_lines) * 6.8 + 4
    c.setFillGray(0.9)
    c.rect(margin, y - header_h, width - 2 * margin, header_h, fill=1, stroke=1)
    c.setFillGray(0)
    x = margin
    numbers = ["1", "1а", "1б", "2", "2а", "3", "4", "5", "6", "7", "8", "9", "10", "10а", "11"]
    for lines, w, number in zip(header_lines, widths, numbers):
        c.setFont("DejaVu-Bold", 5.5)
        ly = y - 7
        for text in lines:
            c.drawCentredString(x + w / 2, ly, text)
            ly -= 6.8
        c.setFont("DejaVu", 5.5)
        c.drawCentredString(x + w / 2, y - header_h - 7, number)
        c.line(x, y, x, y - header_h - 10)
        x += w
    c.rect(margin, y - header_h - 10, width - 2 * margin, 10)
    y -= header_h + 10
    c.setFont("DejaVu", 6.5)
    net_total = vat_total = 0.0
    for number, line in enumerate(invoice["lines"], 1):
        quantity, price = float(line["quantity"]), float(line["price"])
        rate = int(line["vatRate"].rstrip("%")) if line["vatRate"].endswith("%") else 0
        net = round(quantity * price, 2)
        vat = round(net * rate / 100, 2)
        net_total += net
        vat_total += vat
        cells = [str(number), line["name"], line.get("hsCode", "—"), line.get("unit", {}).get("code", "—"),
                 line.get("unit", {}).get("name", "—"), line["quantity"], ru_money(price), ru_money(net), "без акциза",
                 line["vatRate"], ru_money(vat), ru_money(net + vat), "156", "Китай", line.get("customsDeclaration", "—")]
        wrapped = [simpleSplit(text, "DejaVu", 6.5, w - 4) for text, w in zip(cells, widths)]
        row_h = max(len(lines) for lines in wrapped) * 7.9 + 4
        x = margin
        for lines, w in zip(wrapped, widths):
            ly = y - 8
            for text in lines:
                c.drawString(x + 2, ly, text)
                ly -= 7.9
            c.line(x, y, x, y - row_h)
            x += w
        c.rect(margin, y - row_h, width - 2 * margin, row_h)
        y -= row_h
    c.setFont("DejaVu-Bold", 6.5)
    c.drawString(margin + 2, y - 8, "Всего к оплате (9)")
    right = margin + sum(widths[:8])
    c.drawRightString(right - 2, y - 8, ru_money(net_total))
    c.drawRightString(margin + sum(widths[:11]) - 2, y - 8, ru_money(vat_total))
    c.drawRightString(margin + sum(widths[:12]) - 2, y - 8, ru_money(net_total + vat_total))
    c.rect(margin, y - 12, sum(widths[:12]), 12)
    y -= 40
    c.setFont("DejaVu", 7.5)
    half = (width - 2 * margin - 30) / 2
    for row, labels in enumerate([("Руководитель организации или иное уполномоченное лицо", "Главный бухгалтер или иное уполномоченное лицо"),
                                  ("Индивидуальный предприниматель или иное уполномоченное лицо", "")]):
        for index, label in enumerate(labels):
            x = margin + index * (half + 30)
            for k, text in enumerate(simpleSplit(label, "DejaVu", 7.5, 146)):
                c.drawString(x, y - k * 9, text)
            c.line(x + 150, y - 2, x + half, y - 2)
            c.setFont("DejaVu", 5.5)
            c.drawCentredString(x + 150 + (half - 150) / 2, y - 9, "(подпись)          (ф.и.о.)")
            c.setFont("DejaVu", 7.5)
        y -= 30
    c.setFont("DejaVu", 7)
    c.drawRightString(width - margin, margin, f"Счёт-фактура № {invoice['number']} от {invoice['date']} · стр. 1 из 1 / page 1 of 1")
    c.showPage()
    c.save()


def main():
    source, target = sys.argv[1], sys.argv[2]
    os.makedirs(target, exist_ok=True)
    for name in sorted(os.listdir(source)):
        if name.endswith(".json"):
            with open(os.path.join(source, name), encoding="utf-8") as handle:
                invoice = json.load(handle)
            draw = draw_schet_faktura if invoice["seller"].get("country") == "RU" else draw_invoice
            draw(invoice, os.path.join(target, name[:-5] + ".pdf"))


if __name__ == "__main__":
    main()
