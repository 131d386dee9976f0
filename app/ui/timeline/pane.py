"""The Timeline pane's layout: projects and milestone services on the left, the timeline with
its bar (zoom, fit, today, undo, export) on the right, the Milestones API lane under it.

Layout only; ``TimelineController`` loads, saves and answers the signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.timeline import Zoom
from app.qtmodels.timeline_projects import ProjectChoiceModel
from app.store.profiles import Profile
from app.ui.kit.text import Tone, ToneLabel, plain_label
from app.ui.timeline.buckets import BucketLane
from app.ui.timeline.scene import TimelineScene
from app.ui.timeline.view import LABEL_WIDTH, TimelineView

__all__ = ["NONE", "TimelinePane"]

NONE = ""  # "no profile" in the service choosers

_ZOOM_NAMES = {Zoom.DAY: "Days", Zoom.WEEK: "Weeks", Zoom.MONTH: "Months", Zoom.QUARTER: "Quarters"}


class TimelinePane(QWidget):
    """Chooser, timeline, buckets lane, details."""

    zoom_chosen = Signal(object)  # Zoom
    services_changed = Signal()
    first_shown = Signal()  # the pane became visible (its loads wait for that)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelinePane")
        self._filling = False
        # ----- left: projects and services
        side = QWidget(self)
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(0, 0, 0, 0)
        self.project_filter = QLineEdit(side)
        self.project_filter.setPlaceholderText("Filter projects")
        self.project_filter.setClearButtonEnabled(True)
        self.projects = ProjectChoiceModel(self)
        self.shown_projects = QSortFilterProxyModel(self)
        self.shown_projects.setSourceModel(self.projects)
        self.shown_projects.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.project_filter.textChanged.connect(self.shown_projects.setFilterFixedString)
        self.project_list = QListView(side)
        self.project_list.setModel(self.shown_projects)
        self.project_list.setUniformItemSizes(True)
        self.project_list.setToolTip("Tick the projects the timeline shows")
        services = QGroupBox("Milestone services", side)
        form = QFormLayout(services)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # the names get the width
        self.pm_profile = QComboBox(services)
        self.pm_profile.setToolTip("The Project Milestones for Jira app profile of this site")
        self.bucket_profile = QComboBox(services)
        self.bucket_profile.setToolTip("The Milestones API profile to show buckets from")
        self.bucket_project = QSpinBox(services)
        self.bucket_project.setRange(0, 2_000_000_000)
        self.bucket_project.setSpecialValueText("none")
        self.bucket_project.setToolTip("The Milestones API's project id (a number)")
        form.addRow("Project Milestones app:", self.pm_profile)
        form.addRow("Milestones API:", self.bucket_profile)
        form.addRow("Milestones API project id:", self.bucket_project)
        for combo in (self.pm_profile, self.bucket_profile):
            combo.currentIndexChanged.connect(self._service_edited)
        self.bucket_project.editingFinished.connect(self._service_edited)
        side_box.addWidget(plain_label("Projects", side))
        side_box.addWidget(self.project_filter)
        side_box.addWidget(self.project_list, 1)
        side_box.addWidget(services)
        # ----- right: bar, view, buckets, details
        main = QWidget(self)
        main_box = QVBoxLayout(main)
        main_box.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.zoom = QComboBox(main)
        for zoom in Zoom:
            self.zoom.addItem(_ZOOM_NAMES[zoom], zoom.value)  # Qt keeps a str enum as its str
        self.zoom.setToolTip("Zoom (Ctrl+wheel, + and -)")
        self.zoom.currentIndexChanged.connect(self._zoom_edited)
        self.fit_button = QPushButton("Fit", main)
        self.today_button = QPushButton("Today", main)
        self.undo_button = QToolButton(main)
        self.redo_button = QToolButton(main)
        self.export_button = QToolButton(main)
        self.export_button.setText("Export")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(plain_label("Zoom:", main))
        bar.addWidget(self.zoom)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.today_button)
        bar.addSpacing(12)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.redo_button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        self.scene = TimelineScene(today, self)
        self.view = TimelineView(self.scene)
        self.buckets = BucketLane(LABEL_WIDTH)
        self.bucket_area = QScrollArea()
        self.bucket_area.setWidget(self.buckets)
        self.bucket_area.setWidgetResizable(True)
        self.bucket_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.bucket_area.setFixedHeight(self.buckets.height() + 18)
        self.bucket_area.setVisible(False)
        self.details = plain_label("", main)
        # two lines, always: the timeline does not jump as the mouse moves over it
        self.details.setFixedHeight(2 * self.details.fontMetrics().lineSpacing() + 4)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.message = ToneLabel("", main)
        # the view and the Milestones API lane: what "Export timeline" draws
        self.timeline_frame = QWidget(main)
        frame_box = QVBoxLayout(self.timeline_frame)
        frame_box.setContentsMargins(0, 0, 0, 0)
        frame_box.setSpacing(2)
        frame_box.addWidget(self.view, 1)
        frame_box.addWidget(self.bucket_area)
        main_box.addLayout(bar)
        main_box.addWidget(self.timeline_frame, 1)
        main_box.addWidget(self.details)
        main_box.addWidget(self.message)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(side)
        self.splitter.addWidget(main)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([230, 900])
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.splitter)

    def showEvent(self, event: QShowEvent) -> None:
        """Tell the controller, which loads only what is looked at."""
        super().showEvent(event)
        self.first_shown.emit()

    # ----- what the controller sets ---------------------------------------------------------------
    def set_zoom(self, zoom: Zoom) -> None:
        """Show ``zoom`` in the chooser (without asking for it)."""
        self._filling = True
        try:
            self.zoom.setCurrentIndex(self.zoom.findData(zoom.value))
        finally:
            self._filling = False

    def set_service_profiles(
        self,
        pm_profiles: Sequence[Profile],
        bucket_profiles: Sequence[Profile],
        pm_chosen: str,
        bucket_chosen: str,
        project_id: int,
    ) -> None:
        """Fill the service choosers."""
        self._filling = True
        try:
            for combo, profiles, chosen in (
                (self.pm_profile, pm_profiles, pm_chosen),
                (self.bucket_profile, bucket_profiles, bucket_chosen),
            ):
                combo.clear()
                combo.addItem("none", NONE)
                for profile in profiles:
                    combo.addItem(profile.name, profile.id)
                found = combo.findData(chosen)
                combo.setCurrentIndex(max(found, 0))
                combo.setEnabled(bool(profiles))
            self.bucket_project.setValue(project_id)
        finally:
            self._filling = False

    def show_message(self, text: str, tone: Tone = Tone.PLAIN) -> None:
        """A line under the timeline: what happened last (errors in the server's words)."""
        self.message.setText(text)
        self.message.set_tone(tone)

    def _zoom_edited(self) -> None:
        if not self._filling:
            self.zoom_chosen.emit(Zoom(self.zoom.currentData()))

    def _service_edited(self) -> None:
        if not self._filling:
            self.services_changed.emit()
