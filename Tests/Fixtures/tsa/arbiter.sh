#!/bin/sh
# Plays the arbiter on a Faktura dispute bundle with nothing but unzip, sha256sum, grep, cut,
# seq and openssl, following the steps of the bundle's data/VERIFY.txt. No Faktura, no Swift.
#
#   arbiter.sh BUNDLE.zip WORKFOLDER
#
# Exit 0 and "ARBITER: OK" when every step holds; otherwise exit 1 naming the step that failed.
set -u
zip=$1
work=$2
fail() { echo "ARBITER: FAILED at $1"; exit 1; }

mkdir -p "$work" && cd "$work" || fail "setup"
unzip -q -o "$zip" || fail "unzip"
bag=$(ls -d faktura-* | head -1)
cd "$bag" || fail "the bag folder"

# Step 1: the bag's manifests.
sha256sum -c --quiet tagmanifest-sha256.txt || fail "step 1 (tagmanifest-sha256.txt)"
sha256sum -c --quiet manifest-sha256.txt || fail "step 1 (manifest-sha256.txt)"
if [ -f tagmanifest-sha256.txt.p7s ]; then
  openssl cms -verify -binary -inform DER -in tagmanifest-sha256.txt.p7s -content tagmanifest-sha256.txt \
    -noverify -out /dev/null 2>&1 | grep -q 'Verification successful' || fail "step 1 (the seller's signature)"
fi

# Step 2: the chain, from the first entry file to the last, every previous line the hash before.
first=$(ls data/chain | sed 's/entry-\([0-9]*\)\.txt/\1/' | sort -n | head -1)
last=$(ls data/chain | sed 's/entry-\([0-9]*\)\.txt/\1/' | sort -n | tail -1)
prev=
for n in $(seq "$first" "$last"); do
  f=data/chain/entry-$n.txt
  [ -f "$f" ] || fail "step 2 (entry $n is missing)"
  head -1 "$f" | grep -qx 'faktura-archive-entry 1' || fail "step 2 (entry $n: not an entry encoding)"
  grep -qx "sequence ${#n}:$n" "$f" || fail "step 2 (entry $n: its sequence line)"
  h=$(sha256sum "$f" | cut -c1-64)
  p=$(grep '^previous ' "$f" | cut -d: -f2)
  if [ -n "$prev" ] && [ "$p" != "$prev" ]; then fail "step 2 (entry $n does not link to entry $((n - 1)))"; fi
  prev=$h
done

# Step 3: every PDF of the posting's entries is named by its entry.
for pdf in data/entry-*/*.pdf; do
  [ -f "$pdf" ] || continue
  n=$(echo "$pdf" | sed 's|data/entry-\([0-9]*\)/.*|\1|')
  h=$(sha256sum "$pdf" | cut -c1-64)
  grep -qx "document-sha256 64:$h" "data/chain/entry-$n.txt" || fail "step 3 ($pdf is not the PDF entry $n names)"
done

# Step 4: every time stamp verifies over the hash of the entry it covers.
for token in data/timestamps/head-*.tsr; do
  [ -f "$token" ] || fail "step 4 (the bundle holds no time stamp)"
  n=$(basename "$token" | cut -d- -f2)
  digest=$(sha256sum "data/chain/entry-$n.txt" | cut -c1-64)
  openssl ts -verify -digest "$digest" -in "$token" -CAfile data/timestamps/tsa-ca.pem 2>&1 | grep -q '^Verification: OK' \
    || fail "step 4 ($token does not verify over entry $n)"
done
echo "ARBITER: OK (entries $first-$last, $(ls data/timestamps/head-*.tsr | wc -l) time stamp(s))"
