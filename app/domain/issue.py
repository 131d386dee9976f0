"""Issues as search results list them: id, key and the raw values of the requested fields.

A search can hold 100,000 rows for as long as the window is open, so rows are built to cost the
cyclic garbage collector nothing: ``IssueRow`` and ``SharedValue`` are msgspec Structs with
``gc=False``, which Python's collector never tracks, and a row's ``values`` dict holds only
strings, numbers, ``None`` and ``SharedValue`` handles, so CPython leaves that dict untracked too.
A full collection then walks none of the rows however many are loaded (with plain objects it
walked every row and every nested dict: 0.4 s per collection at 100,000 rows).

The nested values of a search (a status, a user, a list of labels) are decoded once per distinct
value and load, and every row holding that value holds the same object through a ``SharedValue``
(``app.api.issue_wire.RowDecoder``). They are Jira's values as sent: read them, never change them.
Handles hold only JSON values, never rows or handles, so they can be part of no reference cycle:
the condition under which ``gc=False`` is safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

__all__ = ["IssueRow", "SharedValue", "SkippedIssue"]


class SharedValue(msgspec.Struct, frozen=True, gc=False):
    """A nested Jira value (object or list) that every row of a load holding it shares."""

    value: Any


def _plain(value: Any) -> Any:
    return value.value if type(value) is SharedValue else value


def _name(value: Any, *keys: str) -> str | None:
    # Jira sends null for an unset user or status; a field not requested is simply absent
    if not isinstance(value, dict):
        return None
    for key in keys:
        found = value.get(key)
        if isinstance(found, str) and found:
            return found
    return None


class IssueRow(msgspec.Struct, frozen=True, gc=False):
    """One issue of a search result: ``IssueRow(id, key, values)``.

    ``values`` maps field ids to Jira's values; a value may be wrapped in a ``SharedValue``.
    ``fields`` and ``field`` give the plain values.
    """

    id: str
    key: str = ""
    values: dict[str, Any] = {}

    @property
    def fields(self) -> dict[str, Any]:
        """Jira's values of the requested fields, as sent (a new dict; nested values are shared)."""
        return {name: _plain(value) for name, value in self.values.items()}

    def field(self, name: str) -> Any:
        """The value of field ``name`` as Jira sent it; None when absent."""
        return _plain(self.values.get(name))

    @property
    def summary(self) -> str | None:
        """The summary, when it was requested."""
        value = self.field("summary")
        return value if isinstance(value, str) else None

    @property
    def status_name(self) -> str | None:
        """The status's name, when it was requested."""
        return _name(self.field("status"), "name")

    @property
    def assignee_name(self) -> str | None:
        """The assignee's display name (or username), None when unassigned or not requested."""
        return _name(self.field("assignee"), "displayName", "name")


@dataclass(frozen=True, slots=True)
class SkippedIssue:
    """An issue the search listed but the fetch of its fields did not return (deleted, hidden)."""

    id: str
    message: str
