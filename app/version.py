"""Jade's version: the one in pyproject.toml, read at run time from the installed metadata.

A frozen Jade carries its dist-info (the PyInstaller spec copies it), so the same lookup works
there; no version number is written anywhere else in the source.
"""

from __future__ import annotations

from importlib import metadata

__all__ = ["jade_version"]


def jade_version() -> str:
    """The installed Jade's version ("development" in a tree that was never installed)."""
    try:
        return metadata.version("jade")
    except metadata.PackageNotFoundError:
        return "development"
