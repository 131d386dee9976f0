"""Export the Issues pane's rows as CSV: ask where (without a nested event loop), then write
off the UI thread, whole or not at all."""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.domain.issue import IssueRow
from app.domain.issue_export import CsvIssueWriter
from app.qtmodels.issue_results import ResultColumn
from app.ui.kit.tasks import Level, TaskRunner

__all__ = ["export_rows", "write_csv_file"]


def write_csv_file(path: Path, rows: Sequence[IssueRow], columns: Sequence[ResultColumn]) -> int:
    """Write ``rows`` to ``path`` as CSV; a failure leaves ``path`` as it was. Rows written."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            writer = CsvIssueWriter(
                stream,
                [c.field for c in columns],
                header_names={c.field: c.title for c in columns},
            )
            writer.write_header()
            written = writer.write_rows(rows)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return written


def export_rows(
    parent: QWidget,
    tasks: TaskRunner,
    rows: list[IssueRow],
    columns: list[ResultColumn],
) -> QFileDialog:
    """Ask for a file name, then write the CSV as a task of ``tasks``."""
    dialog = QFileDialog(parent, "Export CSV", "issues.csv", "CSV files (*.csv)")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("csv")

    async def write(path: Path) -> None:
        try:
            written = await asyncio.to_thread(write_csv_file, path, rows, columns)
        except OSError as error:
            tasks.notify(Level.ERROR, "Export failed", f"{path}: {error.strerror or error}")
            return
        tasks.notify(Level.INFO, "Exported", f"{written:,} issues to {path}")

    def chosen(name: str) -> None:
        if name:
            tasks.spawn(f"Exporting {len(rows):,} issues", write(Path(name)))

    dialog.fileSelected.connect(chosen)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
