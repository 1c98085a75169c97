#!/usr/bin/env python3
"""Makes the mail fixtures of the Mail tests with real mail software: Python's `email`
package writes the messages (RFC 2047 subjects, RFC 2231 file names, base64 and
quoted-printable in each charset), `mailbox` writes the mbox and the Maildir, and `dkimpy`
signs them with a test key pair made here by openssl.

Usage:  pip install dkimpy
        Tests/MailTests/Fixtures/make-fixtures.py path/to/faktura
The invoice PDFs are rendered by `faktura render` from the example export's invoices
(examples/erp-export/invoices) plus two more made here for postings 3 and 4, so the
recovered PDFs agree with examples/erp-export/orders.csv exactly.
"""
import base64, copy, json, mailbox, os, shutil, subprocess, sys, tempfile
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.message import MIMEMessage
from email.mime.text import MIMEText
from email.utils import formataddr, format_datetime
from email import policy
import datetime
import email.base64mime, email.quoprimime
import dkim

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
EXAMPLES = os.path.join(ROOT, "examples", "erp-export")
DOMAIN = "mail.seller-example.test"
SENDER = formataddr(("Ozon Seller", "noreply@" + DOMAIN))
SELLER = "seller@example.cn"
# The classic policy: it writes email.header.Header values (RFC 2047 in a chosen charset) as given.
SMTP32 = policy.compat32.clone(linesep="\r\n")


def render_pdfs(faktura, work):
    """Faktura PDFs for postings 1-7: the example invoices plus postings 3 and 4."""
    src = os.path.join(work, "invoices")
    shutil.copytree(os.path.join(EXAMPLES, "invoices"), src)
    base = json.load(open(os.path.join(src, "0100000005-0001-1.json"), encoding="utf-8"))
    for n, date, qty in (("3", "2026-11-21", "1"), ("4", "2026-11-20", "2")):
        inv = copy.deepcopy(base)
        inv["number"] = "CN-2026-00000" + n
        inv["date"] = date
        inv["order"]["orderNumber"] = "010000000%s-0001" % n
        inv["order"]["postingNumber"] = "010000000%s-0001-1" % n
        inv["lines"] = inv["lines"][:1]
        inv["lines"][0]["quantity"] = qty
        json.dump(inv, open(os.path.join(src, "010000000%s-0001-1.json" % n), "w", encoding="utf-8"),
                  ensure_ascii=False, indent=2)
    out = os.path.join(work, "pdf")
    subprocess.run([faktura, "render", src, "--out", out], check=True, stdout=subprocess.DEVNULL)
    return {n: open(os.path.join(out, "010000000%s-0001-1.pdf" % n), "rb").read() for n in "1234567"}


def keypair(work, name):
    key = os.path.join(work, name + ".pem")
    subprocess.run(["openssl", "genrsa", "-traditional", "-out", key, "1024"], check=True, stderr=subprocess.DEVNULL)
    der = subprocess.run(["openssl", "rsa", "-in", key, "-pubout", "-outform", "DER"], check=True,
                         capture_output=True).stdout
    return open(key, "rb").read(), base64.b64encode(der).decode()


def sign(raw, selector, key):
    signature = dkim.sign(raw, selector.encode(), DOMAIN.encode(), key,
                          canonicalize=(b"relaxed", b"relaxed"),
                          include_headers=[b"From", b"To", b"Subject", b"Date", b"Message-ID", b"Content-Type"])
    return signature + raw


def encoded_word(text, charset):
    """An RFC 2047 word labelled with the charset's MIME name, as QQ, 163 or Yandex mail write
    it (email.header.Header would label GB2312 with Python's codec name, eucgb2312_cn)."""
    if charset == "koi8-r":
        return email.quoprimime.header_encode(text.encode(charset), charset)
    return email.base64mime.header_encode(text.encode(charset), charset)


def headers(msg, subject, charset, n, day):
    msg["From"] = SENDER
    msg["To"] = SELLER
    msg["Subject"] = encoded_word(subject, charset) if charset else subject
    msg["Date"] = format_datetime(datetime.datetime(2026, 11, day, 9, n, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3))))
    msg["Message-ID"] = "<order-%s@%s>" % (n, DOMAIN)
    msg["Received"] = "from mx.%s by mx.example.cn; %s" % (DOMAIN, format_datetime(
        datetime.datetime(2026, 11, day, 9, n, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))))


def pdf_part(pdf, name, subtype="pdf", maintype="application", rfc2231=True):
    part = MIMEApplication(pdf, _subtype=subtype)
    if name is not None:
        if rfc2231:
            part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", name))
        else:
            part.add_header("Content-Disposition", "attachment", filename=name)
    return part


def order_mail(n, day, subject, charset, body, body_charset, pdf, name, subtype="pdf", html=None, rfc2231=True):
    msg = MIMEMultipart("mixed")
    headers(msg, subject, charset, int(n), day)
    if html is None:
        msg.attach(MIMEText(body, "plain", body_charset))
    else:
        alt = MIMEMultipart("alternative")
        alt.attach(MIMEText(body, "plain", body_charset))
        alt.attach(MIMEText(html, "html", body_charset))
        msg.attach(alt)
    if pdf is not None:
        msg.attach(pdf_part(pdf, name, subtype, rfc2231=rfc2231))
    return msg


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    faktura = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp()
    try:
        pdfs = render_pdfs(faktura, work)
        key, public = keypair(work, "ozon")
        old_key, _ = keypair(work, "old")
        with open(os.path.join(HERE, "dkim-keys.txt"), "w") as f:
            f.write("# DKIM key records for the fixtures (test keys made by make-fixtures.py)\n")
            f.write("ozon._domainkey.%s  v=DKIM1; k=rsa; p=%s\n" % (DOMAIN, public))

        mails = {}
        # 1: Windows-1251 subject and body, PDF already in the export.
        mails["cp1251"] = order_mail("1", 20, "Заказ 0100000001-0001-1: счёт-фактура", "windows-1251",
                                     "Здравствуйте! Счёт по отправлению 0100000001-0001-1 во вложении.", "windows-1251",
                                     pdfs["1"], "Счёт 0100000001-0001-1.pdf")
        # 3: UTF-8 subject, text + HTML bodies, application/pdf with an RFC 2231 name.
        mails["utf8"] = order_mail("3", 21, "Заказ 0100000003-0001-1 — ваш счёт / your invoice", "utf-8",
                                   "Счёт по отправлению во вложении.", "utf-8", pdfs["3"], "счёт-фактура.pdf",
                                   html="<p>Отправление <b>0100000003-0001-1</b>: счёт во вложении.</p>")
        # 4: GB2312 subject and body; the PDF as application/octet-stream named 发票.pdf.
        mails["gb2312"] = order_mail("4", 21, "订单 0100000004-0001-1 发票", "gb2312",
                                     "您好，货件 0100000004-0001-1 的发票见附件。", "gb2312",
                                     pdfs["4"], "发票.pdf", subtype="octet-stream")
        # 5: KOI8-R, and the PDF's base64 damaged in transit (below).
        mails["koi8r"] = order_mail("5", 21, "Отправление 0100000005-0001-1: счёт", "koi8-r",
                                    "Счёт во вложении.", "koi8-r", pdfs["5"], "invoice.pdf")
        # 7: GB18030 HTML body only names the posting; octet-stream without a name (found by %PDF-).
        mails["gb18030"] = order_mail("7", 21, "发票 / invoice", "gb18030",
                                      "见附件。", "gb18030", pdfs["7"], None, subtype="octet-stream",
                                      html="<html><body><p>货件编号：0100000007-0001-1，发票见附件。</p></body></html>")
        # 2: forwarded as message/rfc822 by the seller's colleague (GBK).
        inner = order_mail("2", 20, "订单 0100000002-0001-1", "gbk", "发票见附件。", "gbk", pdfs["2"], "0100000002-0001-1.pdf")
        fwd = MIMEMultipart("mixed")
        fwd["From"] = formataddr(("Li Wei", "li.wei@example.cn"))
        fwd["To"] = SELLER
        fwd["Subject"] = encoded_word("转发: 订单发票", "utf-8")
        fwd["Date"] = format_datetime(datetime.datetime(2026, 11, 22, 10, 0, 0, tzinfo=datetime.timezone.utc))
        fwd["Message-ID"] = "<forward-2@example.cn>"
        fwd.attach(MIMEText("请看转发的邮件。", "plain", "utf-8"))
        fwd.attach(MIMEMessage(inner))
        # 6: signed, then its body changed after signing.
        mails["tampered"] = order_mail("6", 20, "Order 0100000006-0001-1 invoice", None,
                                       "Invoice for posting 0100000006-0001-1 attached. Total 26188.34 RUB.", "us-ascii",
                                       pdfs["6"], "0100000006-0001-1.pdf", rfc2231=False)
        # A mail that is no order at all.
        note = EmailMessage()
        note["From"] = SENDER
        note["To"] = SELLER
        note["Subject"] = "Newsletter"
        note["Date"] = format_datetime(datetime.datetime(2026, 11, 23, 8, 0, 0, tzinfo=datetime.timezone.utc))
        note["Message-ID"] = "<newsletter@%s>" % DOMAIN
        note.set_content("No orders today.\nFrom the team.\n")

        raw = {name: m.as_bytes(policy=SMTP32) for name, m in mails.items()}
        raw["forwarded"] = fwd.as_bytes(policy=SMTP32)
        raw["newsletter"] = note.as_bytes(policy=policy.SMTP)
        for name in ("cp1251", "utf8", "gb2312", "koi8r", "tampered"):
            raw[name] = sign(raw[name], "ozon", key)
        raw["gb18030"] = sign(raw["gb18030"], "old", old_key)       # a selector the key file does not hold
        raw["tampered"] = raw["tampered"].replace(b"Total 26188.34 RUB.", b"Total 16188.34 RUB.")
        # Damage posting 5's PDF in transit: a run of base64 replaced by bytes outside its alphabet.
        head, sep, tail = raw["koi8r"].partition(b"filename*=utf-8''invoice.pdf\r\n\r\n")
        assert sep, "the attachment header of posting 5's mail was not found"
        tail = tail[:200] + b"!!**~~##" + tail[208:]
        raw["koi8r"] = head + sep + tail

        eml = os.path.join(HERE, "eml")
        shutil.rmtree(eml, ignore_errors=True)
        os.makedirs(eml)
        for name, data in raw.items():
            open(os.path.join(eml, name + ".eml"), "wb").write(data)

        path = os.path.join(HERE, "orders.mbox")
        if os.path.exists(path):
            os.remove(path)
        box = mailbox.mbox(path)
        for name in ("cp1251", "utf8", "gb2312", "koi8r", "gb18030", "forwarded", "tampered", "newsletter"):
            box.add(raw[name])   # bytes: stored as they are (only From lines escaped)
        box.flush()
        box.close()

        md = os.path.join(HERE, "Maildir")
        shutil.rmtree(md, ignore_errors=True)
        maildir = mailbox.Maildir(md, create=True)
        for name in ("utf8", "newsletter"):
            maildir.add(raw[name])
        seen = mailbox.MaildirMessage(raw["gb2312"])
        seen.set_subdir("cur")
        seen.add_flag("S")
        maildir.add(seen)
        maildir.close()
        # Git keeps no empty folders; a Maildir's tmp/ holds nothing worth keeping.
        shutil.rmtree(os.path.join(md, "tmp"), ignore_errors=True)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
