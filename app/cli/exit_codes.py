"""The exit codes of every ``jade`` command, and how a failure reaches a script.

0 ok; 1 refused or anything else (Jira's words on stderr); 2 authentication; 3 permission;
4 network or TLS; 5 protocol (not a Jira, or not the API expected); 64 usage (sysexits'
``EX_USAGE``: argparse's own 2 would read as "authentication"); 130 interrupted (128 + SIGINT,
what shells report for Ctrl+C).

Jira's words can run long (a ``key in (...)`` of 5,000 keys answers one line per missing key):
a failure shows its first ``ERROR_LINES`` lines and how many more there were, unless the
command was asked for all of them (``--verbose``).
"""

from __future__ import annotations

from typing import TextIO

from app.api import errors

__all__ = [
    "ERROR_LINES",
    "EXIT_AUTH",
    "EXIT_CODES",
    "EXIT_CODES_TEXT",
    "EXIT_INTERRUPTED",
    "EXIT_NETWORK",
    "EXIT_OK",
    "EXIT_OTHER",
    "EXIT_PERMISSION",
    "EXIT_PROTOCOL",
    "EXIT_USAGE",
    "exit_code",
    "report_failure",
]

EXIT_OK = 0
EXIT_OTHER = 1
EXIT_AUTH = 2
EXIT_PERMISSION = 3
EXIT_NETWORK = 4
EXIT_PROTOCOL = 5
EXIT_USAGE = 64
EXIT_INTERRUPTED = 130
ERROR_LINES = 5  # of a failure's message on stderr; the rest is counted

# for every command's --help: what a script may rely on, in one sentence
EXIT_CODES_TEXT = (
    "Exit codes: 0 ok, 1 refused or other (Jira's words on stderr), 2 authentication, "
    "3 permission, 4 network or TLS, 5 protocol (not a Jira, or not the API expected), "
    "64 usage, 130 interrupted."
)

# first match wins: the error classes are disjoint branches of app.api.errors
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (errors.AuthenticationError, EXIT_AUTH),
    (errors.PermissionDeniedError, EXIT_PERMISSION),
    (errors.NetworkError, EXIT_NETWORK),
    (errors.ProtocolError, EXIT_PROTOCOL),
    (errors.NotOnThisJiraError, EXIT_PROTOCOL),  # not the API expected: e.g. boards on 4.3
)


def exit_code(error: BaseException) -> int:
    """The exit code scripts get for ``error``: 2 auth, 3 permission, 4 network, 5 protocol, 1."""
    return next((code for kind, code in EXIT_CODES if isinstance(error, kind)), EXIT_OTHER)


def report_failure(
    command: str, error: BaseException, err: TextIO, *, verbose: bool | None = None
) -> int:
    """Print ``command: error`` and the error's details to ``err``; return its exit code.

    A message of more than ``ERROR_LINES`` lines is cut there, followed by how many lines were
    left out; ``verbose=True`` prints it whole; ``verbose=False`` names ``--verbose`` in the
    cut line (None: the command has no such option).
    """
    lines = f"{command}: {error}".splitlines()
    if not verbose and len(lines) > ERROR_LINES:
        more = len(lines) - ERROR_LINES
        hint = " (use --verbose to see all)" if verbose is False else ""
        lines = [*lines[:ERROR_LINES], f"\u2026 {more:,} more lines{hint}"]
    print("\n".join(lines), file=err)
    details = getattr(error, "details", "")
    if details:
        print(details, file=err)
    return exit_code(error)
