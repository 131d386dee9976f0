"""What ``make demo`` and ``make test`` install: ``jade`` and the window need the run-time set
only; test and dev tools come from extras that only ``make test`` (and ``make setup``) asks for.
"""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

TEST_TOOLS = ("pytest", "hypothesis", "openapi-core")
DEV_TOOLS = ("ruff", "mypy", "import-linter")


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0].lower() for r in requirements}


def _makefile_rules() -> dict[str, str]:
    """Each target's prerequisites and recipe, as one string per target."""
    rules: dict[str, str] = {}
    current = ""
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        if found := re.match(r"^([$()\w.-]+):(?!=)(.*)$", line):
            current = found.group(1)
            rules[current] = found.group(2)
        elif line.startswith("\t") and current:
            rules[current] += "\n" + line
    return rules


def test_the_run_time_set_holds_no_test_or_dev_tool() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    run_time = _names(project["dependencies"])
    extras = {name: _names(reqs) for name, reqs in project["optional-dependencies"].items()}
    assert not run_time & {*TEST_TOOLS, *DEV_TOOLS}
    assert set(TEST_TOOLS) <= extras["test"]
    assert set(DEV_TOOLS) <= extras["dev"]
    assert not extras["test"] & set(DEV_TOOLS)


def test_make_demo_installs_the_run_time_set_and_make_test_the_rest() -> None:
    rules = _makefile_rules()
    assert "setup-run" in rules["demo"] and "setup" not in rules["demo"].replace("setup-run", "")
    assert "$(RUN_STAMP)" in rules["setup-run"] and "$(SYSTEM_RUN_STAMP)" in rules["setup-run"]
    assert "pip install --quiet -e .\n" in rules["$(RUN_STAMP)"] + "\n"
    assert "install-system-deps.sh run" in rules["$(SYSTEM_RUN_STAMP)"]
    assert "'.[test,dev]'" in rules["$(TEST_STAMP)"]
    assert "setup" in rules["test"] and "$(TEST_STAMP)" in rules["setup"]
    assert "install-system-deps.sh test" in rules["$(SYSTEM_TEST_STAMP)"]
