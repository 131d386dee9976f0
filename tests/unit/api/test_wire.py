"""Wire models against recorded Jira answers (``shared/samples``), and their domain records."""

from __future__ import annotations

from pathlib import Path

import msgspec

from app.api import wire
from app.domain.site import Flavour


def sample(shared_dir: Path, name: str) -> bytes:
    return (shared_dir / "samples" / name).read_bytes()


def test_server_info_per_flavour(shared_dir: Path) -> None:
    cloud = wire.to_server_info(
        msgspec.json.decode(
            sample(shared_dir, "serverinfo_cloud__jira-cli.json"), type=wire.ServerInfoWire
        )
    )
    assert cloud.flavour is Flavour.CLOUD
    assert cloud.version_numbers == (1001, 0, 0)
    legacy = wire.to_server_info(
        msgspec.json.decode(
            sample(shared_dir, "serverinfo_server4__jira-rest-java-client.json"),
            type=wire.ServerInfoWire,
        )
    )
    # 4.x sends neither versionNumbers nor deploymentType: the version string decides
    assert legacy.version_numbers == (4, 2)
    assert legacy.flavour is Flavour.LEGACY
    dc = wire.to_server_info(
        wire.ServerInfoWire(version="9.12.4", version_numbers=[9, 12, 4], deployment_type="Server")
    )
    assert dc.flavour is Flavour.DATACENTER


def test_users_are_account_ids_on_cloud_and_names_on_dc(shared_dir: Path) -> None:
    cloud = wire.to_user(
        msgspec.json.decode(
            sample(shared_dir, "user_cloud__incubator-devlake.json"), type=wire.UserWire
        )
    )
    assert cloud.id.startswith("557058:")
    server = wire.to_user(
        msgspec.json.decode(
            sample(shared_dir, "user_expand_groups_server__jira-rest-java-client.json"),
            type=wire.UserWire,
        )
    )
    assert server.id == "admin"


def test_project_lists(shared_dir: Path) -> None:
    dc = msgspec.json.decode(
        sample(shared_dir, "project_list_dc__go-jira.json"), type=list[wire.ProjectWire]
    )
    assert len(dc) > 100
    projects = [wire.to_project(p) for p in dc]
    assert all(p.key and p.name and p.id for p in projects)


def test_a_4x_project_without_an_id_is_known_by_its_key() -> None:
    # the example from the 4.3 reference: no ids, no types
    listed = b'[{"self": "http://x/rest/api/2.0/project/EX", "key": "EX", "name": "Example"}]'
    found = msgspec.json.decode(listed, type=list[wire.ProjectWire])
    assert [(p.id, p.key, p.name) for p in map(wire.to_project, found)] == [("EX", "EX", "Example")]


def test_search_pages_keep_fields_raw(shared_dir: Path) -> None:
    page = msgspec.json.decode(
        sample(shared_dir, "search_dc__grimoirelab-perceval.json"), type=wire.DcSearchPage
    )
    assert page.issues and all("fields" in issue and "key" in issue for issue in page.issues)
    assert isinstance(page.issues[0]["fields"], dict)


def test_my_permissions(shared_dir: Path) -> None:
    found = msgspec.json.decode(
        sample(shared_dir, "mypermissions_server__jira-rest-java-client.json"),
        type=wire.MyPermissionsWire,
    )
    assert found.permissions["BROWSE"].have_permission is True
    assert found.permissions["WORKLOG_DELETE_OWN"].have_permission is False
