"""``jade sandbox ...`` (hidden): the built-in sandbox Jira, for a Jade that has no ``python -m``.

A frozen (PyInstaller) Jade is one executable with no interpreter to run ``-m app.sandbox``, so
it starts its demo sandbox as a child process of itself: ``sandbox_command(...)`` is that command
line, frozen or not. Every argument after ``sandbox`` goes unparsed to ``app.sandbox``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.cli.command_line import Subcommands, add_command
from app.cli.exit_codes import EXIT_USAGE

__all__ = ["register", "sandbox_command"]

_ARGPARSE_USAGE_EXIT = 2


def sandbox_command(arguments: Sequence[str]) -> list[str]:
    """The command line that serves the sandbox with ``arguments`` (``--port 0 ...``)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "sandbox", *arguments]
    return [sys.executable, "-m", "app", "sandbox", *arguments]


def register(commands: Subcommands, site: argparse.ArgumentParser) -> None:
    """Add the hidden ``jade sandbox`` to ``commands`` (it takes no site arguments)."""
    del site
    add_command(commands, "sandbox", _run, help=None, forwards_arguments=True)


def _run(args: argparse.Namespace) -> int:
    # imported here: uvicorn and starlette are needed by this command only
    from app.sandbox.__main__ import main  # noqa: PLC0415

    try:
        return main(list(args.forwarded))
    except SystemExit as done:
        # the sandbox's own argparse exits 2 on a usage error; jade's usage code is 64
        if done.code == _ARGPARSE_USAGE_EXIT:
            return EXIT_USAGE
        raise
