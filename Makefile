# The README's two commands. Each installs what it needs into .venv on a fresh clone.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8501

.PHONY: run test test-suite test-cmrc test-drcd test-fast install system browser eval train bench bench-ocr screenshots clean

run: install
	@command -v soffice >/dev/null || echo "note: .doc files need LibreOffice: apt-get install libreoffice-writer-nogui (make system)"
	$(BIN)/rag ingest --if-empty data/docs
	$(BIN)/rag ui --host $(HOST) --port $(PORT)

# The tests, then the eval gates: the own set, then a fixed sample of each public set's dev part
# (README, "Evaluation"). Three streams side by side on two cores: pytest keeps about one core
# busy, waiting on the servers, browser and ingest processes it starts, and each public gate
# starts with minutes of embedding its library (CMRC's, then DRCD's, which the Simplified gate
# reuses). The gates embed on one thread (OMP_NUM_THREADS) each. Output comes a stream at a time.
PUBLIC := eval/datasets/public
test: install system
	$(MAKE) --no-print-directory -j3 --output-sync=target test-suite test-cmrc test-drcd

test-suite: install
	$(BIN)/python -m pytest -q
	$(BIN)/rag eval --gate
	$(BIN)/rag eval --gate --dataset eval/datasets/office/qa.jsonl --docs eval/datasets/office/docs
	$(BIN)/rag eval --gate --dataset eval/datasets/office/chats.jsonl --docs eval/datasets/office/docs

test-cmrc: install
	OMP_NUM_THREADS=1 $(BIN)/rag eval --gate --dataset $(PUBLIC)/cmrc2018_trial.json --sample 200

test-drcd: install
	OMP_NUM_THREADS=1 $(BIN)/rag eval --gate --dataset $(PUBLIC)/DRCD_test.json --sample 200
	OMP_NUM_THREADS=1 $(BIN)/rag eval --gate --dataset $(PUBLIC)/DRCD_test.json --sample 200 --simplified

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow"

install: $(STAMP)

# uv installs in seconds what pip takes two minutes for; pip is the fallback where uv cannot do
# it (packages only pip's own configuration knows of, such as a local wheelhouse).
$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv && $(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[dev,ocr]" \
	  || { $(BIN)/python -m pip install --quiet --upgrade pip && $(BIN)/python -m pip install --quiet -e ".[dev,ocr]"; }
	touch $(STAMP)

# Headless Chromium for the browser test, and a CJK font so screenshots show Chinese: Debian's
# packages, since nothing may download a browser build.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null && fc-list :lang=zh | grep -q . || { \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

# Everything Debian the tests need: the browser and the CJK font above (the font also renders
# the Chinese pages the OCR tests read), and LibreOffice, which reads old .doc files.
system: browser
	@command -v soffice >/dev/null || { \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libreoffice-writer-nogui >/dev/null; }

eval: install
	$(BIN)/rag eval --compare hybrid,dense,bm25

# Rebuild rag/models/ from the public sets in ../shared/datasets (deterministic; see docs/model-card.md).
train: install
	$(BIN)/rag train

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/query.py

# OCR accuracy and speed on pages rendered from data/docs (docs/formats.md).
bench-ocr: install system
	$(BIN)/python bench/ocr.py

# Refresh the README's screenshots (the browser test takes them).
screenshots: install browser
	RAG_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/test_browser.py

clean:
	rm -rf $(VENV) var .pytest_cache
