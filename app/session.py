"""From a stored profile and its secret to a live client, and the connection test for any kind.

This is where the store's records meet the client layer: ``site_config`` maps a ``Profile``
(and its ``Secret``) to the ``SiteConfig`` the API wants; ``SiteSession`` is one connected site
as the window sees it; ``check_profile`` is the "Test connection" of the dialog and of
``jade check``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from app.api.auth import auth_for
from app.api.config import ClientCert, SiteConfig
from app.api.dialect import SiteDialect, dialect_for
from app.api.milestones import MilestonesApiClient, ProjectMilestonesClient
from app.api.platform import MY_PERMISSIONS, JiraClient
from app.api.probes import EVERY_PROBE, ProbeSet, probe_client, probe_connection
from app.domain.project import Category, Project
from app.domain.secret import Secret
from app.domain.site import ConnectionReport, Flavour, SiteKind
from app.store.profiles import Profile

__all__ = [
    "MISSING_PERMISSIONS",
    "CheckOutcome",
    "ProfileSource",
    "SiteSession",
    "TransportFactory",
    "check_profile",
    "describe_report",
    "flavour_label",
    "milestone_client",
    "site_config",
]


class ProfileSource(Protocol):
    """What the application needs of a profile store (the file store, or the demo's memory)."""

    @property
    def profiles(self) -> tuple[Profile, ...]: ...

    def add(self, profile: Profile) -> Profile: ...

    def update(self, profile: Profile) -> Profile: ...

    def remove(self, profile_id: str) -> Any: ...


# tests and the demo inject an in-process transport per profile; None = real network
TransportFactory = Callable[[Profile], httpx.AsyncBaseTransport | None]

_FLAVOUR_LABELS = {
    Flavour.CLOUD: "Jira Cloud",
    Flavour.DATACENTER: "Jira Data Center",
    Flavour.LEGACY: "Jira (legacy)",
}
# what the connection test says when the site has no mypermissions resource
MISSING_PERMISSIONS = (
    f"Jira did not say which permissions you hold (the site has no {MY_PERMISSIONS} "
    "resource): Jira decides when you act."
)


def site_config(profile: Profile, secret: Secret) -> SiteConfig:
    """The client settings for ``profile`` signed in with ``secret``."""
    tls = profile.tls
    verify: bool | str = str(tls.ca_bundle) if tls.verify and tls.ca_bundle else tls.verify
    cert: ClientCert | None = None
    if tls.client_cert is not None:
        cert = (tls.client_cert, tls.client_key) if tls.client_key else tls.client_cert
    return SiteConfig(
        base_url=profile.base_url,
        auth=auth_for(profile.auth, profile.user, secret),
        verify=verify,
        client_cert=cert,
        proxy=profile.proxy,
        concurrency=profile.concurrency,
    )


def flavour_label(report: ConnectionReport) -> str:
    """E.g. ``Jira Cloud 1001.0.0`` or ``Jira Data Center 10.3.12``."""
    return f"{_FLAVOUR_LABELS[report.server.flavour]} {report.server.version}".strip()


def describe_report(report: ConnectionReport) -> str:
    """One sentence about a successful connection test."""
    who = ""
    if report.user is not None:
        who = f" as {report.user.display_name or report.user.id}"
        if report.holds("ADMINISTER"):
            who += " (administrator)"
    text = f"Connected to {flavour_label(report)}{who}"
    if report.permissions is not None:
        held = report.held or ()
        return f"{text}; {len(held)} of {len(report.permissions)} checked permissions granted."
    if MY_PERMISSIONS in report.missing:
        return f"{text}; {MISSING_PERMISSIONS}"
    return f"{text}."


def milestone_client(
    profile: Profile, secret: Secret, transport: httpx.AsyncBaseTransport | None = None
) -> ProjectMilestonesClient | MilestonesApiClient:
    """The client of a milestone service's profile (the app's with its project parameter)."""
    config = site_config(profile, secret)
    if profile.kind is SiteKind.PROJECT_MILESTONES:
        return ProjectMilestonesClient(
            config, project_param=profile.project_param, transport=transport
        )
    if profile.kind is SiteKind.MILESTONES_API:
        return MilestonesApiClient(config, transport=transport)
    raise ValueError(f"{profile.name} is a Jira site, not a milestone service")


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """What a connection test found: a Jira report, or a milestones service that answered."""

    text: str
    report: ConnectionReport | None = None


async def check_profile(
    profile: Profile, secret: Secret, transport: httpx.AsyncBaseTransport | None = None
) -> CheckOutcome:
    """Test ``profile``: serverInfo + myself + mypermissions for Jira, a signed-in call otherwise."""
    config = site_config(profile, secret)
    if profile.kind.is_jira:
        report = await probe_connection(config, transport=transport, probes=EVERY_PROBE)
        return CheckOutcome(describe_report(report), report)
    client = milestone_client(profile, secret, transport)
    try:
        found = await client.ping()
    finally:
        await client.aclose()
    seen = f"; {found} milestones visible" if found is not None else ""
    return CheckOutcome(f"Signed in to {profile.kind.label} at {profile.base_url}{seen}.")


@dataclass(eq=False)
class SiteSession:
    """One connected Jira site: its client, what the connection test found, what was loaded."""

    profile: Profile
    client: JiraClient
    report: ConnectionReport | None = None
    projects: list[Project] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    projects_loaded: bool = False  # the whole list arrived (a stopped load leaves it False)

    @property
    def dialect(self) -> SiteDialect:
        """How this site is spoken to: the platform API, or Jira 4.x's REST 2.0.alpha1."""
        flavour = self.report.server.flavour if self.report is not None else None
        return dialect_for(self.client, flavour)

    @property
    def in_flight(self) -> int:
        """Requests this site has on the wire now."""
        return self.client.http.in_flight

    async def connect(self, probes: ProbeSet = EVERY_PROBE) -> ConnectionReport:
        """Run the connection test on this session's client (keeps the connection pool warm)."""
        self.report = await probe_client(self.client, probes)
        return self.report

    async def aclose(self) -> None:
        """Cancel what is in flight and close the connections."""
        await self.client.aclose()
