"""Render resources/icons/jade.svg into the icon files Windows and macOS want: jade.ico, jade.icns.

Usage: ``python packaging/icons.py OUTDIR`` (the build venv's Python: Qt renders the SVG).

Both containers hold PNG images, which Windows Vista+ and every macOS that runs Qt 6 read, so
no image library beyond Qt is needed and nothing binary is kept in the repository: the SVG is
the one source of the icon.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "jade.svg"

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# the ICNS element types that hold a PNG of the given size in pixels
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
              (b"ic09", 512), (b"ic10", 1024))  # fmt: skip


def render_png(size: int) -> bytes:
    """The SVG drawn at ``size`` x ``size`` pixels on a transparent background, as PNG bytes."""
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO file of PNG images keyed by size (ICONDIR, one ICONDIRENTRY each, the PNGs)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        # a size of 256 is written as 0 in the one-byte width and height fields
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """An ICNS file of PNG elements (each: type, length including its 8-byte header, PNG)."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(images[size])) + images[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main(argv: list[str]) -> int:
    """Write jade.ico and jade.icns into the folder named by the one argument."""
    if len(argv) != 1:
        print("usage: icons.py OUTDIR", file=sys.stderr)
        return 64
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a build machine has no display
    app = QGuiApplication([])  # noqa: F841 - QPainter and the SVG renderer need one
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    sizes = sorted({*ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    images = {size: render_png(size) for size in sizes}
    (out / "jade.ico").write_bytes(ico({s: images[s] for s in ICO_SIZES}))
    (out / "jade.icns").write_bytes(icns(images))
    print(f"icons written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
