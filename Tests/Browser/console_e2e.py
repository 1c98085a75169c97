#!/usr/bin/python3
"""The web console in a real browser (Debian's chromium through chromedriver and Selenium).

Run by ConsoleBrowserTests (Tests/ServerTests) against a `faktura serve` it started; every wait
has a deadline, and the whole run stops itself after --deadline seconds. With --screenshots DIR
it also saves each page at 1366x768 and at a phone's width (docs/console-*.png).

Exit 0 when every check passed; otherwise the first failed check is printed and the exit is 1.
"""
import argparse
import json
import os
import re
import signal
import sys
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)
    print("ok:", message, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token-a", required=True)
    parser.add_argument("--token-b", required=True)
    parser.add_argument("--export", required=True, help="the example export (orders.csv)")
    parser.add_argument("--pdfs", required=True, help="its PDF folder")
    parser.add_argument("--hostile-export", required=True)
    parser.add_argument("--hostile-pdf", required=True)
    parser.add_argument("--invoice-json", required=True)
    parser.add_argument("--archived-posting", required=True)
    parser.add_argument("--downloads", required=True)
    parser.add_argument("--screenshots")
    parser.add_argument("--deadline", type=int, default=240)
    args = parser.parse_args()

    # The last resort: a browser that stops answering ends the run instead of holding the test.
    signal.signal(signal.SIGALRM, lambda *_: (print("console_e2e: deadline passed", flush=True), os._exit(3)))
    signal.alarm(args.deadline)

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,768",
                     "--lang=en-US", f"--user-data-dir={tempfile.mkdtemp(prefix='faktura-chromium-')}"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": args.downloads, "download.prompt_for_download": False,
                                              "intl.accept_languages": "en-US,en"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": args.downloads})
    try:
        run(driver, args)
    except Exception:
        # What the page said when a check failed, for the test's message.
        try:
            print("page:", driver.current_url, driver.find_element(By.ID, "main").text[:1500], flush=True)
            for entry in driver.get_log("browser"):
                print("browser:", entry.get("message", "")[:300], flush=True)
        except Exception as again:
            print("(the page could not be read:", again, ")", flush=True)
        raise
    finally:
        driver.quit()


def wait(driver, seconds=30):
    return WebDriverWait(driver, seconds, poll_frequency=0.2)


def no_alert(driver, when):
    try:
        driver.switch_to.alert
    except NoAlertPresentException:
        check(True, f"no script ran ({when}): no alert")
        return
    raise CheckFailed(f"an alert opened ({when}): uploaded text ran as script")


def screenshot(driver, args, name, element=None):
    if not args.screenshots:
        return
    for width, height, suffix in [(1366, 768, ""), (390, 844, "-phone")]:
        driver.set_window_size(width, height)
        time.sleep(0.4)
        driver.execute_script("document.activeElement && document.activeElement.blur();"
                              "const e = arguments[0] && document.getElementById(arguments[0]);"
                              "if (e) e.scrollIntoView(); else window.scrollTo(0, 0);", element)
        time.sleep(0.2)
        driver.save_screenshot(os.path.join(args.screenshots, f"console-{name}{suffix}.png"))
    driver.set_window_size(1366, 768)


def sign_in(driver, args, token, tenant):
    token_input = wait(driver).until(EC.visibility_of_element_located((By.ID, "token")))
    check(driver.find_element(By.CSS_SELECTOR, "label[for=token]").text != "", "the token field has a label")
    token_input.clear()
    token_input.send_keys(token)
    driver.find_element(By.ID, "sign-in").click()
    wait(driver).until(EC.text_to_be_present_in_element((By.ID, "tenant"), tenant))
    check(driver.execute_script("return sessionStorage.getItem('faktura.token')") == token, "the token is kept in sessionStorage")
    check(driver.get_cookies() == [] and token not in driver.current_url, "and in no cookie and no URL")


def run_audit(driver, files, mapping=None):
    driver.get(driver.current_url.split("#")[0] + "#/audit")
    chooser = wait(driver).until(EC.presence_of_element_located((By.ID, "audit-files")))
    driver.find_element(By.ID, "audit-clear").click()
    chooser = driver.find_element(By.ID, "audit-files")
    chooser.send_keys("\n".join(files))
    wait(driver).until(lambda d: not d.find_element(By.ID, "audit-run").get_attribute("disabled"))
    driver.find_element(By.ID, "audit-run").click()
    wait(driver, 120).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#audit-report[data-audit] #audit-counts")))
    return driver.find_element(By.ID, "audit-report").get_attribute("data-audit")


def run(driver, args):
    driver.get(args.url)
    check("Faktura" in driver.title, "the console is served at /")
    screenshot(driver, args, "sign-in")
    bad = wait(driver).until(EC.visibility_of_element_located((By.ID, "token")))
    bad.send_keys("not-a-token-of-this-server")
    driver.find_element(By.ID, "sign-in").click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "form.signin .error")))
    check(True, "an unknown token is refused on the sign-in page")
    sign_in(driver, args, args.token_a, "alpha")

    # The example export with its six PDFs, dropped as loose files.
    pdfs = [os.path.join(args.pdfs, name) for name in sorted(os.listdir(args.pdfs))]
    audit_id = run_audit(driver, [args.export] + pdfs)
    counts = {e.get_attribute("data-count"): e.find_element(By.TAG_NAME, "b").text for e in driver.find_elements(By.CSS_SELECTOR, "#audit-counts .count")}
    check(counts.get("failed") == "6" and counts.get("ok") == "2" and counts.get("skipped") == "2", f"counts by verdict: {counts}")
    expected = {"0100000003-0001-1": "ATTACHMENT_MISSING", "0100000004-0001-1": "ATTACHMENT_NOT_PDF",
                "0100000005-0001-1": "ATTACHMENT_UNREADABLE", "0100000006-0001-1": "ATTACHMENT_TOTAL_MISMATCH",
                "0100000007-0001-1": "ATTACHMENT_HS_MISMATCH", "0100000010-0001-1": "ATTACHMENT_MISSING"}
    for posting, code in expected.items():
        row = driver.find_element(By.CSS_SELECTOR, f"tr[data-posting='{posting}']")
        check(row.get_attribute("data-status") == "failed", f"{posting} failed")
        codes = [li.get_attribute("data-code") for li in row.find_elements(By.CSS_SELECTOR, "li[data-code]")]
        check(code in codes, f"{posting} shows {code}")
        check(all(li.find_elements(By.CSS_SELECTOR, ".hint") for li in row.find_elements(By.CSS_SELECTOR, "li[data-code]")), f"{posting}'s findings say how to fix them")
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("failed")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#audit-postings tbody tr")) == 6, "the verdict filter leaves the 6 failed postings")
    Select(driver.find_element(By.ID, "filter-code")).select_by_value("ATTACHMENT_MISSING")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#audit-postings tbody tr")) == 2, "the code filter leaves the 2 missing attachments")
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("all")
    Select(driver.find_element(By.ID, "filter-code")).select_by_value("all")
    search = driver.find_element(By.ID, "filter-search")
    search.send_keys("0100000007")
    rows = driver.find_elements(By.CSS_SELECTOR, "#audit-postings tbody tr")
    check(len(rows) == 1 and rows[0].get_attribute("data-posting") == "0100000007-0001-1", "the search finds a posting by its number")
    search.clear()
    search.send_keys("x")  # an event after clear() brings every row back
    search.send_keys("\b")
    screenshot(driver, args, "audit", "audit-report")
    driver.find_element(By.CSS_SELECTOR, "button[data-format=csv]").click()
    csv_path = os.path.join(args.downloads, "audit-orders.csv")
    wait(driver).until(lambda d: os.path.exists(csv_path) and os.path.getsize(csv_path) > 0)
    with open(csv_path, encoding="utf-8") as f:
        csv = f.read()
    check(csv.startswith("posting_number,") and "ATTACHMENT_TOTAL_MISMATCH" in csv, "the CSV of failed postings downloads")
    driver.find_element(By.CSS_SELECTOR, "button[data-format=junit]").click()
    wait(driver).until(lambda d: os.path.exists(os.path.join(args.downloads, "audit-orders.xml")))
    check(True, "the JUnit report downloads")

    # Hostile text: a posting named like markup, a PDF whose invoice number is markup.
    run_audit(driver, [args.hostile_export, args.hostile_pdf])
    no_alert(driver, "hostile export")
    hostile_name = "<img src=x onerror=alert(1)>"
    cells = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#audit-postings td.number")]
    check(hostile_name in cells, "the hostile posting number is shown as text")
    check(driver.find_elements(By.CSS_SELECTOR, "#audit-postings img") == [], "and made no image element")
    messages = " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, "#audit-postings .message"))
    check("<script>" in messages, f"the PDF's hostile words are shown as text: {messages[:200]}")
    check(driver.execute_script("return window.__pwned === undefined"), "no uploaded script set window.__pwned")

    # Language: Chinese, remembered across a reload of the tab.
    Select(driver.find_element(By.ID, "language")).select_by_value("zh-Hans")
    wait(driver).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "nav a[data-page=audit]"), "审核导出文件"))
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-Hans", "the page switches to Chinese")
    wait(driver).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "#audit-counts [data-count=failed]"), "未通过"))
    # The findings themselves come back in Chinese (the report is asked again with Accept-Language).
    wait(driver).until(lambda d: any(re.search("[\u4e00-\u9fff]", e.text) for e in d.find_elements(By.CSS_SELECTOR, "#audit-postings .message")))
    check(True, "the findings are read in Chinese: " + driver.find_element(By.CSS_SELECTOR, "#audit-postings .message").text[:80])
    screenshot(driver, args, "audit-zh", "audit-report")
    driver.refresh()
    wait(driver).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "nav a[data-page=check]"), "检查发票"))
    check(Select(driver.find_element(By.ID, "language")).first_selected_option.get_attribute("value") == "zh-Hans", "the language is remembered")
    Select(driver.find_element(By.ID, "language")).select_by_value("en")
    wait(driver).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "nav a[data-page=check]"), "Check invoices"))

    # Check invoices: a PDF and a JSON invoice, a verdict each.
    driver.get(args.url + "#/check")
    wait(driver).until(EC.presence_of_element_located((By.ID, "check-files"))).send_keys(
        "\n".join([os.path.join(args.pdfs, "0100000001-0001-1.pdf"), os.path.join(args.pdfs, "0100000004-0001-1.pdf")]))
    wait(driver, 60).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#check-results article:not([data-state=running])")) == 2)
    states = {a.get_attribute("data-file"): a.get_attribute("data-state") for a in driver.find_elements(By.CSS_SELECTOR, "#check-results article")}
    check(states.get("0100000001-0001-1.pdf") == "ok" and states.get("0100000004-0001-1.pdf") == "failed", f"check verdicts per file: {states}")
    screenshot(driver, args, "check")

    # Make an invoice from the form: tax ids and HS codes checked as they are typed, the VAT
    # rate offered for the date, the PDF shown in the page.
    driver.get(args.url + "#/make")
    wait(driver).until(EC.presence_of_element_located((By.ID, "make-number"))).send_keys("CN-FORM-1")
    driver.find_element(By.ID, "make-seller-name").send_keys("Shenzhen Example Technology Co., Ltd.")
    driver.find_element(By.ID, "make-seller-tax-id").send_keys("91440300MA5G8K2P17")
    wait(driver).until(EC.text_to_be_present_in_element((By.ID, "make-seller-tax-id-check"), "cn-uscc"))
    check("good" in driver.find_element(By.ID, "make-seller-tax-id-check").get_attribute("class"), "the seller's tax id is checked live")
    driver.find_element(By.ID, "make-buyer-name").send_keys("OOO Primer")
    inn = driver.find_element(By.ID, "make-buyer-inn")
    inn.send_keys("7707083894")
    wait(driver).until(lambda d: "bad" in d.find_element(By.ID, "make-buyer-inn-check").get_attribute("class"))
    check(True, "a wrong INN is named as it is typed")
    inn.send_keys("\b3")
    wait(driver).until(lambda d: "good" in d.find_element(By.ID, "make-buyer-inn-check").get_attribute("class"))
    driver.find_element(By.ID, "make-line-0-name").send_keys("Smartphone")
    hs = driver.find_element(By.ID, "make-line-0-hs")
    hs.send_keys("77123456")
    wait(driver).until(lambda d: "bad" in d.find_element(By.ID, "make-line-0-hs-check").get_attribute("class"))
    check(True, "a wrong HS code is named as it is typed")
    hs.clear()
    hs.send_keys("8517130000")
    wait(driver).until(lambda d: "good" in d.find_element(By.ID, "make-line-0-hs-check").get_attribute("class"))
    rates = [o.get_attribute("value") for o in Select(driver.find_element(By.ID, "make-line-0-vat")).options]
    check("22%" in rates, f"the VAT rates of the date are offered: {rates}")
    driver.find_element(By.ID, "make-line-0-price").send_keys("100.00")
    driver.find_element(By.ID, "make-form-render").click()
    wait(driver, 60).until(EC.presence_of_element_located((By.ID, "make-pdf")))
    check(True, "the form's invoice is shown as a PDF")
    screenshot(driver, args, "make-form")

    # Make an invoice from its JSON → the PDF in the page → saved.
    driver.get(args.url + "#/make")
    wait(driver).until(EC.presence_of_element_located((By.ID, "make-file"))).send_keys(args.invoice_json)
    wait(driver).until(lambda d: d.find_element(By.ID, "make-json").get_attribute("value").strip().startswith("{"))
    driver.find_element(By.ID, "make-render").click()
    wait(driver, 60).until(EC.presence_of_element_located((By.ID, "make-pdf")))
    driver.find_element(By.ID, "make-save").click()
    made = os.path.join(args.downloads, os.path.basename(args.invoice_json).rsplit(".", 1)[0] + ".pdf")
    wait(driver).until(lambda d: os.path.exists(made) and os.path.getsize(made) > 1000)
    with open(made, "rb") as f:
        check(f.read(5) == b"%PDF-", "the made invoice downloads as a PDF")
    screenshot(driver, args, "make-pdf", "make-result")

    # Archive: the posting tenant alpha archived, its bundle.
    driver.get(args.url + "#/archive")
    field = wait(driver).until(EC.presence_of_element_located((By.ID, "archive-posting")))
    field.send_keys(args.archived_posting)
    driver.find_element(By.ID, "archive-find").click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "archive-bundle"))).click()
    bundle = os.path.join(args.downloads, args.archived_posting + ".zip")
    wait(driver).until(lambda d: os.path.exists(bundle) and os.path.getsize(bundle) > 0)
    with open(bundle, "rb") as f:
        check(f.read(2) == b"PK", "the dispute bundle downloads as a ZIP")
    driver.find_element(By.ID, "archive-verify").click()
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#archive-chain .badge.ok")))
    check(True, "the chain verifies")
    screenshot(driver, args, "archive")

    # Tenant beta: alpha's posting and alpha's audit are not reachable.
    driver.find_element(By.ID, "sign-out").click()
    sign_in(driver, args, args.token_b, "beta")
    driver.get(args.url + "#/archive")
    field = wait(driver).until(EC.presence_of_element_located((By.ID, "archive-posting")))
    field.send_keys(args.archived_posting)
    driver.find_element(By.ID, "archive-find").click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "archive-missing")))
    check(driver.find_elements(By.ID, "archive-bundle") == [], "another tenant's posting is not reachable from the Archive page")
    status = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/v1/audits/' + arguments[0] + '/report', {headers: {Authorization: 'Bearer ' + sessionStorage.getItem('faktura.token')}})"
        ".then(r => done(r.status)).catch(e => done(String(e)));", audit_id)
    check(status == 404, f"another tenant's audit report is 404 ({status})")
    no_alert(driver, "end")


if __name__ == "__main__":
    try:
        main()
    except (CheckFailed, TimeoutException) as failure:
        print("FAILED:", type(failure).__name__, failure, flush=True)
        sys.exit(1)
