"""Jira Software's agile 1.0 shapes: boards, board configuration, epics and issues with agile fields.

Shapes follow the recordings in ``samples/`` (boards, board configuration, sprints, sprint and
board issues) and the agile contracts. An issue from an agile resource carries, beside the
fields asked for, the agile fields ``sprint`` (its active or future sprint), ``closedSprints``,
``flagged`` and ``epic``.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.sandbox.boards import closed_sprints, is_done, is_epic, open_sprint
from app.sandbox.model import Board, Issue
from app.sandbox.render import Ctx
from app.sandbox.render.formats import Json

__all__ = [
    "AGILE_FIELDS",
    "agile_issue",
    "board_config_json",
    "board_json",
    "epic_colour",
    "epic_json",
    "issues_page",
]

AGILE_FIELDS = ("sprint", "closedSprints", "flagged", "epic")
EPIC_COLOURS = 14  # color_1 ... color_14, the keys Jira's ColorBean allows


def board_json(c: Ctx, board: Board) -> Json:
    """A board as ``GET board`` and ``GET board/{id}`` list it (location as recorded on DC)."""
    project = c.store.projects[board.project_id]
    return {
        "id": board.id,
        "self": f"{c.base}/rest/agile/1.0/board/{board.id}",
        "name": board.name,
        "type": board.type,
        "location": {
            "projectId": project.id,
            "displayName": f"{project.name} ({project.key})",
            "projectName": project.name,
            "projectKey": project.key,
            "projectTypeKey": project.project_type_key,
            "avatarURI": f"{c.base}/secure/projectavatar?size=xsmall&pid={project.id}",
            "name": f"{project.name} ({project.key})",
        },
    }


def board_config_json(c: Ctx, board: Board) -> Json:
    """``GET board/{id}/configuration``: filter, columns with statuses and limits, estimation, rank."""
    store = c.store
    project = store.projects[board.project_id]
    out: Json = {
        "id": board.id,
        "name": board.name,
        "type": board.type,
        "self": f"{c.base}/rest/agile/1.0/board/{board.id}/configuration",
        # as recorded (DC): the project, not Cloud's documented {projectKeyOrId, type}
        "location": {
            "type": "project",
            "key": project.key,
            "id": str(project.id),
            "self": f"{c.base}/rest/api/2/project/{project.id}",
            "name": project.name,
        },
    }
    if board.filter_id is not None:
        out["filter"] = {
            "id": str(board.filter_id),
            "self": f"{c.base}/rest/api/2/filter/{board.filter_id}",
        }
    if board.type == "kanban":  # only kanban boards have a sub-filter
        out["subQuery"] = {"query": board.sub_query}
    columns = []
    for column in board.columns:
        entry: Json = {
            "name": column.name,
            "statuses": [
                {"id": str(s), "self": f"{c.base}/rest/api/2/status/{s}"} for s in column.status_ids
            ],
        }
        # the recording leaves out a limit that is not set
        if column.min is not None:
            entry["min"] = column.min
        if column.max is not None:
            entry["max"] = column.max
        columns.append(entry)
    out["columnConfig"] = {"columns": columns, "constraintType": board.constraint}
    if board.type == "scrum":  # only scrum boards estimate
        points = store.field_by_id(store.field_ids.story_points)
        out["estimation"] = {
            "type": "field",
            "field": {
                "fieldId": store.field_ids.story_points,
                "displayName": points.name if points else "Story Points",
            },
        }
    rank_id = int(store.field_ids.rank.rsplit("_", 1)[1])
    out["ranking"] = {"rankCustomFieldId": rank_id}
    return out


def epic_colour(epic: Issue) -> str:
    """The epic's colour key (fixed per epic, as if someone had picked it)."""
    return f"color_{epic.id % EPIC_COLOURS + 1}"


def epic_json(c: Ctx, epic: Issue) -> Json:
    """An epic as ``board/{id}/epic`` and an issue's ``epic`` field show it."""
    return {
        "id": epic.id,
        "key": epic.key,
        "self": f"{c.base}/rest/agile/1.0/epic/{epic.id}",
        "name": epic.summary,
        "summary": epic.summary,
        "color": {"key": epic_colour(epic)},
        "done": is_done(c.store, epic),
    }


def agile_issue(
    c: Ctx, issue: Issue, field_ids: list[str], agile: Sequence[str], expand: set[str]
) -> Json:
    """An issue with ``field_ids`` and the agile fields named in ``agile``."""
    out = c.issue(issue, field_ids, expand)
    fields: Json = out["fields"]
    store = c.store
    if "sprint" in agile:
        sprint = open_sprint(store, issue)
        fields["sprint"] = c.sprint(sprint) if sprint else None
    if "closedSprints" in agile:
        closed = closed_sprints(store, issue)
        fields["closedSprints"] = [c.sprint(s) for s in closed] if closed else None
    if "flagged" in agile:
        fields["flagged"] = False
    if "epic" in agile:
        parent = store.issues.get(issue.parent_id) if issue.parent_id else None
        epic = parent if parent is not None and is_epic(store, parent) else None
        fields["epic"] = epic_json(c, epic) if epic else None
    return out


def issues_page(
    c: Ctx,
    issues: Sequence[Issue],
    start: int,
    limit: int,
    field_ids: list[str],
    agile: Sequence[str],
    expand: set[str],
) -> Json:
    """A search-shaped page ``{expand, startAt, maxResults, total, issues}`` of agile issues."""
    chosen = issues[start : start + limit]
    return {
        "expand": "schema,names",
        "startAt": start,
        "maxResults": limit,
        "total": len(issues),
        "issues": [agile_issue(c, i, field_ids, agile, expand) for i in chosen],
    }
