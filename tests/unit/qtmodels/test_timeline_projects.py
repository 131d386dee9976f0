"""The timeline's project chooser model: ticks follow the user, unknown keys are dropped."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.project import Project
from app.qtmodels.timeline_projects import KEY_ROLE, ProjectChoiceModel

PROJECTS = [Project("2", "WEB", "Website", "software"), Project("1", "API", "Api", "software")]


def test_ticks_and_order(qtmodeltester: ModelTester, qtbot: QtBot) -> None:
    model = ProjectChoiceModel()
    model.set_projects(PROJECTS, ["WEB", "GONE"])
    qtmodeltester.check(model)
    assert model.chosen == ["WEB"]
    first = model.index(0)
    assert model.data(first) == "API — Api"
    assert model.data(first, KEY_ROLE) == "API"
    assert model.data(first, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    with qtbot.waitSignal(model.chosen_changed) as seen:
        assert model.setData(first, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert seen.args == [["API", "WEB"]]
    assert not model.setData(first, "x", Qt.ItemDataRole.EditRole)
    model.set_chosen(["API"])
    assert model.chosen == ["API"]
    qtmodeltester.check(model)
