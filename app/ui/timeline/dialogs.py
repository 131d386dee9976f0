"""The Timeline's forms: a new dated item (app milestone, version, sprint) and a bucket.

Dates are checked (end not before start) before anything is sent; the service's refusals
show in the form, which keeps what was typed (``submit_through``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.domain.milestone import MilestoneBucket
from app.domain.timeline import Source, date_problem
from app.ui.kit.dates import DateEdit
from app.ui.kit.forms import FormDialog, FormError, required

__all__ = ["COLOUR_KEYS", "BucketDialog", "BucketForm", "ItemDialog", "NewItem"]

COLOUR_KEYS = ("default", "primary", "success", "info", "warning", "danger", "purple", "pink")
FIRST_SPAN = 13  # a new range spans two weeks from the day double-clicked


@dataclass(frozen=True, slots=True)
class NewItem:
    """What the new-item form holds."""

    title: str
    description: str
    start: date | None
    end: date | None


class ItemDialog(FormDialog):
    """A new app milestone, version or sprint starting on the day chosen."""

    def __init__(self, source: Source, project: str, day: date, parent: QWidget | None) -> None:
        what = {Source.PM_APP: "milestone", Source.VERSION: "version", Source.SPRINT: "sprint"}
        super().__init__(f"New {what[source]} in {project}", "Create", parent)
        self.source = source
        self.title_edit = self.add_field("Name:", QLineEdit(self), "title", "name")
        self.description = self.add_field(
            "Description:" if source is not Source.SPRINT else "Goal:",
            QPlainTextEdit(self),
            "description",
            "goal",
        )
        self.description.setFixedHeight(70)
        self.start = self.add_field("Start:", DateEdit(self), "start", "startDate")
        self.end = self.add_field(
            "Release:" if source is Source.VERSION else "End:",
            DateEdit(self),
            "end",
            "releaseDate",
            "endDate",
        )
        self.start.set_value(day)
        self.end.set_value(day + timedelta(days=FIRST_SPAN))

    def read_form(self) -> NewItem:
        """The item to create; the dates are checked here."""
        errors: dict[str, str] = {}
        title = required(self.title_edit, "title", "A name", errors)
        start = end = None
        try:
            start = self.start.value()
        except ValueError as error:
            errors["start"] = str(error)
        try:
            end = self.end.value()
        except ValueError as error:
            errors["end"] = str(error)
        problem = date_problem(start, end)
        if problem:
            errors["end"] = problem
        if errors:
            raise FormError(errors)
        return NewItem(title, self.description.toPlainText().strip(), start, end)


@dataclass(frozen=True, slots=True)
class BucketForm:
    """A bucket's title and colour key."""

    title: str
    color: str


class BucketDialog(FormDialog):
    """Create a bucket, or rename and recolour one (the Milestones API takes both together)."""

    def __init__(
        self,
        bucket: MilestoneBucket | None,
        existing: list[MilestoneBucket],
        parent: QWidget | None,
    ) -> None:
        super().__init__(
            "Rename or recolour milestone" if bucket else "New milestone",
            "Save" if bucket else "Create",
            parent,
        )
        self.bucket = bucket
        self.existing = existing
        self.title_edit = self.add_field("Title:", QLineEdit(self), "title", "milestone_title")
        self.colour = self.add_field("Colour:", QComboBox(self), "color", "milestone_color")
        self.colour.setEditable(True)
        self.colour.addItems(COLOUR_KEYS)
        if bucket is not None:
            self.title_edit.setText(bucket.title)
            if self.colour.findText(bucket.color) < 0:
                self.colour.addItem(bucket.color)
            self.colour.setCurrentText(bucket.color)

    def read_form(self) -> BucketForm:
        """Title and colour; a title another bucket has is refused here, as the service would."""
        errors: dict[str, str] = {}
        title = required(self.title_edit, "title", "A title", errors)
        colour = self.colour.currentText().strip()
        if not colour:
            errors["color"] = "A colour is required."
        wanted = title.casefold()
        own = self.bucket.id if self.bucket is not None else None
        for other in self.existing:
            if title and other.id != own and other.title.strip().casefold() == wanted:
                errors["title"] = f"The project already has a milestone titled “{other.title}”."
        if errors:
            raise FormError(errors)
        return BucketForm(title, colour)
