#!/usr/bin/env python3
"""Makes the RFC 2047 subject fixtures of the Mail tests (issue 22) into Fixtures/encoded-words/
with Python's `email` package: subjects split over several encoded words, as long Chinese and
Russian subjects are written by mail programs.

Usage:  Tests/MailTests/Fixtures/make-encoded-word-fixtures.py      (standard library only)

python-header-utf8.eml carries posting 0100000004-0001-1's invoice PDF, taken from
eml/gb2312.eml (made by make-fixtures.py), so that it can be archived. subjects.json maps each file to the subject
it was given, which is also what Python's own decoder (email.header.decode_header +
make_header, which joins adjacent words of one charset before converting them) reads back:
the generator checks that before it writes anything.

- python-header-utf8: a long subject that email.header.Header folds into UTF-8 base64 words,
  several of them ending in `=` padding.
- mixed-charsets: one subject in UTF-8, GB18030 and plain ASCII words (Header.append).
- split-base64-utf8, split-base64-gb18030: the bytes cut in the middle of characters, each
  piece its own base64 word (email.base64mime.header_encode), as some mailers cut by bytes.
- split-q-utf8: the same with "Q" words (email.quoprimime.header_encode).
- cyrillic-koi8r-cp1251: a Russian subject in a KOI8-R "Q" word and a Windows-1251 base64 word.
- gbk-labelled-gb2312: GBK text (镕 is not in GB2312) under the label GB2312, as Chinese
  mail programs write it.
"""
import email, json, os, sys
import email.base64mime, email.quoprimime
from email import policy
from email.header import Header, decode_header, make_header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "encoded-words")
POSTING = "0100000004-0001-1"
SMTP32 = policy.compat32.clone(linesep="\r\n")

CHINESE = "订单 %s 的发票已开具，请查收附件中的增值税专用发票（共 1 页），谢谢！" % POSTING
RUSSIAN = "Отправление %s: счёт-фактура и упаковочный лист" % POSTING


def pieces(data, cuts):
    """`data` cut at the byte offsets `cuts`."""
    bounds = [0] + cuts + [len(data)]
    return [data[a:b] for a, b in zip(bounds, bounds[1:])]


def subjects():
    out = {}
    out["python-header-utf8"] = (CHINESE, Header(CHINESE, "utf-8", maxlinelen=40).encode())
    h = Header()
    h.append("订单发票 ", "utf-8")
    h.append("货件已发出，请查收", "gb18030")
    h.append(" %s " % POSTING, "us-ascii")
    h.append("（增值税专用发票）", "utf-8")
    out["mixed-charsets"] = ("订单发票 货件已发出，请查收 %s （增值税专用发票）" % POSTING, h.encode())
    data = CHINESE.encode("utf-8")
    out["split-base64-utf8"] = (CHINESE, "\r\n ".join(
        email.base64mime.header_encode(p, "utf-8") for p in pieces(data, [1, 8, 40, 41, 70])))
    data = CHINESE.encode("gb18030")
    out["split-base64-gb18030"] = (CHINESE, " ".join(
        email.base64mime.header_encode(p, "gb18030") for p in pieces(data, [1, 5, 30, 47])))
    data = CHINESE.encode("utf-8")
    out["split-q-utf8"] = (CHINESE, "\r\n ".join(
        email.quoprimime.header_encode(p, "utf-8") for p in pieces(data, [2, 25, 50, 76])))
    words = RUSSIAN.split(": ")
    out["cyrillic-koi8r-cp1251"] = (RUSSIAN, email.quoprimime.header_encode((words[0] + ": ").encode("koi8-r"), "koi8-r")
                                    + "\r\n " + email.base64mime.header_encode(words[1].encode("cp1251"), "windows-1251"))
    gbk = "镕铭电子 订单 %s 发票" % POSTING
    out["gbk-labelled-gb2312"] = (gbk, email.base64mime.header_encode(gbk.encode("gbk"), "gb2312"))
    return out


def python_reads(raw):
    """What Python's decoder reads from a raw Subject value (GB2312 read as GBK, as Faktura does)."""
    parts = [(b, "gbk" if c == "gb2312" else c) for b, c in decode_header(raw)]
    return str(make_header(parts))


def invoice_pdf():
    with open(os.path.join(HERE, "eml", "gb2312.eml"), "rb") as f:
        message = email.message_from_binary_file(f, policy=policy.default)
    for part in message.iter_attachments():
        data = part.get_content()
        if data.startswith(b"%PDF-"):
            return data
    sys.exit("no PDF in eml/gb2312.eml: run make-fixtures.py first")


def main():
    pdf = invoice_pdf()
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    for n, (name, (subject, raw)) in enumerate(sorted(subjects().items()), 1):
        read = python_reads(raw)
        assert read == subject, "%s: Python reads %r, not %r" % (name, read, subject)
        msg = MIMEMultipart("mixed")
        msg["From"] = "Ozon Seller <noreply@mail.seller-example.test>"
        msg["To"] = "seller@example.cn"
        msg["Subject"] = raw
        msg["Date"] = "Sat, 21 Nov 2026 10:%02d:00 +0300" % n
        msg["Message-ID"] = "<%s@mail.seller-example.test>" % name
        msg.attach(MIMEText("发票见附件。", "plain", "utf-8"))
        if name == "python-header-utf8":
            part = MIMEApplication(pdf, _subtype="pdf")
            part.add_header("Content-Disposition", "attachment", filename=POSTING + ".pdf")
            msg.attach(part)
        with open(os.path.join(OUT, name + ".eml"), "wb") as f:
            f.write(msg.as_bytes(policy=SMTP32))
        expected[name] = subject
    with open(os.path.join(OUT, "subjects.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
