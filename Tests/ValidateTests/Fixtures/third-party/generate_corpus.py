#!/usr/bin/env python3
"""Invoices drawn by tools other than Faktura, and the ERP export that goes with them.

Run from this folder (needs reportlab, fpdf2, openpyxl, Pillow, img2pdf and LibreOffice's
`soffice`; the test suite only reads the committed outputs):

    pip install reportlab fpdf2 openpyxl Pillow img2pdf && python3 generate_corpus.py

Four generators: reportlab (Russian, a table over three pages), fpdf2 (English), LibreOffice
(a Chinese seller's spreadsheet converted with `soffice --convert-to pdf`) and a scan (a page
rendered to a bitmap with noise and a slight skew, put back into an image-only PDF). Every
invoice has two lines with the same product name and different VAT rates and HS codes, and HS
codes that pass the check digit of Turkey's VKN or Russia's INN. Five more PDFs each carry one
planted defect: total, VAT rate, HS code, posting number, seller tax id."""
import csv, hashlib, os, random, subprocess, tempfile
from decimal import Decimal, ROUND_HALF_UP

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DEJAVU_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
BUYER_INN, BUYER_KPP = "7704217370", "997750001"   # the marketplace as buyer
RU_SELLER_INN = "7707083893"
CN_SELLER = "91350100M000100Y43"
CN_SELLER_OTHER = "91440300MA5G8K2P17"


def vkn_valid(code):
    """python-stdnum's tr.vkn check: a 10-digit HS code that passes it looks like a tax id."""
    total = 0
    for i, n in enumerate(reversed(code[:9]), 1):
        c1 = (int(n) + i) % 10
        if c1:
            c2 = (c1 * (2 ** i)) % 9 or 9
            total += c2
    return str((10 - total) % 10) == code[9]


def inn10_valid(code):
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return str(sum(w * int(d) for w, d in zip(weights, code)) % 11 % 10) == code[9]


def codes(prefixes, check):
    found = []
    for prefix in prefixes:
        for tail in range(10000):
            code = prefix + "%04d" % tail
            if check(code):
                found.append(code)
                break
    return found


VKN_CODES = codes(["851713", "847130", "852852", "940540", "392690", "630260", "420212", "950300"], vkn_valid)
INN_CODES = codes(["610910", "640299"], inn10_valid)


def money(value):
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def ru_amount(value):
    whole, frac = ("%.2f" % value).split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return "\u00a0".join(groups) + "," + frac


def en_amount(value):
    return "{:,.2f}".format(value)


class Invoice:
    def __init__(self, key, posting, number, seller_id, currency, lines, origin):
        self.key, self.posting, self.number, self.seller_id = key, posting, number, seller_id
        self.currency, self.lines, self.origin = currency, lines, origin
        self.total_override = None
        self.file = key + ".pdf"

    @property
    def order(self):
        return self.posting.rsplit("-", 1)[0]

    def amounts(self, line):
        amount = money(line["qty"] * line["price"])
        rate = Decimal(line["rate"])
        vat = money(amount * rate / (100 + rate))
        return amount, vat

    @property
    def total(self):
        return self.total_override or sum(self.amounts(line)[0] for line in self.lines)


def make_lines(count, seed, names, hs_pool):
    rng = random.Random(seed)
    lines = []
    for i in range(count):
        name = names[i % len(names)]
        lines.append({"sku": str(1000000 + seed * 1000 + i * 7), "offer": "ART-%d-%02d" % (seed, i),
                      "name": name, "hs": hs_pool[i % len(hs_pool)], "qty": Decimal(rng.randint(1, 5)),
                      "price": Decimal(rng.randint(150, 9000)) + Decimal(rng.choice([0, 50, 99])) / 100,
                      "rate": "22" if i % 3 else "10"})
    # Two lines with one name and different rate and code: matching by name would mix them up.
    lines[1]["name"] = lines[0]["name"]
    lines[1]["rate"] = "22" if lines[0]["rate"] == "10" else "10"
    return lines


# --- reportlab: a Russian seller's invoice, table over three pages --------------------------

def reportlab_styles():
    """Registers DejaVu with reportlab; the body and the heading paragraph styles."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    pdfmetrics.registerFont(TTFont("DejaVu", DEJAVU))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", DEJAVU_BOLD))
    return (ParagraphStyle("ru", fontName="DejaVu", fontSize=9, leading=11),
            ParagraphStyle("h", fontName="DejaVu-Bold", fontSize=12, leading=15))


def reportlab_goods_table(invoice, header, widths, valign):
    """The Russian goods table: the header row repeated on every page, one row per line."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle
    rows = [header]
    for i, line in enumerate(invoice.lines, 1):
        amount, vat = invoice.amounts(line)
        rows.append([str(i), line["offer"], line["name"], line["hs"], "шт", str(line["qty"]), ru_amount(line["price"]),
                     line["rate"] + "%", ru_amount(vat), ru_amount(amount), invoice.origin])
    table = Table(rows, repeatRows=1, colWidths=widths)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "DejaVu", 8), ("FONT", (0, 0), (-1, 0), "DejaVu-Bold", 8),
                               ("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("ALIGN", (5, 1), (-2, -1), "RIGHT"),
                               ("VALIGN", (0, 0), (-1, -1), valign)]))
    return table


def reportlab_build(path, story):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate
    SimpleDocTemplate(path, pagesize=landscape(A4), leftMargin=28, rightMargin=28, topMargin=28, bottomMargin=28,
                      title="Счёт-фактура", author="reportlab").build(story)


def reportlab_ru(invoice, path):
    from reportlab.platypus import Paragraph, Spacer
    style, head = reportlab_styles()
    story = [Paragraph("Счёт-фактура № %s от 20.11.2026" % invoice.number, head),
             Paragraph("Продавец: ООО «Северный ветер», Москва", style),
             Paragraph("ИНН/КПП продавца: %s / 770701001" % invoice.seller_id, style),
             Paragraph("Покупатель: ООО «Интернет Решения»", style),
             Paragraph("ИНН/КПП покупателя: %s / %s" % (BUYER_INN, BUYER_KPP), style),
             Paragraph("Отправление Ozon: %s" % invoice.posting, style),
             Paragraph("Валюта: российский рубль, 643", style), Spacer(1, 8)]
    header = ["№", "Артикул", "Наименование товара", "Код ТН ВЭД", "Ед.", "Кол-во", "Цена", "Ставка НДС",
              "Сумма НДС", "Сумма с НДС", "Страна"]
    story += [reportlab_goods_table(invoice, header, [22, 70, 190, 70, 28, 40, 62, 58, 62, 70, 44], "TOP"), Spacer(1, 8)]
    vat_total = sum(invoice.amounts(line)[1] for line in invoice.lines)
    story.append(Paragraph("В том числе НДС: %s" % ru_amount(vat_total), style))
    story.append(Paragraph("Всего к оплате: %s руб." % ru_amount(invoice.total), head))
    reportlab_build(path, story)


# --- fpdf2: an English invoice of a Chinese seller ------------------------------------------

def fpdf_document():
    """A landscape A4 fpdf2 document in points, with DejaVu."""
    from fpdf import FPDF
    pdf = FPDF(orientation="L", unit="pt", format="A4")
    pdf.add_font("DejaVu", "", DEJAVU)
    pdf.add_font("DejaVu", "B", DEJAVU_BOLD)
    return pdf


def fpdf_heading(pdf, invoice, parties):
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 18, "COMMERCIAL INVOICE No. %s" % invoice.number, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for text in parties:
        pdf.cell(0, 12, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)


def fpdf_goods_row(pdf, invoice, widths, number, line):
    """One bordered row of the English goods table; the amounts right-aligned."""
    amount, vat = invoice.amounts(line)
    cells = [str(number), line["sku"], line["name"], line["hs"], str(line["qty"]), en_amount(line["price"]),
             line["rate"] + "%", en_amount(vat), en_amount(amount), invoice.origin]
    for index, (width, text) in enumerate(zip(widths, cells)):
        pdf.cell(width, 14, text, border=1, align="R" if 4 <= index <= 8 else "L")
    pdf.ln()


def fpdf_en(invoice, path):
    pdf = fpdf_document()
    pdf.set_auto_page_break(True, margin=36)
    fpdf_heading(pdf, invoice, [
        "Date: 2026-11-20", "Seller: Xiamen Bright Star Trading Co., Ltd.", "Seller USCC: %s" % invoice.seller_id,
        "Buyer: Internet Solutions LLC (Ozon)", "Buyer INN: %s   KPP: %s" % (BUYER_INN, BUYER_KPP),
        "Ozon posting: %s" % invoice.posting, "Currency: %s" % invoice.currency])
    widths = [26, 72, 200, 80, 40, 70, 56, 70, 80, 50]
    header = ["No.", "SKU", "Description", "HS Code", "Qty", "Unit price", "VAT rate", "VAT amount", "Amount", "Origin"]

    def header_row():
        pdf.set_font("DejaVu", "B", 8)
        for width, text in zip(widths, header):
            pdf.cell(width, 14, text, border=1)
        pdf.ln()
        pdf.set_font("DejaVu", "", 8)

    header_row()
    for i, line in enumerate(invoice.lines, 1):
        if pdf.will_page_break(14):
            pdf.add_page()
            header_row()
        fpdf_goods_row(pdf, invoice, widths, i, line)
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 10)
    vat_total = sum(invoice.amounts(line)[1] for line in invoice.lines)
    pdf.cell(0, 14, "VAT included: %s" % en_amount(vat_total), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 14, "Total: %s %s" % (en_amount(invoice.total), invoice.currency), new_x="LMARGIN", new_y="NEXT")
    pdf.set_creator("fpdf2")
    pdf.output(path)


# --- LibreOffice: a Chinese seller's spreadsheet, exported to PDF ---------------------------

def libreoffice_zh(invoice, path):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    book = Workbook()
    sheet = book.active
    sheet.title = "发票"
    sheet.append(["商业发票 %s" % invoice.number])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["日期: 2026-11-20"])
    sheet.append(["销售方: 厦门明星贸易有限公司"])
    sheet.append(["统一社会信用代码: %s" % invoice.seller_id])
    sheet.append(["购买方: Internet Solutions LLC   ИНН %s   КПП %s" % (BUYER_INN, BUYER_KPP)])
    sheet.append(["Ozon 货件号: %s" % invoice.posting])
    sheet.append([])
    sheet.append(["序号", "货号", "商品名称", "海关编码", "数量", "单价", "税率", "税额", "金额", "原产国"])
    for i, line in enumerate(invoice.lines, 1):
        amount, vat = invoice.amounts(line)
        sheet.append([str(i), line["offer"], line["name"], line["hs"], int(line["qty"]), "%.2f" % line["price"],
                      line["rate"] + "%", "%.2f" % vat, "%.2f" % amount, invoice.origin])
    sheet.append([])
    sheet.append(["含税总计: %.2f %s" % (invoice.total, invoice.currency)])
    for column, width in zip("ABCDEFGHIJ", [6, 14, 26, 14, 7, 11, 7, 10, 12, 8]):
        sheet.column_dimensions[column].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True   # all columns on one page wide
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, os.path.basename(path).replace(".pdf", ".xlsx"))
        book.save(source)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", folder, source], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.replace(source.replace(".xlsx", ".pdf"), path)


# --- a scan: rendered, noised, skewed, back into an image-only PDF ---------------------------

def scan(invoice, path, garbled_layer=None):
    import img2pdf
    from PIL import Image, ImageFilter
    with tempfile.TemporaryDirectory() as folder:
        clean = os.path.join(folder, "clean.pdf")
        fpdf_en(invoice, clean)
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", clean, os.path.join(folder, "page")], check=True)
        image = Image.open(os.path.join(folder, "page.png")).convert("L")
        rng = random.Random(7)
        pixels = image.load()
        for _ in range(image.width * image.height // 150):
            x, y = rng.randrange(image.width), rng.randrange(image.height)
            pixels[x, y] = rng.choice([0, 90, 160])
        image = image.filter(ImageFilter.GaussianBlur(0.4)).rotate(0.6, resample=Image.BICUBIC, fillcolor=255, expand=False)
        jpeg = os.path.join(folder, "page.jpg")
        image.save(jpeg, quality=30, dpi=(200, 200))
        with open(path, "wb") as file:
            file.write(img2pdf.convert(jpeg))
        if garbled_layer:
            # The same scan under an invisible text layer that a poor OCR program left behind.
            from reportlab.pdfgen import canvas
            width, height = image.width * 72 / 200, image.height * 72 / 200
            page = canvas.Canvas(garbled_layer, pagesize=(width, height))
            page.drawImage(jpeg, 0, 0, width, height)
            text = page.beginText(40, height - 60)
            text.setTextRenderMode(3)
            text.setFont("Helvetica", 9)
            for line in ["C0MMERC1AL lNV0lCE N0. Cl-2O26-O452", "5e1ler: Xlamen Brlght 5tar", "N0. 5KU Descrlptlon H5 C0de"]:
                text.textLine(line)
            page.drawText(text)
            page.save()


def main():
    names_ru = ["Кружка керамическая 350 мл", "Чехол для телефона", "Наушники беспроводные", "Лампа настольная LED"]
    names_en = ["Ceramic mug 350 ml", "Phone case", "Wireless earbuds", "LED desk lamp"]
    names_zh = ["陶瓷杯 350毫升", "手机壳", "无线耳机", "LED台灯"]
    hs = VKN_CODES + INN_CODES
    invoices = [
        (Invoice("reportlab-ru", "0212345678-0001-1", "СФ-2026-1101", RU_SELLER_INN, "RUB",
                 make_lines(48, 1, names_ru, hs), "RU"), reportlab_ru),
        (Invoice("fpdf2-en", "0212345679-0001-1", "CI-2026-0451", CN_SELLER, "CNY",
                 make_lines(6, 2, names_en, hs), "CN"), fpdf_en),
        (Invoice("libreoffice-zh", "0212345680-0001-1", "FP-2026-0077", CN_SELLER, "CNY",
                 make_lines(5, 3, names_zh, hs), "CN"), libreoffice_zh),
        (Invoice("scan-en", "0212345681-0001-1", "CI-2026-0452", CN_SELLER, "CNY",
                 make_lines(4, 4, names_en, hs), "CN"), scan),
    ]
    export_rows = []

    def add(invoice, pdf_invoice, draw):
        draw(pdf_invoice, pdf_invoice.file)
        for line in invoice.lines:
            export_rows.append({
                "posting_number": invoice.posting, "order_number": invoice.order, "status": "awaiting_deliver",
                "order_date": "2026-11-20", "currency": invoice.currency, "sku": line["sku"], "offer_id": line["offer"],
                "product_name": line["name"], "quantity": str(line["qty"]), "unit_price": "%.2f" % line["price"],
                "vat_rate": line["rate"] + "%", "hs_code": line["hs"], "origin_country": invoice.origin,
                "seller_tax_id": invoice.seller_id, "buyer_inn": BUYER_INN, "buyer_kpp": BUYER_KPP,
                "invoice_number": invoice.number, "invoice_date": "2026-11-20", "invoice_total": "%.2f" % invoice.total,
                "invoice_file": pdf_invoice.file, "invoice_sha256": ""})

    for invoice, draw in invoices:
        add(invoice, invoice, draw)
    scan(invoices[3][0], "scan-en.pdf", garbled_layer="scan-garbled-ocr-layer.pdf")

    # One planted defect each: the PDF differs from the export in exactly one fact.
    def defect(key, posting, base, draw, change):
        order = Invoice(key, posting, base.number + "-D", base.seller_id, base.currency,
                        [dict(line) for line in base.lines[:5]], base.origin)
        shown = Invoice(key, posting, order.number, order.seller_id, order.currency,
                        [dict(line) for line in order.lines], order.origin)
        change(shown)
        add(order, shown, draw)

    ru, en, zh = invoices[0][0], invoices[1][0], invoices[2][0]
    defect("defect-total", "0212345690-0001-1", ru, reportlab_ru,
           lambda inv: setattr(inv, "total_override", inv.total + Decimal("100.00")))
    defect("defect-vat", "0212345691-0001-1", en, fpdf_en,
           lambda inv: inv.lines[2].update(rate="10" if inv.lines[2]["rate"] == "22" else "22"))
    defect("defect-hs", "0212345692-0001-1", zh, libreoffice_zh,
           lambda inv: inv.lines[3].update(hs="8517620009"))
    defect("defect-posting", "0212345693-0001-1", ru, reportlab_ru,
           lambda inv: setattr(inv, "posting", "0212345699-0001-1"))
    defect("defect-taxid", "0212345694-0001-1", en, fpdf_en,
           lambda inv: setattr(inv, "seller_id", CN_SELLER_OTHER))

    with open("orders.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(export_rows[0].keys()))
        writer.writeheader()
        writer.writerows(export_rows)
    print("HS codes that pass tr-vkn:", VKN_CODES, "ru-inn:", INN_CODES)


if __name__ == "__main__":
    main()
