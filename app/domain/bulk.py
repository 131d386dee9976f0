"""Bulk changes over many issues: what to do, and what happened to each issue.

A bulk run records each issue's outcome; "retry" runs only the issues that failed, so nothing
that succeeded is applied twice.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from app.domain.site import UserRef
from app.domain.sprint import SprintRef

__all__ = ["BulkAction", "BulkKind", "BulkOutcome", "BulkRun"]


class BulkKind(enum.StrEnum):
    """The kinds of bulk change."""

    TRANSITION = "transition"  # by transition name: each issue uses the one open from its status
    ASSIGN = "assign"
    ADD_LABEL = "add-label"
    MOVE_TO_SPRINT = "move-to-sprint"


@dataclass(frozen=True, slots=True)
class BulkAction:
    """One change to apply to every selected issue."""

    kind: BulkKind
    transition: str = ""  # transition name (TRANSITION)
    fields: dict[str, str] = field(default_factory=dict)  # the transition screen's values
    assignee: UserRef | None = None  # None unassigns (ASSIGN)
    label: str = ""  # ADD_LABEL
    sprint: SprintRef | None = None  # MOVE_TO_SPRINT

    def describe(self) -> str:
        """What the change does, in words."""
        if self.kind is BulkKind.TRANSITION:
            return f"Transition “{self.transition}”"
        if self.kind is BulkKind.ASSIGN:
            return f"Assign to {self.assignee.display_name}" if self.assignee else "Unassign"
        if self.kind is BulkKind.MOVE_TO_SPRINT:
            return f"Move to {self.sprint.name}" if self.sprint else "Move to a sprint"
        return f"Add the label “{self.label}”"


@dataclass(frozen=True, slots=True)
class BulkOutcome:
    """What happened to one issue."""

    key: str
    ok: bool
    message: str = ""
    skipped: bool = False  # not attempted: the change cannot apply to it (e.g. no such transition)


@dataclass
class BulkRun:
    """The outcomes of a bulk change, issue by issue, in the order of the selection."""

    action: BulkAction
    keys: list[str]
    outcomes: dict[str, BulkOutcome] = field(default_factory=dict)
    # set when the user stops: issues not yet started stay as they are; those in flight finish
    stop_requested: bool = False

    def record(self, outcome: BulkOutcome) -> None:
        """Keep an issue's outcome (a retry replaces the failed one)."""
        self.outcomes[outcome.key] = outcome

    def skip(self, key: str, reason: str) -> None:
        """Leave ``key`` out of the run, saying why (it stays as it is)."""
        self.outcomes[key] = BulkOutcome(key, False, reason, skipped=True)

    @property
    def pending(self) -> list[str]:
        """Issues not yet done or that failed: what a (re)run still has to do."""
        return [
            k
            for k in self.keys
            if not (k in self.outcomes and (self.outcomes[k].ok or self.outcomes[k].skipped))
        ]

    @property
    def skipped(self) -> list[BulkOutcome]:
        """Issues left out because the change cannot apply to them, with the reason."""
        return [
            self.outcomes[k] for k in self.keys if k in self.outcomes and self.outcomes[k].skipped
        ]

    @property
    def succeeded(self) -> list[str]:
        """Issues changed."""
        return [k for k in self.keys if k in self.outcomes and self.outcomes[k].ok]

    @property
    def not_started(self) -> list[str]:
        """Issues with no outcome yet (a stopped run leaves them as they are)."""
        return [k for k in self.keys if k not in self.outcomes]

    def summary(self) -> str:
        """What happened, in exact numbers: changed, failed, not started."""
        parts = [f"{len(self.succeeded)} changed", f"{len(self.failed)} failed"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.not_started:
            parts.append(f"{len(self.not_started)} not started")
        return ", ".join(parts)

    @property
    def failed(self) -> list[BulkOutcome]:
        """Issues that could not be changed, with Jira's reason."""
        return [
            self.outcomes[k]
            for k in self.keys
            if k in self.outcomes and not self.outcomes[k].ok and not self.outcomes[k].skipped
        ]
