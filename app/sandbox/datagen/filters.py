"""Saved filters: the administrator's (some starred, some shared) and one of the plain user."""

from __future__ import annotations

from app.sandbox.model import Filter, FilterShare, Project, User
from app.sandbox.store import Store

__all__ = ["make_filters"]

# name, description, JQL, starred by the admin
ADMIN_FILTERS = (
    (
        "My open issues",
        "Everything assigned to me that is not resolved.",
        "assignee = currentUser() AND resolution IS EMPTY",
        True,
    ),
    ("Updated this week", "", "updated >= -7d ORDER BY updated DESC", False),
    (
        "High priority bugs",
        "Bugs to look at first; shared with every Jira user.",
        "issuetype = Bug AND priority in (High, Highest)",
        True,
    ),
    (
        "Done recently",
        "Resolved in the last two weeks.",
        "status = Done AND resolved >= -14d",
        False,
    ),
)


def make_filters(store: Store, admin: User, plain: User, projects: list[Project]) -> None:
    """Four filters of the admin (two starred, two shared) and one of the plain user."""
    users_role = next(r.id for r in store.roles.values() if r.name == "Users")
    for name, description, jql, starred in ADMIN_FILTERS:
        flt = Filter(
            id=store.next_id("filter"),
            name=name,
            jql=jql,
            owner_key=admin.key,
            description=description,
            favourite_of={admin.key} if starred else set(),
        )
        store.filters[flt.id] = flt
    shared, team = store.filters[10002], store.filters[10003]
    shared.shares.append(FilterShare(store.next_id("sharepermission"), "group", group="jira-users"))
    shared.favourite_of.add(plain.key)
    if projects:  # a site generated without projects has none to share with
        team.shares.append(
            FilterShare(
                store.next_id("sharepermission"),
                "project",
                project_id=projects[0].id,
                role_id=users_role,
            )
        )
    team.shares.append(
        FilterShare(store.next_id("sharepermission"), "group", group="jira-developers")
    )
    own = Filter(
        id=store.next_id("filter"),
        name="My reported issues",
        jql="reporter = currentUser() ORDER BY created DESC",
        owner_key=plain.key,
        favourite_of={plain.key},
    )
    store.filters[own.id] = own
