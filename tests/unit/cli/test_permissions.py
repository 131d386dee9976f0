"""``jade permissions schemes|show|compare|who|user`` against the sandbox, both flavours."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.__main__ import build_parser, main
from app.cli.permissions import PermissionsRequest, run_permissions
from app.cli.site_args import SiteArguments
from app.sandbox import Flavour, Sandbox, SandboxConfig
from app.sandbox.datagen.permissions import ENGINEERING_ID, PUBLIC_ID, RESTRICTED_ID
from app.sandbox.permissions import projects_using

URL = "https://jira.test"
FLAVOURS = pytest.mark.parametrize(
    "flavour", [Flavour.CLOUD, Flavour.DATACENTER], ids=["cloud", "dc"]
)


def _site(flavour: Flavour) -> Sandbox:
    return Sandbox(
        SandboxConfig(flavour=flavour, seed=3, projects=8, issues=100, anchor=date(2026, 11, 2))
    )


async def _run(
    site: Sandbox, action: str, *, fmt: str = "json", output: Path | None = None, **asked: Any
) -> tuple[int, str, str]:
    out, err = io.StringIO(newline=""), io.StringIO()
    request = PermissionsRequest(
        SiteArguments(URL, user=site.admin.login),
        action,
        "json" if fmt == "json" else "csv",
        output,
        **asked,
    )
    code = await run_permissions(
        request, out=out, err=err, transport=httpx.ASGITransport(app=site.app)
    )
    return code, out.getvalue(), err.getvalue()


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(autouse=True)
def _token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JADE_TOKEN", raising=False)


def _signed_in(site: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    return site


@pytest.mark.asyncio
@FLAVOURS
async def test_schemes_name_their_grants_and_projects(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _signed_in(_site(flavour), monkeypatch)
    store = site.store
    code, out, err = await _run(site, "schemes")
    assert code == 0, err
    lines = {line["id"]: line for line in _lines(out)}
    assert set(lines) == {str(i) for i in store.permission_schemes}
    engineering = lines[str(ENGINEERING_ID)]
    assert set(engineering) == {"id", "name", "description", "grants", "projects"}
    assert engineering["grants"] == len(store.permission_schemes[ENGINEERING_ID].grants)
    assert engineering["projects"] == [p.key for p in projects_using(store, ENGINEERING_ID)]
    assert lines[str(PUBLIC_ID)]["projects"] == []
    code, out, _ = await _run(site, "schemes", fmt="csv")
    table = list(csv.reader(io.StringIO(out, newline="")))
    assert table[0] == ["id", "name", "description", "grants", "projects"]
    row = next(r for r in table if r[0] == str(ENGINEERING_ID))
    assert row[4] == ";".join(engineering["projects"])


@pytest.mark.asyncio
@FLAVOURS
async def test_show_lists_every_grant_with_jiras_holder_names(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _signed_in(_site(flavour), monkeypatch)
    code, out, err = await _run(site, "show", schemes=(str(ENGINEERING_ID),))
    assert code == 0, err
    lines = _lines(out)
    grants = site.store.permission_schemes[ENGINEERING_ID].grants
    assert [(x["id"], x["permission"], x["holderType"]) for x in lines] == [
        (str(g.id), g.permission, g.holder_type) for g in grants
    ]
    user_line = next(x for x in lines if x["holderType"] == "user")
    user_key = next(g.parameter for g in grants if g.holder_type == "user")
    assert user_line["holder"] == site.store.user_ref(site.store.users[str(user_key)])
    assert next(x for x in lines if x["holderType"] == "reporter")["holder"] is None


@pytest.mark.asyncio
async def test_a_missing_scheme_is_1_in_jiras_words(monkeypatch: pytest.MonkeyPatch) -> None:
    site = _signed_in(_site(Flavour.CLOUD), monkeypatch)
    code, out, err = await _run(site, "show", schemes=("4242",))
    assert code == 1 and out == ""
    assert err.startswith("jade permissions show: Permission scheme 4242 does not exist\n")


@pytest.mark.asyncio
@FLAVOURS
async def test_compare_two_schemes_and_two_projects(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _signed_in(_site(flavour), monkeypatch)
    code, out, err = await _run(site, "compare", schemes=("0", str(ENGINEERING_ID)))
    assert code == 0, err
    lines = _lines(out)
    sides = {(x["permission"], x["holderType"], x["holder"]): x["side"] for x in lines}
    assert sides[("BROWSE_PROJECTS", "projectRole", "10001")] == "both"
    assert sides[("BROWSE_PROJECTS", "group", "qa")] == "right"
    assert sides[("ADMINISTER_PROJECTS", "projectLead", None)] == "right"
    assert all(set(x) == {"permission", "holderType", "holder", "side"} for x in lines)
    store = site.store
    keys = (projects_using(store, 0)[0].key, projects_using(store, ENGINEERING_ID)[0].key)
    code, by_project, err = await _run(site, "compare", projects=keys)
    assert code == 0, err
    assert by_project == out


@pytest.mark.asyncio
@FLAVOURS
async def test_who_lists_users_with_their_paths_then_conditions(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _signed_in(_site(flavour), monkeypatch)
    store = site.store
    project = projects_using(store, ENGINEERING_ID)[0]
    code, out, err = await _run(site, "who", projects=(project.key,), permission="EDIT_ISSUES")
    assert code == 0, err
    lines = _lines(out)
    users = [x for x in lines if "user" in x]
    conditions = [x["condition"] for x in lines if "condition" in x]
    assert lines[: len(users)] == users  # users first, then conditions
    assert conditions == ["reporter", "userCustomField:customfield_10300"]
    assert all(set(x) == {"user", "displayName", "via"} for x in users)
    # Engineering grants Edit Issues to Developers, qa, the reporter and a user picker field
    expected = {
        store.user_ref(u)
        for u in store.users.values()
        if u.active and ("qa" in u.groups or _developer(site, u.key, project.id))
    }
    assert {x["user"] for x in users} == expected
    tester = next(x for x in users if "group:qa" in x["via"])
    assert "role:Developers/group:qa" in tester["via"]
    assert "users and 2 conditions written" in err


def _developer(site: Sandbox, user_key: str, project_id: int) -> bool:
    user = site.store.users[user_key]
    actors = site.store.projects[project_id].role_actors.get(10001, [])
    return any(
        (a.kind == "user" and a.value == user_key) or (a.kind == "group" and a.value in user.groups)
        for a in actors
    )


@pytest.mark.asyncio
async def test_who_notes_an_empty_group_and_refuses_an_unknown_permission(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = _signed_in(_site(Flavour.DATACENTER), monkeypatch)
    project = projects_using(site.store, RESTRICTED_ID)[0]
    code, _, err = await _run(site, "who", projects=(project.key,), permission="BROWSE_PROJECTS")
    assert code == 0, err
    assert "note: group 'contractors' has no members" in err
    code, out, err = await _run(site, "who", projects=(project.key,), permission="EDIT_ISSUE")
    assert code == 1 and out == ""
    assert "The site has no permission 'EDIT_ISSUE'. Did you mean EDIT_ISSUES" in err
    code, out, err = await _run(site, "who", projects=(project.key,), permission="ADMINISTER")
    assert code == 1 and out == ""
    assert "'ADMINISTER' is a global permission" in err


@pytest.mark.asyncio
@FLAVOURS
async def test_user_lists_every_permission_held_and_why(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _signed_in(_site(flavour), monkeypatch)
    store = site.store
    project = projects_using(store, ENGINEERING_ID)[0]
    lead = store.users[project.lead_key]
    code, out, err = await _run(site, "user", projects=(project.key,), user=store.user_ref(lead))
    assert code == 0, err
    found = {x["permission"]: x["via"] for x in _lines(out)}
    assert "role:Administrators" in found["ADMINISTER_PROJECTS"]
    assert "lead" in found["ADMINISTER_PROJECTS"]
    assert "reporter" in found["EDIT_ISSUES"]
    assert set(found) <= {g.permission for g in store.permission_schemes[ENGINEERING_ID].grants}
    code, out, err = await _run(site, "user", projects=(project.key,), user="nobody-at-all")
    assert code == 1 and out == ""


@pytest.mark.asyncio
async def test_a_plain_user_is_refused_with_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(Flavour.CLOUD)
    monkeypatch.setenv("JADE_TOKEN", site.user.secret)
    out, err = io.StringIO(), io.StringIO()
    request = PermissionsRequest(
        SiteArguments(URL, user=site.user.login),
        "who",
        "json",
        None,
        projects=(min(site.store.projects_by_key),),
        permission="BROWSE_PROJECTS",
    )
    code = await run_permissions(
        request, out=out, err=err, transport=httpx.ASGITransport(app=site.app)
    )
    assert code == 3, err.getvalue()


@pytest.mark.asyncio
async def test_output_is_written_whole(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    site = _signed_in(_site(Flavour.CLOUD), monkeypatch)
    target = tmp_path / "schemes.csv"
    code, out, err = await _run(site, "schemes", fmt="csv", output=target)
    assert code == 0 and out == "", err
    assert target.read_text(encoding="utf-8").startswith("id,name,description,grants,projects")
    code, _, err = await _run(site, "schemes", output=tmp_path / "missing" / "x.csv")
    assert code == 64


@pytest.mark.parametrize(
    "argv",
    [
        ["permissions", "compare", URL, "--scheme", "1"],
        ["permissions", "who", URL, "--project", "ABC"],
        ["permissions", "show", URL],
        ["permissions"],
    ],
)
def test_usage_errors_exit_64(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(argv)
    except SystemExit as exited:
        code = int(exited.code or 0)
    assert code == 64
    assert "jade permissions" in capsys.readouterr().err


def test_the_user_action_takes_the_sites_login_as_login() -> None:
    args = build_parser("permissions").parse_args(
        [
            "permissions",
            "user",
            URL,
            "--login",
            "me@x.test",
            "--user",
            "557058:abc",
            "--project",
            "K",
        ]
    )
    assert (args.user, args.who, args.project) == ("me@x.test", "557058:abc", "K")
    other = build_parser("permissions").parse_args(
        ["permissions", "who", URL, "--user", "me@x.test", "--project", "K", "--permission", "X"]
    )
    assert other.user == "me@x.test"
