"""Cross-pane navigation: a pane asks the shell to show another pane at a target."""

from __future__ import annotations

from collections.abc import Sequence

import qasync
from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.sandbox import Flavour as SandboxFlavour
from app.session import SiteSession
from app.ui.issues.controller import IssuesController
from app.ui.kit.navigation import PERMISSIONS_PANE, PermissionSchemeTarget
from app.ui.kit.pane import PaneAction, PaneContext
from app.ui.projects.controller import ProjectsController
from tests.ui.harness import Harness, make_site


class TargetRecorder(QObject):
    """A pane with the Permissions pane's id that records the targets it is opened at."""

    id = PERMISSIONS_PANE
    title = "Permissions"
    icon = "permissions"
    summary = "Records what it is asked to show."

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("nothing yet", parent)
        self.targets: list[object] = []
        self.session: SiteSession | None = None

    @property
    def widget(self) -> QWidget:
        return self.label

    @property
    def actions(self) -> Sequence[PaneAction]:
        return ()

    def show_session(self, session: SiteSession | None) -> None:
        self.session = session

    def reload(self) -> None:
        return None

    def focus_filter(self) -> None:
        return None

    def unsaved_changes(self) -> str | None:
        return None

    def open_target(self, target: object) -> bool:
        self.targets.append(target)
        return isinstance(target, PermissionSchemeTarget)


def _harness(
    qtbot: QtBot, settings: QSettings, *, with_permissions: bool
) -> tuple[Harness, TargetRecorder | None]:
    panes = (ProjectsController, IssuesController) + ((TargetRecorder,) if with_permissions else ())
    harness = Harness(qtbot, settings, panes=panes)
    harness.window.resize(1280, 780)
    harness.window.show()
    recorder = harness.shell.panes.get(PERMISSIONS_PANE) if with_permissions else None
    assert recorder is None or isinstance(recorder, TargetRecorder)
    return harness, recorder


def test_the_schemes_tab_opens_the_projects_scheme_in_the_permissions_pane(
    qtbot: QtBot, qloop: qasync.QEventLoop, settings: QSettings
) -> None:
    harness, recorder = _harness(qtbot, settings, with_permissions=True)
    assert recorder is not None
    try:
        harness.connect(make_site(SandboxFlavour.CLOUD))
        key = sorted(p.key for p in harness.projects.pane.projects)[0]
        harness.select_project(key)
        detail = harness.projects.pane.detail
        detail.tabs.setCurrentWidget(detail.schemes_tab)
        assert detail.open_scheme.isVisible() and detail.open_scheme.isEnabled()
        scheme = detail.schemes_tab.scheme
        assert scheme is not None
        qtbot.mouseClick(detail.open_scheme, Qt.MouseButton.LeftButton)
        assert harness.window.current_pane() == PERMISSIONS_PANE
        assert harness.window.stack.currentWidget() is recorder.label
        assert recorder.targets == [PermissionSchemeTarget(scheme, key)]
    finally:
        harness.close()


def test_without_a_site_nothing_opens(
    qtbot: QtBot, qloop: qasync.QEventLoop, settings: QSettings
) -> None:
    harness, recorder = _harness(qtbot, settings, with_permissions=True)
    assert recorder is not None
    try:
        assert harness.projects.context.can_open(PERMISSIONS_PANE)
        assert not harness.projects.context.open(PERMISSIONS_PANE, "anything")
        assert harness.window.current_pane() == "projects" and recorder.targets == []
        assert not harness.projects.context.can_open("nowhere")
    finally:
        harness.close()


def test_without_a_permissions_pane_the_tab_only_names_the_scheme(
    qtbot: QtBot, qloop: qasync.QEventLoop, settings: QSettings
) -> None:
    harness, _ = _harness(qtbot, settings, with_permissions=False)
    try:
        harness.connect(make_site(SandboxFlavour.DATACENTER))
        harness.select_project(sorted(p.key for p in harness.projects.pane.projects)[0])
        detail = harness.projects.pane.detail
        detail.tabs.setCurrentWidget(detail.schemes_tab)
        assert detail.scheme_label.text().startswith("Permission scheme: ")
        assert not detail.open_scheme.isVisible()
        assert not harness.projects.context.open(PERMISSIONS_PANE, None)
    finally:
        harness.close()
