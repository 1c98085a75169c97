#!/usr/bin/env python3
"""Draws the goods tables the reader once misread, each through the engine that drew it in a
dev set, cut to the lines that show the cause, with its ERP export and ground truth (the
corpus's layout: orders.csv, truth.jsonl, pdf/). Clean invoices: the audit must raise no error.

    python3 tools/corpus/table_fixtures.py [--out Tests/ValidateTests/Fixtures/world-tables]

- seed 10676 (fpdf2): a row whose cells are centred in it, so its lines stand half a line
  apart, and whose figures are cut at their narrow cells' edge, their last digits on the row's
  last line ("150" over "0", "108 965.9" over "9");
- seed 31432 (fpdf2): a table whose price column the reader does not find, so a quantity
  reads with the price run in ("4 502,50": 4502.5 for 4), with nothing in its row to check it;
- seed 30837 (reportlab): a VAT amount too wide for its cell whose first group stands in the
  rate's cell ("15" of "15 735 936,39"), the rest left unread;
- seed 30530 (LibreOffice, odt): a header whose cells wrap over more lines than a header is
  read from, the last of them a total's label ("с налогом — всего") above the first row, and
  the VAT total's line right under the last row ("其中增值税 / В том числе НДС: 1 279.56");
- seed 40788 (xhtml2pdf), 40423 (reportlab), 41896 (Typst): cells parted in the wrong place,
  so a figure is the order's with a neighbour run in (a quantity with its price, a VAT amount
  with its line number) or is a neighbour's (a quantity cell holding the HS code);
- seed 40910 (fpdf2): figures cut at their cells' edge whose rest stands on the next row's
  line (a quantity of 0, a price of 24);
- seed 41067 (xhtml2pdf): a price cell that holds one unit's amount without VAT.
"""
import argparse
import csv
import json
import os
import random
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engines  # noqa: E402
import generate  # noqa: E402
import model  # noqa: E402

# seed, engine, the lines kept (indices into the invoice's lines), the cause shown.
FIXTURES = [
    (10676, "fpdf2", [5, 6, 7], "centred cells, figures cut at the cell's edge"),
    (31432, "fpdf2", [0, 1, 2, 3], "quantities with the price's digits run in ('4 502,50')"),
    (30837, "reportlab", [0, 1, 2, 3, 4, 5], "a VAT amount's first group read as the rate ('15' of '15 735 936,39')"),
    (30530, "libreoffice-odt", [2, 3], "a header stacked higher than the header read, its last words a total's label ('с налогом — всего')"),
    (40788, "xhtml2pdf", [0, 1], "a quantity with the price run in ('12 242 467' for 12 and 242 467)"),
    (40423, "reportlab", [0, 1], "a VAT amount with the line number run in ('2491.91' in row 2 for 491.91)"),
    (40910, "fpdf2", [0, 1], "figures cut at the cell's edge over two rows: quantity 0, price 24 ('1500', '9 912,24')"),
    (41067, "xhtml2pdf", [0, 1, 2, 3, 4, 5, 6], "a price cell that holds one unit's amount without VAT (39 937.70 for 48 724.00 at 22 %)"),
    (41896, "typst", [0, 1], "a quantity cell that holds the line's HS code"),
]


def draw(seed, engine, keep, folder):
    """The invoice of a dev seed, its lines cut to `keep`, drawn as generate.py draws it."""
    rng = random.Random(seed)
    language = rng.choice(generate.LANGUAGES)
    invoice = model.make_invoice(seed, rng, language)
    invoice.lines = [invoice.lines[i] for i in keep]
    doc = model.layout(invoice, language, rng)
    file = "pdf/%s.pdf" % invoice.posting
    if engine in engines.BATCH:
        # LibreOffice: the source document, converted by soffice, as generate.py does in batches.
        suffix, write = engines.BATCH[engine]
        with tempfile.TemporaryDirectory() as temp:
            source = os.path.join(temp, invoice.posting + suffix)
            write(doc, source, rng)
            engines.soffice_convert([source], temp)
            shutil.move(source[:-len(suffix)] + ".pdf", os.path.join(folder, file))
    else:
        engines.DIRECT[engine](doc, os.path.join(folder, file), rng)
    truth = {"set": "dev", "seed": seed, "posting": invoice.posting, "engine": engine, "scan": False,
             "language": language, "lines": len(invoice.lines), "currency": invoice.currency,
             "identifier_column": doc.identifier, "columns": doc.columns, "headings": doc.headings,
             "number_style": doc.style.describe(), "font_size": doc.font_size,
             "defect": "none", "detail": None, "expected_code": None, "file": file}
    return invoice, truth


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="Tests/ValidateTests/Fixtures/world-tables")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(os.path.join(args.out, "pdf"))
    drawn = [draw(seed, engine, keep, args.out) for seed, engine, keep, _ in FIXTURES]
    with open(os.path.join(args.out, "orders.csv"), "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=model.EXPORT_COLUMNS)
        writer.writeheader()
        for invoice, truth in drawn:
            writer.writerows(model.export_rows(invoice, truth["file"]))
    with open(os.path.join(args.out, "truth.jsonl"), "w", encoding="utf-8") as file:
        for _, truth in drawn:
            file.write(json.dumps(truth, ensure_ascii=False) + "\n")
    for (invoice, truth), (_, _, _, cause) in zip(drawn, FIXTURES):
        size = os.path.getsize(os.path.join(args.out, truth["file"]))
        print("%s (%s, %d lines, %d bytes): %s" % (invoice.posting, truth["engine"], len(invoice.lines), size, cause))


if __name__ == "__main__":
    main()
