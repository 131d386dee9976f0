"""``jade search``: the issues of a direct search, in order, as CSV or JSON lines; exit codes."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.compat import properties

from app.__main__ import main
from app.api import JiraClient, SiteConfig, auth_for
from app.cli.export_fields import parse_fields
from app.cli.search import SearchRequest, run_search
from app.cli.site_args import SiteArguments
from app.domain.site import AuthKind, SiteKind
from app.sandbox import Flavour, Sandbox, SandboxConfig, SandboxServer
from app.store.keychain import SecretStore
from app.store.profiles import Profile, ProfileStore
from tests.conftest import ROOT

JQL = "project is not EMPTY ORDER BY key"
ISSUES = 150  # on Cloud: two bulkfetch batches of the one id page
URL = "https://jira.test"
FLAVOURS = pytest.mark.parametrize(
    "flavour", [Flavour.CLOUD, Flavour.DATACENTER], ids=["cloud", "dc"]
)


def _site(flavour: Flavour) -> Sandbox:
    return Sandbox(
        SandboxConfig(flavour=flavour, seed=3, projects=4, issues=ISSUES, anchor=date(2026, 11, 2))
    )


class _Terminal(io.StringIO):
    """Standard error as a terminal: progress is shown."""

    def isatty(self) -> bool:
        return True


async def _run(
    site: Sandbox,
    *,
    jql: str = JQL,
    fields: str = "key,summary,status,assignee",
    fmt: str = "csv",
    output: Path | None = None,
    err: io.StringIO | None = None,
    clock: Any = None,
) -> tuple[int, str, str]:
    out, err = io.StringIO(newline=""), err or io.StringIO()
    request = SearchRequest(
        SiteArguments(URL, user=site.admin.login),
        jql,
        parse_fields(fields),
        "json" if fmt == "json" else "csv",
        output,
    )
    extra = {"clock": clock} if clock is not None else {}
    code = await run_search(
        request, out=out, err=err, transport=httpx.ASGITransport(app=site.app), **extra
    )
    return code, out.getvalue(), err.getvalue()


async def _reference(site: Sandbox, fields: list[str]) -> list[dict[str, Any]]:
    """The issues of one plain search, straight from the site, in its order."""
    cloud = site.flavour is Flavour.CLOUD
    kind = AuthKind.CLOUD_TOKEN if cloud else AuthKind.PASSWORD
    config = SiteConfig(URL, auth_for(kind, site.admin.login, site.admin.secret))
    async with JiraClient(config, transport=httpx.ASGITransport(app=site.app)) as client:
        pages = client.search_pages(JQL, fields, page_size=100)
        async with contextlib.aclosing(pages) as it:
            return [issue async for page in it for issue in page]


class _Recording(httpx.AsyncBaseTransport):
    """The sandbox in process, noting each request as ``METHOD /path`` and its Authorization."""

    def __init__(self, site: Sandbox) -> None:
        self.inner = httpx.ASGITransport(app=site.app)
        self.requests: list[str] = []
        self.signed: list[bool] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path}")
        self.signed.append("authorization" in request.headers)
        return await self.inner.handle_async_request(request)


def _table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.fixture(autouse=True)
def _no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JADE_TOKEN", raising=False)


@pytest.mark.asyncio
@FLAVOURS
async def test_csv_matches_a_direct_search_in_order(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(flavour)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    code, out, err = await _run(site)
    assert code == 0, err
    expected = await _reference(site, ["summary", "status", "assignee"])
    table = _table(out)
    assert table[0] == ["key", "summary", "status", "assignee"]
    assert len(table) - 1 == len(expected) == ISSUES
    for row, issue in zip(table[1:], expected, strict=True):
        fields = issue["fields"]
        assignee = fields["assignee"]["displayName"] if fields["assignee"] else ""
        assert row == [issue["key"], fields["summary"], fields["status"]["name"], assignee]
    assert any(row[3] == "" for row in table[1:])  # unassigned issues are empty cells
    assert err.startswith(f"jade search: {ISSUES} issues written to standard output in ")
    assert "\r" not in err  # not a terminal: no progress


@pytest.mark.asyncio
@FLAVOURS
async def test_json_lines_carry_jiras_values(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(flavour)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    code, out, err = await _run(site, fmt="json", fields="status,summary")
    assert code == 0, err
    expected = await _reference(site, ["summary", "status"])
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(x["key"], x["id"]) for x in lines] == [(i["key"], i["id"]) for i in expected]
    assert all(list(x["fields"]) == ["status", "summary"] for x in lines)
    assert [x["fields"]["status"]["name"] for x in lines] == [
        i["fields"]["status"]["name"] for i in expected
    ]


@pytest.mark.asyncio
@FLAVOURS
async def test_fields_projection(flavour: Flavour, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(flavour)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    code, out, err = await _run(site, fields=" priority, key ,project,priority,")
    assert code == 0, err
    table = _table(out)
    assert table[0] == ["key", "priority", "project"]
    expected = await _reference(site, ["priority", "project"])
    assert table[1:] == [
        [i["key"], i["fields"]["priority"]["name"], i["fields"]["project"]["key"]] for i in expected
    ]
    code, out, err = await _run(site, fields="key")
    assert code == 0, err
    assert _table(out) == [["key"], *([i["key"]] for i in expected)]


@pytest.mark.asyncio
@FLAVOURS
async def test_bad_jql_exits_1_with_jiras_text(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site = _site(flavour)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    target = tmp_path / "issues.csv"
    code, out, err = await _run(site, jql="project = NOSUCH", output=target)
    assert code == 1
    assert out == ""
    assert err.startswith("jade search: The value 'NOSUCH' does not exist for the field 'project'.")
    assert os.listdir(tmp_path) == []  # neither the file nor its .part


@pytest.mark.asyncio
@FLAVOURS
async def test_wrong_token_exits_2(flavour: Flavour, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(flavour)
    monkeypatch.setenv("JADE_TOKEN", "wrong-token")
    code, out, err = await _run(site)
    assert code == 2
    assert out == ""
    assert "wrong-token" not in err


@pytest.mark.asyncio
async def test_missing_token_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = await _run(_site(Flavour.DATACENTER))
    assert code == 1 and "JADE_TOKEN" in err


@pytest.mark.asyncio
async def test_output_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    target = tmp_path / "issues.csv"
    code, out, err = await _run(site, output=target)
    assert code == 0, err
    assert out == ""
    assert f"{ISSUES} issues written to {target}" in err
    raw = target.read_bytes()
    assert raw.count(b"\r\n") >= ISSUES + 1 and b"\r\r\n" not in raw
    assert len(_table(raw.decode("utf-8"))) == ISSUES + 1
    assert os.listdir(tmp_path) == ["issues.csv"]


@pytest.mark.asyncio
@FLAVOURS
async def test_progress_on_a_terminal_is_throttled(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(flavour)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    # a clock that never moves: only the first batch may be shown, the rest are too soon
    code, _, err = await _run(site, err=_Terminal(), clock=lambda: 100.0)
    assert code == 0, err
    total = f"~{ISSUES}" if flavour is Flavour.CLOUD else f"{ISSUES}"
    shown = [part for part in err.split("\r") if f" / {total} issues" in part]
    assert len(shown) == 1
    assert err.rstrip("\n").rsplit("\r", 1)[-1] == (
        f"jade search: {ISSUES} issues written to standard output in 0.0 s"
    )


def test_command_line_over_real_loopback() -> None:
    site = _site(Flavour.CLOUD)
    with SandboxServer(site) as server:
        env = {**os.environ, "JADE_TOKEN": site.admin.secret}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "app",
                "search",
                server.url,
                "--user",
                site.admin.login,
                "--jql",
                JQL,
                "--fields",
                "key,summary",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    table = _table(done.stdout)
    assert table[0] == ["key", "summary"]
    assert len(table) == ISSUES + 1
    expected = asyncio.run(_reference(site, ["summary"]))
    assert table[1:] == [[i["key"], i["fields"]["summary"]] for i in expected]
    assert f"{ISSUES} issues written to standard output" in done.stderr
    assert site.admin.secret not in done.stdout + done.stderr


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("flavour", "expected"),
    [
        (Flavour.CLOUD, ["POST /rest/api/2/search/jql", "POST /rest/api/2/issue/bulkfetch"]),
        (Flavour.DATACENTER, ["POST /rest/api/2/search"]),
    ],
    ids=["cloud", "dc"],
)
async def test_a_search_asks_serverinfo_once_signed_in_then_searches(
    flavour: Flavour, expected: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(flavour)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    recording = _Recording(site)
    request = SearchRequest(SiteArguments(URL, user=site.admin.login), JQL, ("summary",))
    out, err = io.StringIO(newline=""), io.StringIO()
    code = await run_search(request, out=out, err=err, transport=recording)
    assert code == 0, err.getvalue()
    # no anonymous probe before signing in, no myself or mypermissions: nothing a search
    # does not need before its first page
    assert recording.requests[0] == "GET /rest/api/2/serverInfo"
    assert sorted(set(recording.requests[1:])) == sorted(expected)
    assert all(recording.signed)


@pytest.mark.asyncio
async def test_a_personal_access_token_needs_no_user(monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.admin.pat)
    request = SearchRequest(SiteArguments(URL), JQL, ("summary",))
    out, err = io.StringIO(newline=""), io.StringIO()
    code = await run_search(request, out=out, err=err, transport=httpx.ASGITransport(app=site.app))
    assert code == 0, err.getvalue()
    assert len(_table(out.getvalue())) == ISSUES + 1


@pytest.mark.asyncio
async def test_cloud_without_user_says_it_needs_one(monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(Flavour.CLOUD)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    request = SearchRequest(SiteArguments(URL), JQL, ("summary",))
    out, err = io.StringIO(newline=""), io.StringIO()
    code = await run_search(request, out=out, err=err, transport=httpx.ASGITransport(app=site.app))
    assert code == 1
    assert out.getvalue() == ""
    assert err.getvalue() == "jade search: Jira Cloud needs --user with the account e-mail\n"


class _Keyring(KeyringBackend):
    """A keyring holding one secret per profile id, or raising ``error`` from every read."""

    @properties.classproperty
    def priority(cls) -> float:
        # not viable, so keyring's own backend discovery never picks a test class
        raise RuntimeError("test backend")

    def __init__(self, error: Exception | None = None) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        if self.error is not None:
            raise self.error
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.items[(service, username)]


async def _run_profile(site: Sandbox, tmp_path: Path, backend: _Keyring) -> tuple[int, str, str]:
    profiles = ProfileStore(tmp_path / "config")
    profile = profiles.add(
        Profile(
            name="Work",
            base_url=URL,
            kind=SiteKind.JIRA_DATACENTER,
            auth=AuthKind.PASSWORD,
            user=site.admin.login,
        )
    )
    backend.items[("Jade", profile.id)] = site.admin.secret
    secrets = SecretStore(backend)
    out, err = io.StringIO(newline=""), io.StringIO()
    request = SearchRequest(SiteArguments(profile="work"), JQL, ("summary",))
    try:
        code = await run_search(
            request,
            out=out,
            err=err,
            profiles=profiles,
            secrets=secrets,
            transport=httpx.ASGITransport(app=site.app),
        )
    finally:
        secrets.close()
    return code, out.getvalue(), err.getvalue()


@pytest.mark.asyncio
async def test_a_saved_profile_takes_its_secret_from_the_keychain(tmp_path: Path) -> None:
    site = _site(Flavour.DATACENTER)
    code, out, err = await _run_profile(site, tmp_path, _Keyring())
    assert code == 0, err
    assert len(_table(out)) == ISSUES + 1


@pytest.mark.asyncio
async def test_a_locked_keychain_is_exit_1_with_its_reason(tmp_path: Path) -> None:
    site = _site(Flavour.DATACENTER)
    locked = _Keyring(keyring.errors.KeyringLocked("locked"))
    code, out, err = await _run_profile(site, tmp_path, locked)
    assert code == 1
    assert out == ""
    assert err.startswith("jade search: The system keychain is locked")


@pytest.mark.asyncio
async def test_field_names_in_any_case_map_to_ids_and_name_the_csv_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    code, out, err = await _run(site, fields="key,story points,Status,customfield_10104")
    assert code == 0, err
    table = _table(out)
    assert table[0] == ["key", "Story Points", "Status", "customfield_10104"]
    expected = await _reference(site, ["customfield_10106", "status"])
    assert [row[:3] for row in table[1:]] == [
        [
            i["key"],
            _number(i["fields"].get("customfield_10106")),
            i["fields"]["status"]["name"],
        ]
        for i in expected
    ]
    assert any(row[1] for row in table[1:])  # story points were exported, not empty cells


def _number(value: Any) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


@pytest.mark.asyncio
async def test_json_lines_name_fields_by_id_whatever_was_typed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = _site(Flavour.CLOUD)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    code, out, err = await _run(site, fmt="json", fields="Story point estimate,SUMMARY")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == ISSUES
    assert all(set(x["fields"]) <= {"customfield_10016", "summary"} for x in lines)
    assert all("summary" in x["fields"] for x in lines)


@pytest.mark.asyncio
@FLAVOURS
async def test_unknown_fields_exit_1_naming_the_closest_before_any_search(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site = _site(flavour)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    recording = _Recording(site)
    target = tmp_path / "issues.csv"
    request = SearchRequest(
        SiteArguments(URL, user=site.admin.login),
        JQL,
        parse_fields("key,sumary,statsu,zzzz"),
        "csv",
        target,
    )
    out, err = io.StringIO(newline=""), io.StringIO()
    code = await run_search(request, out=out, err=err, transport=recording)
    assert code == 1
    assert err.getvalue() == (
        "jade search: unknown --fields on this site:\n"
        '  "sumary": closest: summary "Summary"\n'
        '  "statsu": closest: status "Status"\n'
        '  "zzzz": nothing close\n'
    )
    assert out.getvalue() == ""
    assert os.listdir(tmp_path) == []
    assert sorted(recording.requests) == ["GET /rest/api/2/field", "GET /rest/api/2/serverInfo"]


@pytest.mark.asyncio
async def test_the_default_columns_need_no_field_list(monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    recording = _Recording(site)
    request = SearchRequest(SiteArguments(URL, user=site.admin.login), JQL)
    code = await run_search(request, out=io.StringIO(), err=io.StringIO(), transport=recording)
    assert code == 0
    assert "GET /rest/api/2/field" not in recording.requests


class _FieldListBeforeServerInfo(_Recording):
    """Answers serverInfo only once the field list has been asked for: a command that waited
    for serverInfo before asking would never get its answer (the test's timeout says so)."""

    def __init__(self, site: Sandbox) -> None:
        super().__init__(site)
        self.field_list_asked = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/field"):
            self.field_list_asked.set()
        elif request.url.path.endswith("/serverInfo"):
            await asyncio.wait_for(self.field_list_asked.wait(), timeout=10)
        return await super().handle_async_request(request)


@pytest.mark.asyncio
async def test_the_field_list_is_fetched_beside_serverinfo(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    transport = _FieldListBeforeServerInfo(site)
    request = SearchRequest(SiteArguments(URL, user=site.admin.login), JQL, ("Story Points",))
    out, err = io.StringIO(newline=""), io.StringIO()
    code = await run_search(request, out=out, err=err, transport=transport)
    assert code == 0, err.getvalue()
    assert sorted(transport.requests[:2]) == ["GET /rest/api/2/field", "GET /rest/api/2/serverInfo"]


@pytest.mark.asyncio
async def test_a_failed_sign_in_is_reported_not_the_field_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", "wrong-password")
    code, out, err = await _run(site, fields="key,Story Points")
    assert code == 2
    assert out == ""
    assert "unknown" not in err


@pytest.mark.asyncio
async def test_a_long_jira_error_shows_its_first_lines_and_a_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    missing = ", ".join(f"NOPE-{i}" for i in range(1, 2001))
    code, out, err = await _run(site, jql=f"key in ({missing})")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "jade search: An issue with key 'NOPE-1' does not exist for field 'key'.",
        *(f"An issue with key 'NOPE-{i}' does not exist for field 'key'." for i in range(2, 6)),
        "\u2026 1,995 more lines (use --verbose to see all)",
        "HTTP 400 Bad Request",
        "POST https://jira.test/rest/api/2/search",
    ]


def test_verbose_on_the_command_line_prints_it_whole(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    missing = ",".join(f"NOPE-{i}" for i in range(1, 51))
    with SandboxServer(site) as server:
        code = main(
            [
                "search",
                server.url,
                "--user",
                site.admin.login,
                "--jql",
                f"key in ({missing})",
                "--verbose",
            ]
        )
    assert code == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 50 + 2
    assert "more lines" not in err


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder that exists and where no file can be created, even by root."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir(mode=0o555)
        return folder
    if not Path("/sys").is_dir():
        pytest.skip("root may write anywhere, and there is no /sys to refuse it")
    return Path("/sys")  # sysfs creates no files for anyone


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("missing/issues.csv", "the folder {tmp}/missing does not exist"),
        ("file.txt/issues.csv", "{tmp}/file.txt is not a folder"),
        ("folder", "{tmp}/folder is a folder; name a file in it"),
        ("unwritable", "cannot write {unwritable}/issues.csv: Permission denied"),
    ],
)
async def test_an_output_that_cannot_be_written_is_a_usage_error_before_connecting(
    where: str, reason: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    (tmp_path / "file.txt").write_text("not a folder")
    (tmp_path / "folder").mkdir()
    unwritable = _unwritable_folder(tmp_path)
    target = unwritable / "issues.csv" if where == "unwritable" else tmp_path / where
    recording = _Recording(site)
    request = SearchRequest(SiteArguments(URL, user=site.admin.login), JQL, output=target)
    out, err = io.StringIO(newline=""), io.StringIO()
    code = await run_search(request, out=out, err=err, transport=recording)
    assert code == 64
    expected = reason.format(tmp=tmp_path, unwritable=unwritable)
    assert err.getvalue() == f"jade search: --output: {expected}\n"
    assert out.getvalue() == ""
    assert recording.requests == []  # nothing was asked of the site
    assert sorted(os.listdir(tmp_path)) == ["file.txt", "folder"] + (
        ["read-only"] if unwritable.parent == tmp_path else []
    )


def test_a_bad_output_is_reported_even_when_the_site_is_unreachable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("JADE_TOKEN", "secret")
    target = tmp_path / "missing" / "issues.csv"
    # nothing listens there: had the command connected first, this would be exit 4 (network)
    argv = ["search", "http://127.0.0.1:9", "--user", "u", "--jql", "x", "--output", str(target)]
    assert main(argv) == 64
    assert capsys.readouterr().err == (
        f"jade search: --output: the folder {target.parent} does not exist\n"
    )
