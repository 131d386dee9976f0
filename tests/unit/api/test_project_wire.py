"""Project administration wire models against recorded Jira answers (``shared/samples``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

import msgspec

from app.api import project_wire as pw
from app.api.wire import UserWire, to_user
from app.domain.project import AssigneeType, RoleActor, VersionIssueCounts

T = TypeVar("T")


def decode(shared_dir: Path, name: str, type_: type[T]) -> T:
    return msgspec.json.decode((shared_dir / "samples" / name).read_bytes(), type=type_)


def test_dc_project_detail(shared_dir: Path) -> None:
    found = decode(shared_dir, "project_dc__go-jira.json", pw.ProjectDetailWire)
    detail = pw.to_project_detail(found, (), None)
    assert detail.project.key == "ABDERA"
    assert detail.project.lead is not None and detail.project.lead.id == "rooneg"
    assert detail.project.issue_count is None  # DC has no insight
    assert detail.assignee_type is AssigneeType.UNASSIGNED
    assert detail.avatar_url.endswith("projectavatar?pid=12310505&avatarId=10011")
    assert len(detail.versions) == 9
    assert found.roles["Administrators"].endswith("/project/12310505/role/10002")
    assert detail.permission_scheme is None


def test_cloud_project_search_insight_and_category(shared_dir: Path) -> None:
    page = decode(shared_dir, "project_search_cloud__sentry.json", pw.ProjectPageWire)
    first = pw.to_project_entry(page.values[0])
    assert (first.key, first.category, first.category_id) == ("EX", "FIRST", "10000")
    assert first.issue_count == 100
    assert first.last_updated == datetime(2021, 4, 22, 5, 37, 5, tzinfo=UTC)
    assert page.total == 7 and page.is_last is False


def test_dc_role_with_group_and_user_actors(shared_dir: Path) -> None:
    role = pw.to_role(
        decode(shared_dir, "project_role_server__jira-rest-java-client.json", pw.RoleWire)
    )
    assert (role.id, role.name) == ("10000", "Users")
    assert role.actors == (
        RoleActor("group", "jira-users", "jira-users"),
        RoleActor("user", "superuser", "jira-superuser"),
    )


def test_cloud_roles_carry_actor_groups(shared_dir: Path) -> None:
    roles = decode(shared_dir, "project_roles_cloud__go-jira.json", list[pw.RoleWire])
    first, second = (pw.to_role(r) for r in roles)
    assert first.actors == (RoleActor("group", "jira-administrators", "jira-administrators"),)
    assert second.actors == ()


def test_versions_and_components(shared_dir: Path) -> None:
    version = pw.to_version(decode(shared_dir, "version_server__jira-ruby.json", pw.VersionWire))
    assert (version.name, version.release_date, version.start_date) == (
        "1.0",
        date(2012, 1, 12),
        None,
    )
    versions = decode(
        shared_dir,
        "project_versions_dc__sling-org-apache-sling-committer-cli.json",
        list[pw.VersionWire],
    )
    assert all(v.released for v in versions[:2])
    component = pw.to_component(decode(shared_dir, "component_dc__go-jira.json", pw.ComponentWire))
    assert component.assignee_type is AssigneeType.COMPONENT_LEAD
    assert component.lead is not None and component.lead.id == "someone@example.com"


def test_pickers_and_scheme(shared_dir: Path) -> None:
    groups = decode(
        shared_dir, "groups_picker_server__jira-rest-java-client.json", pw.GroupPickerWire
    )
    assert [g.name for g in groups.groups] == ["jira-administrators", "jira-users"]
    users = decode(shared_dir, "user_search_server__jira-rest-java-client.json", list[UserWire])
    assert [to_user(u).id for u in users] == ["admin", "admin2"]
    scheme = decode(shared_dir, "permissionscheme_cloud__go-jira.json", pw.PermissionSchemeWire)
    assert (scheme.id, scheme.name) == (10100, "Default Permission Scheme")


def test_jira_times_and_unknown_values() -> None:
    assert pw.jira_datetime("2011-03-16T09:56:31.502+1100") == datetime.fromisoformat(
        "2011-03-16T09:56:31.502+11:00"
    )
    assert pw.jira_datetime("yesterday") is None
    assert pw.jira_datetime(None) is None
    odd = pw.ComponentWire(id="1", name="x", assignee_type="SOMEONE_NEW")
    assert pw.to_component(odd).assignee_type is AssigneeType.PROJECT_DEFAULT
    counts = pw.to_version_counts(
        pw.VersionCountsWire(issues_fixed_count=3, issues_affected_count=1)
    )
    assert counts == VersionIssueCounts(fixed=3, affected=1)
    assert counts == (3, 1)  # unpacks as a (fixed, affected) pair
