"""The ``jade`` parser as composed in ``app.__main__``: usage errors exit 64, site arguments are
shared by every site command, and the secret has no option.
"""

from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path

import pytest

import app.__main__ as composition
from app.__main__ import build_parser, main, named_command
from app.cli.command_line import parse_command_line, run_command
from app.cli.site_args import SiteArguments
from tests.conftest import ROOT

SITE_COMMANDS = ["check", "search", "boards", "sprints", "board"]
REQUIRED = {
    "check": [],
    "search": ["--jql", "order by key"],
    "boards": [],
    "sprints": ["--board", "1"],
    "board": ["--board", "1"],
}


def _parse(argv: list[str]) -> argparse.Namespace:
    return parse_command_line(build_parser(), argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["nosuch"],
        ["--bogus"],
        ["check", "--bogus"],
        ["check", "https://a.test", "https://b.test"],
        ["search", "https://jira.test"],  # --jql is required
        ["search", "--jql", "x", "--format", "xml"],
        ["--demo-flavour", "server"],
        ["--demo-issues", "many"],
        # there is no way to give the secret on the command line
        ["check", "https://jira.test", "--token", "s3cret"],
        ["check", "https://jira.test", "--password", "s3cret"],
        # abbreviations are off: a script that works today keeps working when options are added
        ["--dem"],
    ],
)
def test_usage_errors_exit_64_not_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 64
    out, err = capsys.readouterr()
    assert out == ""
    assert "error:" in err and err.startswith("usage: jade")


def test_help_exits_0_and_lists_the_visible_commands_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    listed = re.findall(r"^ {4}(\w+) ", text, re.MULTILINE)
    assert listed == [
        "check",
        "search",
        "boards",
        "sprints",
        "board",
        "milestones",
        "permissions",
    ]  # not the hidden sandbox
    assert "--demo-issues" not in text and "--screenshot" not in text
    # the exit codes, once, for every command
    assert " ".join(text.split()).endswith(
        "Exit codes: 0 ok, 1 refused or other (Jira's words on stderr), 2 authentication, "
        "3 permission, 4 network or TLS, 5 protocol (not a Jira, or not the API expected), "
        "64 usage, 130 interrupted."
    )


def test_version_prints_the_one_version_of_pyproject_and_exits_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"jade {project['version']}\n"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["search", "https://jira.test", "--jql", "x"], "search"),
        (["check", "--profile", "Work"], "check"),
        # "check" is the file name of the picture
        (["--screenshot", "check", "search", "--jql", "x"], "search"),
        (["--demo-flavour", "datacenter", "check"], "check"),
        (["sandbox", "--port", "0"], "sandbox"),
        (["board", "--board", "3", "--sprint", "active"], "board"),
        (["boards", "--project", "board"], "boards"),
        ([], None),
        (["--demo"], None),
        (["--help", "search"], None),  # the help of jade itself lists every command
        (["nosuch"], None),  # the full parser says which commands there are
        (["--demo-issues", "many", "check"], None),  # the full parser reports the bad value
    ],
)
def test_the_command_named_is_read_like_the_full_parser_reads_it(
    argv: list[str], expected: str | None
) -> None:
    assert named_command(argv) == expected
    if expected is not None:
        assert _parse(argv).command == expected


def test_only_the_command_given_is_registered(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser("search").parse_args(["--help"])
    text = capsys.readouterr().out
    assert re.findall(r"^ {4}(\w+) ", text, re.MULTILINE) == ["search"]


def test_ctrl_c_while_the_command_loads_is_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(only: str | None = None) -> argparse.ArgumentParser:
        raise KeyboardInterrupt

    monkeypatch.setattr(composition, "build_parser", interrupted)
    assert main(["search", "https://jira.test", "--jql", "x"]) == 130
    assert capsys.readouterr().err == "jade: interrupted\n"


@pytest.mark.parametrize("command", SITE_COMMANDS)
def test_every_site_command_takes_the_same_site_arguments(command: str, tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    args = _parse(
        [
            command,
            "https://jira.test",
            "--user",
            "ada@example.test",
            "--ca-bundle",
            str(bundle),
            "--insecure",
            *REQUIRED[command],
        ]
    )
    assert SiteArguments.from_namespace(args) == SiteArguments(
        "https://jira.test", "ada@example.test", None, bundle, True
    )
    args = _parse([command, "--profile", "Work", *REQUIRED[command]])
    assert SiteArguments.from_namespace(args) == SiteArguments(profile="Work")


@pytest.mark.parametrize("command", SITE_COMMANDS)
def test_site_arguments_are_described_once_for_all(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = capsys.readouterr().out
    for option in ("--user", "--profile", "--ca-bundle", "--insecure", "JADE_TOKEN"):
        assert option in text


def test_no_command_is_the_window() -> None:
    args = _parse(["--demo", "--demo-flavour", "datacenter", "--demo-issues", "40"])
    assert args.command is None
    assert (args.demo, args.demo_flavour, args.demo_issues) == (True, "datacenter", 40)


def test_search_arguments_reach_its_request() -> None:
    args = _parse(
        ["search", "--profile", "Work", "--jql", "a = b", "--format", "json", "--output", "x.json"]
    )
    assert (args.jql, args.format, args.output, args.fields) == (
        "a = b",
        "json",
        Path("x.json"),
        "key,summary,status,assignee",
    )


def test_ctrl_c_inside_a_command_is_130_without_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def interrupted(args: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    args = argparse.Namespace(command="check", run=interrupted)
    assert run_command(args) == 130
    assert capsys.readouterr().err == "jade check: interrupted\n"
