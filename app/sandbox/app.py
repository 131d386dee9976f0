"""Assembly of one sandbox site: generated data, knobs, and the ASGI application over them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount

from app.sandbox.datagen import DemoAccount, SiteSpec, demo_accounts, generate
from app.sandbox.http import JiraError, Knobs, NoSuchResource, SandboxApp
from app.sandbox.legacy_site import LegacySite
from app.sandbox.model import Flavour
from app.sandbox.routes import (
    agile,
    categories,
    comments,
    components,
    filters,
    greenhopper,
    greenhopper_sprints,
    issues,
    legacy,
    meta,
    milestones_api,
    permission_schemes,
    pm_app,
    projects,
    roles,
    search,
    server,
    users,
    versions,
)
from app.sandbox.store import Store

__all__ = ["Sandbox", "SandboxConfig"]


@dataclass
class SandboxConfig:
    """Everything that shapes a sandbox site; the CLI flags map one to one."""

    flavour: Flavour = Flavour.CLOUD
    seed: int = 1
    projects: int = 12
    issues: int = 5000
    latency_ms: float = 0.0
    rate_limit: int = 0
    rate_window_s: float = 10.0
    faults: list[str] = field(default_factory=list)
    anchor: date | None = None
    # Data Center's result window: /search refuses startAt + maxResults beyond it (Jira's
    # jira.search.platform.max.result.window, 10,000); tests shrink it to meet its traps fast
    search_window: int = search.SEARCH_WINDOW
    # benchmarks: one more scrum board (project BIG) with this many issues in sprints of 200
    bench_board: int = 0
    # benchmarks: 500 more projects, 2,000 users and 200 groups for "who can"
    bench_permissions: bool = False


def _api_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    areas = (server, meta, projects, categories, components, versions, roles, users)
    for module in (*areas, permission_schemes, issues, comments, search, filters):
        routes.extend(module.routes())
    return routes


def _mounts(flavour: Flavour) -> list[BaseRoute]:
    api = _api_routes()
    # the two milestone services, beside any Jira over the same store (not under /rest/:
    # they sign in their own way)
    services: list[BaseRoute] = [
        *pm_app.routes(),
        Mount(milestones_api.BASE, routes=milestones_api.routes()),
    ]
    common: list[BaseRoute] = [
        *services,
        Mount("/rest/api/2", routes=api),
        Mount("/rest/api/latest", routes=api),
        Mount("/rest/auth/1", routes=server.auth_routes()),
    ]
    if flavour is Flavour.LEGACY:
        # Jira 4.3: REST 2.0.alpha1 and auth 1 only; /rest/api/2 and agile answer Jersey's 404
        return [*services, *legacy.mounts(server.control_routes())]
    if flavour is Flavour.GREENHOPPER:
        # Jira 6.4 has neither REST v3 nor agile 1.0: those paths answer Jersey's 404
        agile_api = Mount(
            "/rest/greenhopper/experimental-api/1.0",
            routes=[*greenhopper.routes(), *greenhopper_sprints.routes()],
        )
        return [*common, agile_api, Mount("/_sandbox", routes=server.control_routes())]
    return [
        *common,
        Mount("/rest/api/3", routes=api),
        Mount("/rest/agile/1.0", routes=agile.routes()),
        Mount("/_sandbox", routes=server.control_routes()),
    ]


async def _jira_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, JiraError):  # pragma: no cover - Starlette routes by type
        raise exc
    return exc.response()


async def _not_found(request: Request, exc: Exception) -> Response:
    return NoSuchResource(request).response()


class Sandbox:
    """One generated Jira site and the ASGI app that serves it (``sandbox.app``)."""

    def __init__(self, config: SandboxConfig | None = None, *, store: Store | None = None) -> None:
        self.config = config or SandboxConfig()
        cfg = self.config
        self.store = store or generate(
            SiteSpec(
                cfg.flavour.platform,
                cfg.seed,
                cfg.projects,
                cfg.issues,
                cfg.anchor,
                bench_board=cfg.bench_board,
                bench_permissions=cfg.bench_permissions,
            )
        )
        # the site's own flavour: a GreenHopper or 4.3 site holds a Data Center store
        flavour = cfg.flavour if cfg.flavour.platform is not cfg.flavour else self.store.flavour
        self._flavour = flavour
        self.knobs = Knobs(
            latency_ms=cfg.latency_ms, rate_limit=cfg.rate_limit, rate_window_s=cfg.rate_window_s
        )
        for fault in cfg.faults:
            self.knobs.queue_faults(fault)
        inner = Starlette(
            routes=_mounts(flavour),
            exception_handlers={JiraError: _jira_error, 404: _not_found},
        )
        inner.state.flavour = flavour
        inner.state.store = self.store
        inner.state.knobs = self.knobs
        inner.state.search_window = cfg.search_window
        inner.state.legacy = self.legacy = LegacySite(self.store)
        self._inner = inner
        # Jira 6.4 and 4.3 predate personal access tokens (Data Center 8.14)
        tokens = flavour not in (Flavour.GREENHOPPER, Flavour.LEGACY)
        self.app = SandboxApp(inner, self.store, self.knobs, personal_tokens=tokens)

    @property
    def flavour(self) -> Flavour:
        """The flavour of this site."""
        return self._flavour

    @property
    def search_window(self) -> int:
        """Data Center's result window: the most results one search can page through."""
        window: int = self._inner.state.search_window
        return window

    @search_window.setter
    def search_window(self, value: int) -> None:
        self._inner.state.search_window = value

    @property
    def admin(self) -> DemoAccount:
        """The administrator's login."""
        return demo_accounts(self.flavour)[0]

    @property
    def user(self) -> DemoAccount:
        """The plain user's login (cannot browse every project)."""
        return demo_accounts(self.flavour)[1]
