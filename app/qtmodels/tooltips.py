"""Tooltips for server text: Qt guesses rich text in tooltips, so plain text is escaped first."""

from __future__ import annotations

import html

__all__ = ["plain_tooltip"]


def plain_tooltip(text: str | None) -> str | None:
    """``text`` as a tooltip that shows literally (no markup, no remote images); None if empty."""
    if not text:
        return None
    # "<qt>" makes Qt read the tooltip as rich text, so the escaped entities show as characters
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"
