"""Export the timeline: what is visible as PNG or SVG, every item as CSV.

The picture is drawn on the UI thread (Qt paints there) into memory; the file is written off
the UI thread, whole or not at all (a temporary file renamed into place).
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPoint, QSize
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QWidget

from app.domain.timeline_sources import csv_rows
from app.ui.kit.tasks import Level
from app.ui.timeline.host import TimelineHost

__all__ = ["TimelineExport", "picture_png", "picture_svg", "write_whole"]


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``; a failure leaves ``path`` as it was."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def picture_png(widget: QWidget) -> bytes:
    """``widget`` as it is on screen, as PNG bytes."""
    image = widget.grab().toImage()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 takes the format as str at run time (its stubs say bytes)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise OSError("the picture could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())


def picture_svg(widget: QWidget, title: str) -> bytes:
    """``widget`` drawn as SVG (its bars and text stay shapes and text)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(widget.width(), widget.height()))
    generator.setViewBox(widget.rect())
    generator.setTitle(title)
    painter = QPainter(generator)
    try:
        # the widget with its children (a view's own render() draws the scene alone)
        QWidget.render(widget, painter, QPoint(0, 0))
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def _csv_bytes(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode("utf-8")


class TimelineExport(QObject):
    """The pane's three exports."""

    def __init__(self, controller: TimelineHost, parent: QObject) -> None:
        super().__init__(parent)
        self.controller = controller
        self.dialog: QFileDialog | None = None

    def png(self) -> None:
        """The visible timeline as a PNG picture."""
        self._ask(
            "Export timeline as PNG", "timeline.png", "PNG pictures (*.png)", "png", self.png_bytes
        )

    def svg(self) -> None:
        """The visible timeline as an SVG drawing."""
        self._ask(
            "Export timeline as SVG", "timeline.svg", "SVG drawings (*.svg)", "svg", self.svg_bytes
        )

    def csv(self) -> None:
        """Every item (dated and buckets) as CSV."""
        self._ask(
            "Export timeline items as CSV",
            "timeline.csv",
            "CSV files (*.csv)",
            "csv",
            self.csv_bytes,
        )

    def png_bytes(self) -> bytes:
        """What the PNG export writes."""
        return picture_png(self.controller.pane.timeline_frame)

    def svg_bytes(self) -> bytes:
        """What the SVG export writes."""
        return picture_svg(self.controller.pane.timeline_frame, "Jade timeline")

    def csv_bytes(self) -> bytes:
        """What the CSV export writes."""
        controller = self.controller
        items = [*controller.scene.items_shown(), *controller.pane.buckets.buckets]
        return _csv_bytes(csv_rows(items, controller.today))

    def write(self, path: Path, make: Callable[[], bytes]) -> None:
        """Draw now, write off the UI thread."""
        data = make()
        tasks = self.controller.tasks

        async def write() -> None:
            try:
                await asyncio.to_thread(write_whole, path, data)
            except OSError as error:
                tasks.notify(Level.ERROR, "Export failed", f"{path}: {error.strerror or error}")
                return
            tasks.notify(Level.INFO, "Exported", f"The timeline to {path}")

        tasks.spawn(f"Exporting to {path.name}", write())

    def _ask(
        self, title: str, name: str, kinds: str, suffix: str, make: Callable[[], bytes]
    ) -> None:
        dialog = QFileDialog(self.controller.pane, title, name, kinds)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(suffix)
        self.dialog = dialog

        def chosen(path: str) -> None:
            if path:
                self.write(Path(path), make)

        dialog.fileSelected.connect(chosen)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
