"""What every exporting ``jade`` command shares: ``--format``/``--output``, a file written whole or
not at all, and progress on stderr only when stderr is a terminal.

``--output`` is checked before anything is fetched: ``destination`` creates the file (as
``NAME.part``) on entry, so a folder that does not exist or cannot be written to, or a path that
is a folder, fails at once with ``OutputPathError`` (a usage error: the command line named it).
"""

from __future__ import annotations

import argparse
import contextlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal, TextIO

__all__ = [
    "PROGRESS_INTERVAL",
    "ExportFormat",
    "OutputPathError",
    "TerminalProgress",
    "destination",
    "output_parent_parser",
]

ExportFormat = Literal["csv", "json"]
PROGRESS_INTERVAL = 0.2  # seconds: at most ~5 progress updates a second


def output_parent_parser() -> argparse.ArgumentParser:
    """The parent parser of exporting commands: ``--format csv|json`` and ``--output FILE``."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("output")
    group.add_argument(
        "--format",
        choices=["csv", "json"],
        default="csv",
        help="csv (default) or json (one JSON object per line)",
    )
    group.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE, whole or not at all (default: standard output)",
    )
    return parent


class TerminalProgress:
    """``1,000 / 10,000 issues`` rewritten in place on a terminal, at most ~5 times a second."""

    def __init__(self, err: TextIO, clock: Callable[[], float], noun: str) -> None:
        self.err = err
        self.clock = clock
        self.noun = noun
        # a log file or a pipe would collect every update: show progress on terminals only
        self.live = err.isatty()
        self.total: str = ""
        self._last = float("-inf")
        self._width = 0

    def start(self, total: int, exact: bool) -> None:
        """Remember the announced count (an estimate, such as Cloud's, shows as ``~``)."""
        self.total = f"{'' if exact else '~'}{total:,}"

    def update(self, done: int) -> None:
        """Show ``done`` unless the last update was under ``PROGRESS_INTERVAL`` ago."""
        now = self.clock()
        if not self.live or now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        text = f"{done:,} / {self.total} {self.noun}" if self.total else f"{done:,} {self.noun}"
        self._width = max(self._width, len(text))
        self.err.write(f"\r{text.ljust(self._width)}")
        self.err.flush()

    def clear(self) -> None:
        """Blank the progress line so what follows starts on a clean line."""
        if self.live and self._width:
            self.err.write(f"\r{' ' * self._width}\r")
            self.err.flush()
            self._width = 0


class OutputPathError(Exception):
    """``--output`` names a file that cannot be written (the message says why)."""


@contextlib.contextmanager
def destination(output: Path | None, out: TextIO) -> Iterator[TextIO]:
    """The stream to write to: ``out``, or ``output`` in place only once the export completed.

    The file is written as ``NAME.part`` and renamed at the end, so a failed or interrupted
    export never leaves a truncated file that looks complete (nor clobbers an older one). The
    ``.part`` is created on entry: OutputPathError there means nothing should be fetched.
    """
    if output is None:
        if isinstance(out, io.TextIOWrapper):
            # csv writes its own \r\n (Windows would make it \r\r\n); exports are UTF-8
            out.reconfigure(encoding="utf-8", newline="")
        yield out
        out.flush()
        return
    partial = output.with_name(output.name + ".part")
    stream = _create(output, partial)
    try:
        with stream:
            yield stream
        partial.replace(output)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def _create(output: Path, partial: Path) -> TextIO:
    """``partial`` opened for writing, or OutputPathError saying why ``output`` cannot be."""
    if output.is_dir():
        raise OutputPathError(f"{output} is a folder; name a file in it")
    folder = output.parent
    if not folder.is_dir():
        if folder.exists():
            raise OutputPathError(f"{folder} is not a folder")
        raise OutputPathError(f"the folder {folder} does not exist")
    try:
        return partial.open("w", encoding="utf-8", newline="")
    except OSError as error:
        raise OutputPathError(f"cannot write {output}: {error.strerror or error}") from error
