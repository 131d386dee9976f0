"""The shape of the code: small files, and the layout the guide describes."""

from __future__ import annotations

from tests.conftest import ROOT

MAX_LINES = 600


def test_no_file_in_app_is_over_600_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): count
        for path in (ROOT / "app").rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these by responsibility: {long}"


def test_every_pane_package_has_its_layout_and_logic_apart() -> None:
    for pane in ("projects", "issues"):
        package = ROOT / "app" / "ui" / pane
        assert (package / "pane.py").is_file(), f"{pane}: pane.py holds the layout"
        assert (package / "controller.py").is_file(), f"{pane}: controller.py holds the logic"
