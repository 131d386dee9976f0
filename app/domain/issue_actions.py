"""What can be done to one issue: its workflow transitions (with their screens) and edits."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IssueEdit", "Transition", "TransitionField"]


@dataclass(frozen=True, slots=True)
class TransitionField:
    """A field on a transition's screen; ``allowed`` holds its (id, name) choices, if it has any."""

    id: str  # as Jira keys it: "resolution", "customfield_10010"...
    name: str
    required: bool = False
    allowed: tuple[tuple[str, str], ...] = ()
    default: str | None = None  # the id of Jira's default value, when the screen has one

    @property
    def allowed_names(self) -> tuple[str, ...]:
        """The names of the allowed values, in Jira's order."""
        return tuple(name for _, name in self.allowed)


@dataclass(frozen=True, slots=True)
class Transition:
    """A workflow transition available on an issue now; ``to_status`` is the target's name.

    ``to_status_id`` is the target's id: boards map columns to status ids, so a column's
    transitions are those whose target it holds ("" when Jira did not say).
    """

    id: str
    name: str
    to_status: str
    fields: tuple[TransitionField, ...] = ()
    to_status_id: str = ""

    @property
    def required_fields(self) -> tuple[TransitionField, ...]:
        """The screen's fields that must be given to take the transition."""
        return tuple(f for f in self.fields if f.required)

    def field(self, field_id: str) -> TransitionField | None:
        """The screen's field ``field_id``, or None when the screen does not have it."""
        return next((f for f in self.fields if f.id == field_id), None)


@dataclass(frozen=True, slots=True)
class IssueEdit:
    """Changes to an issue: None and empty mean "leave as it is"; ``priority`` is a name."""

    summary: str | None = None
    priority: str | None = None
    labels_add: tuple[str, ...] = ()
    labels_remove: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether the edit changes nothing."""
        return (
            self.summary is None
            and self.priority is None
            and not self.labels_add
            and not self.labels_remove
        )
