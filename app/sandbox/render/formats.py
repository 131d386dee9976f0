"""Jira's time formats: timestamps, dates, and the web UI's rendered form of a time."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

__all__ = ["Json", "jira_date", "jira_datetime", "ui_datetime"]

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


def ui_datetime(value: datetime | None) -> str | None:
    """A time as the web UI and ``renderedFields`` write it: ``30/Aug/10 9:49 AM``."""
    if value is None:
        return None
    return f"{value:%d/%b/%y} {value.hour % 12 or 12}:{value:%M %p}"
