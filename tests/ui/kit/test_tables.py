"""Column fitting: widths from the rows shown, and a stretched last column that gives its room
back when the view narrows (a detail panel opening beside a list)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyleOptionViewItem, QTreeView
from pytestqt.qtbot import QtBot

from app.ui.kit.tables import SUBTITLE_ROLE, CenteredChecks, SubtitledRows, fit_columns


def _view(qtbot: QtBot) -> QTreeView:
    model = QStandardItemModel(0, 4)
    model.setHorizontalHeaderLabels(["Key", "Name", "Issues", "Last updated"])
    for n in range(12):
        model.appendRow([QStandardItem(t) for t in (f"K{n}", f"Name {n}", str(n), "2026-12-01")])
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.header().setStretchLastSection(True)
    view.resize(1100, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_fitted_columns_hold_their_contents(qtbot: QtBot) -> None:
    view = _view(qtbot)
    fit_columns(view)
    for column in range(3):
        assert view.columnWidth(column) >= view.sizeHintForColumn(column)


def test_the_stretched_last_column_shrinks_when_the_view_narrows(qtbot: QtBot) -> None:
    view = _view(qtbot)
    fit_columns(view)  # fitted while wide: the last column is stretched over the window
    view.resize(500, 400)

    def fits() -> None:
        assert view.header().length() <= view.viewport().width()
        assert view.horizontalScrollBar().maximum() == 0

    # the window system answers the resize, and the header relays out, through events: wait
    # for them (a fixed 10 ms is not enough on a loaded machine)
    qtbot.waitUntil(fits, timeout=5000)


def _checks(qtbot: QtBot) -> tuple[QTreeView, QStandardItemModel]:
    model = QStandardItemModel(0, 3)
    model.setHorizontalHeaderLabels(["Permission", "Developers", "Users"])
    for name in ("Browse Projects", "Create Issues"):
        row = [QStandardItem(name)]
        for _ in range(2):
            cell = QStandardItem()
            cell.setCheckable(True)
            cell.setEditable(False)
            cell.setCheckState(Qt.CheckState.Unchecked)
            row.append(cell)
        model.appendRow(row)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegate(CenteredChecks(parent=view))
    for column in (1, 2):
        view.setColumnWidth(column, 120)
    view.resize(600, 200)
    view.show()
    qtbot.waitExposed(view)
    return view, model


def test_a_check_only_cell_toggles_from_its_centred_check_not_its_left_edge(
    qtbot: QtBot,
) -> None:
    view, model = _checks(qtbot)
    index = model.index(0, 1)
    cell = view.visualRect(index)
    delegate = view.itemDelegate()
    assert isinstance(delegate, CenteredChecks)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = cell
    check = delegate.check_rect(option, index)
    assert abs(check.center().x() - cell.center().x()) <= 1  # under the centred title
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    assert model.item(0, 1).checkState() == Qt.CheckState.Checked
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(cell.left() + 3, cell.center().y())
    )
    assert model.item(0, 1).checkState() == Qt.CheckState.Checked  # the left edge is not the check
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    assert model.item(0, 1).checkState() == Qt.CheckState.Unchecked
    view.setCurrentIndex(model.index(1, 2))
    qtbot.keyClick(view, Qt.Key.Key_Space)  # the keyboard as Qt has it
    assert model.item(1, 2).checkState() == Qt.CheckState.Checked


def test_a_subtitled_row_is_a_line_taller_and_keeps_its_title_as_text(qtbot: QtBot) -> None:
    model = QStandardItemModel()
    plain, titled = QStandardItem("Sandbox Jira"), QStandardItem("Sandbox Jira")
    titled.setData("Jira Cloud", SUBTITLE_ROLE)
    model.appendRow(plain)
    model.appendRow(titled)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = SubtitledRows(parent=view)
    view.setItemDelegate(delegate)
    view.show()
    qtbot.waitExposed(view)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    line = view.fontMetrics().lineSpacing()
    short = delegate.sizeHint(option, model.index(0, 0)).height()
    assert delegate.sizeHint(option, model.index(1, 0)).height() == short + line
    assert model.index(1, 0).data() == "Sandbox Jira"  # type-to-find and screen readers: the name
    view.grab()  # paints both kinds of row
