"""Jira's JSON for issue search as msgspec types, and the decoder that turns them into rows.

A page decodes in one step into ``IssueWire`` records whose field values are left as raw JSON
(``msgspec.Raw``: a slice of the page, nothing parsed); ``RowDecoder`` then builds the
``IssueRow``s. Strings, numbers and nulls are parsed in place; an object or a list is parsed
once per distinct JSON text in a load and shared by every row that holds it, as a
``SharedValue``. A search's nested values repeat a great deal (a few statuses, priorities and
assignees across 100,000 issues): a row of the default columns costs about 500 bytes instead of
3 KB, and holds no container the garbage collector would walk (see ``app.domain.issue``).
Unknown keys (``self``, ``expand``) are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from app.domain.issue import IssueRow, SharedValue

__all__ = [
    "BulkFetchWire",
    "DcIssuePage",
    "IdPageWire",
    "IdWire",
    "IssueErrorWire",
    "IssueWire",
    "RowDecoder",
]

_OBJECT, _LIST = ord("{"), ord("[")


class IssueWire(msgspec.Struct, gc=False):
    """An issue of a search page: its field values still raw JSON."""

    id: str
    key: str = ""
    fields: dict[str, msgspec.Raw] = {}


class DcIssuePage(msgspec.Struct, rename="camel"):
    """A page of DC ``/search`` (``startAt`` + ``total``)."""

    issues: list[IssueWire] = []
    start_at: int = 0
    max_results: int = 0
    total: int = 0


class IdWire(msgspec.Struct, gc=False):
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

    issues: list[IssueWire] = []
    issue_errors: list[IssueErrorWire] = []


class RowDecoder:
    """Builds the rows of one load, sharing each distinct nested value between them.

    One per load: what it shares lives as long as the rows that hold it, and the index of
    distinct values (their JSON text) goes when the load ends.
    """

    def __init__(self) -> None:
        self._shared: dict[bytes, SharedValue] = {}
        self._decode = msgspec.json.Decoder().decode

    def rows(self, issues: Iterable[IssueWire]) -> list[IssueRow]:
        """The rows of ``issues``, in their order."""
        return [IssueRow(issue.id, issue.key, self.values(issue.fields)) for issue in issues]

    def values(self, fields: dict[str, msgspec.Raw]) -> dict[str, Any]:
        """Field values from raw JSON: scalars parsed, objects and lists shared."""
        shared = self._shared
        decode = self._decode
        out: dict[str, Any] = {}
        for name, raw in fields.items():
            text = bytes(raw)
            if text[0] in (_OBJECT, _LIST):
                found = shared.get(text)
                if found is None:
                    found = shared[text] = SharedValue(decode(text))
                out[name] = found
            else:
                out[name] = decode(text)
        return out
