#!/usr/bin/env python3
"""Makes the hostile mails of the Mail and CLI tests (issue 28) into Fixtures/hostile/, with the
same tools as make-fixtures.py (whose helpers it imports): Python's `email` package writes the
messages, `dkimpy` signs them with a test key pair made here by openssl.

Usage:  pip install dkimpy
        Tests/MailTests/Fixtures/make-hostile-fixtures.py

- terminal.eml: Subject (RFC 2047), Message-ID and attachment name carrying ESC sequences
  (OSC window title ended by BEL, clear screen), and U+202E; it names posting 0100000001-0001-1.
- no-from.eml, from-no-address.eml: unsigned mails without From: / with a From: that holds no
  address; no-from.eml carries posting 1's real invoice PDF (for the --archive path).
- split.mbox: an mbox whose message body has an unescaped `From ` line, so the mbox is cut
  there and the second piece has no From: and no signature.
- signed.eml: a good signature (with l= the body's length) under that key, the control.
- l-huge.eml, l-negative.eml: signed by dkimpy under the key in dkim-keys.txt here, over a
  DKIM-Signature whose l= tag is 10^30 and -5 (dkimpy's own signer, with the l= value it
  writes replaced before it signs the header).
- ../../../FuzzRegressionTests/Fixtures/fuzz-seeds/DKIM/: the three tag lists, seeds of the
  DKIM fuzz harness (which puts each input in signed.eml's place of the signature).
"""
import importlib.util, mailbox, os, shutil, subprocess, tempfile
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
import email.base64mime
import dkim

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("make_fixtures", os.path.join(HERE, "make-fixtures.py"))
base = importlib.util.module_from_spec(spec)
spec.loader.exec_module(base)

OUT = os.path.join(HERE, "hostile")
ROOT = base.ROOT
POSTING = "0100000001-0001-1"
ESC, BEL = "\x1b", "\x07"
# A window title set (OSC 0 … BEL), the screen cleared (CSI 2J), the text after U+202E reversed.
HOSTILE = ESC + "]0;pwned" + BEL + ESC + "[2J" + "\u202e" + "fdp.exe"


def tiny_pdf(text):
    """A one-page PDF naming `text`, small enough to read in a fixture."""
    content = b"BT /F1 12 Tf 72 720 Td (" + text.encode() + b") Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def mail(subject, sender=True, message_id=None, body="", attachment=None, name=None):
    msg = MIMEMultipart("mixed")
    if sender is True:
        msg["From"] = base.SENDER
    elif sender:
        msg["From"] = sender
    msg["To"] = base.SELLER
    msg["Subject"] = subject
    msg["Date"] = "Fri, 20 Nov 2026 09:01:00 +0300"
    msg["Message-ID"] = message_id or "<hostile@%s>" % base.DOMAIN
    msg.attach(MIMEText(body, "plain", "us-ascii"))
    if attachment is not None:
        part = MIMEApplication(attachment, _subtype="pdf")
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", name))
        msg.attach(part)
    return msg.as_bytes(policy=base.SMTP32)


def sign_with_length(raw, selector, key, length):
    """dkimpy's signature over a DKIM-Signature that holds l=`length` (bytes; None: the body's
    true length, as dkimpy writes it)."""
    original = dkim.DKIM.gen_header

    def gen_header(self, fields, *args, **kwargs):
        return original(self, [(k, length if k == b"l" and length is not None else v) for k, v in fields], *args, **kwargs)

    dkim.DKIM.gen_header = gen_header
    try:
        signature = dkim.sign(raw, selector.encode(), base.DOMAIN.encode(), key, canonicalize=(b"relaxed", b"relaxed"),
                              include_headers=[b"From", b"To", b"Subject", b"Date", b"Message-ID"], length=True)
    finally:
        dkim.DKIM.gen_header = original
    return signature + raw


def main():
    work = tempfile.mkdtemp()
    try:
        shutil.rmtree(OUT, ignore_errors=True)
        os.makedirs(OUT)
        key, public = base.keypair(work, "hostile")
        with open(os.path.join(OUT, "dkim-keys.txt"), "w") as f:
            f.write("# DKIM key record for the hostile fixtures (a test key made by make-hostile-fixtures.py)\n")
            f.write("hostile._domainkey.%s  v=DKIM1; k=rsa; p=%s\n" % (base.DOMAIN, public))
        raw = {}
        # The subject as an RFC 2047 word, the Message-ID as raw bytes (as a hostile sender writes them).
        raw["terminal"] = mail(email.base64mime.header_encode(("Order %s " % POSTING + HOSTILE).encode(), "utf-8"),
                               message_id="<MESSAGE-ID@evil.test>",
                               body="Invoice attached.", attachment=tiny_pdf(POSTING), name=HOSTILE + ".pdf")
        raw["terminal"] = raw["terminal"].replace(b"MESSAGE-ID", (ESC + "]0;id" + BEL + "\u202e").encode())
        invoice = open(os.path.join(ROOT, "examples", "erp-export", "pdf", POSTING + ".pdf"), "rb").read()
        raw["no-from"] = mail("Order %s invoice" % POSTING, sender=None, body="Invoice attached.",
                              attachment=invoice, name=POSTING + ".pdf")
        raw["from-no-address"] = mail("Order %s invoice" % POSTING, sender="Ozon Seller", body="Invoice attached.")
        body = "Invoice for posting %s.\n" % POSTING
        raw["signed"] = sign_with_length(mail("Order %s" % POSTING, body=body), "hostile", key, None)
        raw["l-huge"] = sign_with_length(mail("Order %s" % POSTING, body=body), "hostile", key, b"1" + b"0" * 30)
        raw["l-negative"] = sign_with_length(mail("Order %s" % POSTING, body=body), "hostile", key, b"-5")
        for name, data in raw.items():
            open(os.path.join(OUT, name + ".eml"), "wb").write(data)
        # The DKIM fuzz harness's seeds: the tag lists of the three signatures, unfolded.
        seeds = os.path.join(ROOT, "Tests", "FuzzRegressionTests", "Fixtures", "fuzz-seeds", "DKIM")
        shutil.rmtree(seeds, ignore_errors=True)
        os.makedirs(seeds)
        for name in ("signed", "l-huge", "l-negative"):
            field = raw[name]
            value = field[len(b"DKIM-Signature: "):field.index(b"\r\nContent-Type:")].replace(b"\r\n", b"")
            open(os.path.join(seeds, name + ".txt"), "wb").write(value)
        # An mbox whose body has a `From ` line that was never escaped (a writer that does not
        # quote From lines): readers cut the message there.
        box = os.path.join(OUT, "split.mbox")
        unsigned = mail("Order %s" % POSTING, body="Invoice follows.\nFrom the warehouse: shipped\nPosting: %s\n\nRegards\n" % POSTING)
        with open(box, "wb") as f:
            f.write(b"From seller@example.cn Fri Nov 20 09:01:00 2026\n" + unsigned.replace(b"\r\n", b"\n") + b"\n")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
