# quizkit: `make demo` checks and exports the shipped bank; `make test` runs every check.
# Both create .venv and install what they need (OS packages too, where apt-get is available).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BANK := questions/japan-us-summit
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
BENCH_STAMP := $(VENV)/.installed-bench

QTI2TXT_VENV := .venv-qti2txt

.PHONY: demo test lint typecheck golden bench bench-scale os-deps runtime-deps node-deps readers clean

# quizkit itself (make demo); the test and lint tools on top of it (make test).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

# what the benchmarks compare quizkit with (make bench)
$(BENCH_STAMP): $(DEV_STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

os-deps:
	@bash scripts/os-deps.sh

runtime-deps:
	@bash scripts/os-deps.sh runtime

node-deps:
	@if [ -f tests/node/package.json ] && command -v npm >/dev/null; then \
		npm install --silent --no-audit --no-fund --prefix tests/node >/dev/null; fi

# qti2txt, an independent Canvas QTI reader the tests use, needs Python 3.13: where one is
# installed, it gets a venv of its own.
readers:
	@py=$$(for p in python3.13 $$HOME/.pyenv/versions/3.13*/bin/python3.13; do \
		"$$p" -c '' 2>/dev/null && { echo "$$p"; break; }; done); \
	if [ ! -x $(QTI2TXT_VENV)/bin/qti2txt ] && [ -n "$$py" ]; then \
		"$$py" -m venv $(QTI2TXT_VENV) && $(QTI2TXT_VENV)/bin/pip install --quiet qti2txt >/dev/null 2>&1 \
		|| echo "quizkit: could not install qti2txt; its test will skip" >&2; fi

demo: $(STAMP) runtime-deps
	$(BIN)/quizkit check $(BANK)
	$(BIN)/quizkit export $(BANK) --format all -o exports
	@echo "Handouts and LMS packages are in exports/."
	@echo "To run quizkit yourself, first: . $(VENV)/bin/activate"

test: $(DEV_STAMP) os-deps node-deps readers lint typecheck
	QTI2TXT=$${QTI2TXT:-$$([ -x $(QTI2TXT_VENV)/bin/qti2txt ] && echo $(CURDIR)/$(QTI2TXT_VENV)/bin/qti2txt)} \
		$(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(DEV_STAMP)
	$(BIN)/ruff check quizkit tests benchmarks
	$(BIN)/ruff format --check quizkit tests benchmarks

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

golden: $(DEV_STAMP)
	QUIZKIT_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests -k golden

bench: $(BENCH_STAMP) os-deps
	$(BIN)/python -m benchmarks.run

bench-scale: $(BENCH_STAMP) os-deps
	$(BIN)/python -m benchmarks.run scale

clean:
	rm -rf $(VENV) $(QTI2TXT_VENV) exports/*.html exports/*.pdf exports/*.zip exports/*.imscc exports/*.xml exports/*.gift
