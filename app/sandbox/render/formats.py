"""Jira's text and time formats: timestamps, dates, ADF, and the web UI's rendered forms."""

from __future__ import annotations

import html
from datetime import date, datetime
from typing import Any

__all__ = ["Json", "adf", "jira_date", "jira_datetime", "render_html", "ui_datetime"]

Json = dict[str, Any]


def jira_datetime(value: datetime | None) -> str | None:
    """Jira's timestamp format: ``2024-05-01T09:30:00.000+0000`` (offset without a colon)."""
    if value is None:
        return None
    return (
        value.strftime("%Y-%m-%dT%H:%M:%S.")
        + f"{value.microsecond // 1000:03d}"
        + value.strftime("%z")
    )


def jira_date(value: date | None) -> str | None:
    """Jira's date format: ``2024-05-01``."""
    return value.isoformat() if value is not None else None


def adf(text: str) -> Json | None:
    """Wiki text as a minimal Atlassian Document Format document (one paragraph per block)."""
    if not text:
        return None
    blocks = [b for b in text.split("\n\n") if b.strip()]
    content = []
    for block in blocks:
        parts: list[Json] = []
        for n, line in enumerate(block.split("\n")):
            if n:
                parts.append({"type": "hardBreak"})
            if line:
                parts.append({"type": "text", "text": line})
        content.append({"type": "paragraph", "content": parts})
    return {"type": "doc", "version": 1, "content": content}


def ui_datetime(value: datetime | None) -> str | None:
    """A time as the web UI and ``renderedFields`` write it: ``30/Aug/10 9:49 AM``."""
    if value is None:
        return None
    return f"{value:%d/%b/%y} {value.hour % 12 or 12}:{value:%M %p}"


def render_html(wiki: str) -> str | None:
    """Wiki text as ``renderedFields`` HTML: escaped, one ``<p>`` per paragraph."""
    # real Jira renders the wiki markup; escaping and keeping paragraphs is enough for clients
    if not wiki:
        return None
    return "".join(f"<p>{html.escape(p)}</p>" for p in wiki.split("\n\n"))
