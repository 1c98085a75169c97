# Faktura: two commands do all the set-up on a fresh Debian machine.
#   make demo   installs what is missing, builds, renders the examples and audits the example export
#   make test   installs what is missing, then runs swift test
SHELL := /bin/bash
SWIFT ?= swift
OUT ?= out
BIN = .build/release/faktura

# Debian packages the build, the demo and the tests need.
PACKAGES = pkg-config zlib1g-dev libhpdf-dev libxml2-dev libxml2-utils libpoppler-glib-dev libsqlite3-dev \
           fonts-dejavu-core fonts-wqy-microhei poppler-utils qpdf \
           tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-rus tesseract-ocr-eng libtesseract-dev libleptonica-dev \
           libgmime-3.0-dev libopendkim-dev python3-jsonschema python3-yaml

.PHONY: deps build demo test bench erp-pdfs clean

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
	$(SWIFT) build -c release --product faktura

demo: build
	@mkdir -p $(OUT)
	@echo "== faktura id: example identifiers (examples/ids.txt); the last two are broken on purpose"
	@$(BIN) id - < examples/ids.txt || echo "(exit status $$?: some identifiers are invalid, as intended)"
	@echo
	@echo "== faktura render: examples/invoices -> $(OUT)/"
	$(BIN) render examples/invoices --out $(OUT)
	@echo "(the Chinese seller's invoice as commercial-invoice, the Russian seller's as ru-schet-faktura)"
	@echo
	@echo "== faktura validate: the example invoices and their PDFs"
	$(BIN) validate examples/invoices $(OUT)
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
	@echo "PDFs and the HTML audit report are in $(OUT)/"

test: deps
	$(SWIFT) test

bench: deps
	$(SWIFT) build -c release --product faktura-bench
	.build/release/faktura-bench $(BENCH)

# Re-renders the example export's PDFs after a renderer change.
erp-pdfs: build
	examples/erp-export/make-pdfs.sh $(BIN)

clean:
	rm -rf .build $(OUT)
