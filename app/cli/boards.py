"""``jade boards``, ``jade sprints`` and ``jade board``: a site's agile boards, a board's sprints,
and the issues on a board (or in one of its sprints) in board order, as CSV or JSON lines.

The site arguments, ``--format``/``--output`` and the exit codes are every command's (``site_args``,
``output``, ``exit_codes``); whichever agile API the site has answers (``board_source_for``).
A site without one is a protocol failure (5: not the API expected); a board or sprint the site
does not have, or a board with no active sprint, is 1, like Jira's own refusals.

``jade boards`` writes id, name, type, project (key) and api; ``jade sprints`` id, name, state,
startDate, endDate, completeDate (ISO 8601) and goal; ``jade board`` one line per issue in board
order: key, summary, status, column (none when no column holds its status), sprint (the id of
its active or future sprint; none in the backlog) and rank (its 1-based place in the output).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.api.board_sources import board_source_for
from app.api.boards import BoardSource
from app.cli.command_line import Subcommands, add_command
from app.cli.exit_codes import (
    EXIT_CODES_TEXT,
    EXIT_OK,
    EXIT_OTHER,
    EXIT_PROTOCOL,
    EXIT_USAGE,
    report_failure,
)
from app.cli.output import (
    ExportFormat,
    OutputPathError,
    TerminalProgress,
    destination,
    output_parent_parser,
)
from app.cli.site_args import SITE_ERRORS, SiteArguments, connect_site
from app.domain.board import Board, Sprint, SprintState

if TYPE_CHECKING:
    import httpx

    from app.store.keychain import SecretStore
    from app.store.profiles import ProfileStore

__all__ = [
    "BOARD_FIELDS",
    "CARD_FIELDS",
    "SPRINT_FIELDS",
    "BoardsRequest",
    "register_board",
    "register_boards",
    "register_sprints",
    "run_board",
    "run_boards",
    "run_sprints",
]

BOARD_FIELDS = ("id", "name", "type", "project", "api")
SPRINT_FIELDS = ("id", "name", "state", "startDate", "endDate", "completeDate", "goal")
CARD_FIELDS = ("key", "summary", "status", "column", "sprint", "rank")
ACTIVE = "active"  # --sprint active: the board's active sprint
NO_AGILE = (
    "The site answers no agile API (Jira Software's agile REST 1.0 or GreenHopper): it has no "
    "boards."
)
Row = dict[str, Any]


class BoardsRefusal(Exception):
    """What was asked for is not there (a board, a sprint, an active sprint): the text says."""


class NoAgileApiError(Exception):
    """The site has no agile API."""


@dataclass(frozen=True, slots=True)
class BoardsRequest:
    """What one of the three commands was asked: the site, what to list and where to write."""

    site: SiteArguments
    format: ExportFormat = "csv"
    output: Path | None = None
    project: str | None = None  # jade boards --project
    board: int | None = None  # jade sprints / jade board --board
    state: SprintState | None = None  # jade sprints --state
    sprint: str | None = None  # jade board --sprint: an id or "active"


# ----- the parsers ---------------------------------------------------------------------------------


def _board_id(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a board id is a number, not {value!r}") from None


def _sprint_ref(value: str) -> str:
    if value != ACTIVE and not value.isdigit():
        raise argparse.ArgumentTypeError(f"give a sprint id or 'active', not {value!r}")
    return value


def register_boards(commands: Subcommands, site: argparse.ArgumentParser) -> None:
    """Add ``jade boards``; ``site`` is the parent parser of the site arguments."""
    parser = add_command(
        commands,
        "boards",
        _run_boards,
        parents=[site, output_parent_parser()],
        help="list the agile boards as CSV or JSON lines",
        description="List the agile boards the user may see: id, name, type (scrum or kanban), "
        f"project (key) and api (agile or greenhopper). {EXIT_CODES_TEXT} A site without an "
        "agile API is 5.",
    )
    parser.add_argument("--project", metavar="KEY", help="only the boards of this project")


def register_sprints(commands: Subcommands, site: argparse.ArgumentParser) -> None:
    """Add ``jade sprints``; ``site`` is the parent parser of the site arguments."""
    parser = add_command(
        commands,
        "sprints",
        _run_sprints,
        parents=[site, output_parent_parser()],
        help="list a board's sprints as CSV or JSON lines",
        description="List a board's sprints in Jira's order: id, name, state, startDate, "
        f"endDate, completeDate (ISO 8601) and goal. {EXIT_CODES_TEXT} A board the site does not "
        "have (or a kanban board, which has no sprints) is 1.",
    )
    parser.add_argument("--board", metavar="ID", type=_board_id, required=True, help="the board")
    parser.add_argument(
        "--state", choices=[s.value for s in SprintState], help="only the sprints in this state"
    )


def register_board(commands: Subcommands, site: argparse.ArgumentParser) -> None:
    """Add ``jade board``; ``site`` is the parent parser of the site arguments."""
    parser = add_command(
        commands,
        "board",
        _run_board,
        parents=[site, output_parent_parser()],
        help="write the issues on a board, in board order, as CSV or JSON lines",
        description="Write one line per issue on a board (or in one of its sprints), in board "
        "(rank) order: key, summary, status, column, sprint (its active or future sprint's id; "
        "none in the backlog) and rank (the 1-based place). Progress (on a terminal) and a "
        f"summary go to stderr. {EXIT_CODES_TEXT} A board or sprint the site does not have, or "
        "no active sprint, is 1.",
    )
    parser.add_argument("--board", metavar="ID", type=_board_id, required=True, help="the board")
    parser.add_argument(
        "--sprint",
        metavar="ID|active",
        type=_sprint_ref,
        help="only the issues of this sprint ('active': the board's active sprint)",
    )


def _request(args: argparse.Namespace, **extra: Any) -> BoardsRequest:
    return BoardsRequest(SiteArguments.from_namespace(args), args.format, args.output, **extra)


def _run_boards(args: argparse.Namespace) -> int:
    return asyncio.run(run_boards(_request(args, project=args.project)))


def _run_sprints(args: argparse.Namespace) -> int:
    state = SprintState(args.state) if args.state else None
    return asyncio.run(run_sprints(_request(args, board=args.board, state=state)))


def _run_board(args: argparse.Namespace) -> int:
    return asyncio.run(run_board(_request(args, board=args.board, sprint=args.sprint)))


# ----- the rows ------------------------------------------------------------------------------------


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _sprint_row(sprint: Sprint) -> Row:
    return {
        "id": sprint.id,
        "name": sprint.name,
        "state": sprint.state.value,
        "startDate": _when(sprint.start),
        "endDate": _when(sprint.end),
        "completeDate": _when(sprint.complete),
        "goal": sprint.goal,
    }


async def _find_board(source: BoardSource, board_id: int | None) -> Board:
    found = next((b for b in await source.boards() if b.id == board_id), None)
    if found is None:
        raise BoardsRefusal(f"There is no board {board_id}, or you may not see it.")
    return found


async def _board_rows(source: BoardSource, request: BoardsRequest) -> AsyncIterator[list[Row]]:
    boards = await source.boards(project=request.project)
    yield [
        {
            "id": b.id,
            "name": b.name,
            "type": b.type.value,
            "project": b.project_key,
            "api": b.api.value,
        }
        for b in boards
    ]


async def _sprint_rows(source: BoardSource, request: BoardsRequest) -> AsyncIterator[list[Row]]:
    board = await _find_board(source, request.board)
    states = [request.state] if request.state else []
    yield [_sprint_row(s) for s in await source.sprints(board, states)]


async def _chosen_sprint(source: BoardSource, board: Board, ref: str) -> Sprint:
    if ref == ACTIVE:
        active = await source.sprints(board, [SprintState.ACTIVE])
        if not active:
            raise BoardsRefusal(f"Board {board.id} has no active sprint.")
        return active[0]
    found = next((s for s in await source.sprints(board) if str(s.id) == ref), None)
    if found is None:
        raise BoardsRefusal(f"Board {board.id} has no sprint {ref}.")
    return found


async def _card_rows(source: BoardSource, request: BoardsRequest) -> AsyncIterator[list[Row]]:
    board = await _find_board(source, request.board)
    config = await source.configuration(board)
    sprint = await _chosen_sprint(source, board, request.sprint) if request.sprint else None
    place = 0
    async for cards in source.cards(board, config, sprint=sprint):
        rows = []
        for card in cards:
            place += 1
            column = config.column_of(card.status_id)
            rows.append(
                {
                    "key": card.key,
                    "summary": card.summary,
                    "status": card.status_name,
                    "column": column.name if column else None,
                    "sprint": card.sprint_id,
                    "rank": place,
                }
            )
        yield rows


# ----- writing -------------------------------------------------------------------------------------


class _RowWriter:
    """CSV (a header, then the rows; none as an empty cell) or one JSON object per line."""

    def __init__(self, stream: TextIO, fmt: ExportFormat, fields: tuple[str, ...]) -> None:
        self.stream = stream
        self.fields = fields
        self.written = 0
        self._csv = csv.writer(stream) if fmt == "csv" else None
        self._header = False

    def write(self, rows: list[Row]) -> None:
        """Write ``rows`` (the CSV header first, once)."""
        if self._csv is not None:
            self.header()
            self._csv.writerows([["" if r[f] is None else r[f] for f in self.fields] for r in rows])
        else:
            for row in rows:
                self.stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.written += len(rows)

    def header(self) -> None:
        """The CSV header, unless written already (JSON lines have none)."""
        if self._csv is not None and not self._header:
            self._csv.writerow(self.fields)
            self._header = True


Produce = Callable[[BoardSource, BoardsRequest], AsyncIterator[list[Row]]]


async def run_boards(request: BoardsRequest, **options: Any) -> int:
    """``jade boards``: the boards, one per line; the exit code."""
    return await _export("jade boards", "boards", BOARD_FIELDS, _board_rows, request, **options)


async def run_sprints(request: BoardsRequest, **options: Any) -> int:
    """``jade sprints``: a board's sprints, one per line; the exit code."""
    return await _export("jade sprints", "sprints", SPRINT_FIELDS, _sprint_rows, request, **options)


async def run_board(request: BoardsRequest, **options: Any) -> int:
    """``jade board``: the issues on a board in board order, one per line; the exit code."""
    return await _export("jade board", "issues", CARD_FIELDS, _card_rows, request, **options)


async def _export(
    command: str,
    noun: str,
    fields: tuple[str, ...],
    produce: Produce,
    request: BoardsRequest,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    profiles: ProfileStore | None = None,
    secrets: SecretStore | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Connect, find the site's agile API, write what ``produce`` yields; the exit code."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    started = clock()
    progress = TerminalProgress(err, clock, noun)
    where = str(request.output) if request.output else "standard output"
    try:
        # the output first: a file that cannot be written is known before anything is fetched
        with destination(request.output, out) as stream:
            connection = await connect_site(
                request.site, profiles=profiles, secrets=secrets, transport=transport
            )
            async with connection:
                await connection.profile()
                source = await board_source_for(connection.client)
                if source is None:
                    raise NoAgileApiError(NO_AGILE)
                writer = _RowWriter(stream, request.format, fields)
                async for rows in produce(source, request):
                    writer.write(rows)
                    progress.update(writer.written)
                writer.header()  # nothing found: still a CSV with its header
    except OutputPathError as error:
        print(f"{command}: --output: {error}", file=err)
        return EXIT_USAGE
    except NoAgileApiError as error:
        progress.clear()
        print(f"{command}: {error}", file=err)
        return EXIT_PROTOCOL
    except BoardsRefusal as error:
        progress.clear()
        print(f"{command}: {error}", file=err)
        return EXIT_OTHER
    except SITE_ERRORS as error:
        progress.clear()
        return report_failure(command, error, err)
    except OSError as error:  # writing the output: disk full, closed pipe, renamed away
        progress.clear()
        if isinstance(error, BrokenPipeError) and out is sys.stdout:
            # the reader left (`| head`): point stdout at devnull so the flush at exit is quiet
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        print(f"{command}: cannot write {where}: {error.strerror or error}", file=err)
        return EXIT_OTHER
    progress.clear()
    seconds = clock() - started
    print(f"{command}: {writer.written:,} {noun} written to {where} in {seconds:.1f} s", file=err)
    return EXIT_OK
