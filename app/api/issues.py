"""One issue at a time: reading it in full for the detail panel, and acting on it.

``IssueReader`` reads an issue with every navigable field and its comments (``get``), or in full
for the detail panel (``detail``): with Jira's own HTML rendering of the description and the
comments (``expand=renderedFields``), its changelog (``expand=changelog``), and its parent,
sub-tasks and links. ``IssueWriter`` moves
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

from app.api import core
from app.api.core import ApiRequest
from app.api.platform import JiraClient
from app.domain.issue import IssueRow
from app.domain.issue_actions import IssueEdit, Transition, TransitionField
from app.domain.issue_detail import IssueDetail
from app.domain.issue_history import FieldChange, HistoryEntry, IssueHistory, jira_timestamp
from app.domain.issue_links import IssueLink, IssueRelations, LinkedIssue
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
        return _row(found, key)

    async def detail(self, key: str) -> IssueDetail:
        """The issue ``key`` in full: fields, comments, Jira's rendering, history and links.

        Where the server renders nothing (Jira 4.3, or a field it leaves out of
        ``renderedFields``) the rendering is None and the detail shows the raw text.
        """
        request = ApiRequest(
            "GET",
            _issue_path(key),
            params={"fields": "*navigable,comment", "expand": "renderedFields,changelog"},
        )
        response = await self.client.http.send(request)
        # one answer read twice: as raw values for the row, and typed for what the detail adds
        row = _row(core.decode(response, dict[str, Any]), key)
        wire = core.decode(response, _DetailWire)
        rendered = wire.rendered_fields or _RenderedWire()
        comment_html = {
            c.id: c.rendered_body for c in wire.fields.comment.comments if c.rendered_body
        }
        comment_html |= {c.id: c.body for c in rendered.comment.comments if c.body is not None}
        return IssueDetail(
            row,
            site_url=self.client.http.config.base_url,
            description_html=rendered.description,
            comment_html=comment_html,
            history=_history(wire.changelog),
            relations=_relations(wire.fields),
        )


def _row(found: dict[str, Any], key: str) -> IssueRow:
    fields = found.get("fields")
    return IssueRow(
        str(found.get("id", "")),
        str(found.get("key", key)),
        fields if isinstance(fields, dict) else {},
    )


# ----- the detail's wire ---------------------------------------------------------------------------


class _NamedWire(msgspec.Struct):
    name: str = ""


class _LinkedFieldsWire(msgspec.Struct):
    summary: str = ""
    status: _NamedWire | None = None


class _LinkedIssueWire(msgspec.Struct):
    key: str = ""
    fields: _LinkedFieldsWire | None = None


class _LinkTypeWire(msgspec.Struct):
    name: str = ""
    inward: str = ""
    outward: str = ""


class _LinkWire(msgspec.Struct, rename="camel"):
    type: _LinkTypeWire | None = None
    inward_issue: _LinkedIssueWire | None = None
    outward_issue: _LinkedIssueWire | None = None


class _CommentHtmlWire(msgspec.Struct, rename="camel"):
    id: str = ""
    body: str | None = None  # in renderedFields: the HTML
    rendered_body: str | None = None  # in fields, when a server adds it (expand=renderedBody)


class _CommentsHtmlWire(msgspec.Struct):
    comments: list[_CommentHtmlWire] = []


class _DetailFieldsWire(msgspec.Struct):
    issuelinks: list[_LinkWire] | None = None
    subtasks: list[_LinkedIssueWire] | None = None
    parent: _LinkedIssueWire | None = None
    comment: _CommentsHtmlWire = msgspec.field(default_factory=_CommentsHtmlWire)


class _RenderedWire(msgspec.Struct):
    description: str | None = None
    comment: _CommentsHtmlWire = msgspec.field(default_factory=_CommentsHtmlWire)


class _AuthorWire(msgspec.Struct, rename="camel"):
    display_name: str = ""
    name: str = ""
    account_id: str = ""


class _ChangeItemWire(msgspec.Struct, rename="camel"):
    field: str = ""
    # the ids (``from``/``to``) are strings on every Jira seen, but only read when no text came
    from_: Any = msgspec.field(default=None, name="from")
    from_string: str | None = None
    to: Any = None
    to_string: str | None = None


class _HistoryWire(msgspec.Struct):
    author: _AuthorWire | None = None
    created: str = ""
    items: list[_ChangeItemWire] = []


class _ChangelogWire(msgspec.Struct):
    histories: list[_HistoryWire] = []
    total: int = 0


class _DetailWire(msgspec.Struct, rename="camel"):
    fields: _DetailFieldsWire = msgspec.field(default_factory=_DetailFieldsWire)
    rendered_fields: _RenderedWire | None = None
    changelog: _ChangelogWire | None = None


def _linked(wire: _LinkedIssueWire) -> LinkedIssue:
    fields = wire.fields or _LinkedFieldsWire()
    return LinkedIssue(wire.key, fields.summary, fields.status.name if fields.status else "")


def _relations(fields: _DetailFieldsWire) -> IssueRelations:
    links = []
    for link in fields.issuelinks or ():
        kind = link.type or _LinkTypeWire()
        if link.outward_issue is not None:
            links.append(
                IssueLink(kind.outward or kind.name, _linked(link.outward_issue), kind.name)
            )
        elif link.inward_issue is not None:
            links.append(IssueLink(kind.inward or kind.name, _linked(link.inward_issue), kind.name))
    return IssueRelations(
        parent=_linked(fields.parent) if fields.parent and fields.parent.key else None,
        subtasks=tuple(_linked(s) for s in fields.subtasks or ()),
        links=tuple(links),
    )


def _change_text(text: str | None, ident: Any) -> str:
    if text is not None:
        return text
    return "" if ident is None else str(ident)


def _history(wire: _ChangelogWire | None) -> IssueHistory:
    if wire is None:
        return IssueHistory()
    entries = []
    for history in wire.histories:
        author = history.author
        name = (author.display_name or author.name or author.account_id) if author else ""
        changes = tuple(
            FieldChange(
                item.field,
                _change_text(item.from_string, item.from_),
                _change_text(item.to_string, item.to),
            )
            for item in history.items
        )
        entries.append(HistoryEntry(name, jira_timestamp(history.created), changes))
    return IssueHistory.of(entries, wire.total)


# ----- wire ---------------------------------------------------------------------------------------


class _StatusWire(msgspec.Struct):
    name: str = ""
    id: str = ""


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
    to = wire.to or _StatusWire()
    return Transition(wire.id, wire.name, to.name, fields, to_status_id=to.id)


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
