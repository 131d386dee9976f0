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
.PHONY: lock package package-test package-check

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
	$(BIN)/ruff check app tests tools packaging
	$(BIN)/ruff format --check app tests tools packaging

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

# --- installers (packaging/README.md); `make test` builds none of them ---------------------------
# `make package` freezes Jade with PyInstaller in its own venv, installed from the lock file
# (exact versions and hashes), and builds dist/jade_<version>_<arch>.deb and
# dist/jade-<version>-linux-<machine>.tar.gz. `make package-test` then installs and runs both,
# with a benchmark; `make package-check` compiles the Windows installer script against a
# stand-in payload and checks the other scripts. `make lock` regenerates the lock from
# pyproject.toml after a dependency changed.
BUILD_VENV  := .venv-build
BUILD_STAMP := $(BUILD_VENV)/.installed-lock
LOCK        := packaging/requirements.lock
LOCK_VENV   := .venv-lock
UV_VERSION  := 0.13.9
SYSTEM_PACKAGE_STAMP       := $(VENV)/.system-package
SYSTEM_PACKAGE_TEST_STAMP  := $(VENV)/.system-package-test
SYSTEM_PACKAGE_CHECK_STAMP := $(VENV)/.system-package-check

lock:
	test -x $(LOCK_VENV)/bin/uv || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION)
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml --extra package --universal \
		--python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
		--quiet --output-file $(LOCK)

# a new venv whenever the lock changes, so that nothing outside the lock is ever in it
$(BUILD_STAMP): $(LOCK) pyproject.toml
	rm -rf $(BUILD_VENV)
	$(PYTHON) -m venv $(BUILD_VENV)
	$(BUILD_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	# Jade's own dist-info (its version, read at run time); the spec freezes the source tree
	$(BUILD_VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation .
	touch $@

$(SYSTEM_PACKAGE_STAMP) $(SYSTEM_PACKAGE_TEST_STAMP) $(SYSTEM_PACKAGE_CHECK_STAMP): \
		tools/install-system-deps.sh
	mkdir -p $(VENV)
	tools/install-system-deps.sh $(patsubst $(VENV)/.system-%,%,$@)
	touch $@

package: $(BUILD_STAMP) $(SYSTEM_PACKAGE_STAMP)
	rm -rf dist/jade build/pyinstaller dist/jade_*.deb dist/jade-*.tar.gz
	$(BUILD_VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/jade.spec
	packaging/linux/build-deb.sh dist/jade dist
	packaging/linux/build-tarball.sh dist/jade dist

package-test: package setup $(SYSTEM_PACKAGE_TEST_STAMP)
	$(BIN)/python -m pytest tests/packaging -s -p no:cacheprovider $(ARGS)

package-check: $(BUILD_STAMP) $(SYSTEM_PACKAGE_CHECK_STAMP)
	packaging/check.sh $(BUILD_VENV)/bin/python

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis tests/artifacts
	rm -rf $(BUILD_VENV) $(LOCK_VENV) build dist
