"""Fixed reference data every site shares.

Statuses and their workflow, priorities, resolutions, issue types, project roles, groups,
project categories, and the fields ``/field`` lists.
"""

from __future__ import annotations

import random

from app.sandbox.model import (
    FieldDef,
    Flavour,
    Group,
    IssueType,
    Priority,
    ProjectRole,
    Resolution,
    Status,
    StatusCategory,
    Transition,
)
from app.sandbox.store import Store

__all__ = [
    "BLOCKED",
    "BUG",
    "CATEGORIES",
    "DONE",
    "EPIC",
    "GROUPS",
    "IN_PROGRESS",
    "IN_REVIEW",
    "STORY",
    "SUBTASK",
    "TASK",
    "TO_DO",
    "WONT_DO",
    "add_reference_data",
]

STATUS_CATEGORIES = [
    StatusCategory(1, "undefined", "No Category", "medium-gray"),
    StatusCategory(2, "new", "To Do", "blue-gray"),
    StatusCategory(4, "indeterminate", "In Progress", "yellow"),
    StatusCategory(3, "done", "Done", "green"),
]
TO_DO, IN_PROGRESS, IN_REVIEW, BLOCKED, DONE, WONT_DO = 10000, 3, 10001, 10002, 10003, 10004
STATUSES = [
    Status(TO_DO, "To Do", "The issue is open and ready for the assignee to start work on it.", 2),
    Status(
        IN_PROGRESS, "In Progress", "This issue is being actively worked on by the assignee.", 4
    ),
    Status(IN_REVIEW, "In Review", "The work is done and waits for a reviewer.", 4),
    Status(BLOCKED, "Blocked", "Work cannot go on until something outside the issue changes.", 4),
    Status(DONE, "Done", "Work on the issue is finished.", 3),
    Status(WONT_DO, "Won't Do", "The issue was closed without doing the work.", 3),
]
TRANSITIONS = [
    Transition(11, "Start Progress", IN_PROGRESS, frozenset({TO_DO, BLOCKED})),
    Transition(21, "Request Review", IN_REVIEW, frozenset({IN_PROGRESS})),
    Transition(31, "Done", DONE, frozenset({IN_PROGRESS, IN_REVIEW}), ("resolution",)),
    Transition(41, "Block", BLOCKED, frozenset({IN_PROGRESS, TO_DO})),
    Transition(51, "Reopen", TO_DO, frozenset({DONE, WONT_DO})),
    Transition(61, "Won't Do", WONT_DO, frozenset({TO_DO, BLOCKED, IN_PROGRESS}), ("resolution",)),
    Transition(71, "Back to In Progress", IN_PROGRESS, frozenset({IN_REVIEW})),
]
PRIORITIES = [
    Priority(1, "Highest", "This problem will block progress.", "#d04437", 1),
    Priority(2, "High", "Serious problem that could block progress.", "#f15c75", 2),
    Priority(3, "Medium", "Has the potential to affect progress.", "#f79232", 3),
    Priority(4, "Low", "Minor problem or easily worked around.", "#707070", 4),
    Priority(5, "Lowest", "Trivial problem with little or no impact on progress.", "#999999", 5),
]
RESOLUTIONS = [
    Resolution(10000, "Done", "Work has been completed on this issue."),
    Resolution(10001, "Won't Do", "This issue won't be actioned."),
    Resolution(10002, "Duplicate", "The problem is a duplicate of an existing issue."),
    Resolution(10003, "Cannot Reproduce", "All attempts at reproducing this issue failed."),
]
EPIC, STORY, TASK, BUG, SUBTASK = 10000, 10001, 10002, 10003, 10004
ISSUE_TYPES = [
    IssueType(EPIC, "Epic", "A big user story that needs to be broken down.", False, 1),
    IssueType(STORY, "Story", "Functionality or a feature expressed as a user goal.", False, 0),
    IssueType(TASK, "Task", "A small, distinct piece of work.", False, 0),
    IssueType(BUG, "Bug", "A problem or error.", False, 0),
    IssueType(SUBTASK, "Sub-task", "A small piece of work that's part of a larger task.", True, -1),
]
ROLES = [
    ProjectRole(
        10002, "Administrators", "A project role that represents administrators in a project"
    ),
    ProjectRole(10001, "Developers", "A project role that represents developers in a project"),
    ProjectRole(10000, "Users", "A project role that represents users in a project"),
]
CATEGORIES = [
    ("Engineering", "Product engineering teams"),
    ("Operations", "Infrastructure, support and on-call"),
    ("Business", "Sales, marketing and finance"),
    ("Research", "Experiments and prototypes"),
]
GROUPS = [
    "jira-administrators",
    "jira-users",
    "jira-developers",
    "product-team",
    "site-reliability",
]


def add_reference_data(store: Store, rng: random.Random) -> None:
    """Statuses, workflow, priorities, resolutions, issue types, roles, groups and fields."""
    for cat in STATUS_CATEGORIES:
        store.status_categories[cat.id] = cat
    for status in STATUSES:
        store.statuses[status.id] = status
    for prio in PRIORITIES:
        store.priorities[prio.id] = prio
    for res in RESOLUTIONS:
        store.resolutions[res.id] = res
    for itype in ISSUE_TYPES:
        store.issue_types[itype.id] = itype
    for role in ROLES:
        store.roles[role.id] = role
    store.transitions = list(TRANSITIONS)
    for i, gname in enumerate(GROUPS):
        store.groups[gname] = Group(gname, f"{rng.getrandbits(128):032x}"[:8] + f"-{i:04d}")
    _make_fields(store)


def _make_fields(store: Store) -> None:
    ids = store.field_ids

    def system(
        fid: str,
        name: str,
        clauses: list[str],
        schema: dict[str, object] | None,
        *,
        orderable: bool = True,
        navigable: bool = True,
        searchable: bool = True,
    ) -> FieldDef:
        return FieldDef(fid, name, False, navigable, searchable, orderable, clauses, schema)

    def custom(
        fid: str, name: str, kind: str, schema_type: str, items: str | None = None
    ) -> FieldDef:
        cid = int(fid.rsplit("_", 1)[1])
        schema: dict[str, object] = {"type": schema_type, "custom": kind, "customId": cid}
        if items:
            schema["items"] = items
        return FieldDef(fid, name, True, True, True, True, [f"cf[{cid}]", name], schema)

    store.fields = [
        system(
            "issuekey",
            "Key",
            ["id", "issue", "issuekey", "key"],
            None,
            orderable=False,
            searchable=False,
        ),
        system("summary", "Summary", ["summary"], {"type": "string", "system": "summary"}),
        system(
            "description",
            "Description",
            ["description"],
            {"type": "string", "system": "description"},
        ),
        system(
            "issuetype",
            "Issue Type",
            ["issuetype", "type"],
            {"type": "issuetype", "system": "issuetype"},
        ),
        system(
            "status", "Status", ["status"], {"type": "status", "system": "status"}, orderable=False
        ),
        system("priority", "Priority", ["priority"], {"type": "priority", "system": "priority"}),
        system(
            "resolution",
            "Resolution",
            ["resolution"],
            {"type": "resolution", "system": "resolution"},
        ),
        system("assignee", "Assignee", ["assignee"], {"type": "user", "system": "assignee"}),
        system("reporter", "Reporter", ["reporter"], {"type": "user", "system": "reporter"}),
        system(
            "creator",
            "Creator",
            ["creator"],
            {"type": "user", "system": "creator"},
            orderable=False,
        ),
        system("project", "Project", ["project"], {"type": "project", "system": "project"}),
        system(
            "labels", "Labels", ["labels"], {"type": "array", "items": "string", "system": "labels"}
        ),
        system(
            "components",
            "Component/s",
            ["component"],
            {"type": "array", "items": "component", "system": "components"},
        ),
        system(
            "fixVersions",
            "Fix Version/s",
            ["fixVersion"],
            {"type": "array", "items": "version", "system": "fixVersions"},
        ),
        system(
            "versions",
            "Affects Version/s",
            ["affectedVersion"],
            {"type": "array", "items": "version", "system": "versions"},
        ),
        system(
            "created",
            "Created",
            ["created", "createdDate"],
            {"type": "datetime", "system": "created"},
            orderable=False,
        ),
        system(
            "updated",
            "Updated",
            ["updated", "updatedDate"],
            {"type": "datetime", "system": "updated"},
            orderable=False,
        ),
        system(
            "resolutiondate",
            "Resolved",
            ["resolutiondate", "resolved"],
            {"type": "datetime", "system": "resolutiondate"},
            orderable=False,
        ),
        system("duedate", "Due date", ["due", "duedate"], {"type": "date", "system": "duedate"}),
        system(
            "statuscategorychangedate",
            "Status Category Changed",
            ["statusCategoryChangedDate"],
            {"type": "datetime", "system": "statuscategorychangedate"},
            orderable=False,
        ),
        system("parent", "Parent", ["parent"], None, navigable=True),
        system("comment", "Comment", ["comment"], {"type": "comments-page", "system": "comment"}),
        system(
            "subtasks",
            "Sub-tasks",
            ["subtasks"],
            {"type": "array", "items": "issuelinks", "system": "subtasks"},
            orderable=False,
            searchable=False,
        ),
        custom(
            ids.story_points,
            "Story Points" if store.flavour is Flavour.DATACENTER else "Story point estimate",
            "com.atlassian.jira.plugin.system.customfieldtypes:float",
            "number",
        ),
        custom(ids.sprint, "Sprint", "com.pyxis.greenhopper.jira:gh-sprint", "array", "json"),
        custom(ids.epic_link, "Epic Link", "com.pyxis.greenhopper.jira:gh-epic-link", "any"),
        custom(ids.rank, "Rank", "com.pyxis.greenhopper.jira:gh-lexo-rank", "any"),
    ]
    if store.flavour is Flavour.CLOUD:
        # Cloud names the story-points field differently but JQL still accepts "Story Points".
        store.fields[-4].clause_names.append("Story Points")
