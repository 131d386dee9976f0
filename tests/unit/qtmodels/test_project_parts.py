"""Detail-tab models: components, versions and role members pass the model tester and show text."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from app.domain.project import AssigneeType, Component, ProjectRole, RoleActor, Version
from app.domain.site import UserRef
from app.qtmodels.project_parts import RoleTreeModel, component_model, version_model
from app.qtmodels.record_table import RECORD_ROLE


def test_components(qtmodeltester: ModelTester) -> None:
    model = component_model()
    qtmodeltester.check(model)
    records = [
        Component("1", "API", "the API", UserRef("u", "Grace Hopper"), AssigneeType.COMPONENT_LEAD),
        Component("2", "Web", ""),
    ]
    model.set_records(records)
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(4)] == [
        "API",
        "Grace Hopper",
        "Component lead",
        "the API",
    ]
    assert model.index(1, 1).data() == ""
    assert model.index(1, 0).data(RECORD_ROLE) is records[1]


def test_versions(qtmodeltester: ModelTester) -> None:
    model = version_model()
    records = [
        Version("1", "1.0", "", date(2026, 1, 1), date(2026, 2, 1), released=True),
        Version("2", "2.0", "next", None, date(2026, 3, 1), overdue=True),
        Version("3", "0.9", "", archived=True, released=True),
    ]
    model.set_records(records)
    qtmodeltester.check(model)
    assert [model.index(r, 1).data() for r in range(3)] == ["Released", "Overdue", "Archived"]
    assert model.index(0, 2).data() == "2026-01-01"
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Release date"


def test_roles(qtmodeltester: ModelTester) -> None:
    model = RoleTreeModel()
    qtmodeltester.check(model)
    roles = [
        ProjectRole("10002", "Administrators", "admins", (RoleActor("user", "u1", "Ada"),)),
        ProjectRole(
            "10001",
            "Developers",
            "",
            (
                RoleActor("group", "jira-developers", "jira-developers"),
                RoleActor("user", "u2", "Linus"),
            ),
        ),
    ]
    model.set_roles(roles)
    qtmodeltester.check(model)
    assert model.index(1, 0).data() == "Developers (2)"
    developers = model.index(1, 0)
    assert model.index(0, 1, developers).data() == "Group"
    assert model.actor_at(model.index(1, 0, developers)) == roles[1].actors[1]
    assert model.role_at(model.index(1, 0, developers)) is roles[1]
    assert model.actor_at(developers) is None
