"""The fields JQL can search and sort: names, aliases, operators, and how to find one by name."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from app.sandbox.model import FieldDef, Flavour
from app.sandbox.store import Store

__all__ = ["FieldSpec", "Kind", "resolve_field", "system_fields", "visible_fields"]


class Kind(enum.Enum):
    """How a field's values are read and compared."""

    TEXT = "text"
    PROJECT = "project"
    CATEGORY = "category"
    KEY = "key"
    STATUS = "status"
    STATUS_CATEGORY = "statusCategory"
    USER = "user"
    PRIORITY = "priority"
    ISSUETYPE = "issuetype"
    LABEL = "label"
    COMPONENT = "component"
    VERSION = "version"
    RESOLUTION = "resolution"
    DATETIME = "datetime"
    DATE = "date"
    SPRINT = "sprint"
    PARENT = "parent"
    EPIC = "epic"
    NUMBER = "number"
    RANK = "rank"
    OPTION = "option"


_EQ = ("=", "!=", "in", "not in")
_EMPTY = ("is", "is not")
_CMP = (">", ">=", "<", "<=")
_TEXT = ("~", "!~", "is", "is not")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One searchable field.

    ``attr`` names the Issue attribute holding the value; None for a custom field the sandbox
    keeps no values for (every issue is EMPTY there).
    """

    id: str
    name: str
    kind: Kind
    operators: tuple[str, ...]
    orderable: bool
    java_type: str
    attr: str | None = None
    aliases: tuple[str, ...] = ()
    cf_id: int | None = None
    custom: bool = False


def _sys(
    id_: str,
    kind: Kind,
    operators: tuple[str, ...],
    orderable: bool,
    java_type: str,
    attr: str | None = None,
    aliases: tuple[str, ...] = (),
) -> FieldSpec:
    return FieldSpec(id_, id_, kind, operators, orderable, java_type, attr, aliases)


_STRING = "java.lang.String"
_DATE = "java.util.Date"
_USER = "com.atlassian.jira.user.ApplicationUser"
_VERSION = "com.atlassian.jira.project.version.Version"

_SYSTEM: tuple[FieldSpec, ...] = (
    _sys(
        "affectedVersion", Kind.VERSION, _EQ + _EMPTY + _CMP, True, _VERSION,
        "affects_version_ids",
    ),
    _sys("assignee", Kind.USER, _EQ + _EMPTY, True, _USER, "assignee_key"),
    _sys(
        "category", Kind.CATEGORY, _EQ + _EMPTY, False,
        "com.atlassian.jira.project.ProjectCategory",
    ),
    _sys("comment", Kind.TEXT, ("~", "!~"), False, _STRING, "comments"),
    _sys(
        "component", Kind.COMPONENT, _EQ + _EMPTY, True,
        "com.atlassian.jira.bc.project.component.ProjectComponent", "component_ids",
    ),
    _sys("created", Kind.DATETIME, _EQ + _EMPTY + _CMP, True, _DATE, "created", ("createdDate",)),
    _sys("creator", Kind.USER, _EQ + _EMPTY, True, _USER, "creator_key"),
    _sys("description", Kind.TEXT, _TEXT, False, _STRING, "description"),
    _sys("due", Kind.DATE, _EQ + _EMPTY + _CMP, True, _DATE, "due_date", ("duedate",)),
    _sys("environment", Kind.TEXT, _TEXT, False, _STRING),
    _sys("fixVersion", Kind.VERSION, _EQ + _EMPTY + _CMP, True, _VERSION, "fix_version_ids"),
    _sys(
        "key", Kind.KEY, _EQ + _CMP, True, "com.atlassian.jira.issue.Issue", "id",
        ("id", "issue", "issuekey"),
    ),
    _sys(
        "issuetype", Kind.ISSUETYPE, _EQ + _EMPTY, True,
        "com.atlassian.jira.issue.issuetype.IssueType", "issuetype_id", ("type",),
    ),
    _sys(
        "labels", Kind.LABEL, _EQ + _EMPTY, False, "com.atlassian.jira.issue.label.Label",
        "labels",
    ),
    _sys("parent", Kind.PARENT, _EQ, False, "com.atlassian.jira.issue.Issue", "parent_id"),
    _sys(
        "priority", Kind.PRIORITY, _EQ + _EMPTY + _CMP, True,
        "com.atlassian.jira.issue.priority.Priority", "priority_id",
    ),
    _sys(
        "project", Kind.PROJECT, _EQ + _EMPTY, True, "com.atlassian.jira.project.Project",
        "project_id",
    ),
    _sys("reporter", Kind.USER, _EQ + _EMPTY, True, _USER, "reporter_key"),
    _sys(
        "resolution", Kind.RESOLUTION, _EQ + _EMPTY, True,
        "com.atlassian.jira.issue.resolution.Resolution", "resolution_id",
    ),
    _sys(
        "resolved", Kind.DATETIME, _EQ + _EMPTY + _CMP, True, _DATE, "resolution_date",
        ("resolutiondate",),
    ),
    _sys(
        "status", Kind.STATUS, _EQ + _EMPTY, True, "com.atlassian.jira.issue.status.Status",
        "status_id",
    ),
    _sys(
        "statusCategory", Kind.STATUS_CATEGORY, _EQ, False,
        "com.atlassian.jira.issue.status.category.StatusCategory", "status_id",
    ),
    _sys("summary", Kind.TEXT, _TEXT, True, _STRING, "summary"),
    _sys("text", Kind.TEXT, ("~",), False, _STRING),
    _sys("updated", Kind.DATETIME, _EQ + _EMPTY + _CMP, True, _DATE, "updated", ("updatedDate",)),
)  # fmt: skip

_BY_NAME: dict[str, FieldSpec] = {}
for _spec in _SYSTEM:
    for _name in (_spec.name, *_spec.aliases):
        _BY_NAME[_name.lower()] = _spec

_CF = re.compile(r"cf\[([0-9]+)\]", re.IGNORECASE | re.ASCII)
_SPRINT_NAMES = ("sprint",)
_EPIC_NAMES = ("epic link",)
_POINTS_NAMES = ("story points", "story point estimate")
_RANK_NAMES = ("rank",)


def _cf_number(field_id: str) -> int:
    return int(field_id.removeprefix("customfield_"))


def _agile_specs(store: Store) -> dict[str, FieldSpec]:
    """The Jira Software fields, whose custom field ids differ between Cloud and DC."""
    ids = store.field_ids

    def spec(
        field_id: str, default: str, kind: Kind, ops: tuple[str, ...], java: str, attr: str
    ) -> FieldSpec:
        fdef = store.field_by_id(field_id)
        name = fdef.name if fdef is not None else default
        return FieldSpec(
            field_id, name, kind, ops, True, java, attr, (), _cf_number(field_id), True
        )

    points = "Story point estimate" if store.flavour is Flavour.CLOUD else "Story Points"
    return {
        ids.sprint: spec(
            ids.sprint, "Sprint", Kind.SPRINT, _EQ + _EMPTY,
            "com.atlassian.greenhopper.service.sprint.Sprint", "sprint_ids",
        ),
        ids.epic_link: spec(
            ids.epic_link, "Epic Link", Kind.EPIC, _EQ + _EMPTY,
            "com.atlassian.jira.issue.Issue", "parent_id",
        ),
        ids.story_points: spec(
            ids.story_points, points, Kind.NUMBER, _EQ + _EMPTY + _CMP, "java.lang.Number",
            "story_points",
        ),
        ids.rank: spec(ids.rank, "Rank", Kind.RANK, (), "java.lang.String", "rank"),
    }  # fmt: skip


def _generic_spec(fdef: FieldDef) -> FieldSpec:
    """A custom field the sandbox holds no values for: searchable by its schema type."""
    schema = fdef.schema or {}
    kind_name = str(schema.get("type", "string"))
    items = schema.get("items")
    if kind_name == "array" and isinstance(items, str):
        kind_name = items
    kind, ops, java = {
        "string": (Kind.TEXT, _TEXT, _STRING),
        "number": (Kind.NUMBER, _EQ + _EMPTY + _CMP, "java.lang.Number"),
        "datetime": (Kind.DATETIME, _EQ + _EMPTY + _CMP, _DATE),
        "date": (Kind.DATE, _EQ + _EMPTY + _CMP, _DATE),
        "user": (Kind.USER, _EQ + _EMPTY, _USER),
    }.get(
        kind_name,
        (Kind.OPTION, _EQ + _EMPTY, "com.atlassian.jira.issue.customfields.option.Option"),
    )
    cf_id = _cf_number(fdef.id) if fdef.id.startswith("customfield_") else None
    return FieldSpec(fdef.id, fdef.name, kind, ops, fdef.orderable, java, None, (), cf_id, True)


def _custom_by_id(store: Store, field_id: str) -> FieldSpec | None:
    agile = _agile_specs(store)
    if field_id in agile:
        return agile[field_id]
    fdef = store.field_by_id(field_id)
    if fdef is None or not fdef.custom:
        return None
    return _generic_spec(fdef)


def resolve_field(store: Store, name: str, cf_id: int | None = None) -> FieldSpec | None:
    """Find the field a clause names (as typed, any case); None when there is no such field."""
    if cf_id is None:
        match = _CF.fullmatch(name.strip())
        if match is not None:
            cf_id = int(match[1])
    if cf_id is not None:
        return _custom_by_id(store, f"customfield_{cf_id}")
    low = name.lower()
    if low in _BY_NAME:
        return _BY_NAME[low]
    ids = store.field_ids
    for names, field_id in (
        (_SPRINT_NAMES, ids.sprint),
        (_EPIC_NAMES, ids.epic_link),
        (_POINTS_NAMES, ids.story_points),
        (_RANK_NAMES, ids.rank),
    ):
        if low in names:
            return _agile_specs(store)[field_id]
    fdef = store.field_by_clause(name)
    if fdef is not None and fdef.custom:
        return _custom_by_id(store, fdef.id)
    return None


def system_fields() -> tuple[FieldSpec, ...]:
    """The system fields, in name order."""
    return _SYSTEM


def visible_fields(store: Store) -> list[FieldSpec]:
    """Every field a query may use on this site: system fields, then custom fields by name."""
    agile = _agile_specs(store)
    custom: dict[str, FieldSpec] = dict(agile)
    for fdef in store.fields:
        if fdef.custom and fdef.searchable and fdef.id not in custom:
            custom[fdef.id] = _generic_spec(fdef)
    return [*_SYSTEM, *sorted(custom.values(), key=lambda s: s.name.lower())]
