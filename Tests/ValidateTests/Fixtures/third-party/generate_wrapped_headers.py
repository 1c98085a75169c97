#!/usr/bin/env python3
"""Invoices whose goods-table header cells wrap onto a second line, as narrow columns make them:
"Кол-" over "во", "Код" over "ТН ВЭД", "Unit" over "price", "HS" over "code".

Run from this folder after generate_corpus.py's requirements (reportlab, fpdf2); the test suite
only reads the committed outputs:

    python3 generate_wrapped_headers.py

- wrapped-header-ru.pdf: reportlab, Russian labels broken by hand, cells vertically centred, so a
  one-line label stands between the two lines of its wrapped neighbours.
- wrapped-header-en.pdf: fpdf2, English labels wrapped by the cell width, cells top-aligned.
- wrapped-headers.json: the rows each PDF shows (what the test expects to read back)."""
import json
from decimal import Decimal

from generate_corpus import BUYER_INN, BUYER_KPP, CN_SELLER, INN_CODES, RU_SELLER_INN, VKN_CODES, Invoice, \
    en_amount, fpdf_document, fpdf_goods_row, fpdf_heading, make_lines, reportlab_build, reportlab_goods_table, \
    reportlab_styles, ru_amount


def reportlab_ru(invoice, path):
    from reportlab.platypus import Paragraph, Spacer
    style, head = reportlab_styles()
    story = [Paragraph("Счёт-фактура № %s от 20.11.2026" % invoice.number, head),
             Paragraph("ИНН/КПП продавца: %s / 770701001" % invoice.seller_id, style),
             Paragraph("ИНН/КПП покупателя: %s / %s" % (BUYER_INN, BUYER_KPP), style),
             Paragraph("Отправление Ozon: %s" % invoice.posting, style), Spacer(1, 8)]
    # Plain strings with a line break: reportlab draws each part as its own line of the cell.
    header = ["№", "Артикул", "Наименование товара", "Код\nТН ВЭД", "Ед.", "Кол-\nво", "Цена", "Ставка\nНДС",
              "Сумма\nНДС", "Сумма с\nНДС", "Страна"]
    story += [reportlab_goods_table(invoice, header, [22, 70, 190, 56, 28, 34, 62, 50, 62, 62, 44], "MIDDLE"),
              Spacer(1, 8)]
    story.append(Paragraph("Всего к оплате: %s руб." % ru_amount(invoice.total), head))
    reportlab_build(path, story)


def fpdf_en(invoice, path):
    pdf = fpdf_document()
    fpdf_heading(pdf, invoice, ["Seller USCC: %s" % invoice.seller_id,
                                "Buyer INN: %s   KPP: %s" % (BUYER_INN, BUYER_KPP), "Ozon posting: %s" % invoice.posting])
    # Narrow columns: fpdf2 wraps "Unit price", "VAT rate" and "VAT amount" at the space; "HS" over
    # "code" is broken by hand.
    widths = [26, 72, 200, 44, 36, 40, 36, 48, 80, 50]
    header = ["No.", "SKU", "Description", "HS\ncode", "Qty", "Unit price", "VAT rate", "VAT amount", "Amount", "Origin"]
    pdf.set_font("DejaVu", "B", 8)
    top = pdf.get_y()
    x = pdf.l_margin
    for width, text in zip(widths, header):
        pdf.set_xy(x, top)
        pdf.multi_cell(width, 11, text, border=0, align="L")
        x += width
    pdf.set_xy(pdf.l_margin, top + 24)
    pdf.set_font("DejaVu", "", 8)
    for i, line in enumerate(invoice.lines, 1):
        fpdf_goods_row(pdf, invoice, widths, i, line)
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 14, "Total: %s %s" % (en_amount(invoice.total), invoice.currency), new_x="LMARGIN", new_y="NEXT")
    pdf.set_creator("fpdf2")
    pdf.output(path)


def main():
    hs = VKN_CODES + INN_CODES
    ru = Invoice("wrapped-header-ru", "0212345695-0001-1", "СФ-2026-1102", RU_SELLER_INN, "RUB",
                 make_lines(7, 5, ["Кружка керамическая 350 мл", "Чехол для телефона", "Лампа настольная LED"], hs), "RU")
    en = Invoice("wrapped-header-en", "0212345696-0001-1", "CI-2026-0453", CN_SELLER, "CNY",
                 make_lines(6, 6, ["Ceramic mug 350 ml", "Phone case", "LED desk lamp"], hs), "CN")
    reportlab_ru(ru, ru.file)
    fpdf_en(en, en.file)
    expected = {}
    for invoice in (ru, en):
        expected[invoice.file] = {
            "total": "%.2f" % invoice.total,
            "rows": [{"hs_code": line["hs"], "quantity": str(line["qty"]), "price": "%.2f" % line["price"],
                      "vat_rate": line["rate"] + "%", "sku": line["offer"] if invoice is ru else line["sku"]}
                     for line in invoice.lines]}
    with open("wrapped-headers.json", "w", encoding="utf-8") as file:
        json.dump(expected, file, ensure_ascii=False, indent=1)
        file.write("\n")


if __name__ == "__main__":
    main()
