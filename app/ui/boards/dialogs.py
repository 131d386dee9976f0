"""The Boards pane's dialogs: a card's transition into a column (when several apply, or the
screen asks for fields), creating, starting and editing a sprint, completing one, and choosing
the sprint issues move to. Each is a ``FormDialog``: Jira's refusals stay next to the fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.domain.board import Sprint, SprintChanges, SprintState
from app.domain.issue_actions import Transition
from app.ui.kit.dates import DateEdit
from app.ui.kit.forms import FormDialog, FormError
from app.ui.kit.text import action_text, plain_label, set_plain_tooltip

__all__ = [
    "SPRINT_DAYS",
    "ColumnTransitionDialog",
    "CompleteSprintDialog",
    "MoveTargetDialog",
    "SprintDialog",
    "TransitionRequest",
    "local_day",
]

SPRINT_DAYS = 14  # the length a new sprint is offered
START_TIME = time(9, 0)  # sprint days start and end at these local times
END_TIME = time(17, 0)


def local_day(moment: datetime | None) -> date | None:
    """The local day of ``moment``."""
    return moment.astimezone().date() if moment is not None else None


def _at(day: date, when: time) -> datetime:
    """A local moment on ``day`` (aware, so Jira gets the user's zone)."""
    return datetime.combine(day, when).astimezone()


@dataclass(frozen=True, slots=True)
class TransitionRequest:
    """The transition chosen for a card, with its screen's values and a comment."""

    transition: Transition
    fields: dict[str, str]
    comment: str | None


class ColumnTransitionDialog(FormDialog):
    """Which transition takes the card into the column, and what its screen requires."""

    def __init__(
        self,
        key: str,
        column: str,
        transitions: Sequence[Transition],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Move {key} to {column}", "Move", parent)
        self.ok_button.setToolTip(f"Take the transition chosen; {key} goes to {column}")
        self.transitions = list(transitions)
        self.choice = self.add_field("Transition", QComboBox(self), "transition")
        for transition in self.transitions:
            target = f" → {transition.to_status}" if transition.to_status else ""
            self.choice.addItem(action_text(f"{transition.name}{target}"), transition.id)
        self.choice.setEnabled(len(self.transitions) > 1)
        # every transition's screen fields, shown only while it is the one chosen
        self.fields: dict[str, dict[str, QComboBox]] = {}
        for transition in self.transitions:
            combos: dict[str, QComboBox] = {}
            for field in transition.fields:
                combo = QComboBox(self)
                if not field.required:
                    combo.addItem("(leave as it is)", None)
                for value_id, name in field.allowed:
                    combo.addItem(action_text(name), value_id)
                if field.required:
                    found = combo.findData(field.default) if field.default is not None else -1
                    combo.setPlaceholderText(f"Choose the {field.name.lower()}")
                    combo.setCurrentIndex(found)
                label = f"{field.name}{' *' if field.required else ''}"
                combos[field.id] = self.add_field(
                    label, combo, f"{transition.id}:{field.id}", field.id
                )
            self.fields[transition.id] = combos
        self.comment = self.add_field("Comment", QPlainTextEdit(self), "comment")
        self.comment.setPlaceholderText("Optional")
        self.comment.setMaximumHeight(80)
        self.choice.currentIndexChanged.connect(self._show_fields)
        self._show_fields()

    def chosen(self) -> Transition:
        """The transition chosen."""
        return self.transitions[max(self.choice.currentIndex(), 0)]

    def _show_fields(self, *_args: object) -> None:
        chosen = self.chosen().id
        for transition_id, combos in self.fields.items():
            for combo in combos.values():
                self.form.setRowVisible(self.holders[combo], transition_id == chosen)
        self.adjustSize()

    def read_form(self) -> TransitionRequest:
        """The transition and its values; a required field left empty is an error."""
        transition = self.chosen()
        combos = self.fields[transition.id]
        missing = {
            f"{transition.id}:{field.id}": f"Choose the {field.name.lower()}: "
            f"{transition.name} requires it."
            for field in transition.required_fields
            if field.id in combos and combos[field.id].currentIndex() < 0
        }
        if missing:
            raise FormError(missing)
        values = {
            field_id: str(combo.currentData())
            for field_id, combo in combos.items()
            if combo.currentData() is not None
        }
        return TransitionRequest(transition, values, self.comment.toPlainText().strip() or None)


class SprintDialog(FormDialog):
    """Create, start or edit a sprint: name, goal and dates (a start needs both dates)."""

    def __init__(
        self,
        mode: str,
        sprint: Sprint | None,
        *,
        name: str = "",
        goal_reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        titles = {
            "create": ("Create sprint", "Create"),
            "start": (f"Start {sprint.name if sprint else ''}", "Start"),
            "edit": (f"Edit {sprint.name if sprint else ''}", "Save"),
        }
        title, ok = titles[mode]
        super().__init__(title, ok, parent)
        self.mode = mode
        self.sprint = sprint
        self.name = self.add_field("Name", QLineEdit(sprint.name if sprint else name, self), "name")
        self.goal = self.add_field("Goal", QLineEdit(sprint.goal if sprint else "", self), "goal")
        if goal_reason:
            self.goal.setEnabled(False)
            set_plain_tooltip(self.goal, goal_reason)
        self.start = self.add_field("Start", DateEdit(self), "startDate")
        self.end = self.add_field("End", DateEdit(self), "endDate")
        start = local_day(sprint.start) if sprint else None
        end = local_day(sprint.end) if sprint else None
        if mode == "start":
            start = date.today()
            end = end if end is not None and end >= start else start + timedelta(days=SPRINT_DAYS)
            self.form.addRow("", plain_label("A sprint starts with both dates.", self))
        self.start.set_value(start)
        self.end.set_value(end)

    def read_form(self) -> SprintChanges:
        """The changes: everything given when creating or starting, what changed when editing."""
        errors: dict[str, str] = {}
        name = self.name.text().strip()
        if not name:
            errors["name"] = "A sprint needs a name."
        days: dict[str, date | None] = {}
        for key, edit in (("startDate", self.start), ("endDate", self.end)):
            try:
                days[key] = edit.value()
            except ValueError as error:
                errors[key] = str(error)
        start, end = days.get("startDate"), days.get("endDate")
        if self.mode == "start":
            for key, day in (("startDate", start), ("endDate", end)):
                if key not in errors and day is None:
                    errors[key] = "Starting a sprint needs this date."
        if start is not None and end is not None and end < start:
            errors["endDate"] = "The end is before the start."
        if errors:
            raise FormError(errors)
        goal = self.goal.text().strip() if self.goal.isEnabled() else None
        sprint = self.sprint
        changes = SprintChanges(
            name=name,
            goal=goal,
            start=self._moment(start, sprint.start if sprint else None, START_TIME),
            end=self._moment(end, sprint.end if sprint else None, END_TIME),
            state=SprintState.ACTIVE if self.mode == "start" else None,
        )
        if self.mode != "edit" or sprint is None:
            return changes
        return SprintChanges(
            name=name if name != sprint.name else None,
            goal=goal if goal is not None and goal != sprint.goal else None,
            start=changes.start if start != local_day(sprint.start) else None,
            end=changes.end if end != local_day(sprint.end) else None,
        )

    @staticmethod
    def _moment(day: date | None, was: datetime | None, default: time) -> datetime | None:
        if day is None:
            return None
        if was is not None:
            # the day changed, the time of day the sprint had stays
            return datetime.combine(day, was.astimezone().time()).astimezone()
        return _at(day, default)


class CompleteSprintDialog(FormDialog):
    """Complete the active sprint; its open issues go to the backlog or a future sprint."""

    def __init__(
        self,
        sprint: Sprint,
        done: int,
        open_: int,
        futures: Sequence[Sprint],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Complete {sprint.name}", "Complete sprint", parent)
        self.futures = list(futures)
        self.form.addRow(
            "",
            plain_label(f"{done} issue{'s' if done != 1 else ''} done, {open_} open.", self),
        )
        self.target = self.add_field("Open issues go to", QComboBox(self), "target")
        self.target.addItem("The backlog", None)
        for future in self.futures:
            self.target.addItem(action_text(future.name), future.id)
        if not open_:
            self.target.setEnabled(False)
            set_plain_tooltip(self.target, "No issue of the sprint is open.")

    def read_form(self) -> Sprint | None:
        """Where the open issues go (None: the backlog)."""
        chosen = self.target.currentData()
        return next((s for s in self.futures if s.id == chosen), None)


class MoveTargetDialog(FormDialog):
    """Choose where the selected issues go: an open sprint, or the backlog."""

    def __init__(
        self,
        count: int,
        sprints: Sequence[Sprint],
        current: Sprint | None,
        *,
        backlog: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        noun = "issue" if count == 1 else "issues"
        super().__init__(f"Move {count} {noun}", "Move", parent)
        self.sprints = [s for s in sprints if s.state is not SprintState.CLOSED]
        self.target = self.add_field("Move to", QComboBox(self), "target")
        for sprint in self.sprints:
            if current is None or sprint.id != current.id:
                self.target.addItem(action_text(f"{sprint.name} ({sprint.state.value})"), sprint.id)
        if backlog and current is not None:
            self.target.addItem("The backlog", -1)

    def read_form(self) -> Sprint | None:
        """The sprint chosen (None: the backlog)."""
        if self.target.count() == 0:
            raise FormError({"target": "There is no other open sprint to move them to."})
        chosen = self.target.currentData()
        return next((s for s in self.sprints if s.id == chosen), None)
