"""Reading back after a stopped save: does what Jira holds contain the change?"""

from __future__ import annotations

from datetime import date

from app.domain.issue_actions import IssueEdit
from app.domain.project import (
    AssigneeType,
    Component,
    ComponentChanges,
    Project,
    ProjectChanges,
    ProjectDetail,
    ProjectRole,
    RoleActor,
    Version,
    VersionChanges,
)
from app.domain.readback import (
    actors_present,
    component_holds,
    issue_edit_holds,
    overview_holds,
    version_holds,
)
from app.domain.site import UserRef


def _detail(**fields: object) -> ProjectDetail:
    project = Project("1", "ABC", "Alpha", "software", lead=UserRef("u1", "Ada"), **fields)  # type: ignore[arg-type]
    return ProjectDetail(project, assignee_type=AssigneeType.PROJECT_LEAD)


def test_overview() -> None:
    detail = _detail(description="line one\r\nline two", category_id="7")
    assert overview_holds(detail, ProjectChanges(name="Alpha"))
    assert overview_holds(detail, ProjectChanges(description="line one\nline two"))
    assert overview_holds(detail, ProjectChanges(lead="u1", category_id="7"))
    assert not overview_holds(detail, ProjectChanges(name="Beta"))
    assert not overview_holds(detail, ProjectChanges(category_id=None))
    assert not overview_holds(detail, ProjectChanges(assignee_type=AssigneeType.UNASSIGNED))


def test_component_and_version() -> None:
    component = Component("10", "API", "the api", UserRef("u2", "Bo"))
    assert component_holds(component, ComponentChanges(name="API", lead="u2"))
    assert not component_holds(component, ComponentChanges(lead=None))
    version = Version("5", "2.0", start_date=date(2026, 1, 1), release_date=None)
    assert version_holds(version, VersionChanges(name="2.0", start_date=date(2026, 1, 1)))
    assert version_holds(version, VersionChanges(release_date=None))
    assert not version_holds(version, VersionChanges(released=True))


def test_role_members() -> None:
    role = ProjectRole(
        "3", "Developers", actors=(RoleActor("user", "u1", "Ada"), RoleActor("group", "dev", "dev"))
    )
    assert actors_present(role, ["u1"], ["dev"])
    assert not actors_present(role, ["u9"], [])
    assert not actors_present(None, [], [])


def test_issue_edit() -> None:
    fields = {"summary": "New", "priority": {"name": "High"}, "labels": ["a", "b"]}
    assert issue_edit_holds(fields, IssueEdit(summary="New", priority="High", labels_add=("a",)))
    assert issue_edit_holds(fields, IssueEdit(labels_remove=("c",)))
    assert not issue_edit_holds(fields, IssueEdit(labels_remove=("a",)))
    assert not issue_edit_holds(fields, IssueEdit(summary="Old"))
