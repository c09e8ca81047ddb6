# quizkit: `make demo` checks and exports the shipped bank; `make test` runs every check.
# Both create .venv and install what they need (OS packages too, where apt-get is available).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BANK := questions/japan-us-summit
STAMP := $(VENV)/.installed

QTI2TXT_VENV := .venv-qti2txt

.PHONY: demo test lint typecheck golden bench os-deps node-deps readers clean

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

# qti2txt, an independent Canvas QTI reader the tests use, needs Python 3.13: where one is
# installed, it gets a venv of its own.
readers:
	@py=$$(for p in python3.13 $$HOME/.pyenv/versions/3.13*/bin/python3.13; do \
		"$$p" -c '' 2>/dev/null && { echo "$$p"; break; }; done); \
	if [ ! -x $(QTI2TXT_VENV)/bin/qti2txt ] && [ -n "$$py" ]; then \
		"$$py" -m venv $(QTI2TXT_VENV) && $(QTI2TXT_VENV)/bin/pip install --quiet qti2txt >/dev/null 2>&1 \
		|| echo "quizkit: could not install qti2txt; its test will skip" >&2; fi

demo: $(STAMP) os-deps
	$(BIN)/quizkit check $(BANK)
	$(BIN)/quizkit export $(BANK) --format all -o exports
	@echo "Handouts and LMS packages are in exports/"

test: $(STAMP) os-deps node-deps readers lint typecheck
	QTI2TXT=$${QTI2TXT:-$$([ -x $(QTI2TXT_VENV)/bin/qti2txt ] && echo $(CURDIR)/$(QTI2TXT_VENV)/bin/qti2txt)} \
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
	rm -rf $(VENV) $(QTI2TXT_VENV) exports/*.html exports/*.pdf exports/*.zip exports/*.imscc exports/*.xml exports/*.gift
