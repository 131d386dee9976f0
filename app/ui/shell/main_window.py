"""Jade's main window: navigation rail, pane stack, menus, toolbar, status bar, notifications.

The window holds layout and actions only. It knows panes through the pane contract
(app/ui/kit/pane.py): the shell hands it the panes built from the registry, and the rail,
Ctrl+1…N, the menus and the command palette all come from their declarations. The shell
(shell.py) drives it through its methods and listens to its signals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.ui.kit.pane import MenuName, Pane, PaneAction, make_action
from app.ui.kit.resources import icon
from app.ui.kit.settings import WINDOW_GEOMETRY, WINDOW_STATE, Settings
from app.ui.kit.tasks import ActivityTracker, Level, NoticeAction
from app.ui.kit.text import action_text, plain_label, plain_tooltip
from app.ui.shell.activity import ActivityIndicator
from app.ui.shell.command_palette import CommandPalette, PaletteEntry
from app.ui.shell.navigation import NavigationRail
from app.ui.shell.notifications import NotificationArea

__all__ = ["MainWindow"]

APPEARANCES = (("system", "&System colours"), ("light", "&Light"), ("dark", "&Dark"))


class MainWindow(QMainWindow):
    """The one window of Jade."""

    site_selected = Signal(str)  # profile id
    reload_requested = Signal()
    connections_requested = Signal()
    about_requested = Signal()
    appearance_requested = Signal(str)  # system, light or dark
    pane_changed = Signal(str)  # pane id

    def __init__(self, settings: Settings, tracker: ActivityTracker | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.setWindowTitle("Jade")
        self.setWindowIcon(icon("jade"))
        self.setObjectName("mainWindow")
        self.tracker = tracker or ActivityTracker(self)
        self.panes: dict[str, Pane] = {}
        self._order: list[str] = []
        self.may_close = False  # set by the shell once unsaved changes were dealt with
        # the shell's check for unsaved changes, run instead of closing while may_close is False
        self.close_guard: Callable[[], None] | None = None

        self.rail = NavigationRail(self)
        self.rail.currentRowChanged.connect(self._pane_row_changed)
        self.stack = QStackedWidget(self)
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
        self._menus: dict[MenuName, QMenu] = {}
        self._build_menus()
        self.restore_state()

    # ----- construction ----------------------------------------------------------------------
    def _action(
        self,
        menu: MenuName,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
        icon_name: str | None = None,
    ) -> QAction:
        action = make_action(self, text, slot, shortcut=shortcut, tip=tip, icon=icon_name)
        self.addAction(action)
        self.shell_actions.append(PaneAction(action, menu))
        return action

    def _build_actions(self) -> None:
        self.shell_actions: list[PaneAction] = []
        self.pane_actions: list[QAction] = []
        file, edit, view, site, help_ = (
            MenuName.FILE,
            MenuName.EDIT,
            MenuName.VIEW,
            MenuName.SITE,
            MenuName.HELP,
        )
        self.close_action = self._action(
            file, "&Close window", self.close, QKeySequence.StandardKey.Close
        )
        self.quit_action = self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():  # no platform binding on some desktops
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.find_action = self._action(
            edit,
            "&Find",
            self._focus_find,
            QKeySequence.StandardKey.Find,
            "Filter or search the pane",
        )
        self.palette_action = self._action(
            edit,
            "Command &palette…",
            self.open_command_palette,
            "Ctrl+K",
            "Search every command by name",
            "palette",
        )
        self.reload_action = self._action(
            view,
            "&Reload",
            self.reload_requested.emit,
            QKeySequence.StandardKey.Refresh,
            "Load the current pane again from the site",
            "reload",
        )
        if self.reload_action.shortcut().isEmpty():
            self.reload_action.setShortcut(QKeySequence("F5"))
        self.cancel_action = self._action(
            view,
            "&Cancel running work",
            self.tracker.cancel_all,
            "Esc",
            "Stop every load and change in progress",
            "cancel",
        )
        self.connections_action = self._action(
            site,
            "&Connections…",
            self.connections_requested.emit,
            QKeySequence.StandardKey.Preferences,
            "Add, edit, test and remove sites",
            "connections",
        )
        if self.connections_action.shortcut().isEmpty():  # no platform binding on Linux
            self.connections_action.setShortcut(QKeySequence("Ctrl+,"))
        self.next_site_action = self._action(
            site, "&Next site", lambda: self._step_site(1), "Ctrl+Shift+]", "Show the next site"
        )
        self.previous_site_action = self._action(
            site,
            "&Previous site",
            lambda: self._step_site(-1),
            "Ctrl+Shift+[",
            "Show the previous site",
        )
        self.about_action = self._action(
            help_,
            "&About Jade",
            self.about_requested.emit,
            None,
            "Versions, log file, licences",
            "about",
        )
        self.appearance_group = QActionGroup(self)
        self.appearance_actions: dict[str, QAction] = {}
        for value, label in APPEARANCES:
            action = self._action(
                view,
                f"Colours: {label}",
                partial(self.appearance_requested.emit, value),
                None,
                "Follow the system's colours, or choose light or dark",
            )
            action.setCheckable(True)
            self.appearance_group.addAction(action)
            self.appearance_actions[value] = action

    def _build_toolbar(self) -> None:
        bar = QToolBar("Site", self)
        bar.setObjectName("siteToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.site_label = plain_label("Site:", bar)
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
        self.toolbar = bar

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

    def _build_menus(self) -> None:
        bar = self.menuBar()
        for name in MenuName:
            menu = bar.addMenu(name.value)
            menu.setObjectName(f"menu{name.name.title()}")
            menu.aboutToShow.connect(lambda m=menu, n=name: self._fill_menu(m, n))
            self._menus[name] = menu
            # filled once now, so the menus have content for platforms that read them early
            self._fill_menu(menu, name)

    def _fill_menu(self, menu: QMenu, name: MenuName) -> None:
        """Shell actions of ``name``, then the shown pane's actions that belong there."""
        menu.clear()
        pane = self.panes.get(self.current_pane())
        pane_actions = [a.action for a in pane.actions if a.menu is name] if pane else []
        if name is MenuName.GO:
            for action in self.pane_actions:
                menu.addAction(action)
        elif name is MenuName.SITE:
            self._fill_site_menu(menu)
        if pane_actions:
            if pane is not None:
                menu.addSection(action_text(pane.title))
            for action in pane_actions:
                menu.addAction(action)
            menu.addSeparator()
        shell = [a.action for a in self.shell_actions if a.menu is name]
        if name is MenuName.VIEW:
            appearance = [a for a in shell if a in self.appearance_actions.values()]
            shell = [a for a in shell if a not in appearance]
            for action in shell:
                menu.addAction(action)
            menu.addSeparator()
            for action in appearance:
                menu.addAction(action)
            return
        for action in shell:
            menu.addAction(action)

    def _fill_site_menu(self, menu: QMenu) -> None:
        current = self.site_switcher.currentIndex()
        for index in range(self.site_switcher.count()):
            action = menu.addAction(action_text(self.site_switcher.itemText(index)))
            action.setCheckable(True)
            action.setChecked(index == current)
            action.triggered.connect(lambda _=False, i=index: self._choose_site(i))
        if self.site_switcher.count():
            menu.addSeparator()

    # ----- panes -------------------------------------------------------------------------------
    def add_pane(self, pane: Pane) -> None:
        """Put ``pane`` in the stack, the rail, the Go menu (Ctrl+N) and the palette."""
        self.panes[pane.id] = pane
        self._order.append(pane.id)
        self.stack.addWidget(pane.widget)
        self.rail.add_pane(pane.id, pane.title, pane.icon, pane.summary)
        for pane_action in pane.actions:
            # shortcuts of a pane's actions work anywhere in the window while its widget shows;
            # they reach the user only where the pane shows (its shortcuts, the menus, which list
            # the shown pane's) or after the palette has shown it, so triggering one does not
            # switch panes: an action that opens another pane (Open in Issues) stays there
            pane.widget.addAction(pane_action.action)
        self._rebuild_go_actions()
        if len(self._order) == 1:
            self.rail.setCurrentRow(0)

    def _rebuild_go_actions(self) -> None:
        for action in self.pane_actions:
            self.removeAction(action)
        self.pane_actions = []
        for n, pane_id in enumerate(self._order, start=1):
            pane = self.panes[pane_id]
            action = make_action(
                self,
                f"Go to {pane.title}",
                partial(self.show_pane, pane_id),
                shortcut=f"Ctrl+{n}" if n <= 9 else None,
                tip=pane.summary,
                icon=pane.icon,
            )
            self.addAction(action)
            self.pane_actions.append(action)

    def palette_entries(self) -> list[PaletteEntry]:
        """Every command: the window's, then every pane's (shown first by its pane)."""
        entries = [PaletteEntry(a, "Go") for a in self.pane_actions]
        entries += [
            PaletteEntry(a.action, a.menu.value.replace("&", "")) for a in self.shell_actions
        ]
        for pane_id in self._order:
            pane = self.panes[pane_id]
            entries += [PaletteEntry(a.action, pane.title, pane_id) for a in pane.actions]
        return entries

    def current_pane(self) -> str:
        """The id of the pane shown."""
        return self.rail.current_pane() or (self._order[0] if self._order else "")

    def show_pane(self, pane_id: str) -> None:
        """Switch to ``pane_id`` (unknown ids are ignored)."""
        self.rail.select_pane(pane_id)

    def open_command_palette(self) -> CommandPalette:
        """Show the command palette over the window."""
        palette = CommandPalette(self.palette_entries(), self.show_pane, self)
        palette.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        palette.open()
        return palette

    # ----- what the shell calls ----------------------------------------------------------------
    def set_sites(self, sites: Sequence[tuple[str, str, str]], current: str | None) -> None:
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
        self.reload_action.setEnabled(bool(sites))
        self.next_site_action.setEnabled(len(sites) > 1)
        self.previous_site_action.setEnabled(len(sites) > 1)

    def show_identity(self, user: str, flavour: str) -> None:
        """Show who is connected and to what (status bar)."""
        self.user_label.setText(user)
        self.flavour_label.setText(flavour)
        self.flavour_label.setVisible(bool(flavour))

    def notify(
        self,
        level: Level,
        title: str,
        message: str,
        details: str = "",
        actions: Sequence[NoticeAction] = (),
    ) -> None:
        """Show a non-modal notification."""
        self.notifications.notify(level, title, message, details, actions)

    def set_appearance(self, value: str) -> None:
        """Check the appearance menu entry for ``value``."""
        action = self.appearance_actions.get(value)
        if action is not None:
            action.setChecked(True)

    # ----- state --------------------------------------------------------------------------------
    def restore_state(self) -> None:
        """Restore geometry and toolbar state from the settings."""
        geometry = self.settings.get(WINDOW_GEOMETRY)
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1180, 760)
        state = self.settings.get(WINDOW_STATE)
        if state:
            self.restoreState(QByteArray(state))

    def save_state(self) -> None:
        """Remember geometry and toolbar state."""
        self.settings.set(WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        self.settings.set(WINDOW_STATE, bytes(self.saveState().data()))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Let the shell check for unsaved changes first; then save the state and close."""
        if not self.may_close and self.close_guard is not None:
            event.ignore()
            self.close_guard()
            return
        self.save_state()
        self.tracker.cancel_tasks()
        super().closeEvent(event)

    # ----- slots ---------------------------------------------------------------------------------
    def _pane_row_changed(self, _row: int) -> None:
        pane_id = self.rail.current_pane()
        pane = self.panes.get(pane_id)
        if pane is None:
            return
        self.stack.setCurrentWidget(pane.widget)
        self.pane_changed.emit(pane_id)

    def _focus_find(self) -> None:
        pane = self.panes.get(self.current_pane())
        if pane is not None:
            pane.focus_filter()

    def _site_activated(self, index: int) -> None:
        profile_id = self.site_switcher.itemData(index)
        if isinstance(profile_id, str):
            self.site_selected.emit(profile_id)

    def _choose_site(self, index: int) -> None:
        self.site_switcher.setCurrentIndex(index)
        self._site_activated(index)

    def _step_site(self, step: int) -> None:
        count = self.site_switcher.count()
        if count < 2:
            return
        self._choose_site((self.site_switcher.currentIndex() + step) % count)
