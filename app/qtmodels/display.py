"""How a raw Jira value reads in a table cell or a detail field (plain text, local times)."""

from __future__ import annotations

import contextlib
import re
from datetime import datetime

from app.domain.issue_export import field_text

__all__ = ["display_text"]

_JIRA_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{4}$")


def display_text(value: object) -> str:
    """A cell's text: the export text, with Jira timestamps in local time to the minute."""
    text = field_text(value)
    if isinstance(value, str) and _JIRA_TIME.match(value):
        with contextlib.suppress(ValueError):
            moment = datetime.strptime(value[:19] + value[-5:], "%Y-%m-%dT%H:%M:%S%z")
            return moment.astimezone().strftime("%Y-%m-%d %H:%M")
    return text
