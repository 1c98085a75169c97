#!/usr/bin/env python3
"""Draws, with reportlab, the invoice of issue 22's "what is read is checked": a Chinese
seller's invoice to Ozon dated 20.11.2026 whose seller USCC has a wrong check character,
whose first line carries a 9-digit HS code and VAT at 20 % (not in force in Russia in 2026),
every figure otherwise consistent. `faktura validate` must exit 1 naming each.

    python3 tools/corpus/validate_fixture.py [--out Tests/ValidateTests/Fixtures/world/validate-wrong-rate-hs-uscc.pdf]
"""
import argparse
import os
import random
import sys
from decimal import Decimal, ROUND_HALF_UP

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model  # noqa: E402

CENT = Decimal("0.01")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="Tests/ValidateTests/Fixtures/world/validate-wrong-rate-hs-uscc.pdf")
    args = parser.parse_args()
    valid = model.uscc(random.Random(22))
    alphabet = model.USCC_ALPHABET
    wrong = valid[:17] + alphabet[(alphabet.index(valid[17]) + 1) % len(alphabet)]
    lines = [("Кружка керамическая 350 мл", "851713000", 2, Decimal("1200.00"), 20),
             ("Кабель USB Type-C 1 м", "8544490000", 3, Decimal("450.00"), 22)]
    pdfmetrics.registerFont(TTFont("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    style = ParagraphStyle("body", fontName="DejaVuSans", fontSize=9, leading=12)
    story = [Paragraph("Счёт-фактура № CI-2026-2201 от 20.11.2026", style),
             Paragraph("Продавец: Xiamen Mingxing Trading Co., Ltd.", style),
             Paragraph("USCC продавца: %s" % wrong, style),
             Paragraph("Покупатель: ООО «Интернет Решения»", style),
             Paragraph("ИНН/КПП покупателя: 7704217370 / 997750001", style),
             Paragraph("Отправление Ozon: 3000022022-0001-1", style),
             Spacer(1, 8)]
    rows = [["№", "Наименование", "Код ТН ВЭД", "Кол-во", "Цена", "Ставка НДС", "Сумма НДС", "Сумма с НДС"]]
    total = vat_total = Decimal(0)
    for number, (name, hs, quantity, price, rate) in enumerate(lines, 1):
        amount = (price * quantity).quantize(CENT, rounding=ROUND_HALF_UP)
        vat = (amount * rate / (100 + rate)).quantize(CENT, rounding=ROUND_HALF_UP)
        total += amount
        vat_total += vat
        rows.append([str(number), name, hs, str(quantity), "%.2f" % price, "%d%%" % rate, "%.2f" % vat, "%.2f" % amount])
    table = Table(rows, repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "DejaVuSans"), ("FONTSIZE", (0, 0), (-1, -1), 8),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("ALIGN", (3, 1), (-1, -1), "RIGHT")]))
    story += [table, Spacer(1, 8), Paragraph("Итого НДС: %.2f" % vat_total, style),
              Paragraph("Всего к оплате: %.2f руб." % total, style)]
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    SimpleDocTemplate(args.out, pagesize=A4, invariant=1).build(story)
    print("%s: USCC %s (valid would be %s), HS 851713000, 20%% on 20.11.2026" % (args.out, wrong, valid))


if __name__ == "__main__":
    main()
