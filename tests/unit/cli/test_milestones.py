"""``jade milestones list|create|edit|delete|reorder`` against the sandbox's two services."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.__main__ import build_parser
from app.cli.milestones import MilestonesRequest, Service, run_milestones
from app.cli.site_args import SiteArguments
from app.domain.secret import Secret
from app.domain.site import AuthKind, SiteKind
from app.sandbox import Flavour, Sandbox, SandboxConfig
from app.sandbox.routes.milestones_api import BASE
from app.sandbox.routes.pm_app import ENDPOINT
from app.store.profiles import Profile, ProfileStore

HOST = "http://sandbox.test"
APP_URL = HOST + ENDPOINT
API_URL = HOST + BASE
ADMIN = "admin@jade-sandbox.test"
APP_TOKEN = "sandbox-app-admin-token"
API_KEY = "sandbox-api-admin-key"


@pytest.fixture
def site() -> Sandbox:
    """A small site per test (the commands change milestones)."""
    config = SandboxConfig(flavour=Flavour.CLOUD, seed=5, projects=4, issues=50)
    config.anchor = date(2026, 11, 2)
    return Sandbox(config)


@pytest.fixture(autouse=True)
def _token(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("JADE_TOKEN", raising=False)
    yield


def _key(site: Sandbox) -> str:
    return next(p.key for p in site.store.projects.values() if "jira-users" in p.browse_groups)


def _pid(site: Sandbox) -> int:
    return site.store.projects_by_key[_key(site)].id


async def _run(site: Sandbox, request: MilestonesRequest, **options: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(newline=""), io.StringIO()
    transport = httpx.ASGITransport(app=site.app)
    code = await run_milestones(request, out=out, err=err, transport=transport, **options)
    return code, out.getvalue(), err.getvalue()


def _app(action: str, **asked: Any) -> MilestonesRequest:
    return MilestonesRequest(SiteArguments(APP_URL, user=ADMIN), action, Service.PM_APP, **asked)


def _api(action: str, **asked: Any) -> MilestonesRequest:
    return MilestonesRequest(SiteArguments(API_URL), action, Service.MILESTONES_API, **asked)


def _table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


# ----- pm-app --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_pm_app_list_create_edit_delete(
    site: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JADE_TOKEN", APP_TOKEN)
    key = _key(site)
    code, out, err = await _run(site, _app("list", project=key))
    assert code == 0, err
    table = _table(out)
    assert table[0] == ["id", "title", "description", "start", "end"]
    stored = site.store.milestones.app_milestones(key)
    assert [row[0] for row in table[1:]] == [str(m.id) for m in stored]
    assert table[1][3] == stored[0].start.isoformat()  # type: ignore[union-attr]

    created = _app(
        "create",
        format="json",
        project=key,
        title="=SUM(A1)",  # a spreadsheet formula stays text in CSV
        description="Launch",
        start=date(2027, 3, 1),
        end=date(2027, 3, 5),
    )
    code, out, err = await _run(site, created)
    assert code == 0, err
    (made,) = _lines(out)
    assert made | {"id": ""} == {
        "id": "",
        "title": "=SUM(A1)",
        "description": "Launch",
        "start": "2027-03-01",
        "end": "2027-03-05",
    }
    code, out, err = await _run(
        site, _app("edit", project=key, ids=(made["id"],), end=date(2027, 3, 9))
    )
    assert code == 0, err
    assert _table(out)[1] == [made["id"], "'=SUM(A1)", "Launch", "2027-03-01", "2027-03-09"]
    code, out, err = await _run(site, _app("delete", project=key, ids=(made["id"],)))
    assert (code, out) == (0, "")
    assert f"milestone {made['id']} of {key} deleted" in err
    assert int(made["id"]) not in site.store.milestones.app


@pytest.mark.asyncio
async def test_pm_app_refusals_exit_1_2_3_with_the_apps_words(
    site: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JADE_TOKEN", APP_TOKEN)
    key = _key(site)
    first = site.store.milestones.app_milestones(key)[0]
    assert first.start is not None
    early = date.fromordinal(first.start.toordinal() - 1)
    code, out, err = await _run(site, _app("edit", project=key, ids=(str(first.id),), end=early))
    assert (code, out) == (1, "")
    assert err.startswith("jade milestones edit: The app refused the change")
    assert "The app said: The end date must not be before the start date." in err
    code, _, err = await _run(site, _app("list", project="NOPE"))
    assert code == 1 and "No project could be found with the provided key." in err
    monkeypatch.setenv("JADE_TOKEN", "wrong")
    code, _, err = await _run(site, _app("list", project=key))
    assert code == 2 and "wrong" not in err
    monkeypatch.setenv("JADE_TOKEN", "sandbox-app-user-token")
    closed = next(
        p.key for p in site.store.projects.values() if "jira-users" not in p.browse_groups
    )
    user = MilestonesRequest(
        SiteArguments(APP_URL, user="pat@jade-sandbox.test"), "list", Service.PM_APP, project=closed
    )
    code, _, err = await _run(site, user)
    assert code == 3 and "no permission to view milestones" in err


# ----- milestones-api ------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_milestones_api_list_create_edit_reorder_delete(
    site: Sandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("JADE_TOKEN", API_KEY)
    pid = _pid(site)
    target = tmp_path / "buckets.json"
    code, out, err = await _run(site, _api("list", project_id=pid, format="json", output=target))
    assert (code, out) == (0, ""), err
    rows = _lines(target.read_text())
    assert list(rows[0]) == ["id", "title", "color", "position", "type", "tasks_count"]
    assert rows[0]["type"] == "uncategorised"
    assert [r["id"] for r in rows] == [b.id for b in site.store.milestones.project_buckets(pid)]

    code, out, err = await _run(site, _api("create", project_id=pid, title="Phase 9", color="info"))
    assert code == 0, err
    made = _table(out)[1]
    assert made[1:3] == ["Phase 9", "info"] and made[4] == "categorised"
    code, out, err = await _run(
        site, _api("edit", ids=(made[0],), title="Phase ten", color="danger")
    )
    assert code == 0 and _table(out)[1][1:3] == ["Phase ten", "danger"]

    order = [str(r["id"]) for r in reversed(rows)]
    code, out, err = await _run(site, _api("reorder", ids=tuple(order), format="json"))
    assert code == 0, err
    assert [str(r["id"]) for r in _lines(out)][: len(order)] == order

    system = rows[0]
    code, _, err = await _run(site, _api("delete", ids=(str(system["id"]),)))
    assert code == 1
    assert "The system uncategorised milestone cannot be deleted." in err
    victim = rows[1]
    code, out, err = await _run(site, _api("delete", ids=(str(victim["id"]),), delete_tasks=True))
    assert (code, out) == (0, "")
    assert f"its {victim['tasks_count']} tasks deleted" in err


@pytest.mark.asyncio
async def test_milestones_api_exit_codes(site: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JADE_TOKEN", "wrong")
    assert (await _run(site, _api("list", project_id=_pid(site))))[0] == 2
    monkeypatch.setenv("JADE_TOKEN", "sandbox-api-user-key")
    closed = next(p.id for p in site.store.projects.values() if "jira-users" not in p.browse_groups)
    code, _, err = await _run(site, _api("list", project_id=closed))
    assert code == 3 and "This action is unauthorized" in err
    monkeypatch.setenv("JADE_TOKEN", API_KEY)
    code, _, err = await _run(site, _api("create", project_id=1, title="x", color="info"))
    assert code == 1 and "The selected milestone projectid is invalid" in err


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (_api("list"), "milestones-api list needs --project-id N"),
        (_app("list"), "pm-app list needs --project KEY"),
        (_api("create", project_id=5, title="x"), "needs --color"),
        (_api("edit", ids=("4",), title="x"), "needs both --title and --color"),
        (_app("edit", project="A", ids=("4",)), "edit needs at least one of"),
        (_app("reorder", ids=("1", "2")), "reorder is for milestones-api"),
        (_app("list", project="A", color="red"), "--color: not an option of pm-app"),
        (_app("delete", project="A", ids=("1",), delete_tasks=True), "--delete-tasks"),
        (_api("delete", ids=("x",)), "milestone ids are numbers"),
        (_api("edit", ids=("1", "2"), title="x", color="y"), "edit takes one milestone id"),
        (
            _app("create", project="A", title="x", start=date(2027, 2, 2), end=date(2027, 2, 1)),
            "The end (2027-02-01) is before the start (2027-02-02).",
        ),
        (
            MilestonesRequest(SiteArguments(API_URL), "list", None, project_id=1),
            "give --service pm-app or --service milestones-api",
        ),
        (
            MilestonesRequest(SiteArguments(APP_URL), "list", Service.PM_APP, project="A"),
            "give --user",
        ),
        (
            MilestonesRequest(SiteArguments(API_URL, user="a@b.c"), "list", Service.MILESTONES_API),
            "leave out --user",
        ),
    ],
)
async def test_options_that_do_not_fit_exit_64_before_any_request(
    site: Sandbox, monkeypatch: pytest.MonkeyPatch, request_: MilestonesRequest, message: str
) -> None:
    monkeypatch.setenv("JADE_TOKEN", API_KEY)
    seen: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(500)

    out, err = io.StringIO(), io.StringIO()
    code = await run_milestones(request_, out=out, err=err, transport=httpx.MockTransport(refuse))
    assert code == 64 and message in err.getvalue() and not seen


@pytest.mark.asyncio
async def test_the_secret_must_be_in_jade_token(site: Sandbox) -> None:
    code, _, err = await _run(site, _api("list", project_id=_pid(site)))
    assert code == 64 and "JADE_TOKEN" in err


# ----- profiles and the command line ---------------------------------------------------------------


class _Secrets:
    """Stands in for the keychain: one secret per profile id."""

    def __init__(self, secrets: dict[str, str]) -> None:
        self.secrets = secrets

    async def get(self, profile_id: str) -> Secret | None:
        value = self.secrets.get(profile_id)
        return Secret(value) if value else None


@pytest.mark.asyncio
async def test_the_service_comes_from_the_profile(site: Sandbox, tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    store.load()
    app = store.add(
        Profile("Milestones app", APP_URL, SiteKind.PROJECT_MILESTONES, AuthKind.APP_TOKEN, ADMIN)
    )
    api = store.add(Profile("Buckets", API_URL, SiteKind.MILESTONES_API, AuthKind.API_KEY))
    jira = store.add(Profile("Jira", HOST, SiteKind.JIRA_CLOUD, AuthKind.CLOUD_TOKEN, ADMIN))
    secrets = _Secrets({app.id: APP_TOKEN, api.id: API_KEY, jira.id: "x"})
    options: dict[str, Any] = {"profiles": store, "secrets": secrets}

    asked = MilestonesRequest(SiteArguments(profile="milestones app"), "list", project=_key(site))
    code, out, err = await _run(site, asked, **options)
    assert code == 0, err
    assert _table(out)[0] == ["id", "title", "description", "start", "end"]
    asked = MilestonesRequest(SiteArguments(profile="Buckets"), "list", project_id=_pid(site))
    code, out, err = await _run(site, asked, **options)
    assert code == 0 and _table(out)[0][2] == "color", err
    wrong = MilestonesRequest(SiteArguments(profile="Buckets"), "list", Service.PM_APP, project="A")
    code, _, err = await _run(site, wrong, **options)
    assert code == 64 and "is a milestones-api profile" in err
    code, _, err = await _run(
        site, MilestonesRequest(SiteArguments(profile="Jira"), "list", project="A"), **options
    )
    assert code == 64 and "is a Jira site" in err


def _parsed(*argv: str) -> argparse.Namespace:
    return build_parser("milestones").parse_args(["milestones", *argv])


def test_the_url_and_the_ids_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[MilestonesRequest] = []

    async def record(request: MilestonesRequest) -> int:
        seen.append(request)
        return 0

    monkeypatch.setattr("app.cli.milestones.run_milestones", record)
    for argv in (
        ["reorder", API_URL, "12", "10", "15", "--service", "milestones-api"],
        ["reorder", "--profile", "Buckets", "12", "10", "15"],
    ):
        args = _parsed(*argv)
        assert args.run(args) == 0
        assert seen[-1].ids == ("12", "10", "15")
    assert seen[0].site.url == API_URL and seen[1].site.url is None
    args = _parsed("edit", "--profile", "App", "7", "--project", "JADE", "--end", "2027-01-31")
    assert args.run(args) == 0
    assert (seen[-1].ids, seen[-1].end, seen[-1].project) == (("7",), date(2027, 1, 31), "JADE")
    args = _parsed("delete", "9", API_URL, "--service", "milestones-api")
    assert args.run(args) == 0
    assert (seen[-1].ids, seen[-1].site.url) == (("9",), API_URL)
    with pytest.raises(SystemExit) as two:
        _parsed("delete", API_URL, "9", "10")
    assert two.value.code == 64


def test_bad_options_are_usage_errors() -> None:
    with pytest.raises(SystemExit) as bad_date:
        _parsed("create", "--title", "x", "--start", "01.02.2027")
    assert bad_date.value.code == 64
    with pytest.raises(SystemExit) as no_action:
        _parsed()
    assert no_action.value.code == 64
