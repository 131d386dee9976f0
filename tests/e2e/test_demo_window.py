"""The real application in a real window: ``python -m app --demo`` under the test X server.

The app starts its own sandbox, connects, lists the projects, saves a screenshot of its window
under ``tests/artifacts/`` (ignored by git; look at it) and quits.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from tests.conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.mark.slow
@pytest.mark.parametrize("flavour", ["cloud", "datacenter"])
def test_demo_opens_connected_and_lists_projects(flavour: str, tmp_path: object) -> None:
    shot = ARTIFACTS / f"e2e-demo-{flavour}.png"
    shot.unlink(missing_ok=True)
    env = dict(os.environ)
    if env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "xcb"  # a real X window when pytest-xvfb (or a desktop) gives one
    env["XDG_CONFIG_HOME"] = str(tmp_path)  # demo window settings stay out of the user's config
    env["XDG_STATE_HOME"] = str(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--demo",
            "--demo-flavour",
            flavour,
            "--demo-issues",
            "800",
            "--screenshot",
            str(shot),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"screenshot={shot}" in done.stderr
    image = QImage(str(shot))
    assert image.width() >= 640 and image.height() >= 400
    # not a blank window: many distinct colours (text, table grid, icons)
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20
