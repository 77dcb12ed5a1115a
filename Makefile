# chitieu: make run (install, prepare, start) and make test (install, lint, types, tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint types pytest bench clean train-restorer

$(STAMP): pyproject.toml hatch_build.py src/chitieu/restore/_native.c src/chitieu/restore/_lines.c src/chitieu/restore/_native.h src/chitieu/restore/_memo.h src/chitieu/restore/_ranked.c src/chitieu/restore/_decode.c src/chitieu/restore/_tables.h src/chitieu/catalogue/_scoring.c
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	-sh scripts/install-ocr.sh
	-npm ci --no-audit --no-fund --loglevel=error || echo "npm không chạy được: biểu đồ và htmx sẽ thiếu (cài Node.js rồi chạy lại)."
	$(BIN)/chitieu demo
	$(BIN)/chitieu serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check src tests bench hatch_build.py
	$(BIN)/ruff format --check src tests bench hatch_build.py

types: install
	$(BIN)/mypy

pytest: install
	sh scripts/install-ocr.sh
	sh scripts/install-report-tools.sh
	sh scripts/install-browser.sh
	-npm ci --no-audit --no-fund --loglevel=error
	bash scripts/pg-test-cluster.sh run $(BIN)/pytest

test: lint types pytest

bench: install
	$(BIN)/python bench/extract.py
	bash scripts/pg-test-cluster.sh run $(BIN)/python bench/store.py --scale 0.1
	$(BIN)/python bench/restore.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/map.py
	$(BIN)/python bench/compare.py
	$(BIN)/python bench/portal.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache src/chitieu/restore/_native*.so src/chitieu/catalogue/_scoring*.so

train-restorer: install
	$(BIN)/chitieu train-restorer
	$(BIN)/python -m chitieu.restore.ocrsim --corpus ../shared/corpus --lines 1500
