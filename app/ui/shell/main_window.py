"""Jade's main window: navigation rail, panes, site switcher, status bar and notifications.

The window holds layout and actions only; ``MainController`` (controller.py) drives it through
its methods and listens to its signals.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.ui.issues.pane import create_issues_pane
from app.ui.kit.resources import icon
from app.ui.kit.text import plain_label, plain_tooltip
from app.ui.projects.pane import ProjectsPane
from app.ui.shell.activity import ActivityIndicator, ActivityTracker
from app.ui.shell.command_palette import CommandPalette
from app.ui.shell.navigation import PANES, NavigationRail
from app.ui.shell.notifications import Level, NotificationArea
from app.ui.shell.planned import PlannedPane

__all__ = ["MainWindow"]


class MainWindow(QMainWindow):
    """The one window of Jade."""

    site_selected = Signal(str)  # profile id
    reload_requested = Signal()
    connections_requested = Signal()
    pane_changed = Signal(str)  # pane id

    def __init__(self, settings: QSettings, tracker: ActivityTracker | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.setWindowTitle("Jade")
        self.setWindowIcon(icon("jade"))
        self.setObjectName("mainWindow")
        self.tracker = tracker or ActivityTracker(self)

        self.rail = NavigationRail(self)
        self.stack = QStackedWidget(self)
        self.projects = ProjectsPane(self)
        self.issues = create_issues_pane(self)
        self.panes: dict[str, QWidget] = {"projects": self.projects, "issues": self.issues}
        for spec in PANES:
            pane = self.panes.get(spec.id) or PlannedPane(spec, self)
            self.panes[spec.id] = pane
            self.stack.addWidget(pane)
        self.rail.currentRowChanged.connect(self._pane_row_changed)
        self.notifications = NotificationArea(self)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.stack, 1)
        right.addWidget(self.notifications)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.rail)
        row.addLayout(right, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_toolbar()
        self._build_status_bar()
        self.restore_state()

    # ----- construction ----------------------------------------------------------------------
    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: object,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.reload_action = self._action(
            "&Reload",
            "F5",
            self.reload_requested.emit,
            "Load the current pane again from the site",
        )
        self.find_action = self._action(
            "&Find", QKeySequence.StandardKey.Find, self._focus_find, "Filter the current pane"
        )
        self.connections_action = self._action(
            "&Connections…",
            QKeySequence.StandardKey.Preferences,
            self.connections_requested.emit,
            "Add, edit, test and remove Jira sites",
        )
        if self.connections_action.shortcut().isEmpty():  # no platform binding on Linux
            self.connections_action.setShortcut(QKeySequence("Ctrl+,"))
        self.palette_action = self._action(
            "Command &palette…", "Ctrl+K", self.open_command_palette, "Search every command by name"
        )
        self.close_action = self._action(
            "&Close window", QKeySequence.StandardKey.Close, self.close
        )
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self._quit)
        self.cancel_action = self._action(
            "Cancel running work", "Esc", self.tracker.cancel_all, "Cancel loads in progress"
        )
        self.pane_actions: list[QAction] = []
        for n, spec in enumerate(PANES, start=1):
            action = self._action(
                f"Go to {spec.label}",
                f"Ctrl+{n}",
                lambda _=False, s=spec.id: self.rail.select_pane(s),
                spec.summary,
            )
            self.pane_actions.append(action)
        self.next_site_action = self._action(
            "Next site",
            "Ctrl+Shift+]",
            lambda: self._step_site(1),
            "Switch to the next connected site",
        )
        self.previous_site_action = self._action(
            "Previous site",
            "Ctrl+Shift+[",
            lambda: self._step_site(-1),
            "Switch to the previous connected site",
        )

    def _build_toolbar(self) -> None:
        bar = QToolBar("Site", self)
        bar.setObjectName("siteToolbar")
        bar.setMovable(False)
        self.site_label = QLabel("Site:", bar)
        self.site_switcher = QComboBox(bar)
        self.site_switcher.setObjectName("siteSwitcher")
        self.site_switcher.setAccessibleName("Site")
        self.site_switcher.setMinimumContentsLength(24)
        self.site_switcher.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.site_switcher.activated.connect(self._site_activated)
        bar.addWidget(self.site_label)
        bar.addWidget(self.site_switcher)
        bar.addAction(self.connections_action)
        bar.addSeparator()
        bar.addAction(self.reload_action)
        bar.addAction(self.palette_action)
        self.addToolBar(bar)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.user_label = plain_label("Not connected", self)
        self.user_label.setObjectName("userLabel")
        self.flavour_label = plain_label("", self)
        self.flavour_label.setObjectName("flavourLabel")
        # a thin rule between the permanent status-bar fields
        self.flavour_label.setStyleSheet(
            "padding-right: 8px; border-right: 1px solid palette(mid);"
        )
        self.flavour_label.setVisible(False)
        self.activity = ActivityIndicator(self.tracker, self)
        status.addPermanentWidget(self.activity)
        status.addPermanentWidget(self.flavour_label)
        status.addPermanentWidget(self.user_label)

    # ----- what the controller calls -----------------------------------------------------------
    def set_sites(self, sites: list[tuple[str, str, str]], current: str | None) -> None:
        """Fill the site switcher with (profile id, label, tooltip) and select ``current``."""
        self.site_switcher.blockSignals(True)
        self.site_switcher.clear()
        for profile_id, label, tooltip in sites:
            self.site_switcher.addItem(label, profile_id)
            self.site_switcher.setItemData(
                self.site_switcher.count() - 1, plain_tooltip(tooltip), Qt.ItemDataRole.ToolTipRole
            )
        if current is not None:
            index = self.site_switcher.findData(current)
            self.site_switcher.setCurrentIndex(max(index, 0))
        self.site_switcher.blockSignals(False)
        has_sites = bool(sites)
        self.reload_action.setEnabled(has_sites)
        self.next_site_action.setEnabled(len(sites) > 1)
        self.previous_site_action.setEnabled(len(sites) > 1)

    def show_identity(self, user: str, flavour: str) -> None:
        """Show who is connected and to what (status bar)."""
        self.user_label.setText(user)
        self.flavour_label.setText(flavour)
        self.flavour_label.setVisible(bool(flavour))

    def notify(self, level: Level, title: str, message: str, details: str = "") -> None:
        """Show a non-modal notification."""
        self.notifications.notify(level, title, message, details)

    def current_pane(self) -> str:
        """The id of the pane shown."""
        return self.rail.current_pane()

    def show_pane(self, pane_id: str) -> None:
        """Switch to ``pane_id``."""
        self.rail.select_pane(pane_id)

    def open_command_palette(self) -> CommandPalette:
        """Show the command palette over the window."""
        palette = CommandPalette(self.actions(), self)
        palette.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        palette.open()
        return palette

    # ----- state --------------------------------------------------------------------------------
    def restore_state(self) -> None:
        """Restore geometry and toolbar state from the settings."""
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 760)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def save_state(self) -> None:
        """Remember geometry and toolbar state."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the window state, cancel running work, then close."""
        self.save_state()
        self.tracker.cancel_all()
        super().closeEvent(event)

    # ----- slots ---------------------------------------------------------------------------------
    def _pane_row_changed(self, row: int) -> None:
        if 0 <= row < len(PANES):
            self.stack.setCurrentWidget(self.panes[PANES[row].id])
            self.find_action.setEnabled(PANES[row].id in ("projects", "issues"))
            self.pane_changed.emit(PANES[row].id)

    def _focus_find(self) -> None:
        if self.current_pane() == "projects":
            self.projects.focus_filter()
        elif self.current_pane() == "issues":
            self.issues.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _site_activated(self, index: int) -> None:
        profile_id = self.site_switcher.itemData(index)
        if isinstance(profile_id, str):
            self.site_selected.emit(profile_id)

    def _step_site(self, step: int) -> None:
        count = self.site_switcher.count()
        if count < 2:
            return
        index = (self.site_switcher.currentIndex() + step) % count
        self.site_switcher.setCurrentIndex(index)
        self._site_activated(index)

    def _quit(self) -> None:
        self.close()
