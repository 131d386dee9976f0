"""Jade's command line and composition root.

``jade`` opens the window; ``jade --demo`` first starts the built-in sandbox Jira and connects
to it; ``jade COMMAND ...`` runs one command of ``app.cli`` (``jade check``, ``jade search``,
``jade boards``...) and exits with its code. A command is one module with a ``register(commands,
site)`` (``app.cli.boards`` has one per command it holds) and one line in ``_command_register``.
Only the module of the command given is imported (a script pays for what it runs: ``jade
search`` never loads the keychain or the sandbox), and the GUI's modules (and so Qt) only when
no command was given.
"""

from __future__ import annotations

import sys

# httpx imports its own command-line client (click, rich, pygments: a third of `import httpx`)
# whenever those happen to be installed; Jade never runs it, and a None entry in sys.modules
# makes that import fail at once, which httpx handles (its `httpx` script would then say so)
if "httpx._main" not in sys.modules:
    sys.modules["httpx._main"] = None  # type: ignore[assignment]

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TypeAlias

from app.cli.command_line import (
    CommandLineParser,
    Subcommands,
    parse_command_line,
    run_command,
)
from app.cli.exit_codes import EXIT_CODES_TEXT, EXIT_INTERRUPTED
from app.cli.site_args import site_parent_parser

__all__ = ["COMMANDS", "build_parser", "main", "named_command"]

# the order of `jade --help`
COMMANDS = ("check", "search", "boards", "sprints", "board", "milestones", "permissions", "sandbox")
Register: TypeAlias = Callable[[Subcommands, argparse.ArgumentParser], None]


def _command_register(name: str) -> Register:
    # imports inside the function: only the command run is loaded; plain import statements
    # (not importlib) so that PyInstaller still finds every command
    if name == "check":
        from app.cli import check  # noqa: PLC0415

        return check.register
    if name == "search":
        from app.cli import search  # noqa: PLC0415

        return search.register
    if name in ("boards", "sprints", "board"):
        from app.cli import boards  # noqa: PLC0415

        return {
            "boards": boards.register_boards,
            "sprints": boards.register_sprints,
            "board": boards.register_board,
        }[name]
    if name == "milestones":
        from app.cli import milestones  # noqa: PLC0415

        return milestones.register
    if name == "permissions":
        from app.cli import permissions  # noqa: PLC0415

        return permissions.register
    if name == "sandbox":
        from app.cli import sandbox  # noqa: PLC0415

        return sandbox.register
    raise ValueError(f"no command is named {name!r}")


def _add_window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demo", action="store_true", help="serve the built-in sandbox Jira and connect to it"
    )
    parser.add_argument(
        "--demo-flavour",
        choices=["cloud", "datacenter", "greenhopper", "legacy"],
        default="cloud",
        help="which Jira the demo sandbox pretends to be: cloud, datacenter, greenhopper "
        "(a Jira 6.4 server with Jira Agile's older API) or legacy (a Jira 4.3 server, REST "
        "2.0.alpha1) (default: cloud)",
    )
    parser.add_argument("--demo-issues", type=int, default=5000, help=argparse.SUPPRESS)
    # development aid: save a picture of the window once projects are shown, then quit
    parser.add_argument("--screenshot", type=Path, help=argparse.SUPPRESS)
    # start-up benchmark: print shown=<time.monotonic()> once the window is exposed, then quit
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)


class _VersionAction(argparse.Action):
    """``--version``: print ``jade VERSION`` and exit 0; the metadata is read only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        del kwargs  # argparse passes default and help, fixed here
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="print the version"
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from app.version import jade_version  # noqa: PLC0415

        print(f"jade {jade_version()}")
        parser.exit()


class _ProbeError(Exception):
    """The probe parser met something it cannot read; the full parser will say what."""


class _ProbeParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _ProbeError(message)


def named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs, read the way the full parser will; None for the window or help."""
    probe = _ProbeParser(add_help=False, allow_abbrev=False)
    _add_window_options(probe)
    probe.add_argument("-h", "--help", action="store_true")
    probe.add_argument("command", nargs="?")
    try:
        found, _ = probe.parse_known_args(list(argv))
    except _ProbeError:
        return None
    if found.help or found.command not in COMMANDS:
        return None  # `jade --help` and an unknown name need every command's description
    return str(found.command)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The ``jade`` parser: the window's options and every command, or only the command ``only``."""
    # typed as its base: argparse's subparsers are typed by the parser class, not by a base
    parser: argparse.ArgumentParser = CommandLineParser(
        prog="jade",
        description="Jade, a desktop admin client for Jira. Without a command it opens the window.",
        epilog=EXIT_CODES_TEXT,
        # an abbreviation that works today would break when a longer option appears
        allow_abbrev=False,
    )
    parser.add_argument("--version", action=_VersionAction)
    _add_window_options(parser)
    # a fixed metavar: argparse would otherwise list hidden commands in {check,search,...}
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    site = site_parent_parser()
    for name in COMMANDS:
        if only is None or name == only:
            _command_register(name)(commands, site)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jade`` console script and ``python -m app``."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parse_command_line(build_parser(named_command(arguments)), arguments)
    except KeyboardInterrupt:
        # Ctrl+C while the command's modules load: as quiet as during the command itself
        print("jade: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    if args.command is not None:
        return run_command(args)
    # imported here so that a command never loads Qt
    from app.ui.shell.application import run_gui  # noqa: PLC0415

    return run_gui(
        sys.argv[:1],
        demo=args.demo_flavour if args.demo else None,
        demo_issues=args.demo_issues,
        screenshot=args.screenshot,
        exit_when_shown=args.exit_when_shown,
    )


if __name__ == "__main__":
    sys.exit(main())
