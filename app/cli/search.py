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
from typing import TYPE_CHECKING, Any, TextIO

from app.api.dialect import IssueSearching, dialect_for
from app.api.jql_reference import JqlReference
from app.api.search_windows import UnorderableSearchError
from app.cli.command_line import Subcommands, add_command
from app.cli.exit_codes import (
    EXIT_CODES_TEXT,
    EXIT_OK,
    EXIT_OTHER,
    EXIT_USAGE,
    report_failure,
)
from app.cli.export_fields import ExportFields, choose_fields, needs_field_list, parse_fields
from app.cli.output import (
    ExportFormat,
    OutputPathError,
    TerminalProgress,
    destination,
    output_parent_parser,
)
from app.cli.site_args import SITE_ERRORS, SiteArguments, SiteConnection, connect_site
from app.domain.issue_export import CsvIssueWriter, write_json_lines
from app.domain.search_windows import Change, ChangedIssue, describe_changes
from app.domain.site import Flavour

if TYPE_CHECKING:
    import httpx

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
    verbose: bool = False  # print a long error from Jira whole


def register(commands: Subcommands, site: argparse.ArgumentParser) -> None:
    """Add ``jade search`` to ``commands``; ``site`` is the parent parser of the site arguments."""
    parser = add_command(
        commands,
        "search",
        _run,
        parents=[site, output_parent_parser()],
        help="write every issue matching a JQL query as CSV or JSON lines",
        description="Stream every issue matching --jql, in result order, as CSV (key, then the "
        "fields) or JSON lines. Progress (on a terminal) and a summary go to stderr. "
        f"{EXIT_CODES_TEXT} A JQL error is 1.",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="print a long error from Jira whole (by default its first lines and a count)",
    )
    query = parser.add_argument_group("query")
    query.add_argument("--jql", required=True, help="the JQL query")
    query.add_argument(
        "--fields",
        default="key,summary,status,assignee",
        help='comma-separated field ids or names as Jira shows them ("Story Points", any '
        "case; the CSV header shows the name); key is always the first column; an unknown "
        "field is an error that names the closest ones (default: key,summary,status,assignee)",
    )


def _run(args: argparse.Namespace) -> int:
    site = SiteArguments.from_namespace(args)
    request = SearchRequest(
        site, args.jql, parse_fields(args.fields), args.format, args.output, args.verbose
    )
    return asyncio.run(run_search(request))


async def run_search(
    request: SearchRequest,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    profiles: ProfileStore | None = None,
    secrets: SecretStore | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Export the issues ``request`` asks for; progress and errors on ``err``; the exit code.

    ``out`` and ``err`` default to the process's standard output and error at the time of call.
    """
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    started = clock()
    progress = TerminalProgress(err, clock, "issues")
    written = skipped = 0
    changed: list[ChangedIssue] = []
    where = str(request.output) if request.output else "standard output"
    try:
        # the output first: a file that cannot be written is known before anything is fetched
        with destination(request.output, out) as stream:
            connection = await connect_site(
                request.site, profiles=profiles, secrets=secrets, transport=transport
            )
            async with connection:
                fields = await _site_and_fields(connection, request.fields)
                # Data Center tells the total with the first page
                server = await connection.client.server_info()
                dialect = dialect_for(connection.client, server.flavour)
                search = dialect.search(on_total=progress.start)
                if progress.live and server.flavour is Flavour.CLOUD:
                    # one extra request, worth it only for someone watching the count go up
                    progress.start(*await search.count(request.jql))
                written = await _export(search, request, fields, stream, progress)
                skipped = len(search.skipped)
                changed = list(search.changed)
    except OutputPathError as error:
        # the command line named a file that cannot be written: a usage error, like a bad option
        print(f"{_COMMAND}: --output: {error}", file=err)
        return EXIT_USAGE
    except UnorderableSearchError as error:
        progress.clear()
        print(f"{_COMMAND}: {error}", file=err)
        print(f"Run it ordered by key: --jql {shlex.quote(error.key_order_jql)}", file=err)
        return EXIT_OTHER
    except SITE_ERRORS as error:
        progress.clear()
        return report_failure(_COMMAND, error, err, verbose=request.verbose)
    except OSError as error:  # writing the output: disk full, closed pipe, renamed away
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


async def _site_and_fields(connection: SiteConnection, requested: tuple[str, ...]) -> ExportFields:
    """Which Jira the site is, and ``requested`` checked against its fields, both at once.

    serverInfo (signed in) says how to search; nothing else is asked before the search (the
    connection test's myself and mypermissions are not). The field list is fetched beside it
    when ``requested`` names more than the fields every Jira has.
    """
    if not needs_field_list(requested):
        await connection.profile()
        return ExportFields(requested)
    listing = asyncio.ensure_future(JqlReference(connection.client).fields())
    try:
        await connection.profile()
        flavour = await connection.client.flavour()
    except BaseException:
        await _abandon(listing)
        raise
    if flavour is Flavour.LEGACY:
        # 4.x has no /field, and its search answers its own set of fields whatever is asked
        await _abandon(listing)
        return ExportFields(requested)
    return choose_fields(requested, await listing)


async def _abandon(task: asyncio.Future[Any]) -> None:
    """Stop ``task``, whose outcome no longer decides anything (the command failed already)."""
    task.cancel()
    await asyncio.wait([task])
    if not task.cancelled():
        task.exception()  # looked at, so asyncio does not log it as never retrieved


async def _export(
    search: IssueSearching,
    request: SearchRequest,
    fields: ExportFields,
    stream: TextIO,
    progress: TerminalProgress,
) -> int:
    # Jira needs at least one field to return; "id" is the cheapest when only keys are wanted
    wanted = list(fields.ids) or ["id"]
    csv_writer: CsvIssueWriter | None = None
    if request.format == "csv":
        csv_writer = CsvIssueWriter(stream, fields.ids, header_names=fields.header_names)
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
                written += write_json_lines(batch, fields.ids, stream)
            progress.update(written)
    if csv_writer is not None and not header:
        csv_writer.write_header()  # no issues: still a valid CSV with its header
    return written
