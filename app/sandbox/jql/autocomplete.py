"""Reference data and value suggestions for JQL editors (``/jql/autocompletedata``)."""

from __future__ import annotations

import html
import re

from app.sandbox.jql.engine import reserved_words
from app.sandbox.jql.fields import FieldSpec, Kind, resolve_field, visible_fields
from app.sandbox.jql.functions import FUNCTIONS
from app.sandbox.jql.lexer import KEYWORDS
from app.sandbox.model import Flavour, User
from app.sandbox.store import Store

__all__ = ["MAX_SUGGESTIONS", "autocomplete_data", "suggestions"]

MAX_SUGGESTIONS = 15
# Fields whose values the suggestions endpoint can list.
_SUGGESTED = frozenset(
    {
        Kind.PROJECT, Kind.CATEGORY, Kind.STATUS, Kind.STATUS_CATEGORY, Kind.PRIORITY,
        Kind.ISSUETYPE, Kind.RESOLUTION, Kind.USER, Kind.LABEL, Kind.COMPONENT, Kind.VERSION,
        Kind.SPRINT,
    }
)  # fmt: skip
_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.]*")


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _field_entries(spec: FieldSpec) -> list[dict[str, object]]:
    entry: dict[str, object] = {
        "orderable": _flag(spec.orderable),
        "searchable": _flag(bool(spec.operators)),
        "operators": list(spec.operators),
        "types": [spec.java_type],
    }
    if spec.kind in _SUGGESTED and spec.attr is not None:
        entry["auto"] = "true"
    if spec.custom and spec.cf_id is not None:
        # Names that are not plain words have to be quoted to be typed into a query.
        value = spec.name if _PLAIN_NAME.fullmatch(spec.name) else f'"{spec.name}"'
        return [
            {
                "value": value,
                "displayName": f"{spec.name} - cf[{spec.cf_id}]",
                **entry,
                "cfid": f"cf[{spec.cf_id}]",
            }
        ]
    return [{"value": name, "displayName": name, **entry} for name in (spec.name, *spec.aliases)]


def autocomplete_data(store: Store, user: User | None) -> dict[str, object]:
    """The body of GET /rest/api/2/jql/autocompletedata (JQLReferenceData)."""
    fields: list[dict[str, object]] = []
    for spec in visible_fields(store):
        fields.extend(_field_entries(spec))
    functions: list[dict[str, object]] = []
    for fdef in sorted(FUNCTIONS.values(), key=lambda d: d.name.lower()):
        call = f"{fdef.name}()"
        item: dict[str, object] = {"value": call, "displayName": call}
        if fdef.is_list:
            item["isList"] = "true"
        item["types"] = [fdef.produces.value]
        functions.append(item)
    words = sorted(reserved_words(store) | (KEYWORDS - {"cf"}))
    return {
        "visibleFieldNames": fields,
        "visibleFunctionNames": functions,
        "jqlReservedWords": words,
    }


def _candidates(store: Store, user: User | None, spec: FieldSpec) -> list[tuple[str, str]]:
    """(value, display text) pairs a field can take, as the searching user sees them."""
    visible = store.visible_projects(user)
    visible_ids = {p.id for p in visible}
    kind = spec.kind
    if kind is Kind.PROJECT:
        return [(p.name, f"{p.name} ({p.key})") for p in visible]
    if kind is Kind.CATEGORY:
        return [(c.name, c.name) for c in store.categories.values()]
    if kind is Kind.STATUS:
        return [(s.name, s.name) for s in store.statuses.values()]
    if kind is Kind.STATUS_CATEGORY:
        return [(c.name, c.name) for c in store.status_categories.values()]
    if kind is Kind.PRIORITY:
        return [(p.name, p.name) for p in store.priorities.values()]
    if kind is Kind.ISSUETYPE:
        return [(t.name, t.name) for t in store.issue_types.values()]
    if kind is Kind.RESOLUTION:
        return [(r.name, r.name) for r in store.resolutions.values()]
    if kind is Kind.USER:
        out: list[tuple[str, str]] = []
        for u in store.users.values():
            if not u.active:
                continue
            if store.flavour is Flavour.CLOUD:
                out.append((u.account_id, f"{u.display_name} - {u.email}"))
            else:
                out.append((u.name, f"{u.display_name} - {u.email} ({u.name})"))
        return out
    if kind is Kind.LABEL:
        labels = {
            label
            for issue in store.issues.values()
            if issue.project_id in visible_ids
            for label in issue.labels
        }
        return [(label, label) for label in labels]
    if kind is Kind.COMPONENT:
        names = {c.name for c in store.components.values() if c.project_id in visible_ids}
        return [(name, name) for name in names]
    if kind is Kind.VERSION:
        names = {v.name for v in store.versions.values() if v.project_id in visible_ids}
        return [(name, name) for name in names]
    if kind is Kind.SPRINT:
        return [(str(s.id), s.name) for s in store.sprints.values()]
    return []


def _highlight(display: str, needle: str) -> str | None:
    """Bold every place a word of ``display`` starts with ``needle``; None if there is none."""
    if not needle:
        return html.escape(display)
    pattern = re.compile(r"(?<![^\W_])" + re.escape(needle), re.IGNORECASE)
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(display):
        pieces.append(html.escape(display[last : match.start()]))
        pieces.append(f"<b>{html.escape(match.group())}</b>")
        last = match.end()
    if not pieces:
        return None
    pieces.append(html.escape(display[last:]))
    return "".join(pieces)


def suggestions(
    store: Store, user: User | None, field_name: str, field_value: str
) -> list[dict[str, str]]:
    """Values for ``field_name`` matching what was typed (GET jql/autocompletedata/suggestions)."""
    spec = resolve_field(store, field_name.strip().strip('"'))
    if spec is None or spec.kind not in _SUGGESTED or spec.attr is None:
        return []
    needle = field_value.strip().strip('"')
    seen: set[str] = set()
    out: list[dict[str, str]] = []
    for value, display in sorted(_candidates(store, user, spec), key=lambda c: c[1].lower()):
        if value in seen:
            continue
        shown = _highlight(display, needle)
        if shown is None:
            continue
        seen.add(value)
        out.append({"value": value, "displayName": shown})
        if len(out) == MAX_SUGGESTIONS:
            break
    return out
