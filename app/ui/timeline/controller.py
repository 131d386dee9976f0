"""The Timeline pane: versions, sprints, the app's milestones and the Milestones API's buckets
of the chosen projects on one zoomable axis, edited by dragging, with undo.

``TimelineController`` is the pane (it satisfies the shell's pane contract). It lists the
site's projects; for the ones ticked it reads, as tasks of the pane's runner, every version,
every sprint of their scrum boards, the app's milestones (through the Project Milestones
profile chosen) and the buckets of the Milestones API project chosen. A source that fails
leaves its lane empty with the service's words beside it; the others still show. Edits go
through ``TimelineEdits`` (edits.py), exports through ``TimelineExport`` (export.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import date

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from app.api.board_sources import board_source_for
from app.api.boards import BoardSource
from app.api.dialect import Feature
from app.api.errors import ApiError
from app.api.milestone_dates import JiraDates
from app.api.milestones import MilestonesApiClient, ProjectMilestonesClient
from app.api.projects import ProjectAdmin
from app.domain.board import BoardType, Sprint
from app.domain.milestone import MilestoneBucket
from app.domain.site import SiteKind
from app.domain.timeline import Source, TimelineItem, Zoom
from app.domain.timeline_sources import from_buckets, from_milestone, from_sprint, from_version
from app.session import SiteSession, milestone_client
from app.store.keychain import KeychainError
from app.store.profiles import Profile
from app.ui.kit.pane import PaneAction, PaneContext
from app.ui.kit.settings import (
    SPLITTER,
    TIMELINE_BUCKETS,
    TIMELINE_PM_APP,
    TIMELINE_PROJECTS,
    TIMELINE_ZOOM,
)
from app.ui.kit.text import Tone
from app.ui.timeline.changes import TimelineChanges
from app.ui.timeline.commands import TimelineCommands
from app.ui.timeline.creation import TimelineCreations
from app.ui.timeline.day_watch import DayWatch
from app.ui.timeline.edits import TimelineEdits
from app.ui.timeline.export import TimelineExport
from app.ui.timeline.pane import NONE, TimelinePane
from app.ui.timeline.scene import details_text
from app.ui.timeline.shown import ShownTimeline

__all__ = ["TimelineController"]

log = logging.getLogger(__name__)

DEFAULT_PROJECTS = 3  # ticked on a site's first visit
RELOAD_DELAY_MS = 400  # ticking several projects loads once


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


class TimelineController(QObject):
    """The Timeline pane: plan milestones, versions and sprints on one axis."""

    id = "timeline"
    title = "Timeline"
    icon = "milestones"
    summary = "Versions, sprints and milestones of chosen projects on one zoomable timeline."

    def __init__(
        self, context: PaneContext, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.tasks = context.tasks
        self.settings = context.settings
        self.sites = context.sites
        self.today = today or date.today()
        self.pane = TimelinePane(self.today, parent)
        self.session: SiteSession | None = None
        self.shown: ShownTimeline | None = None
        self.profiles: list[Profile] = []
        self._load_task: asyncio.Task[None] | None = None
        self._fit_pending = True
        self._waiting: SiteSession | None = None  # a site shown while the pane was hidden
        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.setInterval(RELOAD_DELAY_MS)
        self._reload.timeout.connect(self.reload)
        pane = self.pane
        self.scene = pane.scene
        self.view = pane.view
        self.edits = TimelineEdits(self, self)
        self.creations = TimelineCreations(self, self.edits, self)
        self.changes = TimelineChanges(self, self.creations, self)
        self.export = TimelineExport(self, self)
        pane.projects.chosen_changed.connect(self._projects_chosen)
        pane.zoom_chosen.connect(self.zoom_to)
        pane.services_changed.connect(self._services_chosen)
        pane.first_shown.connect(self._pane_shown)
        pane.fit_button.clicked.connect(self.fit)
        pane.today_button.clicked.connect(self.go_to_today)
        self.view.zoom_requested.connect(self.zoom_to)
        self.scene.hovered.connect(self._hovered)
        pane.buckets.hovered.connect(self._hovered)
        stored = self.settings.get(SPLITTER)
        if stored:
            pane.splitter.restoreState(stored)
        pane.splitter.splitterMoved.connect(
            lambda *_: self.settings.set(SPLITTER, bytes(pane.splitter.saveState().data()))
        )
        try:
            zoom = Zoom(self.settings.get(TIMELINE_ZOOM))
        except ValueError:
            zoom = Zoom.WEEK
        self.scene.set_zoom(zoom)
        pane.set_zoom(zoom)
        self.commands = TimelineCommands(self, self.edits, self.export, self.changes, self)
        self.update_actions()
        # past midnight the today line moves and overdue is judged again
        self.day_watch = DayWatch(self)
        self.day_watch.day_changed.connect(self.set_today)
        pane.destroyed.connect(self.day_watch.stop)
        self.day_watch.start()

    # ----- the pane contract -----------------------------------------------------------------------
    @property
    def widget(self) -> QWidget:
        """The pane's widget."""
        return self.pane

    @property
    def actions(self) -> Sequence[PaneAction]:
        """The pane's commands."""
        return self.commands.pane_actions

    def update_actions(self) -> None:
        """Enable what can be done now; disabled commands say why."""
        self.commands.update()

    def focus_filter(self) -> None:
        """Ctrl+F: the project filter."""
        self.pane.project_filter.setFocus()
        self.pane.project_filter.selectAll()

    def unsaved_changes(self) -> None:
        """Every change is saved as it is made."""
        return

    def show_session(self, session: SiteSession | None) -> None:
        """Show ``session``'s timeline (the shell stopped the pane's tasks before)."""
        self._reload.stop()
        self._drop_shown()
        self.session = session
        self._fit_pending = True
        self.edits.clear()
        self.scene.set_content([], [])
        self.pane.buckets.set_buckets([], set())
        self.pane.bucket_area.setVisible(False)
        self.pane.show_message("")
        self.pane.details.setText("")
        # a Jira without the resources (4.3) says so in place, before anything is sent
        missing = session.dialect.unavailable(Feature.MILESTONES) if session is not None else None
        self.pane.setEnabled(session is not None and missing is None)
        self.pane.projects.set_projects([], [])
        self._fill_service_choosers()
        self._waiting = None
        if missing is not None:
            self.pane.show_message(str(missing))
        elif session is not None:
            # nothing is read until the pane is looked at: a site switch costs no request here
            self._waiting = session
            if self.pane.isVisible():
                self._pane_shown()
        self.update_actions()

    def _pane_shown(self) -> None:
        session, self._waiting = self._waiting, None
        if session is not None and session is self.session:
            self._load_task = self.tasks.spawn(
                f"Loading the projects of {session.profile.name}", self._load_projects(session)
            )

    def reload(self) -> None:
        """F5: every source of the chosen projects again."""
        session = self.session
        if session is None:
            return
        self._reload.stop()
        self._drop_shown()
        self.edits.clear()  # what is undone must match what the servers hold now
        shown = ShownTimeline(
            session,
            self.pane.projects.chosen,
            JiraDates(ProjectAdmin(session.client), None),
        )
        self.shown = shown
        self.pane.show_message("Loading…")
        self._load_task = self.tasks.spawn(
            f"Loading the timeline of {session.profile.name}", self._load(shown)
        )
        self.update_actions()

    def is_current(self, shown: ShownTimeline) -> bool:
        """Whether ``shown`` is still what the pane shows (a late answer checks first)."""
        return self.shown is shown and shown.session is self.session

    # ----- projects and services -------------------------------------------------------------------
    async def _load_projects(self, session: SiteSession) -> None:
        projects = session.projects if session.projects_loaded else None
        if projects is None:
            projects = await ProjectAdmin(session.client).list_projects()
        if self.session is not session:
            return
        chosen = self.settings.get(TIMELINE_PROJECTS)
        if not chosen:
            chosen = sorted(p.key for p in projects)[:DEFAULT_PROJECTS]
        self.pane.projects.set_projects(projects, chosen)
        if not self.pane.bucket_project.value() and self.pane.bucket_profile.currentData():
            # the Milestones API names projects by number: start from the first project's id
            first = next((p for p in projects if p.key in self.pane.projects.chosen), None)
            if first is not None and first.id.isdigit():
                self.pane.bucket_project.setValue(int(first.id))
        self.reload()

    def _projects_chosen(self, keys: list[str]) -> None:
        self.settings.set(TIMELINE_PROJECTS, keys)
        self._reload.start()

    def _fill_service_choosers(self) -> None:
        self.profiles = list(self.sites.profiles.profiles) if self.sites is not None else []
        pm = [p for p in self.profiles if p.kind is SiteKind.PROJECT_MILESTONES]
        buckets = [p for p in self.profiles if p.kind is SiteKind.MILESTONES_API]
        pm_chosen = self.settings.get(TIMELINE_PM_APP) or (pm[0].id if pm else NONE)
        stored = self.settings.get(TIMELINE_BUCKETS)
        bucket_chosen = stored[0] if stored else (buckets[0].id if buckets else NONE)
        project_id = int(stored[1]) if len(stored) > 1 and stored[1].isdigit() else 0
        self.pane.set_service_profiles(pm, buckets, pm_chosen, bucket_chosen, project_id)

    def _services_chosen(self) -> None:
        pane = self.pane
        self.settings.set(TIMELINE_PM_APP, pane.pm_profile.currentData() or "none")
        bucket = pane.bucket_profile.currentData() or "none"
        self.settings.set(TIMELINE_BUCKETS, [bucket, str(pane.bucket_project.value())])
        self._reload.start()

    def _profile(self, profile_id: str, kind: SiteKind) -> Profile | None:
        return next((p for p in self.profiles if p.id == profile_id and p.kind is kind), None)

    async def _open(
        self, profile: Profile, note: Callable[[str], None]
    ) -> ProjectMilestonesClient | MilestonesApiClient | None:
        """The client of a milestone service's profile, or None (the reason goes to ``note``)."""
        if self.sites is None:
            return None
        try:
            secret = await self.sites.secrets.get(profile.id)
        except KeychainError as error:
            note(f"{profile.name}: {error}")
            return None
        if secret is None:
            note(f"Jade has no {profile.auth.secret_label.lower()} for {profile.name}.")
            return None
        transport = self.sites.transport_for(profile)
        # building a client may load a CA bundle: not on the UI thread
        return await asyncio.to_thread(milestone_client, profile, secret, transport)

    async def _open_services(self, shown: ShownTimeline) -> None:
        pane = self.pane
        pm = self._profile(pane.pm_profile.currentData() or "", SiteKind.PROJECT_MILESTONES)
        shown.pm_wanted = pm is not None
        if pm is not None:

            def pm_note(text: str) -> None:
                for key in shown.projects:
                    shown.notes[(Source.PM_APP, key)] = text

            app = await self._open(pm, pm_note)
            shown.pm = app if isinstance(app, ProjectMilestonesClient) else None
            shown.pm_name = pm.name
        bucket = self._profile(pane.bucket_profile.currentData() or "", SiteKind.MILESTONES_API)
        project_id = pane.bucket_project.value()
        if bucket is None or not project_id:
            self.pane.buckets.set_buckets([], set())
            self.pane.bucket_area.setVisible(False)
        else:
            shown.bucket_project = project_id
            shown.bucket_name = bucket.name

            def bucket_note(text: str) -> None:
                self.pane.buckets.note = text

            api = await self._open(bucket, bucket_note)
            shown.buckets = api if isinstance(api, MilestonesApiClient) else None

    # ----- loading ---------------------------------------------------------------------------------
    async def _load(self, shown: ShownTimeline) -> None:
        lane = self.pane.buckets
        lane.note = ""
        await self._open_services(shown)
        if not self.is_current(shown):
            await shown.aclose()
            return
        shown.source = await self._agile(shown)
        shown.dates = JiraDates(ProjectAdmin(shown.session.client), shown.source)
        if not self.is_current(shown):
            return
        self._show(shown)
        loads: list[Awaitable[None]] = []
        for key in shown.projects:
            loads.append(self._guarded(shown, Source.VERSION, key, self._versions(shown, key)))
            loads.append(self._guarded(shown, Source.SPRINT, key, self._sprints(shown, key)))
            if shown.pm is not None:
                loads.append(self._guarded(shown, Source.PM_APP, key, self._milestones(shown, key)))
        if shown.buckets is not None:
            loads.append(self._guarded(shown, Source.BUCKETS, "", self.load_buckets(shown)))
        await asyncio.gather(*loads)
        if not self.is_current(shown):
            return
        count = len(shown.items)
        self.pane.show_message(
            f"{count} dated item{'s' if count != 1 else ''} in {len(shown.projects)} "
            f"project{'s' if len(shown.projects) != 1 else ''}."
            if shown.projects
            else "Tick the projects to show on the left."
        )
        self._show(shown)
        if self._fit_pending:
            self._fit_pending = False
            self.fit()
        self.update_actions()

    async def _agile(self, shown: ShownTimeline) -> BoardSource | None:
        try:
            return await board_source_for(shown.session.client)
        except ApiError as error:
            log.info("no agile API: %s", error)
            return None

    async def _guarded(
        self, shown: ShownTimeline, source: Source, key: str, load: Awaitable[None]
    ) -> None:
        """Run one source's load; a failure is that lane's note, the others still show."""
        try:
            await load
        except ApiError as error:
            log.info("%s of %s not loaded: %s", source, key, error)
            if not self.is_current(shown):
                return
            text = f"{source.label}: {_first_line(error)}"
            if source is Source.BUCKETS:
                self.pane.buckets.note = text
                self.pane.buckets.update()
            else:
                shown.notes[(source, key)] = text
        if self.is_current(shown):
            self._show(shown)

    async def _versions(self, shown: ShownTimeline, key: str) -> None:
        versions = await ProjectAdmin(shown.session.client).versions(key)
        for version in versions:
            shown.keep(from_version(version, key), version)

    async def _sprints(self, shown: ShownTimeline, key: str) -> None:
        source = shown.source
        if source is None:
            shown.notes[(Source.SPRINT, key)] = "The site has no agile API."
            return
        boards = [b for b in await source.boards(project=key) if b.type is BoardType.SCRUM]
        shown.boards[key] = boards
        found = await asyncio.gather(*(source.sprints(board) for board in boards))
        seen = {r.id for r in shown.records.values() if isinstance(r, Sprint)}
        for sprints in found:
            for sprint in sprints:
                if sprint.id not in seen:
                    seen.add(sprint.id)
                    shown.keep(from_sprint(sprint, key), sprint)
        if not boards:
            shown.notes[(Source.SPRINT, key)] = "No scrum board."

    async def _milestones(self, shown: ShownTimeline, key: str) -> None:
        assert shown.pm is not None  # noqa: S101 - only loaded with a service
        for milestone in await shown.pm.milestones(key):
            shown.keep(from_milestone(milestone, key), milestone)

    async def load_buckets(self, shown: ShownTimeline) -> None:
        """Read the Milestones API project's buckets and show them in its lane."""
        service = shown.buckets
        if service is None:
            return
        found = await service.buckets(shown.bucket_project)
        if self.is_current(shown):
            self.show_buckets(shown, found)

    def show_buckets(self, shown: ShownTimeline, buckets: list[MilestoneBucket]) -> None:
        """Show ``buckets`` (as the service holds them) in the lane."""
        shown.bucket_records = list(buckets)
        lane = self.pane.buckets
        lane.label = f"Milestones API #{shown.bucket_project}"
        lane.note = ""
        lane.set_buckets(from_buckets(buckets), {str(b.id) for b in buckets if b.is_system})
        self.pane.bucket_area.setVisible(True)
        self.update_actions()

    def _show(self, shown: ShownTimeline) -> None:
        """Push what ``shown`` holds into the scene (bars are reused by key)."""
        self.scene.set_content(shown.lanes(), shown.items.values())
        lane = self.pane.buckets
        if shown.bucket_project:
            lane.label = f"Milestones API #{shown.bucket_project}"
            self.pane.bucket_area.setVisible(True)
            lane.update()

    # ----- what the view does ----------------------------------------------------------------------
    def zoom_to(self, zoom: object, day: object = None, at: int | None = None) -> None:
        """Zoom to ``zoom`` keeping ``day`` at viewport x ``at`` (default: the middle)."""
        if not isinstance(zoom, Zoom):
            return
        if not isinstance(day, date):
            middle = self.view.viewport().width() // 2
            day, at = self.view.day_at(middle), middle
        self.scene.set_zoom(zoom)
        self.pane.set_zoom(zoom)
        self.settings.set(TIMELINE_ZOOM, zoom.value)
        self.view.show_day(day, at)
        self.update_actions()

    def zoom_in(self) -> None:
        """One zoom step closer."""
        self.zoom_to(self.scene.scale.zoom.closer())

    def zoom_out(self) -> None:
        """One zoom step farther."""
        self.zoom_to(self.scene.scale.zoom.farther())

    def fit(self) -> None:
        """Zoom and scroll so every item (and today) is in view."""
        first, last = self.scene.fit()
        self.zoom_to(self.view.fit_zoom(first, last), first, 4)

    def set_today(self, today: object) -> None:
        """The date changed while Jade runs: move the today line, mark overdue items again."""
        if not isinstance(today, date) or today == self.today:
            return
        self.today = today
        self.scene.set_today(today)
        chosen = self.scene.current
        if chosen is not None:  # its details under the timeline say "overdue" now
            self.pane.details.setText(details_text(chosen.item, today))

    def go_to_today(self) -> None:
        """Scroll to today."""
        self.view.show_day(self.today)

    def _hovered(self, item: object) -> None:
        if isinstance(item, TimelineItem):
            self.pane.details.setText(details_text(item, self.today))
        else:
            self.pane.details.setText("")

    def show_problem(self, text: str) -> None:
        """Say what went wrong under the timeline."""
        self.pane.show_message(text, Tone.ERROR)

    # ----- inside ------------------------------------------------------------------------------------
    def _drop_shown(self) -> None:
        if self._load_task is not None and not self._load_task.done():
            self._load_task.cancel()
        old, self.shown = self.shown, None
        if old is not None and (old.pm is not None or old.buckets is not None):
            self.tasks.spawn("Closing the milestone services", old.aclose(), tracked=False)
