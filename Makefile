# The README's two commands. Each installs what it needs into .venv on a fresh clone.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8501

.PHONY: run test test-fast install browser eval train bench screenshots clean

run: install
	$(BIN)/rag ingest --if-empty data/docs
	$(BIN)/rag ui --host $(HOST) --port $(PORT)

test: install browser
	$(BIN)/python -m pytest -q
	$(BIN)/rag eval --gate

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow"

install: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Headless Chromium for the browser test, and a CJK font so screenshots show Chinese: Debian's
# packages, since nothing may download a browser build.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null && fc-list :lang=zh | grep -q . || { \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

eval: install
	$(BIN)/rag eval --compare hybrid,dense,bm25

# Rebuild rag/models/ from the public sets in ../shared/datasets (deterministic; see docs/model-card.md).
train: install
	$(BIN)/rag train

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/query.py

# Refresh the README's screenshots (the browser test takes them).
screenshots: install browser
	RAG_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/test_browser.py

clean:
	rm -rf $(VENV) var .pytest_cache
