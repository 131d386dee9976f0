"""``jade search``: every issue matching a JQL query, streamed as CSV or JSON lines.

The site is resolved as ``jade check`` resolves it (``--profile NAME``, or a URL with the secret
in ``JADE_TOKEN``) and the issues come from the fast loader (``IssueSearch.load``) in result
order, each batch written as it lands, so an export of any size needs one batch of memory.
Exit codes are ``jade check``'s: 2 authentication, 3 permission, 4 network/TLS, 5 protocol,
1 anything else (a JQL error among them, printed with Jira's words).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

import httpx

from app.api.platform import JiraClient
from app.api.search import IssueSearch
from app.cli.check import (
    EXIT_OK,
    EXIT_OTHER,
    RESOLUTION_ERRORS,
    CheckRequest,
    report_failure,
    resolve_profile,
)
from app.domain.issue_export import CsvIssueWriter, write_json_lines
from app.session import site_config
from app.store.keychain import SecretStore
from app.store.profiles import ProfileStore

__all__ = ["DEFAULT_FIELDS", "ExportFormat", "SearchRequest", "parse_fields", "run_search"]

ExportFormat = Literal["csv", "json"]
DEFAULT_FIELDS = ("summary", "status", "assignee")  # after key, which always comes first
PROGRESS_INTERVAL = 0.2  # seconds: at most ~5 progress updates a second
_COMMAND = "jade search"


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What ``jade search`` was asked: the site, the query, the columns and where to write."""

    site: CheckRequest
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


class _Progress:
    """``1,000 / 10,000 issues`` rewritten in place on a terminal, at most ~5 times a second."""

    def __init__(self, err: TextIO, clock: Callable[[], float]) -> None:
        self.err = err
        self.clock = clock
        # a log file or a pipe would collect every update: show progress on terminals only
        self.live = err.isatty()
        self.total: str = ""
        self._last = float("-inf")
        self._width = 0

    def start(self, total: int, exact: bool) -> None:
        """Remember the count the search announced (Cloud's is an estimate: ``~``)."""
        self.total = f"{'' if exact else '~'}{total:,}"

    def update(self, done: int) -> None:
        """Show ``done`` unless the last update was under ``PROGRESS_INTERVAL`` ago."""
        now = self.clock()
        if not self.live or now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        text = f"{done:,} / {self.total} issues" if self.total else f"{done:,} issues"
        self._width = max(self._width, len(text))
        self.err.write(f"\r{text.ljust(self._width)}")
        self.err.flush()

    def clear(self) -> None:
        """Blank the progress line so what follows starts on a clean line."""
        if self.live and self._width:
            self.err.write(f"\r{' ' * self._width}\r")
            self.err.flush()
            self._width = 0


@contextlib.contextmanager
def _destination(output: Path | None, out: TextIO) -> Iterator[TextIO]:
    """The stream to write to: ``out``, or ``output`` in place only once the export completed.

    The file is written as ``NAME.part`` and renamed at the end, so a failed or interrupted
    export never leaves a truncated file that looks complete (nor clobbers an older one).
    """
    if output is None:
        if isinstance(out, io.TextIOWrapper):
            # csv writes its own \r\n (Windows would make it \r\r\n); exports are UTF-8
            out.reconfigure(encoding="utf-8", newline="")
        yield out
        out.flush()
        return
    partial = output.with_name(output.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            yield stream
        partial.replace(output)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


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
    progress = _Progress(err, clock)
    # Jira needs at least one field to return; "id" is the cheapest when only keys are wanted
    wanted = list(request.fields) or ["id"]
    written = skipped = 0
    where = str(request.output) if request.output else "standard output"
    try:
        profile, secret = await resolve_profile(
            request.site, profiles=profiles, secrets=secrets, transport=transport
        )
        async with JiraClient(site_config(profile, secret), transport=transport) as client:
            search = IssueSearch(client)
            if progress.live:
                # one extra request, worth it only for someone watching the count go up
                progress.start(*await search.count(request.jql))
            with _destination(request.output, out) as stream:
                written = await _export(search, request, wanted, stream, progress)
            skipped = len(search.skipped)
    except RESOLUTION_ERRORS as error:
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
    lost = f"; {skipped:,} skipped (deleted or hidden while loading)" if skipped else ""
    seconds = clock() - started
    print(f"{_COMMAND}: {written:,} issues written to {where} in {seconds:.1f} s{lost}", file=err)
    return EXIT_OK


async def _export(
    search: IssueSearch,
    request: SearchRequest,
    wanted: list[str],
    stream: TextIO,
    progress: _Progress,
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
