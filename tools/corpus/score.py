#!/usr/bin/env python3
"""Scores `faktura audit` on the corpus that generate.py wrote, against its ground truth.

    python3 tools/corpus/score.py [--corpus .build/corpus] [--faktura .build/release/faktura]
                                  [--sets dev,eval] [--no-scans] [--json FILE]

For each set it audits orders.csv (text PDFs) and orders-scans.csv (scans) with
`faktura audit EXPORT --attachments SET --format json`, times the text audit (PDFs/s by the
wall clock), and compares each posting with truth.jsonl:

- a clean posting with any finding of severity error is a false alarm;
- a planted defect is found with its expected code (an error of that code; "found alone"
  when no error of another code came with it: while clean invoices raise false alarms, a
  "found" may be one of them by chance), found with
  another code (errors, none of the expected code), or missed (no error; a warning of the
  expected code is counted apart as "warned").

It prints one table per set: overall, per engine, per language and per defect kind. The
evaluation set's figures are to be reported, never tuned on (README.md)."""
import argparse
import collections
import json
import os
import resource
import subprocess
import sys
import time


def become_subreaper():
    """Makes this process the reaper of its orphaned descendants (Linux prctl
    PR_SET_CHILD_SUBREAPER). `faktura audit` leaves its reader processes (faktura-pdf-reader)
    to end on their own when it exits: unreaped by it, their CPU time would not reach
    RUSAGE_CHILDREN, and the CPU a PDF would leave out the reading of the PDFs. Returns
    whether it worked (elsewhere the figure is the audit process's alone, and says so)."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


REAPS_READERS = become_subreaper()


def reap_orphans():
    """Waits for the reader processes the audit left behind (they end once its pipes close), so
    that their CPU time is counted."""
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return
        except InterruptedError:
            continue


def audit(faktura, export, attachments, report):
    """Runs the audit; returns (report JSON, wall seconds, CPU seconds of the audit and its
    reader processes). Exit 0 or 1 is a report; 2 is not."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    with open(report, "w", encoding="utf-8") as out:
        result = subprocess.run([faktura, "audit", export, "--attachments", attachments, "--format", "json"],
                                stdout=out, stderr=subprocess.PIPE, text=True, timeout=6 * 3600)
    elapsed = time.monotonic() - started
    if REAPS_READERS:
        reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode not in (0, 1):
        sys.exit("faktura audit %s exited %d: %s" % (export, result.returncode, result.stderr.strip()[:2000]))
    with open(report, encoding="utf-8") as file:
        return json.load(file), elapsed, cpu


def verdicts(truths, report):
    """One verdict per ground-truth posting."""
    postings = {p["postingNumber"]: p for p in report["postings"]}
    out = []
    for truth in truths:
        posting = postings.get(truth["posting"])
        findings = posting["findings"] if posting else []
        errors = sorted({f["code"] for f in findings if f["severity"] == "error"})
        warnings = sorted({f["code"] for f in findings if f["severity"] == "warning"})
        if posting is None:
            verdict = "not in report"
        elif truth["defect"] == "none":
            verdict = "false alarm" if errors else "clean ok"
        elif truth["expected_code"] in errors:
            verdict = "found"
        elif errors:
            verdict = "other code"
        elif truth["expected_code"] in warnings:
            verdict = "warned"
        else:
            verdict = "missed"
        out.append({"truth": truth, "verdict": verdict, "errors": errors, "warnings": warnings,
                    "messages": [f["message"] for f in findings if f["severity"] == "error"][:3]})
    return out


COLUMNS = ["clean", "false alarms", "FA %", "defects", "found", "found alone", "other code", "warned", "missed",
           "found %"]


def tally(rows):
    count = collections.Counter(r["verdict"] for r in rows)
    clean = count["clean ok"] + count["false alarm"]
    defects = count["found"] + count["other code"] + count["warned"] + count["missed"]
    return [clean, count["false alarm"], "%.1f" % (100 * count["false alarm"] / clean) if clean else "-",
            defects, count["found"], sum(1 for r in rows if r["verdict"] == "found" and len(r["errors"]) == 1),
            count["other code"], count["warned"], count["missed"],
            "%.1f" % (100 * count["found"] / defects) if defects else "-"]


def table(title, groups):
    lines = ["", title, "| %s | %s |" % ("", " | ".join(COLUMNS)), "|---|%s" % ("---:|" * len(COLUMNS))]
    for name, rows in groups:
        lines.append("| %s | %s |" % (name, " | ".join(str(v) for v in tally(rows))))
    return "\n".join(lines)


def by(rows, key):
    groups = collections.defaultdict(list)
    for r in rows:
        groups[key(r)].append(r)
    return sorted(groups.items())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=".build/corpus")
    parser.add_argument("--faktura", default=os.environ.get("FAKTURA", ".build/release/faktura"))
    parser.add_argument("--sets", default="dev,eval")
    parser.add_argument("--no-scans", action="store_true", help="leave the scans (OCR, slow) out")
    parser.add_argument("--json", help="write every posting's verdict to this file (JSON Lines)")
    parser.add_argument("--reports", default=".build/corpus-reports",
                        help="folder for the audit's JSON reports, one subfolder per set (never the set's own folder, "
                             "which may be the committed sample)")
    args = parser.parse_args()
    faktura = os.path.abspath(args.faktura)
    if not os.access(faktura, os.X_OK):
        sys.exit("no faktura binary at %s: build it (make build) or pass --faktura / FAKTURA" % faktura)
    every = []
    for set_name in args.sets.split(","):
        folder = os.path.join(args.corpus, set_name)
        truth_path = os.path.join(folder, "truth.jsonl")
        if not os.path.exists(truth_path):
            print("%s: no corpus at %s (run generate.py)" % (set_name, folder))
            continue
        with open(truth_path, encoding="utf-8") as file:
            truths = [json.loads(line) for line in file]
        rows, speed = [], ""
        for export, scanned in (("orders.csv", False), ("orders-scans.csv", True)):
            part = [t for t in truths if t["scan"] == scanned]
            if not part or (scanned and args.no_scans):
                continue
            reports = os.path.join(args.reports, set_name)
            os.makedirs(reports, exist_ok=True)
            report, elapsed, cpu = audit(faktura, os.path.join(folder, export), folder,
                                         os.path.join(reports, "report-" + export.replace(".csv", ".json")))
            rows += verdicts(part, report)
            kind = "scanned" if scanned else "text"
            speed += ("  %s: %d PDFs audited in %.2f s wall = %.0f PDFs/s; %.2f ms CPU a PDF (%s) = %.0f PDFs/s on "
                      "2 idle cores; load average %.1f\n"
                      % (kind, len(part), elapsed, len(part) / elapsed, 1000 * cpu / len(part),
                         "audit and readers" if REAPS_READERS else "audit alone: the readers' CPU is not counted here",
                         2 * len(part) / cpu if cpu > 0 else 0, os.getloadavg()[0]))
        every += rows
        print("\n## %s set (%s)\n\n%s" % (set_name, folder, speed.rstrip()))
        print(table("### overall", [("all", rows), ("text PDFs", [r for r in rows if not r["truth"]["scan"]]),
                                    ("scans", [r for r in rows if r["truth"]["scan"]])]))
        print(table("### per engine", by(rows, lambda r: r["truth"]["engine"])))
        print(table("### per language", by(rows, lambda r: r["truth"]["language"])))
        print(table("### per defect kind (expected code)", by(
            [r for r in rows if r["truth"]["defect"] != "none"],
            lambda r: "%s (%s)" % (r["truth"]["defect"], r["truth"]["expected_code"]))))
        alarms = collections.Counter(code for r in rows if r["verdict"] == "false alarm" for code in r["errors"])
        print("\nfalse alarms by code: " + (", ".join("%s %d" % kv for kv in alarms.most_common()) or "none"))
        others = collections.Counter((r["truth"]["defect"], tuple(r["errors"])) for r in rows if r["verdict"] == "other code")
        if others:
            print("defects found with another code: " + ", ".join(
                "%s as %s: %d" % (k[0], "+".join(k[1]), n) for k, n in others.most_common(12)))
        missing = [r for r in rows if r["verdict"] == "not in report"]
        if missing:
            print("postings missing from the report: %d" % len(missing))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as file:
            for r in every:
                file.write(json.dumps({"set": r["truth"]["set"], "posting": r["truth"]["posting"],
                                       "engine": r["truth"]["engine"], "language": r["truth"]["language"],
                                       "defect": r["truth"]["defect"], "verdict": r["verdict"], "errors": r["errors"],
                                       "warnings": r["warnings"], "messages": r["messages"]}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
