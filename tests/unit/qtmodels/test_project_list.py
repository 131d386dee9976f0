"""The projects table model passes Qt's model tester, filters as the user types and sorts."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from app.domain.project import Project
from app.domain.site import UserRef
from app.qtmodels.project_list import ProjectFilterModel, ProjectListModel

ADA = UserRef("u1", "Ada Lovelace")
LINUS = UserRef("u2", "Linus Torvalds")
PROJECTS = [
    Project("1", "APO", "Apollo", "software", "Engineering", ADA, "Customer portal"),
    Project("2", "BEA", "Beacon", "business", None, LINUS),
    Project("3", "COB", "Cobalt", "service_desk", "Operations", None),
]


def test_model_tester_with_rows_and_resets(qtmodeltester: ModelTester) -> None:
    model = ProjectListModel()
    qtmodeltester.check(model)
    model.set_projects(PROJECTS)
    qtmodeltester.check(model)
    model.set_projects(PROJECTS[:1])
    qtmodeltester.check(model)
    proxy = ProjectFilterModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_cells_headers_and_record_role() -> None:
    model = ProjectListModel()
    model.set_projects(PROJECTS)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Key",
        "Name",
        "Lead",
        "Category",
        "Type",
    ]
    row = [model.data(model.index(0, c)) for c in range(5)]
    assert row == ["APO", "Apollo", "Ada Lovelace", "Engineering", "Software"]
    assert model.data(model.index(2, ProjectListModel.LEAD)) == ""
    assert model.data(model.index(2, ProjectListModel.TYPE)) == "Service management"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == "Customer portal"
    assert model.data(model.index(1, 0), ProjectListModel.ProjectRole) is PROJECTS[1]
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_filter_matches_key_name_lead_and_category() -> None:
    model = ProjectListModel()
    model.set_projects(PROJECTS)
    proxy = ProjectFilterModel()
    proxy.setSourceModel(model)

    def keys() -> list[str]:
        return [proxy.data(proxy.index(r, 0)) for r in range(proxy.rowCount())]

    proxy.set_filter_text("lin")
    assert keys() == ["BEA"]
    proxy.set_filter_text("OPERATIONS")
    assert keys() == ["COB"]
    proxy.set_filter_text("  apo ")
    assert keys() == ["APO"]
    proxy.set_filter_text("")
    assert keys() == ["APO", "BEA", "COB"]


def test_sort_by_any_column() -> None:
    model = ProjectListModel()
    model.set_projects(PROJECTS)
    proxy = ProjectFilterModel()
    proxy.setSourceModel(model)
    proxy.sort(ProjectListModel.NAME, Qt.SortOrder.DescendingOrder)
    assert [proxy.data(proxy.index(r, 0)) for r in range(3)] == ["COB", "BEA", "APO"]
    proxy.sort(ProjectListModel.LEAD, Qt.SortOrder.AscendingOrder)
    assert [proxy.data(proxy.index(r, 0)) for r in range(3)] == ["COB", "APO", "BEA"]
