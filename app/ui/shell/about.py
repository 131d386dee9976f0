"""Help → About: Jade's version, the Qt, PySide6 and Python it runs on, the log file, licences.

Versions and licences are read from the installed packages' metadata, so the dialog tells the
truth about the build the user runs.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.kit.text import plain_label
from app.version import jade_version

__all__ = ["BUNDLED", "AboutDialog", "component_licences"]

# the components a Jade installation carries (runtime dependencies and what they pull in)
BUNDLED = (
    "PySide6-Essentials",
    "shiboken6",
    "qasync",
    "httpx",
    "httpcore",
    "h11",
    "h2",
    "hpack",
    "hyperframe",
    "anyio",
    "idna",
    "certifi",
    "sniffio",
    "keyring",
    "jaraco.classes",
    "SecretStorage",
    "jeepney",
    "cryptography",
    "platformdirs",
    "msgspec",
    "starlette",
    "uvicorn",
    "click",
)


def _first(meta: metadata.PackageMetadata, key: str) -> str:
    values = meta.get_all(key) or []
    return str(values[0]) if values else ""


def _licence(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = _first(meta, "License-Expression")
    if expression:
        return expression
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and "OSI Approved" not in c.split("::")[-1]
    ]
    if classifiers:
        return ", ".join(dict.fromkeys(classifiers))
    text = _first(meta, "License").strip()
    # some packages put the whole licence text here: its first line names it
    return text.splitlines()[0][:80] if text else "see the package"


def component_licences(names: tuple[str, ...] = BUNDLED) -> list[tuple[str, str, str]]:
    """(name, version, licence) of every installed component in ``names``."""
    found = []
    for name in names:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found.append((name, dist.version, _licence(dist)))
    return found


class AboutDialog(QDialog):
    """What this Jade is and what it is built from."""

    def __init__(self, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Jade")
        self.resize(620, 520)
        title = plain_label(f"Jade {jade_version()}", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        summary = plain_label(
            "A desktop admin client for Jira: projects, JQL search, sprint boards, milestones "
            "and permission schemes.",
            self,
        )
        summary.setWordWrap(True)
        form = QFormLayout()
        self.versions = {
            "Qt": qVersion(),
            "PySide6": PySide6.__version__,
            "Python": f"{platform.python_version()} ({platform.python_implementation()})",
            "System": f"{platform.system()} {platform.release()} ({sys.platform})",
        }
        for name, value in self.versions.items():
            form.addRow(name, plain_label(value, self))
        self.log_label = plain_label(str(log_file) if log_file else "not written", self)
        self.log_label.setWordWrap(True)
        form.addRow("Log file", self.log_label)
        self.licences = QTableWidget(0, 3, self)
        self.licences.setHorizontalHeaderLabels(["Component", "Version", "Licence"])
        self.licences.verticalHeader().setVisible(False)
        self.licences.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.licences.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.licences.horizontalHeader().setStretchLastSection(True)
        rows = [
            ("Qt", qVersion(), "LGPL-3.0-only (The Qt Company)"),
            *component_licences(),
        ]
        for name, version, licence in rows:
            row = self.licences.rowCount()
            self.licences.insertRow(row)
            for column, text in enumerate((name, version, licence)):
                self.licences.setItem(row, column, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.open_log = QPushButton("Open log folder", self)
        self.open_log.setEnabled(log_file is not None)
        self.open_log.clicked.connect(lambda: self._open_folder(log_file))
        buttons.addButton(self.open_log, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(plain_label("Components and their licences:", self))
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        title.setAlignment(Qt.AlignmentFlag.AlignLeft)

    @staticmethod
    def _open_folder(log_file: Path | None) -> None:
        if log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file.parent)))
