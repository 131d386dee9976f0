"""One issue at a time: reading it in full for the detail panel, and acting on it.

``IssueReader`` reads an issue with every navigable field and its comments. ``IssueWriter`` moves
it along its workflow (with the transition screen's fields and a comment), assigns it, edits its
summary, priority and labels, and comments on it. Both speak API v2 on both flavours (rich text
stays wiki markup); users go by ``accountId`` on Cloud and by username on Data Center.

Failures are the client layer's typed errors with Jira's own words: ``ValidationError.errors``
holds Jira's field errors (``{"resolution": "Resolution is required."}``). Transitions and
comments are POSTs, which are never resent (a lost answer may hide a change that was made);
edits and assignments are PUTs, which set a state and may be resent safely.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import msgspec

from app.api.core import ApiRequest
from app.api.platform import JiraClient
from app.domain.issue import IssueRow
from app.domain.issue_actions import IssueEdit, Transition, TransitionField
from app.domain.site import Flavour, UserRef

__all__ = ["IssueReader", "IssueWriter"]

_API = "rest/api/2"


def _issue_path(key: str, suffix: str = "") -> str:
    # keys come from users and servers: one path segment, never a path of its own
    return f"{_API}/issue/{quote(key, safe='')}{suffix}"


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


# ----- wire ---------------------------------------------------------------------------------------


class _StatusWire(msgspec.Struct):
    name: str = ""


class _ScreenFieldWire(msgspec.Struct, rename="camel"):
    required: bool = False
    name: str = ""
    has_default_value: bool = False
    default_value: Any = None
    # objects whose shape depends on the field: resolutions and versions have id + name,
    # select options id + value, users accountId/name + displayName
    allowed_values: list[Any] = []


class _TransitionWire(msgspec.Struct):
    id: str
    name: str = ""
    to: _StatusWire | None = None
    fields: dict[str, _ScreenFieldWire] = {}


class _TransitionsWire(msgspec.Struct):
    transitions: list[_TransitionWire] = []


class _CommentWire(msgspec.Struct):
    id: str


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _choice(value: Any) -> tuple[str, str]:
    """An allowed value as (id, name), whatever kind of value it is."""
    if not isinstance(value, dict):
        return _text(value), _text(value)
    ident = next(
        (_text(value[k]) for k in ("id", "key", "accountId", "name", "value") if value.get(k)), ""
    )
    name = next((_text(value[k]) for k in ("name", "value", "displayName") if value.get(k)), ident)
    return ident, name


def _to_transition(wire: _TransitionWire) -> Transition:
    fields = tuple(
        TransitionField(
            id=field_id,
            name=field.name or field_id,
            required=field.required,
            allowed=tuple(_choice(v) for v in field.allowed_values),
            default=_choice(field.default_value)[0] if field.has_default_value else None,
        )
        for field_id, field in wire.fields.items()
    )
    return Transition(wire.id, wire.name, wire.to.name if wire.to else "", fields)


def _value_ref(value: str) -> dict[str, str]:
    # what Jira expects for a field with allowed values (resolution, priority...): an id or a name
    return {"id": value} if value.isdigit() else {"name": value}


# ----- actions ------------------------------------------------------------------------------------


class IssueWriter:
    """Workflow, assignment, edits and comments on single issues of one site."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client
        self._http = client.http

    async def transitions(self, key: str) -> list[Transition]:
        """The transitions ``key`` may take now, each with its screen's fields and their choices."""
        found = await self._http.get_json(
            _issue_path(key, "/transitions"), _TransitionsWire, {"expand": "transitions.fields"}
        )
        return [_to_transition(t) for t in found.transitions]

    async def transition(
        self,
        key: str,
        transition_id: str,
        fields: Mapping[str, str] | None = None,
        comment: str | None = None,
    ) -> None:
        """Take transition ``transition_id``, filling its screen and adding ``comment``.

        ``fields`` maps a screen field to an allowed value, by id (all digits) or by name:
        ``{"resolution": "Done"}``. A missing required field, or a transition the issue cannot
        take now, is a ``ValidationError`` in Jira's words. Never resent: see the module notes.
        """
        body: dict[str, Any] = {"transition": {"id": transition_id}}
        if fields:
            body["fields"] = {name: _value_ref(value) for name, value in fields.items()}
        if comment is not None and comment.strip():
            body["update"] = {"comment": [{"add": {"body": comment}}]}
        await self._http.send(self._action(_issue_path(key, "/transitions"), body))

    async def assign(self, key: str, user: UserRef | None) -> None:
        """Assign ``key`` to ``user``, or leave it unassigned when ``user`` is None."""
        cloud = (await self.client.flavour()) is Flavour.CLOUD
        body = {"accountId" if cloud else "name": user.id if user is not None else None}
        await self._http.send(ApiRequest("PUT", _issue_path(key, "/assignee"), json=body))

    async def edit(self, key: str, edit: IssueEdit) -> None:
        """Change the summary and priority and add or remove labels (an empty edit sends nothing).

        Jira checks the whole edit first: an invalid part (an empty summary, an unknown
        priority) is a ``ValidationError`` keyed by field, and nothing changes.
        """
        if edit.is_empty:
            return
        fields: dict[str, Any] = {}
        if edit.summary is not None:
            fields["summary"] = edit.summary
        if edit.priority is not None:
            fields["priority"] = {"name": edit.priority}
        labels = [{"add": label} for label in edit.labels_add]
        labels += [{"remove": label} for label in edit.labels_remove]
        body: dict[str, Any] = {}
        if fields:
            body["fields"] = fields
        if labels:
            body["update"] = {"labels": labels}
        await self._http.send(ApiRequest("PUT", _issue_path(key), json=body))

    async def add_comment(self, key: str, body: str) -> str:
        """Comment on ``key`` (wiki markup); the new comment's id. Never resent."""
        request = self._action(_issue_path(key, "/comment"), {"body": body})
        return (await self._http.request_json(request, _CommentWire)).id

    @staticmethod
    def _action(path: str, body: dict[str, Any]) -> ApiRequest:
        # idempotent=False spelled out: a POST that changes the issue must never go twice, even
        # if the default for POSTs changed (a resent transition or comment happens twice)
        return ApiRequest("POST", path, json=body, idempotent=False)
