"""``jade search``: every issue matching a JQL query, streamed as CSV or JSON lines.

The site arguments are every command's (``site_args``); the issues come from the fast loader
(``IssueSearch.load``) in result order, each batch written as it lands, so an export of any size
needs a few pages of memory. On Data Center a result past Jira's 10,000-issue window is loaded
in windows merged in the query's order; an order Jade cannot merge (a custom field, rank, …) is
refused with the ``--jql`` to use instead (the same query ordered by key). Issues that changed
while loading are listed on stderr; if any is missing or out of order the exit code is 1.
Exit codes are every command's (``exit_codes``); a JQL error is 1, printed with Jira's words.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import httpx

from app.api.platform import JiraClient
from app.api.search import IssueSearch
from app.api.search_windows import UnorderableSearchError
from app.cli.command_line import Subcommands, add_command
from app.cli.exit_codes import EXIT_OK, EXIT_OTHER, report_failure
from app.cli.output import ExportFormat, TerminalProgress, destination, output_parent_parser
from app.cli.site_args import SITE_ERRORS, SiteArguments, resolve_site
from app.domain.issue_export import CsvIssueWriter, write_json_lines
from app.domain.search_windows import Change, ChangedIssue, describe_changes
from app.domain.site import Flavour
from app.session import site_config
from app.store.keychain import SecretStore
from app.store.profiles import ProfileStore

__all__ = ["DEFAULT_FIELDS", "SearchRequest", "parse_fields", "register", "run_search"]

DEFAULT_FIELDS = ("summary", "status", "assignee")  # after key, which always comes first
_COMMAND = "jade search"
_CHANGES_LISTED = 20  # changed issues named one per line; the rest are counted


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What ``jade search`` was asked: the site, the query, the columns and where to write."""

    site: SiteArguments
    jql: str
    fields: tuple[str, ...] = DEFAULT_FIELDS
    format: ExportFormat = "csv"
    output: Path | None = None


def parse_fields(text: str) -> tuple[str, ...]:
    """``"key,summary, status"`` → ``("summary", "status")``: field ids, without key or repeats.

    ``key`` is dropped because it is always the first column and not a field Jira returns.
    """
    seen: dict[str, None] = {}
    for part in text.split(","):
        name = part.strip()
        if name and name != "key":
            seen.setdefault(name, None)
    return tuple(seen)


def register(commands: Subcommands, site: argparse.ArgumentParser) -> None:
    """Add ``jade search`` to ``commands``; ``site`` is the parent parser of the site arguments."""
    parser = add_command(
        commands,
        "search",
        _run,
        parents=[site, output_parent_parser()],
        help="write every issue matching a JQL query as CSV or JSON lines",
        description="Stream every issue matching --jql, in result order, as CSV (key, then the "
        "fields) or JSON lines. Progress (on a terminal) and a summary go to stderr. Exit codes: "
        "0 ok, 1 other (bad JQL too), 2 authentication, 3 permission, 4 network/TLS, "
        "5 protocol, 64 usage, 130 interrupted.",
    )
    query = parser.add_argument_group("query")
    query.add_argument("--jql", required=True, help="the JQL query")
    query.add_argument(
        "--fields",
        default="key,summary,status,assignee",
        help="comma-separated field ids; key is always the first column "
        "(default: key,summary,status,assignee)",
    )


def _run(args: argparse.Namespace) -> int:
    site = SiteArguments.from_namespace(args)
    request = SearchRequest(site, args.jql, parse_fields(args.fields), args.format, args.output)
    return asyncio.run(run_search(request))


async def run_search(
    request: SearchRequest,
    *,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    profiles: ProfileStore | None = None,
    secrets: SecretStore | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Export the issues ``request`` asks for; progress and errors on ``err``; the exit code."""
    started = clock()
    progress = TerminalProgress(err, clock, "issues")
    # Jira needs at least one field to return; "id" is the cheapest when only keys are wanted
    wanted = list(request.fields) or ["id"]
    written = skipped = 0
    changed: list[ChangedIssue] = []
    where = str(request.output) if request.output else "standard output"
    try:
        profile, secret = await resolve_site(
            request.site, profiles=profiles, secrets=secrets, transport=transport
        )
        async with JiraClient(site_config(profile, secret), transport=transport) as client:
            # Data Center tells the total with the first page
            search = IssueSearch(client, on_total=progress.start)
            if progress.live and await client.flavour() is Flavour.CLOUD:
                # one extra request, worth it only for someone watching the count go up
                progress.start(*await search.count(request.jql))
            with destination(request.output, out) as stream:
                written = await _export(search, request, wanted, stream, progress)
            skipped = len(search.skipped)
            changed = list(search.changed)
    except UnorderableSearchError as error:
        progress.clear()
        print(f"{_COMMAND}: {error}", file=err)
        print(f"Run it ordered by key: --jql {shlex.quote(error.key_order_jql)}", file=err)
        return EXIT_OTHER
    except SITE_ERRORS as error:
        progress.clear()
        return report_failure(_COMMAND, error, err)
    except OSError as error:  # the output: no such folder, no permission, disk full, closed pipe
        progress.clear()
        if isinstance(error, BrokenPipeError) and out is sys.stdout:
            # the reader left (`| head`): point stdout at devnull so the flush at exit is quiet
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        print(f"{_COMMAND}: cannot write {where}: {error.strerror or error}", file=err)
        return EXIT_OTHER
    progress.clear()
    for issue in changed[:_CHANGES_LISTED]:
        print(f"{_COMMAND}: {issue.message}", file=err)
    lost = f"; {skipped:,} skipped (deleted or hidden while loading)" if skipped else ""
    if changed:
        lost += f"; {describe_changes(changed)}"
    seconds = clock() - started
    print(f"{_COMMAND}: {written:,} issues written to {where} in {seconds:.1f} s{lost}", file=err)
    # an issue missing or out of its place: the output is not the query's result in its order
    if any(c.change in (Change.MISSED, Change.MOVED) for c in changed):
        print(f"{_COMMAND}: the output is incomplete; run the search again", file=err)
        return EXIT_OTHER
    return EXIT_OK


async def _export(
    search: IssueSearch,
    request: SearchRequest,
    wanted: list[str],
    stream: TextIO,
    progress: TerminalProgress,
) -> int:
    csv_writer: CsvIssueWriter | None = None
    if request.format == "csv":
        csv_writer = CsvIssueWriter(stream, request.fields)
    written, header = 0, False
    # aclosing: an error while writing cancels every request the loader still has running
    async with contextlib.aclosing(search.load(request.jql, wanted)) as batches:
        async for batch in batches:
            if csv_writer is not None:
                # the header waits for the first answer: a refused query leaves stdout empty
                if not header:
                    csv_writer.write_header()
                    header = True
                written += csv_writer.write_rows(batch)
            else:
                written += write_json_lines(batch, request.fields, stream)
            progress.update(written)
    if csv_writer is not None and not header:
        csv_writer.write_header()  # no issues: still a valid CSV with its header
    return written
