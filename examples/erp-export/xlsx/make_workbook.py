#!/usr/bin/env python3
"""Writes dianxiaomi-orders.xlsx with openpyxl: a Chinese seller's 店小秘 order export for the
README's worked example (faktura audit ... --mapping dianxiaomi). The first posting's PDF is
examples/erp-export/pdf/0100000001-0001-1.pdf; the others show what the audit names.

Run: python3 make_workbook.py   (openpyxl 3.1)
"""
import datetime

import openpyxl

# 店小秘's own export headers, then the invoice columns a seller adds to a custom export template.
HEADERS = ["订单号", "订单状态", "下单时间", "币种缩写", "SKU", "产品名称", "产品数量", "产品售价",
           "海关编码", "发票号", "发票日期", "发票金额", "发票文件"]
D20 = datetime.date(2026, 11, 20)
ROWS = [
    # One posting, two lines, its invoice attached.
    ["0100000001-0001-1", "待打包", D20, "RUB", "RM13-BLK-128", "Смартфон Redmi 13 128 ГБ, чёрный", 2, 12345.67,
     8517130000, "CN-2026-000001", D20, 26188.34, "pdf/0100000001-0001-1.pdf"],
    ["0100000001-0001-1", "待打包", D20, "RUB", "USB-C-2M", "Кабель USB-C 2 м / USB-C cable 2 m", 3, 499,
     8544429000, "CN-2026-000001", D20, 26188.34, "pdf/0100000001-0001-1.pdf"],
    # A status the preset does not know.
    ["0100000009-0001-1", "已锁定", D20, "RUB", "USB-C-2M", "Кабель USB-C 2 м", 1, 499,
     8544429000, "", None, None, ""],
    # Tea: HS 0902100000 entered as a number, so the leading zero is gone.
    ["0100000010-0001-1", "待发货", D20, "RUB", "TEA-01", "Зелёный чай 100 г", 5, 310,
     902100000, "", None, None, ""],
    # Cancelled: needs no invoice.
    ["0100000011-0001-1", "已取消", D20, "RUB", "RM13-BLK-128", "Смартфон Redmi 13 128 ГБ", 1, 12345.67,
     8517130000, "", None, None, ""],
]


def main():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "订单"
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(row)
    for column in ("C", "K"):
        for cell in sheet[column][1:]:
            cell.number_format = "yyyy-mm-dd"
    book.save("dianxiaomi-orders.xlsx")


if __name__ == "__main__":
    main()
