#!/usr/bin/env python3
"""Generates the corpus: invoices drawn from one layout grammar (model.py) through engines
that are not Faktura (engines.py), each with its ERP export rows and a ground-truth line.

    python3 tools/corpus/generate.py --out .build/corpus [--dev-clean 300 --dev-defects 100]
                                     [--eval-clean 2000 --eval-defects 500] [--scan-every 40] [--jobs 2]

Writes, per set (dev, eval): orders.csv (text PDFs) and orders-scans.csv (scans), the PDFs
in pdf/<posting>.pdf, and truth.jsonl (one JSON object per posting). Seeds of the dev set are
10,000 + i, of the eval set 1,000,000 + i: the sets never share an invoice. Same arguments,
same corpus (bit for bit, except the engines' own time stamps)."""
import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
import traceback
from multiprocessing import Pool

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engines  # noqa: E402
import model    # noqa: E402

SET_SEEDS = {"dev": 10_000, "eval": 1_000_000}
LANGUAGES = ["ru", "ru", "en", "zh", "ru-en", "zh-en", "zh-ru", "en-ru"]
SCAN_BASES = ["reportlab", "fpdf2", "wkhtmltopdf", "weasyprint", "typst", "xhtml2pdf", "chromium"]


def plan(set_name, clean, defects, scan_every, engine_names):
    """The items of one set: seed, engine, defect kind (or None), whether it is scanned."""
    kinds = list(model.DEFECTS)
    items = []
    for i in range(clean + defects):
        seed = SET_SEEDS[set_name] + i
        kind = None if i < clean else kinds[(i - clean) % len(kinds)]
        scanned = scan_every > 0 and i % scan_every == scan_every - 1
        engine = engine_names[i % len(engine_names)]
        if scanned:
            bases = [e for e in SCAN_BASES if e in engine_names]
            engine = bases[(i // scan_every) % len(bases)]
        items.append({"set": set_name, "index": i, "seed": seed, "engine": engine, "defect": kind, "scan": scanned})
    return items


def prepare(item):
    """The invoice, the document as shown and the ground truth of one item."""
    rng = random.Random(item["seed"])
    language = rng.choice(LANGUAGES)
    invoice = model.make_invoice(item["seed"], rng, language)
    if item["defect"] == "missing_line" and len(invoice.lines) < 2:
        invoice.lines.append(model.replace(invoice.lines[0], sku=str(int(invoice.lines[0].sku) + 7),
                                           article=invoice.lines[0].article + "B"))
    shown, detail = (invoice, None) if item["defect"] is None else model.plant(invoice, item["defect"], rng)
    doc = model.layout(shown, language, rng)
    file = "pdf/%s.pdf" % invoice.posting
    truth = {"set": item["set"], "seed": item["seed"], "posting": invoice.posting,
             "engine": ("scan/" if item["scan"] else "") + item["engine"], "scan": item["scan"],
             "language": language, "lines": len(invoice.lines), "currency": invoice.currency,
             "identifier_column": doc.identifier, "columns": doc.columns, "headings": doc.headings,
             "number_style": doc.style.describe(), "font_size": doc.font_size,
             "defect": item["defect"] or "none", "detail": detail,
             "expected_code": model.DEFECTS.get(item["defect"]), "file": file}
    return invoice, doc, truth, rng


def render_direct(args):
    item, folder = args
    try:
        invoice, doc, truth, rng = prepare(item)
        path = os.path.join(folder, truth["file"])
        if item["scan"]:
            with tempfile.TemporaryDirectory() as temp:
                clean = os.path.join(temp, "clean.pdf")
                engines.DIRECT[item["engine"]](doc, clean, rng)
                engines.scan(clean, path, rng)
        else:
            engines.DIRECT[item["engine"]](doc, path, rng)
        return invoice, truth, None
    except Exception:
        return None, {"seed": item["seed"], "engine": item["engine"]}, traceback.format_exc(limit=3)


def render_batch(args):
    """LibreOffice: writes every source of the chunk, then converts them with one soffice start."""
    items, folder = args
    suffix, write = engines.BATCH[items[0]["engine"]]
    results, sources = [], []
    with tempfile.TemporaryDirectory() as temp:
        for item in items:
            try:
                invoice, doc, truth, rng = prepare(item)
                source = os.path.join(temp, invoice.posting + suffix)
                write(doc, source, rng)
                sources.append((source, invoice, truth))
            except Exception:
                results.append((None, {"seed": item["seed"], "engine": item["engine"]}, traceback.format_exc(limit=3)))
        try:
            engines.soffice_convert([s for s, _, _ in sources], temp)
        except Exception:
            return results + [(None, {"seed": t["seed"], "engine": t["engine"]}, traceback.format_exc(limit=3))
                              for _, _, t in sources]
        for source, invoice, truth in sources:
            produced = source[:-len(suffix)] + ".pdf"
            if os.path.exists(produced):
                os.replace(produced, os.path.join(folder, truth["file"]))
                results.append((invoice, truth, None))
            else:
                results.append((None, {"seed": truth["seed"], "engine": truth["engine"]}, "soffice wrote no PDF"))
    return results


def generate_set(set_name, clean, defects, out, scan_every, engine_names, jobs):
    folder = os.path.join(out, set_name)
    os.makedirs(os.path.join(folder, "pdf"), exist_ok=True)
    items = plan(set_name, clean, defects, scan_every, engine_names)
    direct = [(i, folder) for i in items if i["engine"] in engines.DIRECT]
    batches = []
    for engine in engines.BATCH:
        chunk = [i for i in items if i["engine"] == engine]
        batches += [(chunk[s:s + 60], folder) for s in range(0, len(chunk), 60)]
    results = []
    started = time.time()
    with Pool(jobs) as pool:
        pending = pool.map_async(render_batch, batches, chunksize=1)
        for n, result in enumerate(pool.imap_unordered(render_direct, direct, chunksize=4), 1):
            results.append(result)
            if n % 200 == 0:
                print("  %s: %d of %d drawn (%.0f s)" % (set_name, n, len(direct), time.time() - started), flush=True)
        for chunk in pending.get():
            results += chunk
    failures = [(t, e) for inv, t, e in results if inv is None]
    drawn = sorted([(t, inv) for inv, t, e in results if inv is not None], key=lambda r: r[0]["seed"])
    for name, scanned in (("orders.csv", False), ("orders-scans.csv", True)):
        with open(os.path.join(folder, name), "w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=model.EXPORT_COLUMNS)
            writer.writeheader()
            for truth, invoice in drawn:
                if truth["scan"] == scanned:
                    writer.writerows(model.export_rows(invoice, truth["file"]))
    with open(os.path.join(folder, "truth.jsonl"), "w", encoding="utf-8") as file:
        for truth, _ in drawn:
            file.write(json.dumps(truth, ensure_ascii=False) + "\n")
    with open(os.path.join(folder, "failures.txt"), "w", encoding="utf-8") as file:
        for truth, error in failures:
            file.write("seed %s (%s):\n%s\n" % (truth["seed"], truth["engine"], error))
    print("%s: %d invoices drawn, %d failed to draw (%s), in %.0f s" % (
        set_name, len(drawn), len(failures), os.path.join(folder, "failures.txt"), time.time() - started), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=".build/corpus")
    parser.add_argument("--dev-clean", type=int, default=300)
    parser.add_argument("--dev-defects", type=int, default=100)
    parser.add_argument("--eval-clean", type=int, default=2000)
    parser.add_argument("--eval-defects", type=int, default=500)
    parser.add_argument("--scan-every", type=int, default=40, help="every Nth invoice is scanned (0: none)")
    parser.add_argument("--engines", default="", help="comma-separated subset of: " + ", ".join(engines.ENGINES))
    parser.add_argument("--sets", default="dev,eval")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    found, missing = engines.available()
    for engine, reason in missing.items():
        print("engine %s left out: %s" % (engine, reason), file=sys.stderr)
    names = [e for e in (args.engines.split(",") if args.engines else engines.ENGINES) if e in found]
    for set_name in args.sets.split(","):
        clean, defects = (args.dev_clean, args.dev_defects) if set_name == "dev" else (args.eval_clean, args.eval_defects)
        generate_set(set_name, clean, defects, args.out, args.scan_every, names, args.jobs)


if __name__ == "__main__":
    main()
