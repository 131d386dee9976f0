"""Small pieces of English shared by the panes and the command line."""

from __future__ import annotations

__all__ = ["counted"]


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun`` agreeing: "1 change", "3 changes", "2 project permission schemes"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
