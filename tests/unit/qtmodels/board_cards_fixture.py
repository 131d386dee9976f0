"""Cards and columns for the board model tests."""

from __future__ import annotations

from app.domain.board import BoardColumn, Card, Epic
from app.domain.site import UserRef

COLUMNS = (
    BoardColumn("To Do", ("1",)),
    BoardColumn("In Progress", ("3", "4"), max=2),
    BoardColumn("Done", ("5",)),
)
ADA = UserRef("ada", "Ada Lovelace")
GRACE = UserRef("grace", "Grace Hopper")
EPICS = (Epic(1, "P-100", "Payments", colour="color_4"), Epic(2, "P-200", "Search"))


def card(
    n: int,
    status: str = "1",
    *,
    who: UserRef | None = None,
    epic: str | None = None,
    labels: tuple[str, ...] = (),
    estimate: float | None = None,
    sprint: int | None = None,
    done: bool = False,
) -> Card:
    """Card P-n."""
    return Card(
        str(n),
        f"P-{n}",
        f"Summary {n}",
        status,
        status_name={"1": "To Do", "3": "In Progress", "4": "Blocked", "5": "Done"}.get(status, ""),
        issue_type="Story",
        priority="Medium",
        assignee=who,
        estimate=estimate,
        epic_key=epic,
        sprint_id=sprint,
        labels=labels,
        done=done,
    )
