# Faktura: two commands do all the set-up on a fresh Debian machine.
#   make demo   installs what is missing, builds, renders the examples and audits the example export
#   make test   installs what is missing, then runs swift test
SHELL := /bin/bash
SWIFT ?= swift
OUT ?= out
BIN = .build/release/faktura
# Release binaries carry the Swift runtime and Foundation inside them (`-static-stdlib`): the
# dynamic loader no longer resolves some 38,000 symbols from a dozen Swift libraries at every
# start, and calls into the runtime (retain, release, allocation) are direct rather than
# through the PLT; a batch render takes about a tenth less CPU (docs/rendering.md#speed).
# The system libraries (libharu, poppler, Tesseract, ...) stay shared. RELEASE_FLAGS= builds
# the dynamic way.
RELEASE_FLAGS ?= --static-swift-stdlib

# Debian packages the build, the demo and the tests need.
PACKAGES = pkg-config zlib1g-dev libdeflate-dev libhpdf-dev libxml2-dev libxml2-utils libpoppler-glib-dev libsqlite3-dev \
           fonts-dejavu-core fonts-wqy-microhei fonts-hanazono poppler-utils qpdf \
           tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-rus tesseract-ocr-eng libtesseract-dev libleptonica-dev \
           libgmime-3.0-dev libopendkim-dev libhyphen-dev hyphen-ru hyphen-en-us python3-jsonschema python3-yaml wrk curl postgresql openssl \
           chromium chromium-driver python3-selenium libssl-dev unzip

.PHONY: deps build demo test bench erp-pdfs fuzz clean install install-files

# Idempotent: installs only what dpkg does not already have; uses sudo when not root.
deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product faktura
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product faktura-pdf-reader

# make install [PREFIX=/usr/local] [DESTDIR=]: the release binary and its PDF reader process in
# PREFIX/bin, the templates in PREFIX/share/faktura/templates (where an installed faktura looks:
# docs/server.md "Installing"). Fonts are Debian's packages (PACKAGES). install-files copies an
# existing build (BUILT=.build/debug for the tests' own) without building.
PREFIX ?= /usr/local
BUILT ?= .build/release
install: build install-files

install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/faktura/templates
	install -m 755 $(BUILT)/faktura $(BUILT)/faktura-pdf-reader $(DESTDIR)$(PREFIX)/bin/
	install -m 644 templates/template.xsd templates/*.xml $(DESTDIR)$(PREFIX)/share/faktura/templates/

demo: build
	@mkdir -p $(OUT)
	@echo "== faktura id: example identifiers (examples/ids.txt); the last two are broken on purpose"
	@$(BIN) id - < examples/ids.txt || echo "(exit status $$?: some identifiers are invalid, as intended)"
	@echo
	@echo "== faktura render: examples/invoices -> $(OUT)/"
	$(BIN) render examples/invoices --out $(OUT)
	@echo "(the Chinese seller's invoice as commercial-invoice, the Russian seller's as ru-schet-faktura)"
	@echo
	@echo "== faktura render validates first: examples/bad.json has five errors"
	@$(BIN) render examples/bad.json --out $(OUT)/bad || echo "(exit status $$?: rendered, but it fails validation, as intended)"
	@$(BIN) render examples/bad.json --out $(OUT)/strict --strict || echo "(exit status $$?: --strict wrote no PDF for it)"
	@echo
	@echo "== faktura validate: the example invoices and their PDFs"
	$(BIN) validate examples/invoices $(OUT)/*.pdf
	@echo
	@echo "== faktura audit: examples/erp-export (clean and broken postings on purpose)"
	@$(BIN) audit examples/erp-export/orders.csv --format html --output $(OUT)/audit.html || true
	@$(BIN) audit examples/erp-export/orders.csv --format junit --output $(OUT)/audit-junit.xml || true
	@$(BIN) audit examples/erp-export/orders.csv || echo "(exit status $$?: the broken postings fail, as intended)"
	@echo
	@echo "== the same export under Chinese column headers, through a mapping file"
	@$(BIN) audit examples/mappings/orders-zh.csv --mapping examples/mappings/zh-erp.yaml --attachments examples/erp-export \
	  || echo "(exit status $$?: one posting names no invoice, as intended)"
	@echo
	@echo "== a 店小秘 workbook (XLSX) through the shipped preset"
	@$(BIN) audit examples/erp-export/xlsx/dianxiaomi-orders.xlsx --mapping dianxiaomi --attachments examples/erp-export \
	  || echo "(exit status $$?: an unknown status and an HS code without its leading zero, as intended)"
	@echo
	@echo "PDFs and the HTML audit report are in $(OUT)/"

# The suite stays far below this on 2 cores (build included); past it a test is waiting without a
# deadline, and the run is stopped with a message rather than left to CI's own limit.
TEST_TIMEOUT ?= 3000
test: deps
	@timeout --kill-after=60 $(TEST_TIMEOUT) $(SWIFT) test; status=$$?; \
	if [ $$status = 124 ] || [ $$status = 137 ]; then \
	  echo "make test: swift test was still running after $(TEST_TIMEOUT) s and was stopped (a test waiting without a deadline?)"; fi; \
	exit $$status

bench: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product faktura-bench
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product faktura
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product faktura-pdf-reader
	.build/release/faktura-bench $(BENCH)

# Fuzzing: every Tests/FuzzRegressionTests/Harnesses/<Name>Harness.swift is built as a libFuzzer
# binary (Swift's -sanitize=fuzzer,address) in .build/fuzz and run for FUZZ_SECONDS. Inputs that
# crash, hang (FUZZ_TIMEOUT seconds) or exhaust memory land in the harness's regression folder
# (leak reports are off: fork mode's children otherwise report them as crashes),
# which `make test` replays. FUZZ_HARNESSES=InvoiceXML picks some; the log is .build/fuzz/<Name>.log.
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 10
FUZZ_HARNESSES ?= $(patsubst Tests/FuzzRegressionTests/Harnesses/%Harness.swift,%,$(wildcard Tests/FuzzRegressionTests/Harnesses/*Harness.swift))
FUZZ_BUILD = .build/fuzz
FUZZ_KEPT = Tests/FuzzRegressionTests/Fixtures/fuzz-regressions
# Seed folders per harness (optional): real inputs the fuzzer starts from.
FUZZ_SEEDS_InvoiceJSON = examples/invoices
FUZZ_SEEDS_InvoiceXML = Tests/FuzzRegressionTests/Fixtures/fuzz-seeds/InvoiceXML
FUZZ_SEEDS_ExportCSV = examples/erp-export/orders.csv examples/mappings/orders-zh.csv
FUZZ_SEEDS_ExportMapping = examples/mappings/ru-1c.yaml examples/mappings/zh-erp.yaml
FUZZ_SEEDS_Template = templates/commercial-invoice.xml templates/ru-schet-faktura.xml
FUZZ_SEEDS_PDFText = examples/erp-export/pdf
FUZZ_SEEDS_ContentStream = Tests/FuzzRegressionTests/Fixtures/fuzz-seeds/ContentStream \
  $(addprefix Tests/ValidateTests/Fixtures/third-party/,reportlab-ru.pdf fpdf2-en.pdf libreoffice-zh.pdf) \
  Tests/ValidateTests/Fixtures/world/pdf/3000010327-0030-3.pdf \
  $(addprefix Tests/ValidateTests/Fixtures/world/pdf/,3000010006-0025-2.pdf 3000010056-0009-1.pdf 3000010310-0038-3.pdf)
FUZZ_SEEDS_ExportXLSX = examples/erp-export/xlsx/dianxiaomi-orders.xlsx Tests/ValidateTests/Fixtures/erp-exports/orders-lingxing-merged.xlsx
FUZZ_SEEDS_ServerForm = Tests/FuzzRegressionTests/Fixtures/fuzz-seeds/ServerForm
FUZZ_SEEDS_ServerChunked = Tests/FuzzRegressionTests/Fixtures/fuzz-seeds/ServerChunked
FUZZ_SEEDS_ServerPipeline = Tests/FuzzRegressionTests/Fixtures/fuzz-seeds/ServerPipeline
FUZZ_SEEDS_TokensFile = Tests/FuzzRegressionTests/Fixtures/fuzz-seeds/TokensFile
FUZZ_SEEDS_DKIM = Tests/FuzzRegressionTests/Fixtures/fuzz-seeds/DKIM
FUZZ_SEEDS_ZIPDirectory = Tests/FuzzRegressionTests/Fixtures/fuzz-seeds/ZIPDirectory
FUZZ_SEEDS_OCRImageHeader = Tests/FuzzRegressionTests/Fixtures/fuzz-seeds/OCRImageHeader
FUZZ_SEEDS_UPD = Tests/UPDTests/Fixtures/other-generators/ooofix-xmlupd-cloud/address-in-parts \
  Tests/UPDTests/Fixtures/other-generators/ooofix-xmlupd-cloud/free-text-address
FUZZ_SEEDS_MIME = Tests/MailTests/Fixtures/eml Tests/MailTests/Fixtures/Maildir/cur Tests/MailTests/Fixtures/Maildir/new

fuzz: deps
	@for h in $(FUZZ_HARNESSES); do \
	  FAKTURA_FUZZ=1 nice -n 10 $(SWIFT) build --scratch-path $(FUZZ_BUILD) -c debug -Xswiftc -sanitize=fuzzer,address \
	    -Xswiftc -parse-as-library --product fuzz-$$h 2>&1 | tail -3; [ $${PIPESTATUS[0]} = 0 ] || exit 1; \
	done
	@$(foreach h,$(FUZZ_HARNESSES),$(call fuzz-run,$(h),$(FUZZ_SEEDS_$(h)));)

# $(call fuzz-run,Name,seeds): seeds the corpus, runs the fuzzer, prints its totals.
define fuzz-run
corpus=$(FUZZ_BUILD)/corpus/$(1); mkdir -p $$corpus $(FUZZ_KEPT)/$(1); \
for seed in $(2); do if [ -d $$seed ]; then cp -n $$seed/* $$corpus/; else cp -n $$seed $$corpus/; fi; done; \
echo "== fuzz-$(1) for $(FUZZ_SECONDS) s (log: $(FUZZ_BUILD)/$(1).log)"; \
(cd $(FUZZ_BUILD) && ASAN_OPTIONS=detect_leaks=0 nice -n 10 ./debug/fuzz-$(1) corpus/$(1) -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) \
  -rss_limit_mb=2048 -detect_leaks=0 -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -artifact_prefix=$(CURDIR)/$(FUZZ_KEPT)/$(1)/ > $(1).log 2>&1); \
grep -E "^#[0-9]+: cov:" $(FUZZ_BUILD)/$(1).log | tail -1; \
grep -hE "^(==[0-9]+== ?)?ERROR|^SUMMARY|Test unit written" $(FUZZ_BUILD)/$(1).log | sort | uniq -c; \
ls $(FUZZ_KEPT)/$(1)/ | sed 's/^/  kept: /'
endef

# The corpus of invoices that other engines drew (tools/corpus/README.md): installs those engines
# (apt, and pip only here), generates 400 dev and 2,500 eval invoices and prints the audit's scores.
# Smaller: make corpus CORPUS_ARGS="--dev-clean 60 --dev-defects 20 --eval-clean 200 --eval-defects 50".
CORPUS ?= .build/corpus
CORPUS_ARGS ?=
CORPUS_PACKAGES = wkhtmltopdf chromium libreoffice-calc libreoffice-writer fonts-liberation
.PHONY: corpus
corpus: build
	@$(MAKE) --no-print-directory deps PACKAGES="$(CORPUS_PACKAGES)"
	python3 -m pip install -q reportlab fpdf2 weasyprint xhtml2pdf typst openpyxl odfpy Pillow img2pdf
	rm -rf $(CORPUS) && python3 tools/corpus/generate.py --out $(CORPUS) $(CORPUS_ARGS)
	python3 tools/corpus/score.py --corpus $(CORPUS) --faktura $(BIN)

# Re-renders the example export's PDFs after a renderer change.
erp-pdfs: build
	examples/erp-export/make-pdfs.sh $(BIN)

clean:
	rm -rf .build $(OUT)
