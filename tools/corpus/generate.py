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


def plan(set_name, clean, defects, scan_every, engine_names, first_index=0):
    """The items of one set: seed, engine, defect kind (or None), whether it is scanned.
    first_index moves the set's seeds on (seed = the set's base + first_index + i), so that a
    further development set draws invoices no earlier one holds.
    Defects are spread evenly over the set (not all at its end), so that any prefix of the
    set, such as what a run stopped early wrote, has clean and defective invoices alike."""
    kinds = list(model.DEFECTS)
    items, planted = [], 0
    total = clean + defects
    for i in range(total):
        seed = SET_SEEDS[set_name] + first_index + i
        defective = (i + 1) * defects // total > i * defects // total
        kind = kinds[planted % len(kinds)] if defective else None
        planted += defective
        # One scan in each block of scan_every invoices, at an offset that moves from block to
        # block: a fixed offset would always fall on the rows that carry a defect.
        scanned = scan_every > 0 and i % scan_every == (i // scan_every * 7 + 3) % scan_every
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


def render(task):
    """One task: a single invoice, or a batch of LibreOffice invoices; a list of results."""
    items, folder = task
    if items[0]["engine"] in engines.BATCH:
        return render_batch(items, folder)
    return [render_direct(item, folder) for item in items]


def render_direct(item, folder):
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


def render_batch(items, folder):
    """LibreOffice: writes every source of the batch, then converts them with one soffice start."""
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


def tasks(items, folder, batch=15):
    """Single invoices, and LibreOffice invoices in batches of consecutive ones, in plan order."""
    out, pending = [], {}
    for item in items:
        if item["engine"] in engines.BATCH:
            group = pending.setdefault(item["engine"], [])
            group.append(item)
            if len(group) == batch:
                out.append((group[0]["index"], (group, folder)))
                del pending[item["engine"]]
        else:
            out.append((item["index"], ([item], folder)))
    out += [(group[0]["index"], (group, folder)) for group in pending.values()]
    return [task for _, task in sorted(out, key=lambda t: t[0])]


class SetWriter:
    """Writes each drawn invoice's export rows and truth at once, so that a run stopped early
    (Ctrl-C, a deadline) leaves a consistent corpus of what it drew; `finish` sorts by seed."""

    def __init__(self, folder):
        self.folder = folder
        self.files = {}
        self.writers = {}
        for name in ("orders.csv", "orders-scans.csv"):
            self.files[name] = open(os.path.join(folder, name), "w", newline="", encoding="utf-8")
            self.writers[name] = csv.DictWriter(self.files[name], fieldnames=model.EXPORT_COLUMNS)
            self.writers[name].writeheader()
        self.files["truth"] = open(os.path.join(folder, "truth.jsonl"), "w", encoding="utf-8")
        self.files["failures"] = open(os.path.join(folder, "failures.txt"), "w", encoding="utf-8")
        self.drawn, self.failed = [], 0

    def add(self, invoice, truth, error):
        if invoice is None:
            self.failed += 1
            self.files["failures"].write("seed %s (%s):\n%s\n" % (truth["seed"], truth["engine"], error))
            self.files["failures"].flush()
            return
        name = "orders-scans.csv" if truth["scan"] else "orders.csv"
        self.writers[name].writerows(model.export_rows(invoice, truth["file"]))
        self.files[name].flush()
        self.files["truth"].write(json.dumps(truth, ensure_ascii=False) + "\n")
        self.files["truth"].flush()
        self.drawn.append((truth, invoice))

    def finish(self):
        for file in self.files.values():
            file.close()
        drawn = sorted(self.drawn, key=lambda r: r[0]["seed"])
        for name, scanned in (("orders.csv", False), ("orders-scans.csv", True)):
            with open(os.path.join(self.folder, name), "w", newline="", encoding="utf-8") as file:
                writer = csv.DictWriter(file, fieldnames=model.EXPORT_COLUMNS)
                writer.writeheader()
                for truth, invoice in drawn:
                    if truth["scan"] == scanned:
                        writer.writerows(model.export_rows(invoice, truth["file"]))
        with open(os.path.join(self.folder, "truth.jsonl"), "w", encoding="utf-8") as file:
            for truth, _ in drawn:
                file.write(json.dumps(truth, ensure_ascii=False) + "\n")


def generate_set(set_name, clean, defects, out, scan_every, engine_names, jobs, first_index=0):
    folder = os.path.join(out, set_name)
    os.makedirs(os.path.join(folder, "pdf"), exist_ok=True)
    items = plan(set_name, clean, defects, scan_every, engine_names, first_index)
    writer = SetWriter(folder)
    started = time.time()
    with Pool(jobs) as pool:
        for results in pool.imap_unordered(render, tasks(items, folder)):
            for result in results:
                writer.add(*result)
            done = len(writer.drawn) + writer.failed
            if done // 100 != (done - len(results)) // 100:
                print("  %s: %d of %d drawn (%.0f s)" % (set_name, done, len(items), time.time() - started), flush=True)
    writer.finish()
    print("%s: %d invoices drawn, %d failed to draw (%s), in %.0f s" % (
        set_name, len(writer.drawn), writer.failed, os.path.join(folder, "failures.txt"), time.time() - started),
        flush=True)


def finish_stopped(folder):
    """Makes the files of a run that was stopped early consistent: the truth lines written in
    whole whose PDF is there, the export rows of exactly those postings, both in seed order."""
    truths = []
    with open(os.path.join(folder, "truth.jsonl"), encoding="utf-8") as file:
        for line in file:
            try:
                truth = json.loads(line)
            except json.JSONDecodeError:
                continue          # the line being written when the run stopped
            if os.path.exists(os.path.join(folder, truth["file"])):
                truths.append(truth)
    truths.sort(key=lambda t: t["seed"])
    kept = {t["posting"] for t in truths}
    for name in ("orders.csv", "orders-scans.csv"):
        with open(os.path.join(folder, name), encoding="utf-8", newline="") as file:
            rows = [row for row in csv.DictReader(file) if row["posting_number"] in kept]
        order = {t["posting"]: t["seed"] for t in truths}
        rows.sort(key=lambda row: order[row["posting_number"]])
        with open(os.path.join(folder, name), "w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=model.EXPORT_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    with open(os.path.join(folder, "truth.jsonl"), "w", encoding="utf-8") as file:
        for truth in truths:
            file.write(json.dumps(truth, ensure_ascii=False) + "\n")
    print("%s: %d invoices kept (%d clean, %d with a defect, %d scans)" % (
        folder, len(truths), sum(t["defect"] == "none" for t in truths), sum(t["defect"] != "none" for t in truths),
        sum(t["scan"] for t in truths)))


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
    parser.add_argument("--dev-first-index", type=int, default=0,
                        help="the dev set's seeds start at 10,000 + this (a further dev set that shares "
                             "no invoice with an earlier one); they must stay below the eval set's")
    parser.add_argument("--finish-stopped", action="store_true",
                        help="do not draw: make the files of a run stopped early consistent (per set)")
    args = parser.parse_args()
    if args.finish_stopped:
        for set_name in args.sets.split(","):
            finish_stopped(os.path.join(args.out, set_name))
        return
    found, missing = engines.available()
    for engine, reason in missing.items():
        print("engine %s left out: %s" % (engine, reason), file=sys.stderr)
    if args.dev_first_index < 0 or SET_SEEDS["dev"] + args.dev_first_index + args.dev_clean + args.dev_defects > SET_SEEDS["eval"]:
        parser.error("--dev-first-index: the dev seeds would reach the eval set's (1,000,000 and on)")
    names = [e for e in (args.engines.split(",") if args.engines else engines.ENGINES) if e in found]
    for set_name in args.sets.split(","):
        clean, defects = (args.dev_clean, args.dev_defects) if set_name == "dev" else (args.eval_clean, args.eval_defects)
        first = args.dev_first_index if set_name == "dev" else 0
        generate_set(set_name, clean, defects, args.out, args.scan_every, names, args.jobs, first)


if __name__ == "__main__":
    main()
