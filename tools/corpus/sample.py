#!/usr/bin/env python3
"""Copies a small fixed sample of the DEV set into the repository for tests that run without
the engines (never from the eval set: the eval set stays unseen).

    python3 tools/corpus/sample.py [--dev .build/corpus/dev] [--out Tests/ValidateTests/Fixtures/world]

The sample holds, for every engine (scans included), clean invoices in several languages and
planted defects, so that every engine, language and defect kind is represented; invoices of
few lines are preferred to keep the PDFs small. Writes orders.csv (text PDFs),
orders-scans.csv, truth.jsonl and pdf/."""
import argparse
import csv
import json
import os
import shutil


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", default=".build/corpus/dev")
    parser.add_argument("--out", default="Tests/ValidateTests/Fixtures/world")
    parser.add_argument("--max-bytes", type=int, default=4_000_000)
    args = parser.parse_args()
    with open(os.path.join(args.dev, "truth.jsonl"), encoding="utf-8") as file:
        truths = [json.loads(line) for line in file]
    size = lambda t: os.path.getsize(os.path.join(args.dev, t["file"]))
    # Small first; among equals the seed decides, so the same corpus gives the same sample.
    truths.sort(key=lambda t: (t["lines"] > 12, size(t), t["seed"]))
    chosen, languages, kinds = [], set(), set()
    per_engine = {}
    for t in truths:
        clean = t["defect"] == "none"
        have = per_engine.setdefault(t["engine"], {"clean": set(), "defect": 0})
        limit_clean = 1 if t["scan"] else 3
        if clean and len(have["clean"]) < limit_clean and t["language"] not in have["clean"]:
            have["clean"].add(t["language"])
        elif not clean and have["defect"] < (1 if t["scan"] else 2) and t["defect"] not in kinds:
            have["defect"] += 1
        else:
            continue
        chosen.append(t)
        languages.add(t["language"])
        kinds.add(t["defect"])
    # Two long tables over several pages with the header repeated (the smallest such PDFs).
    long = [t for t in truths if t["lines"] >= 25 and not t["scan"] and t not in chosen]
    chosen += sorted(long, key=size)[:2]
    # Whatever language or defect kind is still missing: its smallest invoice.
    for t in truths:
        if t in chosen:
            continue
        if t["language"] not in languages or t["defect"] not in kinds:
            chosen.append(t)
            languages.add(t["language"])
            kinds.add(t["defect"])
    total = sum(size(t) for t in chosen)
    if total > args.max_bytes:
        raise SystemExit("the sample would take %d bytes, over --max-bytes %d" % (total, args.max_bytes))
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(os.path.join(args.out, "pdf"))
    chosen.sort(key=lambda t: t["seed"])
    postings = {t["posting"] for t in chosen}
    for t in chosen:
        shutil.copyfile(os.path.join(args.dev, t["file"]), os.path.join(args.out, t["file"]))
    for name in ("orders.csv", "orders-scans.csv"):
        with open(os.path.join(args.dev, name), encoding="utf-8", newline="") as source, \
                open(os.path.join(args.out, name), "w", encoding="utf-8", newline="") as target:
            reader = csv.DictReader(source)
            writer = csv.DictWriter(target, fieldnames=reader.fieldnames)
            writer.writeheader()
            writer.writerows(row for row in reader if row["posting_number"] in postings)
    with open(os.path.join(args.out, "truth.jsonl"), "w", encoding="utf-8") as file:
        for t in chosen:
            file.write(json.dumps(t, ensure_ascii=False) + "\n")
    engines = sorted({t["engine"] for t in chosen})
    print("%d invoices, %.1f MB: engines %s; languages %s; defects %s" % (
        len(chosen), total / 1e6, ", ".join(engines), ", ".join(sorted(languages)), ", ".join(sorted(kinds))))


if __name__ == "__main__":
    main()
