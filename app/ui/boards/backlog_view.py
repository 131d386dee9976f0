"""The backlog: each open sprint with its header (dates, goal, issue count, estimate total and
its commands), stacked above the backlog, one list of issues under each.

Layout only. The view follows ``BacklogModel``; dropping issues on a section, or pressing a
sprint's button, is reported (``dropped``, ``sprint_requested``) for the controller to act on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.board import Card, Sprint, SprintState
from app.qtmodels.board_backlog import BacklogModel, sprint_dates
from app.qtmodels.board_roles import CARD_ROLE, estimate_text
from app.ui.boards.cards import CardList
from app.ui.kit.text import plain_label, set_plain_tooltip

__all__ = ["SPRINT_COMMANDS", "BacklogView", "SprintHeader"]

# the commands a sprint's header offers, by state: (command, button text)
SPRINT_COMMANDS: dict[SprintState, tuple[tuple[str, str], ...]] = {
    SprintState.FUTURE: (("start", "Start sprint…"), ("edit", "Edit…"), ("delete", "Delete…")),
    SprintState.ACTIVE: (("complete", "Complete sprint…"), ("edit", "Edit…")),
    SprintState.CLOSED: (),
}
Rules = Callable[[str, Sprint], str]  # (command, sprint) -> why it is off ("" = allowed)


def _allowed(_command: str, _sprint: Sprint) -> str:
    return ""


class SprintHeader(QFrame):
    """A section's title line, its facts, and its sprint's commands; it folds its issues."""

    requested = Signal(str, object)  # command, Sprint
    folded = Signal(bool)  # True: the section's issues are hidden

    def __init__(self, sprint: Sprint | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sprint = sprint
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = plain_label(sprint.name if sprint else "Backlog", self)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.facts = plain_label("", self)
        self.goal = plain_label("", self)
        self.goal.setWordWrap(True)
        self.goal.setVisible(False)
        self.buttons: dict[str, QPushButton] = {}
        commands = SPRINT_COMMANDS[sprint.state] if sprint else ()
        self.facts.setWordWrap(True)  # a narrow window wraps the facts rather than scrolling
        self.fold = QToolButton(self)
        self.fold.setAutoRaise(True)
        self.fold.setCheckable(True)
        self.fold.setArrowType(Qt.ArrowType.DownArrow)
        self.fold.setToolTip("Hide or show the section's issues")
        self.fold.toggled.connect(self._folded)
        line = QHBoxLayout()
        line.setSpacing(12)
        line.addWidget(self.fold)
        line.addWidget(self.title, 1)
        for command, text in commands:
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, c=command: self.requested.emit(c, self.sprint))
            self.buttons[command] = button
            line.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.facts)
        layout.addWidget(self.goal)

    def _folded(self, folded: bool) -> None:
        self.fold.setArrowType(Qt.ArrowType.RightArrow if folded else Qt.ArrowType.DownArrow)
        self.folded.emit(folded)

    def show_facts(self, count: int, estimate: float, estimation: str) -> None:
        """Dates, state, issue count and estimate total (and the goal, on its own line)."""
        sprint = self.sprint
        parts: list[str] = []
        if sprint is not None:
            self.title.setText(sprint.name)
            parts.append(sprint.state.value)
            dates = sprint_dates(sprint)
            if dates:
                parts.append(dates)
        parts.append(f"{count} issue{'s' if count != 1 else ''}")
        if estimation:
            parts.append(f"{estimation}: {estimate_text(estimate) or '0'}")
        self.facts.setText("   ·   ".join(parts))
        goal = sprint.goal if sprint is not None else ""
        self.goal.setText(f"Goal: {goal}" if goal else "")
        self.goal.setVisible(bool(goal))

    def apply_rules(self, rules: Rules) -> None:
        """Enable each command, or disable it with the reason as its tooltip."""
        if self.sprint is None:
            return
        for command, button in self.buttons.items():
            reason = rules(command, self.sprint)
            button.setEnabled(not reason)
            set_plain_tooltip(button, reason)


class BacklogView(QWidget):
    """Sprint sections and the backlog, scrolling together."""

    dropped = Signal(object, int, int)  # DraggedCards, section row, row
    sprint_requested = Signal(str, object)  # command, Sprint
    create_requested = Signal()
    selection_changed = Signal()
    open_requested = Signal(str)  # an issue's key (double-click, or Enter on it)

    def __init__(self, model: BacklogModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backlogView")
        self.model = model
        self.headers: list[SprintHeader] = []
        self.lists: list[CardList] = []
        self.estimation = ""
        self._rules: Rules = _allowed
        self.note = plain_label("", self)
        self.note.setWordWrap(True)
        self.create_button = QPushButton("Create sprint…", self)
        self.create_button.setAutoDefault(False)
        self.create_button.clicked.connect(self.create_requested.emit)
        self.body = QScrollArea(self)
        self.body.setObjectName("backlogBody")
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setWidgetResizable(True)
        self.content = QWidget(self.body)
        self.sections = QVBoxLayout(self.content)
        self.sections.setContentsMargins(0, 0, 0, 0)
        self.sections.setSpacing(10)
        self.sections.addStretch(1)
        self.body.setWidget(self.content)
        top = QHBoxLayout()
        top.addWidget(self.note, 1)
        top.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.body, 1)
        model.modelReset.connect(self._rebuild)
        model.rowsInserted.connect(self._rows_changed)
        model.rowsRemoved.connect(self._rows_changed)
        model.dataChanged.connect(self._data_changed)
        self._rebuild()

    # ----- what the controller calls -----------------------------------------------------------------
    def set_rules(self, rules: Rules, create_reason: str = "") -> None:
        """Which sprint commands are allowed now (and why not), and whether sprints can be made."""
        self._rules = rules
        self.create_button.setEnabled(not create_reason)
        set_plain_tooltip(self.create_button, create_reason or "Create a future sprint")
        for header in self.headers:
            header.apply_rules(rules)

    def set_note(self, text: str) -> None:
        """The line above the sections (loading, empty, why the backlog is not there)."""
        self.note.setText(text)

    def selected_keys(self) -> list[str]:
        """The issues selected (in one section), in list order."""
        for card_list in self.lists:
            keys = card_list.selected_keys()
            if keys:
                return keys
        return []

    def current_key(self) -> str | None:
        """The issue the user is on: the current one of the list with a selection, if it is
        selected, else that list's first selected issue."""
        for card_list in self.lists:
            keys = card_list.selected_keys()
            if keys:
                current = card_list.currentIndex()
                if card_list.selectionModel().isSelected(current):
                    card = current.data(CARD_ROLE)
                    if isinstance(card, Card):
                        return card.key
                return keys[0]
        return None

    def selected_section(self) -> int | None:
        """The section row whose issues are selected."""
        for row, card_list in enumerate(self.lists):
            if card_list.selectionModel().hasSelection():
                return row
        return None

    def select_keys(self, keys: list[str]) -> None:
        """Select these issues (those of the first one's section) and focus that list."""
        index = self.model.index_of(keys[0]) if keys else QModelIndex()
        if not index.isValid():
            return
        card_list = self.lists[index.parent().row()]
        selection = card_list.selectionModel()
        selection.clearSelection()
        for key in keys:
            found = self.model.index_of(key)
            if found.isValid() and found.parent().row() == index.parent().row():
                selection.select(found, selection.SelectionFlag.Select)
        selection.setCurrentIndex(index, selection.SelectionFlag.NoUpdate)
        rect = card_list.visualRect(index)
        centre = card_list.mapTo(self.content, rect.center())
        self.body.ensureVisible(centre.x(), centre.y(), 40, rect.height() * 2)
        card_list.setFocus()

    # ----- following the model --------------------------------------------------------------------------
    def _rebuild(self) -> None:
        for widget in (*self.headers, *self.lists):
            if isinstance(widget, CardList):
                widget.setModel(None)  # a list waiting for deletion must not follow the model
            widget.deleteLater()
        self.headers, self.lists = [], []
        for row in range(self.model.rowCount()):
            header = SprintHeader(self.model.section_sprint(row), self.content)
            header.requested.connect(self.sprint_requested)
            header.apply_rules(self._rules)
            card_list = CardList(
                self.model.index(row, 0), compact=True, multiple=True, parent=self.content
            )
            card_list.dropped.connect(self._dropped)
            card_list.open_requested.connect(self.open_requested)
            header.folded.connect(lambda folded, cl=card_list: cl.setVisible(not folded))
            card_list.selectionModel().selectionChanged.connect(
                lambda *_a, cl=card_list: self._selection_changed(cl)
            )
            self.headers.append(header)
            self.lists.append(card_list)
            at = self.sections.count() - 1  # before the stretch
            self.sections.insertWidget(at, header)
            self.sections.insertWidget(at + 1, card_list)
            header.show()
            card_list.show()
        self._refresh_headers()

    def _refresh_headers(self) -> None:
        for row, header in enumerate(self.headers):
            header.sprint = self.model.section_sprint(row)
            header.show_facts(
                len(self.model.section_keys(row)), self.model.estimate_total(row), self.estimation
            )

    def refresh(self) -> None:
        """Show every header's facts again (the estimation field became known)."""
        self._refresh_headers()

    def _rows_changed(self, parent: QModelIndex, _first: int, _last: int) -> None:
        if parent.isValid() and parent.row() < len(self.lists):
            self.lists[parent.row()].refresh_height()

    def _data_changed(self, first: QModelIndex, _last: QModelIndex) -> None:
        if not first.parent().isValid() and first.row() < len(self.headers):
            row = first.row()
            header = self.headers[row]
            header.sprint = self.model.section_sprint(row)
            header.show_facts(
                len(self.model.section_keys(row)), self.model.estimate_total(row), self.estimation
            )

    def _dropped(self, dragged: object, root: QPersistentModelIndex, row: int) -> None:
        self.dropped.emit(dragged, root.row(), row)

    def _selection_changed(self, card_list: CardList) -> None:
        if card_list.selectionModel().hasSelection():
            for other in self.lists:
                if other is not card_list and other.selectionModel().hasSelection():
                    other.clearSelection()
        self.selection_changed.emit()

    def set_estimation(self, name: str) -> None:
        """The name of the board's estimate (e.g. Story Points), for the headers' totals."""
        self.estimation = name
        self._refresh_headers()

    def header_for(self, sprint_id: int | None) -> SprintHeader | None:
        """The header of a sprint's section (None: the backlog's)."""
        row = self.model.section_row(sprint_id)
        return self.headers[row] if row is not None and row < len(self.headers) else None

    def card_list_for(self, sprint_id: int | None) -> CardList | None:
        """The list of a sprint's section (None: the backlog's)."""
        row = self.model.section_row(sprint_id)
        return self.lists[row] if row is not None and row < len(self.lists) else None
