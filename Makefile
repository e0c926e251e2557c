# yusuan — quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup demo serve test lint typecheck unit fuzz kill-sweep bench bench-web docs accuracy wild variants clean

$(STAMP): pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

# The main job on embedded defaults: check the bundled example documents, publish a package
# from a pre-filled 预算填报.xlsx, then start the web platform on http://127.0.0.1:8000 with the
# demo data and accounts (printed; Ctrl+C stops it).
demo: setup
	$(BIN)/yusuan check examples/綦江区政务办2026年部门预算.txt --profile chongqing-2026 || [ $$? -eq 1 ]
	$(BIN)/yusuan check examples/长寿区政务办绩效目标表.txt --profile chongqing-2026 || [ $$? -eq 1 ]
	$(BIN)/yusuan check examples/上海市普陀区司法局2026年部门预算.pdf --profile shanghai-2026 || [ $$? -eq 1 ]
	$(BIN)/yusuan template --from "examples/綦江区政务办2026年部门预算（更正稿）.txt" --same-year -o build/预算填报.xlsx
	$(BIN)/yusuan publish build/预算填报.xlsx -o build/公开文件
	$(BIN)/python -m yusuan.web

# The web platform alone: http://127.0.0.1:8000, SQLite, demo accounts printed.
serve: setup
	$(BIN)/python -m yusuan.web

test: setup lint typecheck unit

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/python -m pytest

# Property-based fuzzing of `yusuan check` over mutated real documents (tests/test_fuzz.py):
# FUZZ_CASES new random cases (the unit tests run 2,000 fixed ones). A failure prints the
# case to reproduce (@reproduce_failure). docs/benchmarks.md has the figures.
FUZZ_CASES ?= 100000
fuzz: setup
	YUSUAN_FUZZ_CASES=$(FUZZ_CASES) $(BIN)/python -m pytest tests/test_fuzz.py -q -p no:cacheprovider --durations=6

# The web server, run as deployed, SIGKILLed at KILL_POINTS random moments of the workflow and
# of start-up migrations, restarted and checked (bench/kill_sweep.py; the unit tests run 10 on
# SQLite and 5 on PostgreSQL). KILL_DATABASE_URL: an empty PostgreSQL database instead.
KILL_POINTS ?= 200
kill-sweep: setup
	$(BIN)/python bench/kill_sweep.py --points $(KILL_POINTS) $(if $(KILL_DATABASE_URL),--database-url $(KILL_DATABASE_URL))

bench: setup
	$(BIN)/python bench/run.py
	$(BIN)/python bench/hardening.py
	$(BIN)/python bench/batch.py

# Load test of the web platform: 1,000 departments, 50 users for 60 s; then the portal at
# national scale: 100,000 published packages on a private PostgreSQL (docs/benchmarks.md).
bench-web: setup
	$(BIN)/python bench/web_load.py
	$(BIN)/python bench/portal.py

accuracy: setup
	$(BIN)/python bench/accuracy.py

# The shared wild and performance corpora scored with their answer keys (docs/benchmarks.md).
wild: setup
	$(BIN)/python bench/wild.py

# The same corpora rewritten in other layout families' noise (bench/variants.py).
variants: setup
	cd bench && ../$(BIN)/python variants.py

docs: setup
	$(BIN)/yusuan rules --format markdown > docs/rules.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
