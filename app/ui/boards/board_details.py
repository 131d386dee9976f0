"""The board's epics with their progress, and its configuration (columns ↔ statuses, WIP
limits, estimation and rank fields, and what Jade cannot do on it, with Jira's reasons)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.board import Board, BoardConfig, Epic
from app.qtmodels.board_epics import PROGRESS_ROLE, EpicProgressModel
from app.qtmodels.board_list import BoardColumnsModel
from app.qtmodels.board_roles import EPIC_ROLE
from app.ui.boards.cards import epic_colour
from app.ui.kit.tables import configure_rows, fit_columns
from app.ui.kit.text import plain_label

__all__ = ["CAPABILITY_NAMES", "ConfigView", "EpicsView"]

Index = QModelIndex | QPersistentModelIndex

# how the configuration tab names what a board's API cannot do
CAPABILITY_NAMES = {
    "configuration": "Board configuration",
    "rank": "Ranking",
    "wip": "WIP limits",
    "start_sprint": "Starting sprints",
    "complete_sprint": "Completing sprints",
    "sprint_goal": "Sprint goals",
    "sprints": "Sprints",
    "backlog": "Backlog",
    "cards": "Issues",
    "filter": "Board filter",
}


class _EpicDelegate(QStyledItemDelegate):
    """An epic: its colour, name and key, and a bar of its done issues."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Two lines: the name, then the bar."""
        return QSize(300, option.fontMetrics.height() * 2 + 18)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Draw the epic's row."""
        epic = index.data(EPIC_ROLE)
        if not isinstance(epic, Epic):
            super().paint(painter, option, index)
            return
        done, total = index.data(PROGRESS_ROLE) or (0, 0)
        rect: QRect = option.rect
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        colour = epic_colour(epic)
        if colour is not None:
            painter.fillRect(QRect(rect.left() + 4, rect.top() + 4, 6, rect.height() - 8), colour)
        line = option.fontMetrics.height()
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        painter.setPen(text)
        title = f"{epic.name}  ({epic.key})" + ("  · done" if epic.done else "")
        room = QRect(rect.left() + 18, rect.top() + 4, rect.width() - 26, line)
        painter.drawText(
            room,
            Qt.AlignmentFlag.AlignLeft,
            option.fontMetrics.elidedText(title, Qt.TextElideMode.ElideRight, room.width()),
        )
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(rect.left() + 18, rect.top() + line + 8, rect.width() - 26, line + 2)
        bar.minimum, bar.maximum = 0, max(total, 1)
        bar.progress = done
        bar.textVisible = True
        bar.text = f"{done} of {total} done" if total else "no issues on this board"
        bar.palette = palette
        bar.state = QStyle.StateFlag.State_Enabled
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)
        painter.restore()


class EpicsView(QWidget):
    """The board's epics; "Show on board" filters the board by the selected one."""

    show_requested = Signal(object)  # Epic

    def __init__(self, model: EpicProgressModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.note = plain_label("", self)
        self.note.setWordWrap(True)
        self.list = QListView(self)
        self.list.setObjectName("epicList")
        self.list.setModel(model)
        self.list.setItemDelegate(_EpicDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.activated.connect(lambda index: self.show_requested.emit(index.data(EPIC_ROLE)))
        self.show_button = QPushButton("Show on board", self)
        self.show_button.setToolTip("Filter the board by the selected epic")
        self.show_button.setEnabled(False)
        self.show_button.clicked.connect(self._show_selected)
        self.list.selectionModel().selectionChanged.connect(
            lambda *_: self.show_button.setEnabled(self.list.selectionModel().hasSelection())
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.show_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)

    def _show_selected(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.show_requested.emit(index.data(EPIC_ROLE))


class ConfigView(QWidget):
    """What the board is made of, as its API tells it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = BoardColumnsModel(self)
        self.facts = QFormLayout()
        self.kind = plain_label("", self)
        self.api = plain_label("", self)
        self.estimation = plain_label("", self)
        self.rank = plain_label("", self)
        self.backlog = plain_label("", self)
        self.filter = plain_label("", self)
        self.filter.setWordWrap(True)
        for label, widget in (
            ("Type", self.kind),
            ("API", self.api),
            ("Estimation", self.estimation),
            ("Rank field", self.rank),
            ("Kanban backlog", self.backlog),
            ("Filter", self.filter),
        ):
            self.facts.addRow(label, widget)
        self.table = QTableView(self)
        self.table.setObjectName("boardColumns")
        self.table.setModel(self.columns)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        configure_rows(self.table)
        self.limits = plain_label("", self)
        self.limits.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.facts)
        layout.addWidget(plain_label("Columns and the statuses they hold:", self))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.limits)

    def show_config(self, board: Board, config: BoardConfig, names: dict[str, str]) -> None:
        """Show ``config`` of ``board``; ``names`` names the statuses known so far."""
        self.kind.setText(board.type.value.capitalize())
        self.api.setText(
            "Jira Software agile REST 1.0"
            if board.api.value == "agile"
            else "Jira Agile 6.x GreenHopper experimental API 1.0"
        )
        field = config.estimation_field
        self.estimation.setText(
            f"{config.estimation_name or field} ({field})" if field else "Issue count (no field)"
        )
        self.rank.setText(config.rank_field or config.unsupported.get("rank", "none"))
        self.backlog.setText(
            "yes: its first column is kept apart, in the backlog" if config.kanban_backlog else "no"
        )
        self.filter.setText(config.filter_jql or config.unsupported.get("filter", "not told"))
        self.columns.set_columns(config.columns, names)
        fit_columns(self.table)
        lines = [
            f"{CAPABILITY_NAMES.get(capability, capability)}: {reason}"
            for capability, reason in config.unsupported.items()
            if capability not in ("filter",)
        ]
        self.limits.setText(
            "What Jade cannot do on this board:\n" + "\n".join(f"• {line}" for line in lines)
            if lines
            else ""
        )

    def learn_names(self, names: dict[str, str]) -> None:
        """Name more statuses (learned from cards and transitions)."""
        self.columns.learn_names(names)

    def clear(self) -> None:
        """Show nothing (no board selected)."""
        for label in (self.kind, self.api, self.estimation, self.rank, self.backlog, self.filter):
            label.setText("")
        self.columns.set_columns((), {})
        self.limits.setText("")
