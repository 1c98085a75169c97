#!/usr/bin/python3
"""The console's audit of a large export, measured as a seller would meet it.

Makes an export of N postings (one line each) with their N invoice PDFs rendered by
`faktura render`, starts `faktura serve`, drops the export and the PDFs on the console's Audit
page in headless chromium (Selenium), and prints the time from the click on "Run the audit" to
the report on screen, the server's own numbers (upload arrival to report) and the peak resident
memory (VmHWM) of the server process and of its PDF reader processes.

    tools/console-bench/console_bench.py --faktura .build/release/faktura --postings 2000
"""
import argparse
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def make_export(folder, count, faktura):
    with open(os.path.join(ROOT, "examples/erp-export/invoices/0100000002-0001-1.json"), encoding="utf-8") as f:
        template = json.load(f)
    invoices = os.path.join(folder, "invoices")
    os.makedirs(invoices)
    rows = []
    for index in range(count):
        posting = f"02{index:08d}-0001-1"
        invoice = json.loads(json.dumps(template))
        invoice["number"] = f"CN-BENCH-{index:06d}"
        invoice["order"]["postingNumber"] = posting
        invoice["order"]["orderNumber"] = posting[:-2]
        with open(os.path.join(invoices, f"{posting}.json"), "w", encoding="utf-8") as f:
            json.dump(invoice, f, ensure_ascii=False)
        line = invoice["lines"][0]
        rows.append({"posting_number": posting, "order_number": posting[:-2], "status": "awaiting_packaging",
                     "order_date": invoice["date"], "currency": invoice["currency"], "sku": line.get("sku", ""),
                     "offer_id": line.get("offerId", ""), "product_name": line["name"], "quantity": line["quantity"],
                     "unit_price": line["price"], "vat_rate": line["vatRate"], "hs_code": line["hsCode"],
                     "origin_country": line["originCountry"], "seller_tax_id": invoice["seller"]["taxIds"][0]["value"],
                     "buyer_inn": invoice["buyer"]["taxIds"][0]["value"], "buyer_kpp": invoice["buyer"]["taxIds"][1]["value"],
                     "invoice_number": invoice["number"], "invoice_date": invoice["date"], "invoice_total": "",
                     "invoice_file": f"pdf/{posting}.pdf"})
    pdfs = os.path.join(folder, "pdf")
    started = time.time()
    subprocess.run([faktura, "render", invoices, "--out", pdfs], check=True, stdout=subprocess.DEVNULL)
    print(f"rendered {count} PDFs in {time.time() - started:.1f} s", flush=True)
    export = os.path.join(folder, "orders.csv")
    with open(export, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    return export, [os.path.join(pdfs, name) for name in sorted(os.listdir(pdfs))]


def peak_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1))
    except (OSError, AttributeError):
        return 0


def children(pid):
    """The processes the server started (its PDF readers), from every thread of it."""
    found = []
    for task in os.listdir(f"/proc/{pid}/task") if os.path.isdir(f"/proc/{pid}/task") else []:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(p) for p in f.read().split()]
        except OSError:
            continue
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--faktura", default=os.path.join(ROOT, ".build/release/faktura"))
    parser.add_argument("--postings", type=int, default=2000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="faktura-console-bench-")
    server = None
    driver = None
    try:
        export, pdfs = make_export(folder, args.postings, args.faktura)
        size = sum(os.path.getsize(p) for p in pdfs) + os.path.getsize(export)
        print(f"export {args.postings} postings, {len(pdfs)} PDFs, {size / 1e6:.1f} MB", flush=True)
        log = open(os.path.join(folder, "serve.log"), "w")
        server = subprocess.Popen([args.faktura, "serve", "--port", "0", "--store", os.path.join(folder, "store")], stderr=log)
        port = None
        deadline = time.time() + 30
        while port is None and time.time() < deadline:
            with open(os.path.join(folder, "serve.log")) as f:
                found = re.search(r'"address":"127\.0\.0\.1:(\d+)"', f.read())
            port = found and int(found.group(1))
            time.sleep(0.1)
        url = f"http://127.0.0.1:{port}/"
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,768",
                         f"--user-data-dir={os.path.join(folder, 'chromium')}"]:
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        driver.get(url + "#/audit")
        chooser = WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "audit-files")))
        chooser.send_keys("\n".join([export] + pdfs))
        WebDriverWait(driver, 60).until(lambda d: not d.find_element(By.ID, "audit-run").get_attribute("disabled"))
        readers_peak = 0
        started = time.time()
        driver.find_element(By.ID, "audit-run").click()
        while not driver.find_elements(By.CSS_SELECTOR, "#audit-report[data-audit] #audit-counts"):
            if time.time() - started > 1800:
                raise SystemExit("no report within 30 minutes")
            readers_peak = max([readers_peak] + [peak_kib(child) for child in children(server.pid)])
            time.sleep(0.2)
        elapsed = time.time() - started
        audit = driver.find_element(By.ID, "audit-report").get_attribute("data-audit")
        with urllib.request.urlopen(f"{url}v1/audits/{audit}") as response:
            job = json.load(response)
        counts = {e.get_attribute("data-count"): e.find_element(By.TAG_NAME, "b").text
                  for e in driver.find_elements(By.CSS_SELECTOR, "#audit-counts .count")}
        print(f"drop to report: {elapsed:.1f} s (click on 'Run the audit' to the counts on screen)")
        print(f"server: audit {job.get('seconds')} s from the upload's arrival; counts on screen {counts}")
        print(f"server peak RSS (VmHWM): {peak_kib(server.pid) / 1024:.0f} MiB; largest PDF reader process: {readers_peak / 1024:.0f} MiB")
        print(f"load average after: {open('/proc/loadavg').read().split()[:3]}")
    finally:
        if driver:
            driver.quit()
        if server:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
