# quizkit: `make demo` checks and exports the shipped bank; `make test` runs every check.
# Both create .venv and install what they need (OS packages too, where apt-get is available).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BANK := questions/japan-us-summit
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck golden bench os-deps node-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

os-deps:
	@bash scripts/os-deps.sh

node-deps:
	@if [ -f tests/node/package.json ] && command -v npm >/dev/null; then \
		npm install --silent --no-audit --no-fund --prefix tests/node >/dev/null; fi

demo: $(STAMP) os-deps
	$(BIN)/quizkit check $(BANK)
	$(BIN)/quizkit export $(BANK) --format all -o exports
	@echo "Handouts and LMS packages are in exports/"

test: $(STAMP) os-deps node-deps lint typecheck
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check quizkit tests benchmarks
	$(BIN)/ruff format --check quizkit tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

golden: $(STAMP)
	QUIZKIT_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests -k golden

bench: $(STAMP) os-deps
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) exports/*.html exports/*.pdf exports/*.zip exports/*.imscc exports/*.xml exports/*.gift
