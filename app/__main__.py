"""Jade's command line and composition root.

``jade`` opens the window; ``jade --demo`` first starts the built-in sandbox Jira and connects
to it; ``jade COMMAND ...`` runs one command of ``app.cli`` (``jade check``, ``jade search``) and
exits with its code. A command is one module with a ``register(commands, site)`` and one line in
``COMMANDS``; the GUI's modules (and so Qt) are imported only when no command was given.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app.cli import check, sandbox, search
from app.cli.command_line import CommandLineParser, parse_command_line, run_command
from app.cli.site_args import site_parent_parser

__all__ = ["COMMANDS", "build_parser", "main"]

# the order of `jade --help`; each entry is a module with register(commands, site)
COMMANDS = (check, search, sandbox)


def build_parser() -> argparse.ArgumentParser:
    """The ``jade`` parser: the window's options, and every command of ``COMMANDS``."""
    parser = CommandLineParser(
        prog="jade",
        description="Jade, a desktop admin client for Jira. Without a command it opens the window.",
        # an abbreviation that works today would break when a longer option appears
        allow_abbrev=False,
    )
    parser.add_argument(
        "--demo", action="store_true", help="serve the built-in sandbox Jira and connect to it"
    )
    parser.add_argument(
        "--demo-flavour",
        choices=["cloud", "datacenter"],
        default="cloud",
        help="which Jira the demo sandbox pretends to be (default: cloud)",
    )
    parser.add_argument("--demo-issues", type=int, default=5000, help=argparse.SUPPRESS)
    # development aid: save a picture of the window once projects are shown, then quit
    parser.add_argument("--screenshot", type=Path, help=argparse.SUPPRESS)
    # start-up benchmark: print shown=<time.monotonic()> once the window is exposed, then quit
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    # a fixed metavar: argparse would otherwise list hidden commands in {check,search,...}
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    site = site_parent_parser()
    for command in COMMANDS:
        command.register(commands, site)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jade`` console script and ``python -m app``."""
    args = parse_command_line(build_parser(), argv)
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
