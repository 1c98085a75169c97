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
  rate's cell ("15" of "15 735 936,39"), the rest left unread.
"""
import argparse
import csv
import json
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engines  # noqa: E402
import generate  # noqa: E402
import model  # noqa: E402

# seed, engine, the lines kept (indices into the invoice's lines), the cause shown.
FIXTURES = [
    (10676, "fpdf2", [5, 6, 7], "centred cells, figures cut at the cell's edge"),
    (31432, "fpdf2", [0, 1, 2, 3], "quantities with the price's digits run in ('4 502,50')"),
    (30837, "reportlab", [0, 1, 2, 3, 4, 5], "a VAT amount's first group read as the rate ('15' of '15 735 936,39')"),
]


def draw(seed, engine, keep, folder):
    """The invoice of a dev seed, its lines cut to `keep`, drawn as generate.py draws it."""
    rng = random.Random(seed)
    language = rng.choice(generate.LANGUAGES)
    invoice = model.make_invoice(seed, rng, language)
    invoice.lines = [invoice.lines[i] for i in keep]
    doc = model.layout(invoice, language, rng)
    file = "pdf/%s.pdf" % invoice.posting
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
