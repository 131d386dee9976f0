"""Column fitting: widths from the rows shown, and a stretched last column that gives its room
back when the view narrows (a detail panel opening beside a list)."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeView
from pytestqt.qtbot import QtBot

from app.ui.kit.tables import fit_columns


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
    qtbot.wait(10)
    assert view.header().length() <= view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0
