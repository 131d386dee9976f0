"""Create, edit and delete a project's versions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.project import Version, VersionChanges
from app.ui.kit.dates import DateEdit
from app.ui.kit.forms import FormDialog, FormError, required
from app.ui.kit.text import plain_label
from app.ui.kit.window_fit import grow_with_content

__all__ = ["DeleteVersionDialog", "VersionDialog"]


class VersionDialog(FormDialog):
    """Create or edit a version: name, description, start and release dates (both optional)."""

    def __init__(self, version: Version | None, parent: QWidget | None = None) -> None:
        super().__init__(
            "Edit version" if version else "New version", "Save" if version else "Create", parent
        )
        self.version = version
        self.name = self.add_field("Name", QLineEdit(self), "name")
        self.description = self.add_field("Description", QLineEdit(self), "description")
        self.start = self.add_field("Start date", DateEdit(self), "startDate", "userStartDate")
        self.release = self.add_field(
            "Release date", DateEdit(self), "releaseDate", "userReleaseDate"
        )
        if version is not None:
            self.name.setText(version.name)
            self.description.setText(version.description)
            self.start.set_value(version.start_date)
            self.release.set_value(version.release_date)

    def read_form(self) -> VersionChanges:
        """The version as the form describes it; bad dates are reported before anything is sent."""
        errors: dict[str, str] = {}
        name = required(self.name, "name", "A name", errors)
        dates: dict[str, date | None] = {}
        for key, edit in (("startDate", self.start), ("releaseDate", self.release)):
            try:
                dates[key] = edit.value()
            except ValueError as error:
                errors[key] = str(error)
        start, release = dates.get("startDate"), dates.get("releaseDate")
        if start and release and start > release:
            errors["startDate"] = "The start date must be on or before the release date."
        if errors:
            raise FormError(errors)
        return VersionChanges(
            name=name,
            description=self.description.text().strip(),
            start_date=start,
            release_date=release,
        )


class DeleteVersionDialog(QDialog):
    """Delete a version; its fix-version and affects-version issues can move to another version."""

    def __init__(
        self,
        version: Version,
        others: Sequence[Version],
        counts: tuple[int, int] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Delete version {version.name}")
        self.setModal(True)
        fixed, affected = counts if counts else (None, None)
        text = plain_label(
            f"Delete the version “{version.name}”?"
            + (
                ""
                if counts is None
                else f" It is the fix version of {fixed:,} issues and an "
                f"affected version of {affected:,}."
            ),
            self,
        )
        text.setWordWrap(True)
        self.fix_target = self._targets(others)
        self.affects_target = self._targets(others)
        form = QVBoxLayout()
        form.addWidget(plain_label("Issues that name it as fix version:", self))
        form.addWidget(self.fix_target)
        form.addWidget(plain_label("Issues that name it as affected version:", self))
        form.addWidget(self.affects_target)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Delete")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)
        grow_with_content(self)

    def _targets(self, others: Sequence[Version]) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem("Remove the version from them", None)
        for other in others:
            combo.addItem(f"Move them to {other.name}", other.id)
        return combo

    def targets(self) -> tuple[str | None, str | None]:
        """(fix-version target, affects-version target); None removes."""
        return self.fix_target.currentData(), self.affects_target.currentData()
