"""Jira's JSON for issue search as msgspec types, decoded straight into ``IssueRow`` records.

msgspec decodes a dataclass directly from bytes, so a page of issues becomes ``IssueRow`` objects
in one step with no intermediate dicts to convert; unknown keys (``self``, ``expand``) are ignored.
"""

from __future__ import annotations

import msgspec

from app.domain.issue import IssueRow

__all__ = [
    "BulkFetchWire",
    "DcIssuePage",
    "IdPageWire",
    "IdWire",
    "IssueErrorWire",
    "TokenIssuePage",
]


class DcIssuePage(msgspec.Struct, rename="camel"):
    """A page of DC ``/search`` (``startAt`` + ``total``)."""

    issues: list[IssueRow] = []
    start_at: int = 0
    max_results: int = 0
    total: int = 0


class TokenIssuePage(msgspec.Struct, rename="camel"):
    """A page of Cloud ``/search/jql`` with fields requested."""

    issues: list[IssueRow] = []
    next_page_token: str | None = None
    is_last: bool | None = None


class IdWire(msgspec.Struct):
    """An issue of a ``/search/jql`` page that asked only for ids."""

    id: str


class IdPageWire(msgspec.Struct, rename="camel"):
    """A page of Cloud ``/search/jql`` with ``fields=["id"]``."""

    issues: list[IdWire] = []
    next_page_token: str | None = None
    is_last: bool | None = None


class IssueErrorWire(msgspec.Struct, rename="camel"):
    """One entry of bulkfetch's ``issueErrors``."""

    id: str = ""
    error_message: str = ""


class BulkFetchWire(msgspec.Struct, rename="camel"):
    """Cloud ``POST /issue/bulkfetch``: issues in ascending id, and the ids it could not return."""

    issues: list[IssueRow] = []
    issue_errors: list[IssueErrorWire] = []
