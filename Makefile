# The two commands of the README: `make run` and `make test`. Everything they need is installed
# here, from a fresh clone: Debian packages (as root) and the Python package in .venv.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= $(shell infra/scripts/find-python)

# OCR for the extraction pipeline; the portal runs without it (scans then fail with a reason).
OCR_PACKAGES := tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-spa
# The browser tests drive Debian's Chromium; test fixtures render CJK text with Noto.
TEST_PACKAGES := $(OCR_PACKAGES) chromium fonts-noto-cjk fonts-dejavu-core

# Translations: the .po catalogs are the source (in git); the .mo files are compiled here.
PO_FILES := $(wildcard portal/translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

export OMP_THREAD_LIMIT := 1


.PHONY: htmx-optional run test lint typecheck importlint pytest system-packages system-packages-test clean bench \
	bench-reading bench-extraction compile-translations translations bench-vendor-upload \
	bench-reminders bench-contracts bench-review

HTMX := portal/static/vendor/htmx.min.js

run: system-packages $(BIN)/.installed-run htmx-optional compile-translations
	$(BIN)/portal db upgrade
	$(BIN)/portal demo
	$(BIN)/portal run --dev-oidc

test: system-packages-test $(BIN)/.installed-dev $(HTMX) compile-translations lint typecheck importlint pytest

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check portal extraction tests
	$(BIN)/ruff format --check portal extraction tests

typecheck: $(BIN)/.installed-dev
	$(BIN)/mypy

importlint: $(BIN)/.installed-dev
	$(BIN)/lint-imports

pytest: $(BIN)/.installed-dev
	$(BIN)/pytest $(PYTEST_ARGS)

compile-translations: $(MO_FILES)

portal/translations/%/LC_MESSAGES/messages.mo: portal/translations/%/LC_MESSAGES/messages.po | $(BIN)/.installed-run
	$(BIN)/pybabel compile -l $* -i $< -o $@

# For translators: collect the strings of the code and templates into messages.pot and merge
# them into every catalog; then translate the new entries and run `make compile-translations`.
translations: $(BIN)/.installed-run
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _l --no-location --sort-output \
		--project "Vendor Portal" --version 0.1.0 --copyright-holder "the Vendor Portal contributors" \
		-o portal/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i portal/translations/messages.pot \
		-d portal/translations

# A 20 MB PDF through the vendor upload: server time and peak memory (docs/benchmarks.md).
bench-vendor-upload: $(BIN)/.installed-dev
	$(BIN)/python -m tests.vendor.bench_upload $(BENCH_ARGS)

$(HTMX):
	infra/scripts/fetch-htmx

htmx-optional:
	@[ -f $(HTMX) ] || infra/scripts/fetch-htmx --optional

# Computing the due reminders over 100,000 documents on PostgreSQL (docs/benchmarks.md).
bench-reminders: $(BIN)/.installed-dev
	$(BIN)/python -m tests.reminders.bench_due $(BENCH_ARGS)

# The reviewer's workbench under load: PostgreSQL seeded with 5,000 vendors, 100,000 documents
# and 1,000,000 fields, gunicorn on loopback, a Python load client (docs/benchmarks.md).
bench-review: $(BIN)/.installed-dev compile-translations
	$(BIN)/python -m tests.review.bench_review $(BENCH_ARGS)

system-packages:
	@infra/scripts/system-packages --optional $(OCR_PACKAGES)

system-packages-test:
	@infra/scripts/system-packages $(TEST_PACKAGES)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(BIN)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[devserver,postgres,s3,redis]'
	touch $@

$(BIN)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev,devserver,postgres,s3,redis]'
	touch $@ $(BIN)/.installed-run

# Reading and OCR speed (docs/benchmarks.md, "Reading and OCR"); not part of `make test`.
bench-reading: system-packages-test $(BIN)/.installed-dev
	$(BIN)/python -m tests.extraction.reading.bench_reading

# Accuracy and speed of document understanding on generated documents (not part of `make test`).
bench-extraction: system-packages-test $(BIN)/.installed-dev
	$(BIN)/python -m tests.benchmarks.extraction $(BENCH_ARGS)

# Contract intelligence on CUAD's development half, and its throughput (docs/benchmarks.md,
# "Contracts (CUAD)"); not part of `make test`. CUAD_DIR defaults to ../shared/benchmarks/cuad.
bench-contracts: $(BIN)/.installed-dev
	$(BIN)/python -m tests.extraction.contracts.bench_contracts $(if $(CUAD_DIR),--cuad $(CUAD_DIR))

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
