"""The Sprint custom field as an issue edit sets it: ``{"fields": {"customfield_N": 42}}``.

Jira Agile 6.x moves an issue between sprints this way (its experimental API has no move
resource), and later Jira takes the same edit: the value is the id of an active or future
sprint, or null to take the issue out of its open sprint (to the backlog). The closed sprints
an issue went through stay in the field. "Number value expected as the Sprint id." is Jira's
text for a value that is not a number; the other refusals' texts are the sandbox's own.
"""

from __future__ import annotations

from typing import Any

from app.sandbox.model import Issue
from app.sandbox.store import Store

__all__ = ["sprint_ids_after"]

NOT_A_NUMBER = "Number value expected as the Sprint id."


def sprint_ids_after(store: Store, issue: Issue, value: Any) -> list[int] | str:
    """The issue's sprint ids once the edit sets the field to ``value``, or why it cannot."""
    if isinstance(value, dict):  # {"id": 42}, as a client echoing the field may send it
        value = value.get("id")
    kept = [
        s for s in issue.sprint_ids if s in store.sprints and store.sprints[s].state == "closed"
    ]
    if value is None:
        return kept
    if isinstance(value, bool) or not isinstance(value, int | str):
        return NOT_A_NUMBER
    text = str(value).strip()
    if not text.isascii() or not text.isdigit():
        return NOT_A_NUMBER
    sprint = store.sprints.get(int(text))
    if sprint is None:
        return f"Sprint with id {text} does not exist."
    if sprint.state == "closed":
        return (
            f"Sprint '{sprint.name}' is closed: issues can only be added to an active or "
            "future sprint."
        )
    if store.issue_types[issue.issuetype_id].subtask:
        return f"Issue '{issue.key}' is a sub-task: it is in its parent's sprint."
    # an issue is in at most one open or future sprint: setting the field replaces that one
    return [*kept, sprint.id]
