#!/usr/bin/env bash
# Golden comparison: what Faktura writes for the examples and the test corpus, kept in a folder
# so that a refactoring can be shown to change no byte of it.
#
#   tools/golden-compare.sh record OUT [BIN]   run the commands below into OUT (a new folder)
#   tools/golden-compare.sh compare A B        compare two recorded folders byte for byte
#
# BIN is the folder holding `faktura` and `faktura-pdf-reader` (default: .build/release, built
# first with `swift build -c release`). Recorded per run: the JSON report (stdout), stderr and the
# exit status of `validate`, `audit` (also in Chinese and Russian) and `mail scan`, and the PDFs of `render`.
#
# Every command runs inside OUT, reaching the repository through the symbolic link `repo`
# (removed at the end); the reports' tool stamp is the compiled-in version, the same for both
# builds of one version. Normalised in the text outputs (.out, .err; never the PDFs), because
# they must differ between two recordings and say nothing of the code:
#   - absolute paths: the audit names the export by its absolute path (OUT/repo/...) and mail
#     scan a mailbox by its real path (the checkout): OUT becomes $OUT, the checkout $REPO;
#   - the budget an over-budget reader ran out of: a hostile PDF is stopped by its CPU budget or,
#     on a loaded machine, by the wall clock first ("it took more than ...;" becomes
#     "it took more than <budget>;").
# Validation judges "in the future" against today: compare recordings made on the same day.
set -euo pipefail

usage() { sed -n '4,5p' "$0" >&2; exit 2; }

record() {
    local out=$1 bin=${2:-}
    local root
    root=$(cd "$(dirname "$0")/.." && pwd)
    if [ -z "$bin" ]; then
        (cd "$root" && swift build -c release --static-swift-stdlib --product faktura >&2 && swift build -c release --static-swift-stdlib --product faktura-pdf-reader >&2)
        bin=$root/.build/release
    fi
    bin=$(cd "$bin" && pwd)
    [ -e "$out" ] && { echo "golden: $out exists; give a new folder" >&2; exit 2; }
    mkdir -p "$out"
    out=$(cd "$out" && pwd)
    ln -s "$root" "$out/repo"
    cd "$out"
    # The templates of this checkout, wherever the binaries were built (a scratch path finds none).
    export FAKTURA_TEMPLATES=$root/templates
    local faktura=$bin/faktura n=0

    # run NAME ARGS...: stdout to NAME.out, stderr to NAME.err, the exit status to NAME.status.
    run() {
        local name=$1; shift
        n=$((n + 1))
        set +e
        "$faktura" "$@" >"$name.out" 2>"$name.err" </dev/null
        echo $? >"$name.status"
        set -e
    }

    # render: every example invoice and every invoice of the example export, under each template.
    mkdir -p render
    run render/examples render repo/examples/invoices --out render/examples --jobs 1
    run render/erp-export render repo/examples/erp-export/invoices --out render/erp-export --jobs 1
    local template
    for template in $(cd repo/templates && ls *.xml | sed 's/\.xml$//'); do
        run "render/template-$template" render repo/examples/invoices --template "$template" --out "render/template-$template" --jobs 1
    done

    # validate: the example invoices (JSON), the PDFs just rendered and the test corpus's PDFs.
    mkdir -p validate
    run validate/examples validate repo/examples/invoices --format json
    run validate/bad validate repo/examples/bad.json --format json
    run validate/rendered validate render/examples/*.pdf --format json
    run validate/erp-export-pdfs validate repo/examples/erp-export/pdf --format json
    run validate/fixtures validate repo/Tests/ValidateTests/Fixtures/*.pdf --format json
    run validate/third-party validate repo/Tests/ValidateTests/Fixtures/third-party/*.pdf --format json
    run validate/hostile validate repo/Tests/ValidateTests/Fixtures/hostile/*.pdf --format json
    run validate/profile-ozon validate repo/examples/invoices --profile ozon-crossborder --format json

    # audit: the example export (every report format), the mapping examples, the corpus exports.
    mkdir -p audit
    local format
    for format in json text junit html; do
        run "audit/example-$format" audit repo/examples/erp-export/orders.csv --format "$format" --jobs 2
    done
    run audit/example-summary audit repo/examples/erp-export/orders.csv --format json --summary --jobs 2
    run audit/mappings-zh audit repo/examples/mappings/orders-zh.csv --mapping repo/examples/mappings/zh-erp.yaml \
        --attachments repo/examples/erp-export --format json --jobs 2
    run audit/dianxiaomi-example audit repo/examples/erp-export/xlsx/dianxiaomi-orders.xlsx --mapping dianxiaomi \
        --attachments repo/examples/erp-export --format json --jobs 2
    run audit/third-party audit repo/Tests/ValidateTests/Fixtures/third-party/orders.csv --format json --jobs 2
    run audit/mappings-list audit --mappings
    local file mapping
    for file in repo/Tests/ValidateTests/Fixtures/erp-exports/*.{csv,txt,xlsx}; do
        mapping=dianxiaomi
        case $file in
            *canonical*) mapping= ;;
            *ozon-postings*) mapping=ozon-seller ;;
            *lingxing*) mapping=lingxing ;;
        esac
        run "audit/corpus-$(basename "$file")" audit "$file" ${mapping:+--mapping "$mapping"} \
            --attachments repo/examples/erp-export --format json --jobs 2
    done

    # languages (docs/languages.md): the examples' reports in Chinese and Russian, every format.
    mkdir -p lang
    local lang
    for lang in zh ru; do
        run "lang/validate-$lang" validate repo/examples/invoices repo/examples/bad.json --lang "$lang"
        run "lang/validate-$lang-json" validate repo/examples/invoices repo/examples/bad.json --format json --lang "$lang"
        for format in json text junit html; do
            run "lang/audit-$lang-$format" audit repo/examples/erp-export/orders.csv --format "$format" --jobs 2 --lang "$lang"
        done
        run "lang/explain-$lang" explain --lang "$lang"
    done

    # mail scan: the mail test corpus against the example export, with and without extraction.
    mkdir -p mail
    local mailfix=repo/Tests/MailTests/Fixtures
    run mail/mbox mail scan "$mailfix/orders.mbox" --format json
    run mail/maildir mail scan "$mailfix/Maildir" --format json
    run mail/eml mail scan "$mailfix/eml" --format json
    run mail/mbox-export mail scan "$mailfix/orders.mbox" --export repo/examples/erp-export/orders.csv \
        --dkim-keys "$mailfix/dkim-keys.txt" --format json
    run mail/mbox-extract mail scan "$mailfix/orders.mbox" --export repo/examples/erp-export/orders.csv \
        --dkim-keys "$mailfix/dkim-keys.txt" --extract mail/extracted --format json
    run mail/mbox-text mail scan "$mailfix/orders.mbox" --export repo/examples/erp-export/orders.csv \
        --dkim-keys "$mailfix/dkim-keys.txt"

    rm "$out/repo"
    normalise "$out" "$root"
    echo "golden: $n runs recorded in $out ($(find "$out" -type f | wc -l) files)" >&2
}

# normalise OUT ROOT: the substitutions described at the top, in OUT's text outputs.
normalise() {
    local out=$1 root
    root=$(cd "$2" && pwd -P)
    find "$out" -type f \( -name '*.out' -o -name '*.err' \) -print0 | xargs -0 sed -i \
        -e "s#$out#\$OUT#g" -e "s#$root#\$REPO#g" -e "s#it took more than [^;]*;#it took more than <budget>;#g"
}

compare() {
    local a=$1 b=$2
    local listA listB
    listA=$(cd "$a" && find . -type f | LC_ALL=C sort)
    listB=$(cd "$b" && find . -type f | LC_ALL=C sort)
    if [ "$listA" != "$listB" ]; then
        echo "golden: the two folders hold different files:" >&2
        diff <(echo "$listA") <(echo "$listB") >&2 || true
        exit 1
    fi
    local differ=0 file count=0
    while IFS= read -r file; do
        count=$((count + 1))
        if ! cmp -s "$a/$file" "$b/$file"; then
            echo "golden: differs: $file" >&2
            differ=$((differ + 1))
        fi
    done <<<"$listA"
    if [ $differ -gt 0 ]; then
        echo "golden: $differ of $count files differ" >&2
        exit 1
    fi
    echo "golden: $count files, byte-identical"
}

case ${1:-} in
    record) [ $# -ge 2 ] || usage; record "$2" "${3:-}" ;;
    compare) [ $# -eq 3 ] || usage; compare "$2" "$3" ;;
    *) usage ;;
esac
