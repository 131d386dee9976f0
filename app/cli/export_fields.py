"""The columns of an export: ``--fields`` read as field ids or names, checked against the site.

Each entry of ``--fields`` is a field id (``summary``, ``customfield_10016``) or a field's name
as Jira shows it (``Story Points``, in any case). Names become ids for the request, and the CSV
header shows the name. An entry that is neither is an error naming it and the closest ids and
names, before anything is exported. ``key`` is always the first column and never a field.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from app.domain.field import FieldInfo

__all__ = [
    "ALWAYS_PRESENT",
    "ExportFields",
    "UnknownFieldsError",
    "choose_fields",
    "needs_field_list",
    "parse_fields",
]

# system fields every Jira (Cloud, Data Center, 4.x) has and no configuration removes from
# /field: a request that names only these needs no field list (Cloud's runs to hundreds of KB)
ALWAYS_PRESENT = frozenset(
    {
        "summary",
        "status",
        "assignee",
        "reporter",
        "creator",
        "issuetype",
        "project",
        "priority",
        "resolution",
        "resolutiondate",
        "created",
        "updated",
        "labels",
        "components",
        "fixVersions",
        "versions",
        "description",
        "duedate",
    }
)
_KEY_NAMES = frozenset({"key", "issuekey"})  # the first column already; Jira returns no field
_CLOSEST = 3


def parse_fields(text: str) -> tuple[str, ...]:
    """``"key,summary, Story Points"`` → ``("summary", "Story Points")``: without key or repeats."""
    seen: dict[str, None] = {}
    for part in text.split(","):
        name = part.strip()
        if name and name.casefold() not in _KEY_NAMES:
            seen.setdefault(name, None)
    return tuple(seen)


def needs_field_list(requested: Iterable[str]) -> bool:
    """Whether checking ``requested`` needs the site's ``/field`` list."""
    return not set(requested) <= ALWAYS_PRESENT


@dataclass(frozen=True, slots=True)
class ExportFields:
    """The field ids to request, in order, and the header of those that were given by name."""

    ids: tuple[str, ...]
    header_names: dict[str, str] = field(default_factory=dict)


class UnknownFieldsError(ValueError):
    """Some ``--fields`` entries are no field of the site; the message names the closest ones."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(["unknown --fields on this site:", *self.problems]))


def choose_fields(requested: Sequence[str], known: Sequence[FieldInfo]) -> ExportFields:
    """``requested`` (ids or names) as ids of ``known``; UnknownFieldsError names what is not."""
    by_id = {f.id: f for f in known}
    by_folded_id: dict[str, list[FieldInfo]] = {}
    by_name: dict[str, list[FieldInfo]] = {}
    for info in known:
        by_folded_id.setdefault(info.id.casefold(), []).append(info)
        by_name.setdefault(info.name.casefold(), []).append(info)
    ids: dict[str, None] = {}
    header: dict[str, str] = {}
    problems: list[str] = []
    for wanted in requested:
        folded = wanted.casefold()
        if wanted in by_id:
            ids.setdefault(wanted, None)
            continue
        named = by_name.get(folded) or by_folded_id.get(folded, [])
        if len(named) == 1:
            info = named[0]
            if info.id not in ids:
                ids[info.id] = None
                if folded == info.name.casefold():
                    header[info.id] = info.name
            continue
        if named:
            # two custom fields may share a name (a team-managed project's own "Story Points")
            problems.append(
                f'  "{wanted}" names {len(named)} fields: {_listed(named)}; give the id'
            )
            continue
        closest = _closest(folded, known)
        hint = f"closest: {_listed(closest)}" if closest else "nothing close"
        problems.append(f'  "{wanted}": {hint}')
    if problems:
        raise UnknownFieldsError(problems)
    return ExportFields(tuple(ids), header)


def _listed(fields: Iterable[FieldInfo]) -> str:
    return ", ".join(f'{f.id} "{f.name}"' for f in fields)


def _closest(folded: str, known: Sequence[FieldInfo]) -> list[FieldInfo]:
    """The fields whose id or name is most like ``folded``, best first."""
    candidates: dict[str, FieldInfo] = {}
    for info in known:
        candidates.setdefault(info.id.casefold(), info)
        candidates.setdefault(info.name.casefold(), info)
    found: dict[str, FieldInfo] = {}
    for text in difflib.get_close_matches(folded, list(candidates), n=_CLOSEST * 2, cutoff=0.6):
        info = candidates[text]
        found.setdefault(info.id, info)
    return list(found.values())[:_CLOSEST]
