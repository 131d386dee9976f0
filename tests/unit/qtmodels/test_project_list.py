"""The projects models pass Qt's model tester, group by category, filter and sort naturally."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from app.domain.project import Project, ProjectStats
from app.domain.site import UserRef
from app.qtmodels.project_list import (
    PROJECT_ROLE,
    ProjectFilterModel,
    ProjectListModel,
    ProjectTreeModel,
)

ADA = UserRef("u1", "Ada Lovelace")
LINUS = UserRef("u2", "Linus Torvalds")
PROJECTS = [
    Project(
        "1", "APO", "Apollo", "software", "Engineering", ADA, "Customer portal", issue_count=12
    ),
    Project("2", "BEA", "Beacon", "business", None, LINUS, issue_count=3),
    Project("3", "COB", "Cobalt", "service_desk", "Operations", None, issue_count=100),
    Project("4", "DEL", "Delta", "software", "Engineering", LINUS),
]


def _keys(model: ProjectFilterModel, parent: QModelIndex | None = None) -> list[str]:
    parent = parent or QModelIndex()
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def test_model_tester_flat_and_tree(qtmodeltester: ModelTester) -> None:
    flat = ProjectListModel()
    qtmodeltester.check(flat)
    flat.set_projects(PROJECTS)
    qtmodeltester.check(flat)
    flat.set_stats("BEA", ProjectStats(7, datetime(2026, 1, 1, tzinfo=UTC)))
    qtmodeltester.check(flat)
    flat.set_projects(PROJECTS[:2])
    flat.append_projects(PROJECTS[2:])  # pages of a load arriving
    qtmodeltester.check(flat)
    assert [flat.index(r, 0).data() for r in range(flat.rowCount())] == ["APO", "BEA", "COB", "DEL"]
    flat.set_stats("DEL", ProjectStats(2, None))
    assert flat.index(3, ProjectListModel.ISSUES).data() == "2"
    tree = ProjectTreeModel()
    qtmodeltester.check(tree)
    tree.set_projects(PROJECTS)
    qtmodeltester.check(tree)
    tree.set_stats("COB", ProjectStats(1, None))
    proxy = ProjectFilterModel()
    proxy.setSourceModel(tree)
    proxy.set_filter_text("lin")
    qtmodeltester.check(proxy)


def test_cells_headers_and_record_role() -> None:
    model = ProjectListModel()
    model.set_projects(PROJECTS)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Key", "Name", "Lead", "Category", "Type", "Issues", "Last updated"]
    row = [model.data(model.index(0, c)) for c in range(7)]
    assert row == ["APO", "Apollo", "Ada Lovelace", "Engineering", "Software", "12", ""]
    assert model.data(model.index(2, ProjectListModel.LEAD)) == ""
    assert model.data(model.index(2, ProjectListModel.TYPE)) == "Service management"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == "<qt>Customer portal</qt>"
    assert model.data(model.index(1, 0), PROJECT_ROLE) is PROJECTS[1]
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None
    model.set_stats("DEL", ProjectStats(1234, datetime(2026, 3, 4, 5, 6, tzinfo=UTC)))
    assert model.data(model.index(3, ProjectListModel.ISSUES)) == "1,234"
    assert model.data(model.index(3, ProjectListModel.UPDATED)).startswith("2026-03-0")


def test_tooltips_show_server_text_literally() -> None:
    hostile = Project(
        "9", "EVIL", "Evil", "software", description='<img src=x onerror="x()"><b>b</b>'
    )
    model = ProjectListModel()
    model.set_projects([hostile])
    tip = model.data(model.index(0, ProjectListModel.NAME), Qt.ItemDataRole.ToolTipRole)
    # escaped inside a <qt> wrapper: Qt renders the characters, not the markup
    assert tip == "<qt>&lt;img src=x onerror=&quot;x()&quot;&gt;&lt;b&gt;b&lt;/b&gt;</qt>"


def test_tree_groups_by_category_with_no_category_last() -> None:
    tree = ProjectTreeModel()
    tree.set_projects(PROJECTS)
    groups = [tree.index(r, 0).data() for r in range(tree.rowCount())]
    assert groups == ["Engineering (2)", "Operations (1)", "No category (1)"]
    engineering = tree.index(0, 0)
    assert [tree.index(r, 0, engineering).data() for r in range(tree.rowCount(engineering))] == [
        "APO",
        "DEL",
    ]
    assert tree.parent(tree.index(1, 0, engineering)) == engineering


def test_filter_matches_key_name_lead_and_category() -> None:
    model = ProjectListModel()
    model.set_projects(PROJECTS)
    proxy = ProjectFilterModel()
    proxy.setSourceModel(model)
    proxy.set_filter_text("lin")
    assert _keys(proxy) == ["BEA", "DEL"]
    proxy.set_filter_text("OPERATIONS")
    assert _keys(proxy) == ["COB"]
    proxy.set_filter_text("  apo ")
    assert _keys(proxy) == ["APO"]
    proxy.set_filter_text("")
    assert _keys(proxy) == ["APO", "BEA", "COB", "DEL"]


def test_filter_in_tree_keeps_matching_groups_only() -> None:
    tree = ProjectTreeModel()
    tree.set_projects(PROJECTS)
    proxy = ProjectFilterModel()
    proxy.setSourceModel(tree)
    proxy.set_filter_text("delta")
    assert _keys(proxy) == ["Engineering (2)"]
    assert _keys(proxy, proxy.index(0, 0)) == ["DEL"]


def test_sort_numbers_as_numbers() -> None:
    model = ProjectListModel()
    model.set_projects(PROJECTS)
    proxy = ProjectFilterModel()
    proxy.setSourceModel(model)
    proxy.sort(ProjectListModel.ISSUES, Qt.SortOrder.DescendingOrder)
    assert _keys(proxy) == ["COB", "APO", "BEA", "DEL"]
    proxy.sort(ProjectListModel.NAME, Qt.SortOrder.DescendingOrder)
    assert _keys(proxy) == ["DEL", "COB", "BEA", "APO"]
    proxy.sort(ProjectListModel.LEAD, Qt.SortOrder.AscendingOrder)
    keys = _keys(proxy)
    assert keys[:2] == ["COB", "APO"]  # no lead sorts first, then by display name
    assert set(keys[2:]) == {"BEA", "DEL"}
