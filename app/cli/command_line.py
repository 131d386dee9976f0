"""The ``jade`` argument parser and running the command it picked.

Usage errors exit 64, not argparse's 2 (which scripts would read as "authentication"); Ctrl+C
during a command exits 130 with one line on stderr and no traceback. A command module adds itself
with ``add_command`` from its ``register(commands, site)``; the composition root only lists them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, TextIO, TypeAlias

from app.cli.exit_codes import EXIT_INTERRUPTED, EXIT_USAGE

__all__ = [
    "CommandLineParser",
    "CommandRun",
    "Subcommands",
    "add_command",
    "parse_command_line",
    "run_command",
]

# what a command runs with the parsed arguments; it returns the exit code
CommandRun: TypeAlias = Callable[[argparse.Namespace], int]
# argparse's class is generic only to type checkers: a string keeps it from being subscripted
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class CommandLineParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage errors exit 64 (``EX_USAGE``); subparsers inherit it."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and ``message`` to stderr and exit 64."""
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def add_command(
    commands: Subcommands,
    name: str,
    run: CommandRun,
    *,
    help: str | None,
    description: str = "",
    parents: Sequence[argparse.ArgumentParser] = (),
    forwards_arguments: bool = False,
) -> argparse.ArgumentParser:
    """Add the subcommand ``name`` running ``run``; ``help=None`` leaves it out of ``--help``.

    ``forwards_arguments`` hands every argument after the name, unparsed, to ``run`` as
    ``args.forwarded`` (the subcommand then has no ``-h`` of its own either).
    """
    add_help = not forwards_arguments
    if help is None:
        # no help= at all: argparse lists every subcommand that has one, even SUPPRESS
        parser = commands.add_parser(
            name, description=description, parents=list(parents), add_help=add_help
        )
    else:
        parser = commands.add_parser(
            name,
            help=help,
            description=description or help,
            parents=list(parents),
            add_help=add_help,
        )
    parser.set_defaults(run=run, forwards_arguments=forwards_arguments, forwarded=[])
    return parser


def parse_command_line(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None
) -> argparse.Namespace:
    """Parse ``argv``; arguments nobody declared are a usage error unless the command forwards them."""
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        if not getattr(args, "forwards_arguments", False):
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        args.forwarded = unknown
    return args


def run_command(args: argparse.Namespace, *, err: TextIO | None = None) -> int:
    """Run the command ``args`` picked and return its exit code; Ctrl+C is 130, not a traceback."""
    run: CommandRun = args.run
    try:
        return run(args)
    except KeyboardInterrupt:
        # asyncio.run has cancelled the command's task by now, so its cleanup (closing the
        # connections, removing a half-written --output) has run
        print(f"jade {args.command}: interrupted", file=err or sys.stderr)
        return EXIT_INTERRUPTED
