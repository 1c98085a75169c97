#!/usr/bin/env python3
"""Writes the ERP-export fixtures of the Validate tests with real tools: openpyxl for the
workbook, Python's codecs (CPython's own GB18030, UTF-16, KOI8-R and cp1251 tables) for the
CSV files. Every file holds the same four order lines of three postings; the audit of each
must equal the audit of the canonical UTF-8 CSV.

Run: python3 make_fixtures.py   (openpyxl 3.1; pip install openpyxl)
"""
import csv
import datetime
import io

import zipfile

import openpyxl

# posting, status (canonical), date, sku (Ozon), offer_id, name (zh), name (ru), qty, price, hs
LINES = [
    ("0100000001-0001-1", "awaiting_deliver", datetime.date(2026, 11, 20), 1234567890, "KB-01",
     "机械键盘", "Механическая клавиатура", 2, 1390.5, 8471607000),
    ("0100000001-0001-1", "awaiting_deliver", datetime.date(2026, 11, 20), 1234567891, "MS-02",
     "无线鼠标", "Беспроводная мышь", 1, 990, 8471607000),
    ("0100000002-0001-1", "cancelled", datetime.date(2026, 11, 21), 1234567892, "CB-03",
     "数据线", "Кабель", 3, 250, 8544429000),
    ("0100000003-0001-1", "awaiting_packaging", datetime.date(2026, 11, 22), 1234567893, "TE-04",
     "绿茶", "Зелёный чай", 5, 310, "0902100000"),
]

ZH_STATUS = {"awaiting_deliver": "待发货", "cancelled": "已取消", "awaiting_packaging": "待打包"}
RU_STATUS = {"awaiting_deliver": "Ожидает отгрузки", "cancelled": "Отменён", "awaiting_packaging": "Ожидает сборки"}

# dianxiaomi preset headers / ozon-seller preset headers, in the canonical order used below.
# 店小秘 has no column for Ozon's numeric SKU: its 产品ID column is not audited.
ZH_HEADERS = ["订单号", "订单状态", "下单时间", "产品ID", "SKU", "产品名称", "产品数量", "产品售价", "海关编码"]
RU_HEADERS = ["Номер отправления", "Статус", "Принят в обработку", "SKU", "Артикул",
              "Название товара", "Количество", "Ваша цена", "hs_code"]
CANONICAL = ["posting_number", "status", "order_date", "sku", "offer_id", "product_name",
             "quantity", "unit_price", "hs_code"]


def text_rows(status_names, name_index):
    for posting, status, date, sku, offer, zh, ru, qty, price, hs in LINES:
        name = zh if name_index == 0 else ru
        yield [posting, status_names[status], date.isoformat(), str(sku), offer, name, str(qty),
               f"{price}", str(hs)]


def csv_text(headers, rows, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue()


def main():
    canonical = {s: s for s in ZH_STATUS}
    with open("orders-canonical.csv", "w", encoding="utf-8", newline="") as f:
        f.write(csv_text(CANONICAL, text_rows(canonical, 0)))
    with open("orders-canonical-ru.csv", "w", encoding="utf-8", newline="") as f:
        f.write(csv_text(CANONICAL, text_rows(canonical, 1)))

    zh = csv_text(ZH_HEADERS, text_rows(ZH_STATUS, 0))
    with open("orders-zh-gb18030.csv", "wb") as f:
        f.write(zh.encode("gb18030"))
    # Excel's "Unicode Text": UTF-16 LE with a byte-order mark, tab separated.
    with open("orders-zh-utf16.txt", "wb") as f:
        f.write(csv_text(ZH_HEADERS, text_rows(ZH_STATUS, 0), delimiter="\t").encode("utf-16"))
    # The same without a byte-order mark (Python's "utf-16-le"/"utf-16-be" codecs write none),
    # as some Windows exporters do: told from where the NUL bytes fall.
    with open("orders-zh-utf16le-nobom.txt", "wb") as f:
        f.write(csv_text(ZH_HEADERS, text_rows(ZH_STATUS, 0), delimiter="\t").encode("utf-16-le"))
    with open("orders-zh-utf16be-nobom.csv", "wb") as f:
        f.write(zh.encode("utf-16-be"))

    ru = csv_text(RU_HEADERS, text_rows(RU_STATUS, 1))
    with open("orders-ru-koi8r.csv", "wb") as f:
        f.write(ru.encode("koi8-r"))
    with open("orders-ru-cp1251.csv", "wb") as f:
        f.write(ru.encode("cp1251"))

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "订单"
    sheet.append(ZH_HEADERS)
    for posting, status, date, sku, offer, name, _, qty, price, hs in LINES:
        # Numbers as numbers (as ERPs write them): the reader must give back their digits.
        # "0902100000" is a str, so openpyxl writes it as text, as a careful ERP does.
        sheet.append([posting, ZH_STATUS[status], date, sku, offer, name, qty, price, hs])
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    notes = book.create_sheet("说明")
    notes.append(["这个工作表不是订单"])
    book.save("orders-zh.xlsx")

    # Hostile workbooks: a ZIP that is no workbook, and one whose sheet inflates 1000-fold.
    with zipfile.ZipFile("not-a-workbook.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("readme.txt", "just a zip")
    with zipfile.ZipFile("orders-zh.xlsx") as source, \
            zipfile.ZipFile("sheet-bomb.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                z.writestr(item.filename, b"<worksheet>" + b" " * (256 << 20) + b"</worksheet>")
            else:
                z.writestr(item, source.read(item.filename))
    # Sheets that libxml2 would choke on, small when packed: an element with 300 attributes
    # (its start-tag parser compares each with each), and cells nested 300 deep.
    hostile_sheets = {
        "sheet-attributes.xlsx": b'<worksheet><sheetData><row r="1"><c r="A1" '
        + b" ".join(b'a%d="1"' % i for i in range(300)) + b'/></row></sheetData></worksheet>',
        "sheet-deep.xlsx": b"<worksheet><sheetData>" + b"<row>" * 300 + b"</row>" * 300
        + b"</sheetData></worksheet>",
    }
    for name, sheet_xml in hostile_sheets.items():
        with zipfile.ZipFile("orders-zh.xlsx") as source, \
                zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
            for item in source.infolist():
                if item.filename == "xl/worksheets/sheet1.xml":
                    z.writestr(item.filename, sheet_xml)
                else:
                    z.writestr(item, source.read(item.filename))


# The header of Ozon's seller-centre postings report as a real report of 2026 has it (36
# columns, ";"-separated, every field quoted; see the ozon-seller preset for the source). The
# rows are ours: one order with two postings (one cancelled), and a delivered posting.
OZON_REPORT_HEADERS = [
    "Номер заказа", "Номер отправления", "Принят в обработку", "Дата отгрузки", "Статус",
    "Дата доставки", "Фактическая дата передачи в доставку", "Сумма отправления",
    "Код валюты отправления", "Название товара", "SKU", "Артикул", "Ваша цена", "Код валюты товара",
    "Оплачено покупателем", "Код валюты покупателя", "Количество", "Стоимость доставки",
    "Связанные отправления", "Выкуп товара", "Цена товара до скидок", "Скидка %", "Скидка руб",
    "Акции", "Объемный вес товаров, кг", "Кластер отгрузки", "Кластер доставки", "Склад отгрузки",
    "Регион доставки", "Город доставки", "Способ доставки", "Сегмент клиента", "Юридическое лицо",
    "Способ оплаты", "Адрес покупателя", "Имя покупателя",
]
OZON_REPORT_ROWS = [
    ("0100000005-0001", "0100000005-0001-1", "2026-11-20 03:12:43", "Доставляется", "Механическая клавиатура",
     "1234567890", "0000010", "1390.50", "2"),
    ("0100000005-0001", "0100000005-0001-2", "2026-11-20 03:12:43", "Отменён", "Беспроводная мышь",
     "1234567891", "0000011", "990.00", "1"),
    ("0100000006-0001", "0100000006-0001-1", "2026-11-21 08:28:11", "Доставлен", "Зелёный чай",
     "1234567893", "0000063", "310.00", "5"),
]


def ozon_report():
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(OZON_REPORT_HEADERS)
    for order, posting, accepted, status, name, sku, article, price, quantity in OZON_REPORT_ROWS:
        row = [""] * len(OZON_REPORT_HEADERS)
        values = {"Номер заказа": order, "Номер отправления": posting, "Принят в обработку": accepted,
                  "Статус": status, "Код валюты отправления": "RUB", "Название товара": name, "SKU": sku,
                  "Артикул": article, "Ваша цена": price, "Код валюты товара": "RUB", "Количество": quantity,
                  "Способ доставки": "ПВЗ"}
        for header, value in values.items():
            row[OZON_REPORT_HEADERS.index(header)] = value
        writer.writerow(row)
    with open("ozon-postings-report.csv", "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())


def ozon_report_workbook():
    """The same report as the seller centre's workbook: a title row above the header (row 2)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Отправления"
    sheet.append(["Отчёт по отправлениям FBS за 01.11.2026 – 30.11.2026"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
    sheet.append(OZON_REPORT_HEADERS)
    for order, posting, accepted, status, name, sku, article, price, quantity in OZON_REPORT_ROWS:
        values = {"Номер заказа": order, "Номер отправления": posting, "Принят в обработку": accepted,
                  "Статус": status, "Код валюты отправления": "RUB", "Название товара": name, "SKU": sku,
                  "Артикул": article, "Ваша цена": price, "Код валюты товара": "RUB", "Количество": quantity}
        sheet.append([values.get(header) for header in OZON_REPORT_HEADERS])
    book.save("ozon-postings-report.xlsx")


# A 领星 multi-platform order export (headers as the lingxing preset's sources show), once as
# its default export writes it — an order's own cells merged over the rows of its lines — and
# once exported without merged cells (不合并单元格导出). Both must give the same audit.
LINGXING_HEADERS = ["系统单号", "平台单号", "状态", "订购时间", "订单币种", "SKU", "MSKU", "商品标题", "单价", "数量"]
LINGXING_ORDERS = [
    ("LX2026112001", "0100000021-0001-1", "待发货", "2026-11-20 10:00:00", "CNY",
     [("LOCAL-KB", "KB-01", "机械键盘", 139.5, 2), ("LOCAL-MS", "MS-02", "无线鼠标", 99, 1), ("LOCAL-CB", "CB-03", "数据线", 25, 3)]),
    ("LX2026112002", "0100000022-0001-1", "已取消/不发货", "2026-11-20 11:00:00", "CNY",
     [("LOCAL-TE", "TE-04", "绿茶", 31, 5)]),
    ("LX2026112003", "0100000023-0001-1", "已发货", "2026-11-21 09:30:00", "CNY",
     [("LOCAL-KB", "KB-01", "机械键盘", 139.5, 1), ("LOCAL-TE", "TE-04", "绿茶", 31, 2)]),
]


def lingxing_workbook(path, orders, merged):
    """A 领星 order sheet of `orders`, each order's own cells merged over its lines when `merged`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "sheet1"
    sheet.append(LINGXING_HEADERS)
    for system_id, posting, status, ordered, currency, lines in orders:
        first = sheet.max_row + 1
        for local_sku, msku, title, price, quantity in lines:
            sheet.append([system_id, posting, status, ordered, currency, local_sku, msku, title, price, quantity])
        last = sheet.max_row
        if merged and last > first:
            for column in "ABCDE":
                sheet.merge_cells(f"{column}{first}:{column}{last}")
    book.save(path)


def lingxing_workbooks():
    for name, merged in (("orders-lingxing-merged.xlsx", True), ("orders-lingxing.xlsx", False)):
        lingxing_workbook(name, LINGXING_ORDERS, merged)


def mixed_script_exports():
    """A Chinese ERP's export for Ozon: Chinese headers and statuses, Russian product names (as
    Ozon listings are), as GB18030 CSV (what Chinese Windows tools write by default), UTF-8 CSV,
    UTF-16 LE without a byte-order mark, and a workbook. All must give the report of
    orders-canonical-ru.csv."""
    text = csv_text(ZH_HEADERS, text_rows(ZH_STATUS, 1))
    for name, codec in (("orders-zh-ru-gb18030.csv", "gb18030"), ("orders-zh-ru-utf8.csv", "utf-8"),
                        ("orders-zh-ru-utf16le-nobom.csv", "utf-16-le")):
        with open(name, "wb") as f:
            f.write(text.encode(codec))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "订单"
    sheet.append(ZH_HEADERS)
    for posting, status, date, sku, offer, _, name, qty, price, hs in LINES:
        sheet.append([posting, ZH_STATUS[status], date, sku, offer, name, qty, price, hs])
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    book.save("orders-zh-ru.xlsx")


if __name__ == "__main__":
    mixed_script_exports()
    lingxing_workbooks()
    ozon_report()
    ozon_report_workbook()
    main()
