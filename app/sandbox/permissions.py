"""Permission schemes over the store: who a grant's holder is, who holds a permission, the JSON.

A holder is kept as Jira's type name and a parameter in the store's own terms (group name, role
id, user *key*, field id, application); on the wire a user is an accountId on Cloud and a
username on Data Center. Cloud writes a holder as ``{type, parameter, value?, expand?}`` and
never embeds the expanded object (its ``PermissionHolder`` allows nothing else); Data Center
embeds ``user``/``group``/``projectRole``/``field`` when asked to expand them.
"""

from __future__ import annotations

import re
from typing import Any

from app.sandbox.model import Flavour, Issue, PermissionScheme, Project, SchemeGrant, User
from app.sandbox.render import Ctx
from app.sandbox.store import Store

__all__ = [
    "EXPANDS",
    "HOLDER_TYPES",
    "grant_json",
    "holder_from_wire",
    "holds",
    "projects_using",
    "scheme_json",
]

Json = dict[str, Any]
_CUSTOM_FIELD = re.compile(r"customfield_\d+")
EXPANDS = "permissions,user,group,projectRole,field,all"
# type -> whether it takes a parameter
HOLDER_TYPES: dict[str, bool] = {
    "group": True,
    "projectRole": True,
    "user": True,
    "applicationRole": False,  # an application name is optional: none = any signed-in user
    "anyone": False,
    "reporter": False,
    "assignee": False,
    "projectLead": False,
    "userCustomField": True,
    "groupCustomField": True,
    "reporterWithCreatePermission": False,
    "assigneeWithAssignablePermission": False,
}
_EXPAND_OF = {
    "group": "group",
    "projectRole": "projectRole",
    "user": "user",
    "userCustomField": "field",
    "groupCustomField": "field",
}


def projects_using(store: Store, scheme_id: int) -> list[Project]:
    """The projects a scheme is assigned to, by key."""
    return sorted(
        (p for p in store.projects.values() if p.permission_scheme_id == scheme_id),
        key=lambda p: p.key,
    )


def _in_role(store: Store, user: User, project: Project, role_id: str | None) -> bool:
    if role_id is None or not role_id.isdigit():
        return False
    return any(
        (a.kind == "user" and a.value == user.key) or (a.kind == "group" and a.value in user.groups)
        for a in project.role_actors.get(int(role_id), [])
    )


def _grant_applies(
    store: Store, grant: SchemeGrant, user: User, project: Project, issue: Issue | None
) -> bool:
    kind, param = grant.holder_type, grant.parameter
    if kind == "group":
        return param is None or param in user.groups
    if kind == "projectRole":
        return _in_role(store, user, project, param)
    if kind == "user":
        return param == user.key
    if kind == "projectLead":
        return project.lead_key == user.key
    if kind in ("anyone", "applicationRole"):
        return True
    if issue is not None:
        if kind in ("reporter", "reporterWithCreatePermission"):
            return issue.reporter_key == user.key
        if kind in ("assignee", "assigneeWithAssignablePermission"):
            return issue.assignee_key == user.key
        return False  # the sandbox's issues hold no user or group picker values
    # without an issue Jira counts issue-dependent grants as held in the project (mypermissions)
    return True


def holds(
    store: Store, user: User, project: Project, permission: str, issue: Issue | None = None
) -> bool:
    """Whether ``user`` holds ``permission`` in ``project`` (on ``issue``) by its scheme's grants."""
    if not user.active:
        return False
    scheme = store.permission_schemes.get(project.permission_scheme_id)
    if scheme is None:
        return False
    return any(
        _grant_applies(store, g, user, project, issue)
        for g in scheme.grants
        if g.permission == permission
    )


def _user_param(store: Store, key: str | None) -> str | None:
    user = store.users.get(key) if key else None
    if user is None:
        return key
    return user.account_id if store.flavour is Flavour.CLOUD else user.name


def holder_from_wire(store: Store, holder: Any) -> tuple[str, str | None] | str:
    """A request's holder in the store's terms, or Jira's complaint about it."""
    if not isinstance(holder, dict) or not isinstance(holder.get("type"), str):
        return "The holder of a permission grant must have a type."
    kind: str = holder["type"]
    if kind not in HOLDER_TYPES:
        return f"The holder type '{kind}' is not valid."
    raw = (
        holder.get("value") if kind == "group" and holder.get("value") else holder.get("parameter")
    )
    param = str(raw) if raw not in (None, "") else None
    if not HOLDER_TYPES[kind]:
        return (kind, param if kind == "applicationRole" else None)
    if param is None:
        return f"The holder type '{kind}' needs a parameter."
    if kind == "group":
        group = store.groups.get(param) or next(
            (g for g in store.groups.values() if g.group_id == param), None
        )
        return ("group", group.name) if group else f"Group '{param}' does not exist."
    if kind == "projectRole":
        if not param.isdigit() or int(param) not in store.roles:
            return f"Project role with id '{param}' does not exist."
        return ("projectRole", param)
    if kind == "user":
        user = store.find_user(param)
        return ("user", user.key) if user else f"User '{param}' does not exist."
    # the sandbox has no user or group picker fields of its own: any custom field id will do
    if store.field_by_id(param) is None and not _CUSTOM_FIELD.fullmatch(param):
        return f"Field '{param}' does not exist."
    return (kind, param)


def _holder_json(c: Ctx, grant: SchemeGrant, expand: set[str]) -> Json:
    kind, param = grant.holder_type, grant.parameter
    out: Json = {"type": kind}
    if param is not None:
        out["parameter"] = _user_param(c.store, param) if kind == "user" else param
        group = c.store.groups.get(param) if kind == "group" else None
        if c.cloud and group is not None:
            out["value"] = group.group_id
    tag = _EXPAND_OF.get(kind)
    if tag is None or param is None:
        return out
    out["expand"] = tag
    if c.cloud or not ({tag, "all"} & expand):
        return out
    # Data Center embeds the expanded object
    if kind == "group":
        out["group"] = {"name": param, "self": c.url(f"group?groupname={param}")}
    elif kind == "projectRole" and param.isdigit() and int(param) in c.store.roles:
        role = c.store.roles[int(param)]
        out["projectRole"] = {
            "self": c.url(f"role/{role.id}"),
            "name": role.name,
            "id": role.id,
            "description": role.description,
        }
    elif kind == "user" and param in c.store.users:
        out["user"] = c.user(c.store.users[param])
    elif kind in ("userCustomField", "groupCustomField"):
        field = c.store.field_by_id(param)
        name = field.name if field else param
        out["field"] = {"id": param, "name": name, "custom": True}
    return out


def grant_json(c: Ctx, scheme: PermissionScheme, grant: SchemeGrant, expand: set[str]) -> Json:
    """One grant as ``permissionscheme/{id}/permission`` writes it."""
    return {
        "id": grant.id,
        "self": c.url(f"permissionscheme/{scheme.id}/permission/{grant.id}"),
        "holder": _holder_json(c, grant, expand),
        "permission": grant.permission,
    }


def scheme_json(c: Ctx, scheme: PermissionScheme, expand: set[str]) -> Json:
    """A scheme; its grants only when an expand asks for them (any value does, as on Jira)."""
    out: Json = {
        "expand": EXPANDS,
        "id": scheme.id,
        "self": c.url(f"permissionscheme/{scheme.id}"),
        "name": scheme.name,
        "description": scheme.description,
    }
    if expand:
        out["permissions"] = [grant_json(c, scheme, g, expand) for g in scheme.grants]
    return out
