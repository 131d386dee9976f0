# Jade: `make demo` and `make test` set everything up on a fresh Debian machine and run.
# Every target that needs the virtualenv depends on it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-deps

.PHONY: setup demo test lint typecheck imports pytest sandbox bench clean

setup: $(STAMP) $(SYSTEM_STAMP)

$(SYSTEM_STAMP): tools/install-system-deps.sh | $(STAMP)
	tools/install-system-deps.sh
	touch $@

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check app tests tools
	$(BIN)/ruff format --check app tests tools

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: setup
	$(BIN)/python -m pytest

test: setup lint typecheck imports pytest

demo: setup
	$(BIN)/python -m app --demo $(ARGS)

sandbox: setup
	$(BIN)/python -m app.sandbox $(ARGS)

bench: setup
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m pytest tests/bench -s -p no:cacheprovider $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis tests/artifacts
