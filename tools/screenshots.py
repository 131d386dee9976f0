"""Pictures of every pane and dialog, light and dark, at 1280x800 and 1920x1080, to look at.

    .venv/bin/python tools/screenshots.py [OUT_DIR] [--legacy]   (default tests/artifacts/screens)

``--legacy`` takes only the Jira 4.3 pictures.

Runs Jade's shell on an in-process sandbox (Cloud, then Data Center), drives it like a user
(selects a project, runs a search, opens an issue, opens each dialog) and saves PNGs.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import httpx
import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QWidget

from app.domain.permission import GrantCell
from app.domain.site import AuthKind, SiteKind
from app.domain.timeline import Zoom
from app.sandbox import Flavour, Sandbox, SandboxConfig
from app.sandbox.boards import open_sprint
from app.sandbox.milestones import API_KEYS, APP_TOKENS
from app.sandbox.routes import milestones_api, pm_app
from app.store.keychain import SecretStore
from app.store.profiles import Profile
from app.ui.boards.controller import BoardsController
from app.ui.boards.pane import BoardTab
from app.ui.issues.controller import IssuesController
from app.ui.permissions.controller import PermissionsController
from app.ui.permissions.pane import PermissionTab
from app.ui.projects.controller import ProjectsController
from app.ui.shell.appearance import apply_appearance
from app.ui.shell.demo import MemoryProfiles
from app.ui.shell.shell import Shell
from app.ui.timeline.controller import TimelineController

SIZES = ((1280, 800), (1920, 1080))


async def until(condition: Callable[[], object]) -> None:
    """Wait (on the loop) until ``condition`` holds, at most 30 s."""
    async with asyncio.timeout(30):
        while not condition():  # noqa: ASYNC110 - polling widgets: Qt has no event to await
            await asyncio.sleep(0.05)


async def settle(shell: Shell) -> None:
    """Let running work end and the window repaint."""
    await until(lambda: not any(r.tasks for r in shell.all_runners()))
    await asyncio.sleep(0.2)


def save(widget: QWidget, path: Path) -> None:
    """Save a picture of ``widget``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path))
    print(path)


async def shoot(out: Path, flavour: Flavour, only: str = "") -> None:
    """Every pane and dialog of one flavour."""
    site = Sandbox(SandboxConfig(flavour=flavour, seed=3, projects=24, issues=1500))
    profiles = MemoryProfiles()
    cloud = flavour is Flavour.CLOUD
    profile = profiles.add(
        Profile(
            "Sandbox Jira" if cloud else "Sandbox Jira DC",
            "https://sandbox.test",
            SiteKind.JIRA_CLOUD if cloud else SiteKind.JIRA_DATACENTER,
            AuthKind.CLOUD_TOKEN if cloud else AuthKind.PASSWORD,
            site.admin.login,
        )
    )
    secrets = SecretStore(session_only=True)
    secrets.set_blocking(profile.id, site.admin.secret)
    add_milestone_services(profiles, secrets)
    store = QSettings(str(out / "settings.ini"), QSettings.Format.IniFormat)
    shell = Shell(
        store, profiles, secrets, transport_for=lambda _p: httpx.ASGITransport(app=site.app)
    )
    window = shell.window
    projects = shell.pane("projects")
    issues = shell.pane("issues")
    if not isinstance(projects, ProjectsController) or not isinstance(issues, IssuesController):
        raise TypeError("the registry no longer holds the Projects and Issues panes")
    window.resize(*SIZES[0])
    window.show()
    shell.start()
    await until(lambda: projects.pane.model.rowCount() > 0)
    await settle(shell)
    name = flavour.value
    for appearance in ("light", "dark"):
        apply_appearance(appearance)
        for width, height in SIZES:
            window.resize(width, height)
            tag = f"{name}-{appearance}-{width}x{height}"
            if only == "timeline":
                await timeline(shell, out / tag)
                continue
            window.show_pane("projects")
            projects.pane.table.clearSelection()
            projects.pane.splitter.show_detail(False)
            await settle(shell)
            save(window, out / f"{tag}-projects-list.png")
            first = sorted(p.key for p in projects.pane.projects)[0]
            projects.pane.select_project(first)
            await until(lambda: projects.pane.detail.detail is not None)
            await settle(shell)
            save(window, out / f"{tag}-projects-detail.png")
            window.show_pane("issues")
            await until(lambda: bool(issues.pane.fields))
            issues.pane.editor.set_query("project is not EMPTY ORDER BY updated DESC")
            issues.pane.editor.run()
            await settle(shell)
            save(window, out / f"{tag}-issues-list.png")
            issues.pane.table.selectRow(0)
            await until(lambda: issues.pane.detail.issue is not None)
            await settle(shell)
            save(window, out / f"{tag}-issues-detail.png")
            await boards(shell, site, out / tag)
            await timeline(shell, out / tag)
            await permissions(shell, out / tag)
        if only:
            continue
        await dialogs(shell, projects, issues, out / f"{name}-{appearance}-dialog")
        await board_dialogs(shell, site, out / f"{name}-{appearance}-dialog")
        await permission_dialogs(shell, out / f"{name}-{appearance}-dialog")
    apply_appearance("system")
    window.may_close = True
    window.close()
    await shell.aclose()
    secrets.close()


async def permissions(shell: Shell, prefix: Path) -> None:
    """The Permissions pane: the grant matrix, two staged changes, a comparison of two schemes
    and a "who can" answer."""
    pane = shell.pane("permissions")
    if not isinstance(pane, PermissionsController):
        raise TypeError("the registry no longer holds the Permissions pane")
    shell.window.show_pane("permissions")
    await until(lambda: bool(pane.rows))
    await settle(shell)
    view = pane.pane
    busiest = max(pane.rows, key=lambda r: len(r.scheme.grants))
    view.select_scheme(busiest.scheme.id)
    await until(lambda: pane.shown_scheme_id() == busiest.scheme.id)
    view.tabs.setCurrentIndex(PermissionTab.GRANTS)
    await settle(shell)
    save(shell.window, Path(f"{prefix}-permissions-matrix.png"))
    model = view.matrix.model
    rows = [p for p in model.permissions if p.is_project]
    granted = sorted(busiest.scheme.cells(), key=lambda c: (c.permission, c.holder.sort_key()))
    if granted and model.holders:
        model.set_checked(granted[0], False)
        cell = next(
            (
                c
                for p in rows
                for h in model.holders
                if not model.is_checked(c := GrantCell(p.key, h))
            ),
            None,
        )
        if cell is not None:
            model.set_checked(cell, True)
        view.matrix.tree.scrollTo(
            model.index_of(granted[0]), QAbstractItemView.ScrollHint.PositionAtCenter
        )
    await settle(shell)
    save(shell.window, Path(f"{prefix}-permissions-staged.png"))
    model.discard()
    view.matrix.tree.scrollToTop()
    view.tabs.setCurrentIndex(PermissionTab.COMPARE)
    ranked = sorted(pane.rows, key=lambda r: -len(r.scheme.grants))
    if len(ranked) > 1:
        view.compare.choose(0, ("scheme", ranked[0].scheme.id))
        view.compare.choose(1, ("scheme", ranked[1].scheme.id))
        pane.questions.compare()
        await until(lambda: bool(view.compare.rows))
    await settle(shell)
    save(shell.window, Path(f"{prefix}-permissions-compare.png"))
    view.tabs.setCurrentIndex(PermissionTab.WHO)
    who = view.who
    who.mode.setCurrentIndex(0)
    who.permission.setCurrentIndex(max(who.permission.findData("EDIT_ISSUES"), 0))
    pane.questions.ask()
    await until(lambda: who.last is not None)
    await settle(shell)
    save(shell.window, Path(f"{prefix}-permissions-who-can.png"))
    view.tabs.setCurrentIndex(PermissionTab.GRANTS)


async def permission_dialogs(shell: Shell, prefix: Path) -> None:
    """The Permissions pane's dialogs: assign (with each project's gains and losses), copy,
    add a holder column."""
    pane = shell.pane("permissions")
    if not isinstance(pane, PermissionsController):
        raise TypeError("the registry no longer holds the Permissions pane")
    shell.window.show_pane("permissions")
    row = pane.pane.current_row()
    others = [k for k, s in sorted(pane.scheme_of_projects().items()) if row and s != row.scheme.id]
    opened: list[tuple[str, Callable[[], QDialog | None]]] = [
        ("permissions-assign", lambda: pane.edits.assign(tuple(others[:3]))),
        ("permissions-copy", pane.edits.copy),
        ("permissions-add-holder", pane.add_holder),
    ]
    for label, open_dialog in opened:
        dialog = open_dialog()
        if dialog is None:
            continue
        await asyncio.sleep(0.3)
        save(dialog, Path(f"{prefix}-{label}.png"))
        dialog.reject()
        await settle(shell)


def add_milestone_services(profiles: MemoryProfiles, secrets: SecretStore) -> None:
    """Profiles of the sandbox's two milestone services (the Timeline reads them)."""
    email, token = next(iter(APP_TOKENS.items()))
    app = profiles.add(
        Profile(
            "Sandbox milestones app",
            f"https://sandbox.test{pm_app.ENDPOINT}",
            SiteKind.PROJECT_MILESTONES,
            AuthKind.APP_TOKEN,
            email,
        )
    )
    api = profiles.add(
        Profile(
            "Sandbox Milestones API",
            f"https://sandbox.test{milestones_api.BASE}",
            SiteKind.MILESTONES_API,
            AuthKind.API_KEY,
        )
    )
    secrets.set_blocking(app.id, token)
    secrets.set_blocking(api.id, next(iter(API_KEYS)))


async def timeline(shell: Shell, prefix: Path) -> None:
    """The Timeline with all four sources, at two zoom levels."""
    pane = shell.pane("timeline")
    if not isinstance(pane, TimelineController):
        raise TypeError("the registry no longer holds the Timeline pane")
    shell.window.show_pane("timeline")
    await until(lambda: pane.shown is not None and bool(pane.scene.bars))
    await settle(shell)
    pane.fit()
    await settle(shell)
    save(shell.window, Path(f"{prefix}-timeline-fit.png"))
    pane.zoom_to(Zoom.WEEK)
    pane.go_to_today()
    await settle(shell)
    save(shell.window, Path(f"{prefix}-timeline-weeks.png"))
    # what File → Export writes, to look at too
    for suffix, data in (("png", pane.export.png_bytes()), ("svg", pane.export.svg_bytes())):
        target = Path(f"{prefix}-timeline-export.{suffix}")
        await asyncio.to_thread(target.write_bytes, data)
        print(target)


def busiest_scrum_board(site: Sandbox) -> str:
    """The name of the scrum board whose active sprint holds the most issues."""
    store = site.store
    counts: dict[int, int] = {}
    for issue in store.issues.values():
        sprint = open_sprint(store, issue)
        if sprint is not None and sprint.state == "active":
            counts[sprint.board_id] = counts.get(sprint.board_id, 0) + 1
    return store.boards[max(counts, key=lambda b: counts[b])].name


async def show_board(shell: Shell, pane: BoardsController, name: str) -> None:
    """Choose board ``name`` and wait for its cards."""
    board = next(b for b in pane.pane.boards if b.name == name)
    pane.pane.select_board(board.id)
    await until(lambda: pane.shown is not None and pane.shown.board.id == board.id)
    await until(lambda: pane.shown is not None and pane.shown.config is not None)
    await settle(shell)


async def boards(shell: Shell, site: Sandbox, prefix: Path) -> None:
    """The Boards pane: a scrum board, its backlog (sprints above it), a kanban board over a
    WIP limit."""
    pane = shell.pane("boards")
    if not isinstance(pane, BoardsController):
        raise TypeError("the registry no longer holds the Boards pane")
    shell.window.show_pane("boards")
    await until(lambda: bool(pane.pane.boards))
    await show_board(shell, pane, busiest_scrum_board(site))
    pane.pane.tabs.setCurrentIndex(BoardTab.BOARD)
    await settle(shell)
    save(shell.window, Path(f"{prefix}-boards-scrum.png"))
    pane.pane.tabs.setCurrentIndex(BoardTab.BACKLOG)
    await settle(shell)
    # the active sprint folded: its two future sprints and the backlog below it show
    headers = pane.pane.backlog_view.headers
    headers[0].fold.setChecked(True)
    await settle(shell)
    save(shell.window, Path(f"{prefix}-boards-backlog.png"))
    headers[0].fold.setChecked(False)
    pane.pane.tabs.setCurrentIndex(BoardTab.BOARD)
    for board in [b for b in pane.pane.boards if b.type.value == "kanban"]:
        await show_board(shell, pane, board.name)
        if any(h.state == "over" for h in pane.pane.board_view.headers):
            break
    save(shell.window, Path(f"{prefix}-boards-kanban.png"))


async def board_dialogs(shell: Shell, site: Sandbox, prefix: Path) -> None:
    """The Boards pane's dialogs: new sprint, complete sprint, move to sprint, and the choice
    of transition when several lead into a column."""
    pane = shell.pane("boards")
    if not isinstance(pane, BoardsController):
        raise TypeError("the registry no longer holds the Boards pane")
    shell.window.show_pane("boards")
    await show_board(shell, pane, busiest_scrum_board(site))
    view = pane.pane
    view.tabs.setCurrentIndex(BoardTab.BOARD)
    await settle(shell)

    async def shot(label: str, open_dialog: Callable[[], object]) -> None:
        before = set(QApplication.topLevelWidgets())
        open_dialog()
        await until(
            lambda: any(
                isinstance(w, QDialog) and w.isVisible() and w not in before
                for w in QApplication.topLevelWidgets()
            )
        )
        await asyncio.sleep(0.2)
        dialog = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible() and w not in before
        )
        save(dialog, Path(f"{prefix}-{label}.png"))
        dialog.reject()
        await settle(shell)

    await shot("new-sprint", pane.sprint_changes.create)
    await shot("complete-sprint", pane.commands.complete_sprint.trigger)
    # into Done: its transition's screen asks for the resolution
    review = next(n for n, c in enumerate(view.cards.columns) if c.name == "In Review")
    cards = view.cards.cell_keys(view.cards.cell_index(0, review))
    done = len(view.cards.columns) - 1
    if cards:
        await shot("move-card", lambda: pane.moves.to_column(cards[0], done))
    view.tabs.setCurrentIndex(BoardTab.BACKLOG)
    await settle(shell)
    row = view.backlog.section_row(None)
    if row is not None and view.backlog.shown_keys(row):
        view.backlog_view.select_keys(view.backlog.shown_keys(row)[:3])
        await shot("move-to-sprint", pane.moves.choose_sprint)
    view.tabs.setCurrentIndex(BoardTab.BOARD)


async def dialogs(
    shell: Shell, projects: ProjectsController, issues: IssuesController, prefix: Path
) -> None:
    """Open each dialog, save its picture, close it."""
    opened: list[tuple[str, Callable[[], object]]] = [
        ("connections", shell.open_connections),
        ("about", shell.open_about),
        ("palette", shell.window.open_command_palette),
        ("new-project", projects.edits.create_project),
        ("version", lambda: projects.edits.edit_version(None)),
        ("component", lambda: projects.edits.edit_component(None)),
        ("categories", projects.edits.manage_categories),
        ("edit-issue", issues.changes.edit),
        ("comment", issues.changes.comment),
        ("assign", issues.changes.assign),
    ]
    detail = projects.pane.detail.detail
    if detail is not None and detail.roles:
        role = detail.roles[0]
        opened.append(("add-member", lambda: projects.edits.add_actors(role)))
    opened.append(("delete-project", projects.edits.delete_project))
    opened.append(("save-query", issues.queries.save_query))
    transitions = issues.pane.detail.transition_menu.actions()
    if transitions:
        opened.append(("transition-menu-first", transitions[0].trigger))
    shell.window.show_pane("issues")
    for label, open_dialog in opened:
        before = set(QApplication.topLevelWidgets())
        dialog = open_dialog()
        if not isinstance(dialog, QDialog):
            # an action that opens its dialog itself (a transition): find the new window
            await asyncio.sleep(0.2)
            fresh = [
                w
                for w in QApplication.topLevelWidgets()
                if w not in before and isinstance(w, QDialog) and w.isVisible()
            ]
            if not fresh:
                continue
            dialog = fresh[0]
        await asyncio.sleep(0.2)
        save(dialog, Path(f"{prefix}-{label}.png"))
        dialog.reject()
        await asyncio.sleep(0.05)
    issues.pane.table.selectAll()
    issues.changes.bulk()
    await until(lambda: issues.changes.bulk_dialog is not None)
    await settle(shell)
    bulk = issues.changes.bulk_dialog
    if bulk is not None:
        save(bulk, Path(f"{prefix}-bulk.png"))
        bulk.reject()
        issues.changes.bulk_dialog = None
    issues.pane.table.clearSelection()


async def shoot_legacy(out: Path) -> None:
    """A Jira 4.3 site: projects read-only, a search, an issue, its transition, no boards."""
    site = Sandbox(SandboxConfig(flavour=Flavour.LEGACY, seed=3, projects=12, issues=300))
    profiles = MemoryProfiles()
    profile = profiles.add(
        Profile(
            "Sandbox Jira 4.3",
            "https://old.sandbox.test",
            SiteKind.JIRA_LEGACY,
            AuthKind.SESSION,
            site.admin.login,
        )
    )
    secrets = SecretStore(session_only=True)
    secrets.set_blocking(profile.id, site.admin.secret)
    store = QSettings(str(out / "settings-legacy.ini"), QSettings.Format.IniFormat)
    shell = Shell(
        store, profiles, secrets, transport_for=lambda _p: httpx.ASGITransport(app=site.app)
    )
    window = shell.window
    projects = shell.pane("projects")
    issues = shell.pane("issues")
    if not isinstance(projects, ProjectsController) or not isinstance(issues, IssuesController):
        raise TypeError("the registry no longer holds the Projects and Issues panes")
    window.resize(*SIZES[0])
    window.show()
    shell.start()
    await until(lambda: projects.pane.model.rowCount() > 0)
    await settle(shell)
    for appearance in ("light", "dark"):
        apply_appearance(appearance)
        tag = f"legacy-{appearance}-1280x800"
        window.show_pane("projects")
        first = sorted(p.key for p in projects.pane.projects)[0]
        projects.pane.select_project(first)
        await until(lambda: projects.pane.detail.detail is not None)
        await settle(shell)
        save(window, out / f"{tag}-projects-detail.png")
        window.show_pane("issues")
        issues.pane.editor.set_query(f"project = {first} ORDER BY key ASC")
        issues.pane.editor.run()
        await settle(shell)
        rows = issues.pane.model.rows
        open_row = next(
            (n for n, r in enumerate(rows) if (r.field("status") or {}).get("name") != "Done"), 0
        )
        issues.pane.table.selectRow(open_row)
        await until(lambda: issues.pane.detail.issue is not None)
        await settle(shell)
        save(window, out / f"{tag}-issues-detail.png")
        menu = issues.pane.detail.transition_menu.actions()
        # the transition whose screen asks for the resolution (typed: 4.3 names no choices)
        closing = next((a for a in menu if a.text().startswith("Done")), menu[0])
        closing.trigger()
        await settle(shell)
        dialog = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
        )
        save(dialog, out / f"{tag}-transition-dialog.png")
        dialog.reject()
        window.show_pane("boards")
        await settle(shell)
        save(window, out / f"{tag}-boards.png")
    apply_appearance("system")
    window.may_close = True
    window.close()
    await shell.aclose()
    secrets.close()


def main() -> int:
    """Take every picture (``--only timeline``: the Timeline's alone, Cloud only; ``--legacy``:
    the Jira 4.3 site's alone)."""
    arguments = [a for a in sys.argv[1:] if not a.startswith("--") and a != "timeline"]
    only = "timeline" if "--only" in sys.argv else ""
    out = Path(arguments[0] if arguments else "tests/artifacts/screens")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # the next flavour opens its own window
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        if "--legacy" in sys.argv:
            loop.run_until_complete(shoot_legacy(out))
            return 0
        for flavour in (Flavour.CLOUD,) if only else (Flavour.CLOUD, Flavour.DATACENTER):
            loop.run_until_complete(shoot(out, flavour, only))
        if not only:
            loop.run_until_complete(shoot_legacy(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
