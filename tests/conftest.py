"""Fixtures shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The workplace's shared reference folder (specs, samples, behaviour notes)."""
    if not SHARED.is_dir():
        pytest.fail(f"the shared reference folder is missing: {SHARED}")
    return SHARED
