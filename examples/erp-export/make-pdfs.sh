#!/bin/sh
# Renders the example attachments with `faktura render` and breaks two of them on purpose.
# Usage: examples/erp-export/make-pdfs.sh [path/to/faktura]   (default: faktura on PATH)
set -eu
FAKTURA=${1:-faktura}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$FAKTURA" render "$HERE/invoices" --out "$TMP"
mkdir -p "$HERE/pdf"
for posting in 0100000001-0001-1 0100000002-0001-1 0100000006-0001-1 0100000007-0001-1; do
  cp "$TMP/$posting.pdf" "$HERE/pdf/$posting.pdf"
done
# Posting 5: a transfer that stopped after 9000 bytes.
head -c 9000 "$TMP/0100000005-0001-1.pdf" > "$HERE/pdf/0100000005-0001-1.pdf"
# Posting 4: an HTML error page saved under the PDF's name.
printf '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>502 Bad Gateway</h1><p>The ERP'"'"'s file service saved this error page instead of the invoice PDF.</p></body></html>\n' \
  > "$HERE/pdf/0100000004-0001-1.pdf"
# Posting 1's row records the SHA-256 of its PDF: update it in orders.csv.
SHA=$(sha256sum "$HERE/pdf/0100000001-0001-1.pdf" | cut -d' ' -f1)
sed -i -E "s#(pdf/0100000001-0001-1\.pdf,)[0-9a-f]{64}#\1$SHA#" "$HERE/orders.csv"
echo "rendered into $HERE/pdf"
