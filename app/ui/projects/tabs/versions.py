"""The Versions tab: the project's versions in Jira's order, with release, archive and moves."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Signal, SignalInstance
from PySide6.QtWidgets import QPushButton, QWidget

from app.domain.project import Version, VersionPosition
from app.qtmodels.project_parts import version_model
from app.ui.projects.tabs.lists import fit_columns, place_beside, record_table

__all__ = ["VersionsTab"]


class VersionsTab(QWidget):
    """A table of versions; the buttons that need a version wait for one to be selected."""

    add_requested = Signal()
    edit_requested = Signal(object)  # Version
    release_requested = Signal(object)  # Version (toggles released)
    archive_requested = Signal(object)  # Version (toggles archived)
    move_requested = Signal(object, object)  # Version, VersionPosition
    delete_requested = Signal(object)  # Version

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editable = False
        self.reason = ""
        self.versions = version_model(self)
        self.table = record_table(self)
        self.table.setModel(self.versions)
        self.table.doubleClicked.connect(self._edit)
        self.add_button = QPushButton("Add…", self)
        self.edit_button = QPushButton("Edit…", self)
        self.release_button = QPushButton("Release", self)
        self.archive_button = QPushButton("Archive", self)
        self.up_button = QPushButton("Move up", self)
        self.down_button = QPushButton("Move down", self)
        self.delete_button = QPushButton("Delete…", self)
        self.add_button.clicked.connect(self.add_requested.emit)
        self.edit_button.clicked.connect(lambda: self._edit(self.table.currentIndex()))
        self.release_button.clicked.connect(lambda: self._emit_for(self.release_requested))
        self.archive_button.clicked.connect(lambda: self._emit_for(self.archive_requested))
        self.up_button.clicked.connect(lambda: self._move(VersionPosition.EARLIER))
        self.down_button.clicked.connect(lambda: self._move(VersionPosition.LATER))
        self.delete_button.clicked.connect(lambda: self._emit_for(self.delete_requested))
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.row_buttons = (
            self.edit_button,
            self.release_button,
            self.archive_button,
            self.up_button,
            self.down_button,
            self.delete_button,
        )
        self.buttons = (self.add_button, *self.row_buttons)
        place_beside(self, self.table, self.buttons)

    def set_versions(self, versions: Sequence[Version]) -> None:
        """Show the project's versions."""
        self.versions.set_records(versions)
        fit_columns(self.table)
        self._selected()

    def current(self) -> Version | None:
        """The selected version."""
        index = self.table.currentIndex()
        return self.versions.record_at(index.row()) if index.isValid() else None

    def select(self, version_id: str) -> None:
        """Select the version ``version_id`` (after the list changed)."""
        for row, version in enumerate(self.versions.records):
            if version.id == version_id:
                self.table.selectRow(row)
                return

    def set_editable(self, allowed: bool, reason: str) -> None:
        """Enable the buttons, or disable them with ``reason`` as tooltip."""
        self.editable, self.reason = allowed, reason
        self._selected()

    def _selected(self, *_: object) -> None:
        version = self.current()
        self.release_button.setText("Unrelease" if version and version.released else "Release")
        self.archive_button.setText("Unarchive" if version and version.archived else "Archive")
        for button in self.buttons:
            needs_row = button in self.row_buttons
            button.setEnabled(self.editable and (version is not None or not needs_row))
            # the reason is about rights; a missing selection explains itself
            button.setToolTip("" if self.editable else self.reason)

    def _edit(self, index: QModelIndex) -> None:
        if index.isValid() and self.editable:
            self.edit_requested.emit(self.versions.record_at(index.row()))

    def _emit_for(self, signal: SignalInstance) -> None:
        version = self.current()
        if version is not None:
            signal.emit(version)

    def _move(self, position: VersionPosition) -> None:
        version = self.current()
        if version is not None:
            self.move_requested.emit(version, position)
