# Jade: `make demo` and `make test` set everything up on a fresh Debian machine and run.
# `make demo` installs what Jade needs to run and nothing else; `make test` (and `make setup`,
# the developer's set-up) adds the test and dev extras and the test system packages (Xvfb,
# gnome-keyring). Every target that needs the virtualenv depends on the stamp of its set.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP  := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
SYSTEM_RUN_STAMP  := $(VENV)/.system-run
SYSTEM_TEST_STAMP := $(VENV)/.system-test

.PHONY: setup setup-run demo test lint typecheck imports pytest sandbox bench clean

setup: $(TEST_STAMP) $(SYSTEM_TEST_STAMP)

setup-run: $(RUN_STAMP) $(SYSTEM_RUN_STAMP)

$(SYSTEM_RUN_STAMP): tools/install-system-deps.sh | $(RUN_STAMP)
	tools/install-system-deps.sh run
	touch $@

$(SYSTEM_TEST_STAMP): tools/install-system-deps.sh | $(RUN_STAMP)
	tools/install-system-deps.sh test
	touch $@

$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $@

lint: $(TEST_STAMP)
	$(BIN)/ruff check app tests tools
	$(BIN)/ruff format --check app tests tools

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

imports: $(TEST_STAMP)
	$(BIN)/lint-imports

pytest: setup
	$(BIN)/python -m pytest

test: setup lint typecheck imports pytest

demo: setup-run
	$(BIN)/python -m app --demo $(ARGS)

sandbox: setup-run
	$(BIN)/python -m app.sandbox $(ARGS)

bench: setup
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m pytest tests/bench -s -p no:cacheprovider $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis tests/artifacts
