"""The GreenHopper flavour: a Jira 6.4 server whose only agile API is the experimental API 1.0.

Every answer is held against the brief's own examples (``jira-agile-6.7.6-greenhopper-api.txt``):
the same keys, in the same order, with values of the same JSON types.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.sandbox import Flavour, Sandbox
from app.sandbox.__main__ import parse_args
from tests.conftest import ROOT
from tests.sandbox.conftest import ClientFactory, make_sandbox

GH = "/rest/greenhopper/experimental-api/1.0"
BRIEF = "brief/jira-agile-6.7.6-greenhopper-api.txt"
# the brief's timestamps: 2015-04-11T15:22:00.000+10:00 (Joda writes a zero offset as Z)
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(?:[+-]\d\d:\d\d|Z)")


def _examples(shared_dir: Path) -> list[dict[str, Any]]:
    """Every one-line JSON object of the brief, in order."""
    out = []
    for line in (shared_dir / BRIEF).read_text().splitlines():
        text = line.strip()
        if text.startswith("{") and text.endswith("}"):
            try:
                out.append(json.loads(text))
            except json.JSONDecodeError:
                continue  # prose with braces
    return out


def _first(examples: list[dict[str, Any]], wanted: str) -> dict[str, Any]:
    """The brief's example of one kind of answer (or request)."""

    def kind(ex: dict[str, Any]) -> str:
        values = ex.get("values")
        if isinstance(values, list) and values:
            inner = kind(values[0])
            return f"page of {inner}"
        if "color" in ex:
            return "epic"
        if "projectId" in ex:
            return "version"
        if "state" in ex:
            return "sprint" if "id" in ex else "sprint request"
        if "type" in ex and "id" in ex:
            return "board"
        return "other"

    found = [ex for ex in examples if kind(ex) == wanted]
    assert found, f"the brief has no example of {wanted}"
    return found[0]


def _shape(value: Any) -> Any:
    """Keys in order and JSON types, all the way down (the values themselves left out)."""
    if isinstance(value, dict):
        return [(k, _shape(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


@pytest.fixture(scope="module")
def examples(shared_dir: Path) -> list[dict[str, Any]]:
    """The brief's examples."""
    return _examples(shared_dir)


@pytest.fixture(scope="module")
def gh_site() -> Sandbox:
    """A read-only GreenHopper site for this module."""
    return make_sandbox(Flavour.GREENHOPPER)


# ----- the site ------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_jira_6_4_server_without_agile_1_0(
    gh_site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(gh_site)
    info = (await client.get("/rest/api/2/serverInfo")).json()
    assert info["version"].startswith("6.4.")
    assert info["versionNumbers"][:2] == [6, 4]
    assert info["deploymentType"] == "Server"
    assert gh_site.flavour is Flavour.GREENHOPPER
    assert gh_site.store.flavour is Flavour.DATACENTER  # the platform API is Data Center's
    for path in ("/rest/agile/1.0/board", "/rest/api/3/myself", "/rest/greenhopper/1.0/rapidview"):
        r = await client.get(path)
        assert r.status_code == 404
        assert r.json()["message"] == f"null for uri: http://sandbox.test{path}"
    search = await client.get("/rest/api/2/search", params={"jql": "sprint is not EMPTY"})
    assert search.status_code == 200 and search.json()["total"] > 0
    assert (await client.get("/rest/api/2/myself")).json()["name"] == "admin"


@pytest.mark.asyncio
async def test_sign_in_by_name_and_password_only(
    gh_site: Sandbox, client_for: ClientFactory
) -> None:
    signed_in = await client_for(gh_site).get(f"{GH}/board")
    assert signed_in.status_code == 200
    assert signed_in.headers["X-AUSERNAME"] == "admin"  # the brief's response header
    anonymous = await client_for(gh_site, None).get(f"{GH}/board")
    assert anonymous.status_code == 401
    assert anonymous.headers["X-AUSERNAME"] == "anonymous"
    assert anonymous.json()["errorMessages"] == [
        "You are not authenticated. Authentication required to perform this operation."
    ]
    # personal access tokens came with Data Center 8.14: Jira 6.4 refuses a Bearer token
    token = client_for(gh_site, None, headers={"Authorization": f"Bearer {gh_site.admin.pat}"})
    assert (await token.get(f"{GH}/board")).status_code == 401


@pytest.mark.asyncio
async def test_other_flavours_have_no_experimental_api(client_for: ClientFactory) -> None:
    for flavour in (Flavour.CLOUD, Flavour.DATACENTER):
        site = make_sandbox(flavour, issues=20, projects=2)
        assert (await client_for(site).get(f"{GH}/board")).status_code == 404


def test_command_line_serves_the_flavour() -> None:
    assert parse_args(["--flavour", "greenhopper"]).flavour == "greenhopper"
    command = [sys.executable, "-m", "app.sandbox", "--flavour", "greenhopper", "--issues", "40"]
    with subprocess.Popen(
        [*command, "--projects", "3"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            lines = [proc.stdout.readline().strip() for _ in range(8)]
            assert lines[1:3] == ["admin=admin:admin-password", "user=pat:user-password"]
            # the milestone services' four lines, then no personal access tokens line
            assert [line.partition("=")[0] for line in lines[3:7]] == [
                "pm-app",
                "pm-app-admin",
                "milestones-api",
                "milestones-api-admin",
            ]
            assert lines[7].startswith("# greenhopper site")
            url = lines[0].removeprefix("url=")
            r = httpx.get(f"{url}{GH}/board", auth=("admin", "admin-password"), timeout=10)
            assert r.status_code == 200 and r.json()["values"]
        finally:
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=10) == 0
        assert proc.stderr is not None
        assert proc.stderr.read() == ""


# ----- boards --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_boards_as_the_brief_shows_them(
    gh_site: Sandbox, client_for: ClientFactory, examples: list[dict[str, Any]]
) -> None:
    client = client_for(gh_site)
    page = (await client.get(f"{GH}/board", params={"startAt": 1, "maxResults": 2})).json()
    assert _shape(page) == _shape(_first(examples, "page of board"))
    assert (page["startAt"], page["maxResults"], page["total"]) == (1, 2, len(gh_site.store.boards))
    assert page["isLast"] is False and len(page["values"]) == 2
    board = (await client.get(f"{GH}/board/{page['values'][0]['id']}")).json()
    assert _shape(board) == _shape(_first(examples, "board"))
    assert board == page["values"][0]
    assert board["self"] == f"http://sandbox.test{GH}/board/{board['id']}"
    last = (await client.get(f"{GH}/board", params={"startAt": page["total"] - 1})).json()
    assert last["isLast"] is True and len(last["values"]) == 1


@pytest.mark.asyncio
async def test_board_filters_and_visibility(gh_site: Sandbox, client_for: ClientFactory) -> None:
    store = gh_site.store
    client = client_for(gh_site)
    one = next(iter(store.boards.values()))
    named = (await client.get(f"{GH}/board", params={"name": one.name.lower()})).json()
    assert [b["id"] for b in named["values"]] == [one.id]
    for kind in ("scrum", "kanban"):
        found = (await client.get(f"{GH}/board", params={"type": kind})).json()
        assert found["total"] == sum(1 for b in store.boards.values() if b.type == kind)
    bad = await client.get(f"{GH}/board", params={"type": "simple"})
    assert bad.status_code == 400
    assert bad.json()["errorMessages"] == [
        "The board type 'simple' is not valid. Valid types are: scrum, kanban."
    ]
    # the plain user cannot browse every project: those boards are neither listed nor found
    plain = client_for(gh_site, "user")
    seen = {b["id"] for b in (await plain.get(f"{GH}/board")).json()["values"]}
    hidden = [
        b
        for b in store.boards.values()
        if not store.can_browse(store.users["JIRAUSER10001"], store.projects[b.project_id])
    ]
    assert hidden and seen and not seen & {b.id for b in hidden}
    missing = await plain.get(f"{GH}/board/{hidden[0].id}")
    assert missing.status_code == 404
    assert missing.json() == {
        "errorMessages": ["Board does not exist or you do not have permission to see it."],
        "errors": {},
    }
    assert (await client.get(f"{GH}/board/999")).status_code == 404


# ----- sprints, epics, versions ------------------------------------------------------------------


@pytest.mark.asyncio
async def test_sprints_as_the_brief_shows_them(
    gh_site: Sandbox, client_for: ClientFactory, examples: list[dict[str, Any]]
) -> None:
    client = client_for(gh_site)
    board = next(iter(gh_site.store.boards.values()))
    page = (await client.get(f"{GH}/board/{board.id}/sprint")).json()
    brief_page = _first(examples, "page of sprint")
    assert [k for k, _ in _shape(page)] == [k for k, _ in _shape(brief_page)]
    # the first sprint of each state (the next future sprint is not planned: no dates yet)
    by_state = {s["state"]: s for s in reversed(page["values"])}
    closed, future = brief_page["values"]  # the brief lists a closed sprint, then a future one
    assert _shape(by_state["closed"]) == _shape(closed)
    assert _shape(by_state["future"]) == _shape(future)
    assert [k for k, _ in _shape(by_state["active"])] == [
        "id",
        "self",
        "state",
        "name",
        "startDate",
        "endDate",
    ]
    for sprint in page["values"]:
        for key in ("startDate", "endDate", "completeDate"):
            assert key not in sprint or TIMESTAMP.fullmatch(sprint[key]), sprint
    one = (await client.get(f"{GH}/sprint/{by_state['closed']['id']}")).json()
    assert one == by_state["closed"]
    assert _shape(one) == _shape(_first(examples, "sprint"))


@pytest.mark.asyncio
async def test_sprint_state_filter_repeats_the_parameter(
    gh_site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(gh_site)
    board = next(iter(gh_site.store.boards.values()))
    path = f"{GH}/board/{board.id}/sprint"
    both = (await client.get(f"{path}?state=active&state=future")).json()["values"]
    assert both and {s["state"] for s in both} == {"active", "future"}
    comma = await client.get(path, params={"state": "active,future"})
    assert comma.status_code == 400
    assert comma.json()["errorMessages"] == [
        "The sprint state 'active,future' is not valid. Valid states are: future, active, closed."
    ]
    paged = (await client.get(path, params={"maxResults": 2, "startAt": 2})).json()
    assert [s["id"] for s in paged["values"]] == sorted(
        s.id for s in gh_site.store.sprints.values() if s.board_id == board.id
    )[2:4]
    assert (await client.get(f"{GH}/board/999/sprint")).status_code == 404
    assert (await client.get(f"{GH}/sprint/99999")).json()["errorMessages"] == [
        "Sprint does not exist or you do not have permission to see it."
    ]


@pytest.mark.asyncio
async def test_epics_as_the_brief_shows_them(
    gh_site: Sandbox, client_for: ClientFactory, examples: list[dict[str, Any]]
) -> None:
    store = gh_site.store
    client = client_for(gh_site)
    board = next(
        b
        for b in store.boards.values()
        if sum(
            1
            for i in store.issues.values()
            if i.project_id == b.project_id and i.issuetype_id == 10000
        )
        > 1
    )
    page = (await client.get(f"{GH}/board/{board.id}/epic")).json()
    assert _shape(page) == _shape(_first(examples, "page of epic"))
    ids = {
        i.id
        for i in store.issues.values()
        if i.project_id == board.project_id and i.issuetype_id == 10000
    }
    assert {e["id"] for e in page["values"]} == ids
    for epic in page["values"]:
        assert re.fullmatch(r"color_[1-9]", epic["color"]["key"])
        assert epic["self"].endswith(f"/epic/{epic['id']}")
    done = (await client.get(f"{GH}/board/{board.id}/epic", params={"done": "true"})).json()
    open_ = (await client.get(f"{GH}/board/{board.id}/epic", params={"done": "false"})).json()
    assert all(e["done"] for e in done["values"]) and not any(e["done"] for e in open_["values"])
    assert done["total"] + open_["total"] == page["total"]
    bad = await client.get(f"{GH}/board/{board.id}/epic", params={"done": "maybe"})
    assert bad.status_code == 400
    one = (await client.get(f"{GH}/epic/{page['values'][0]['id']}")).json()
    assert one == page["values"][0]
    assert _shape(one) == _shape(_first(examples, "epic"))
    story = next(i for i in store.issues.values() if i.issuetype_id != 10000)
    not_epic = await client.get(f"{GH}/epic/{story.id}")
    assert not_epic.status_code == 404
    assert not_epic.json()["errorMessages"] == [
        "Epic does not exist or you do not have permission to see it."
    ]


@pytest.mark.asyncio
async def test_versions_as_the_brief_shows_them(
    client_for: ClientFactory, examples: list[dict[str, Any]]
) -> None:
    site = make_sandbox(Flavour.GREENHOPPER)
    store = site.store
    board = next(iter(store.boards.values()))
    project = store.projects[board.project_id]
    unreleased = next(v for v in store.project_versions(project) if not v.released)
    unreleased.release_date = None
    client = client_for(site)
    page = (await client.get(f"{GH}/board/{board.id}/version")).json()
    brief = _first(examples, "page of version")
    assert [k for k, _ in _shape(page)] == [k for k, _ in _shape(brief)]
    assert [v["id"] for v in page["values"]] == [v.id for v in store.project_versions(project)]
    released = next(v for v in page["values"] if v["released"])
    without_date = next(v for v in page["values"] if v["id"] == unreleased.id)
    assert _shape(released) == _shape(brief["values"][0])
    assert _shape(without_date) == _shape(brief["values"][1])
    assert TIMESTAMP.fullmatch(released["releaseDate"])
    only = (await client.get(f"{GH}/board/{board.id}/version", params={"released": "false"})).json()
    assert only["values"] and not any(v["released"] for v in only["values"])
