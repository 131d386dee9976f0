"""Reading one issue in full for the detail panel (all navigable fields and the comments)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from app.api.platform import JiraClient
from app.domain.issue import IssueRow

__all__ = ["IssueReader"]


class IssueReader:
    """Single issues of one site, as raw field values (rendered by the UI as plain text)."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client

    async def get(self, key: str) -> IssueRow:
        """The issue ``key`` with every navigable field and its comments."""
        # API v2 on both flavours: rich text stays wiki markup, which reads as plain text
        found = await self.client.http.get_json(
            f"rest/api/2/issue/{quote(key)}",
            dict[str, Any],
            {"fields": "*navigable,comment"},
        )
        fields = found.get("fields")
        return IssueRow(
            str(found.get("id", "")),
            str(found.get("key", key)),
            fields if isinstance(fields, dict) else {},
        )
