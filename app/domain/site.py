"""What Jade knows about a site and how it signs in: kinds, flavours, auth kinds, identity."""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = [
    "AuthKind",
    "ConnectionReport",
    "Flavour",
    "ServerInfo",
    "SiteKind",
    "UserRef",
]


class SiteKind(enum.StrEnum):
    """What a profile points at, as the user chose it."""

    JIRA_CLOUD = "jira-cloud"
    JIRA_DATACENTER = "jira-datacenter"
    JIRA_LEGACY = "jira-legacy"
    PROJECT_MILESTONES = "project-milestones"
    MILESTONES_API = "milestones-api"

    @property
    def label(self) -> str:
        """The name shown to users."""
        return _SITE_LABELS[self]

    @property
    def is_jira(self) -> bool:
        """Whether the site is a Jira server (as opposed to a milestones endpoint)."""
        return self in (SiteKind.JIRA_CLOUD, SiteKind.JIRA_DATACENTER, SiteKind.JIRA_LEGACY)


_SITE_LABELS = {
    SiteKind.JIRA_CLOUD: "Jira Cloud",
    SiteKind.JIRA_DATACENTER: "Jira Data Center / Server",
    SiteKind.JIRA_LEGACY: "Jira 4.x (legacy)",
    SiteKind.PROJECT_MILESTONES: "Project Milestones for Jira",
    SiteKind.MILESTONES_API: "Milestones API",
}


class Flavour(enum.StrEnum):
    """The dialect a Jira server speaks, detected from ``serverInfo``."""

    CLOUD = "cloud"
    DATACENTER = "datacenter"
    LEGACY = "legacy"


class AuthKind(enum.StrEnum):
    """How a profile signs in; ``user`` and the secret mean different things per kind."""

    # the values are names of sign-in methods, not secrets

    CLOUD_TOKEN = "cloud-token"  # noqa: S105 - account e-mail + API token, HTTP Basic
    PASSWORD = "password"  # noqa: S105 - username + password, HTTP Basic (Data Center, legacy)
    PAT = "pat"  # Data Center personal access token, Bearer
    SESSION = "session"  # username + password exchanged for a JSESSIONID cookie
    APP_TOKEN = "app-token"  # noqa: S105 - Project Milestones app: account e-mail + app API token
    API_KEY = "api-key"  # Milestones API key, Bearer

    @property
    def label(self) -> str:
        """The name shown to users."""
        return _AUTH_LABELS[self]

    @property
    def secret_label(self) -> str:
        """What the secret field is called for this kind."""
        return _SECRET_LABELS[self]

    @property
    def needs_user(self) -> bool:
        """Whether a login (e-mail or username) goes with the secret."""
        return self not in (AuthKind.PAT, AuthKind.API_KEY)


_AUTH_LABELS = {
    AuthKind.CLOUD_TOKEN: "E-mail and API token",
    AuthKind.PASSWORD: "Username and password",
    AuthKind.PAT: "Personal access token",
    AuthKind.SESSION: "Username and password (cookie session)",
    AuthKind.APP_TOKEN: "E-mail and app API token",
    AuthKind.API_KEY: "API key",
}
_SECRET_LABELS = {
    AuthKind.CLOUD_TOKEN: "API token",
    AuthKind.PASSWORD: "Password",
    AuthKind.PAT: "Token",
    AuthKind.SESSION: "Password",
    AuthKind.APP_TOKEN: "App API token",
    AuthKind.API_KEY: "API key",
}


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """A Jira server's ``serverInfo``."""

    base_url: str
    version: str
    version_numbers: tuple[int, ...]
    deployment_type: str  # "Cloud", "Server"; empty on 4.x servers
    build_number: int
    server_title: str
    # answered only under REST 2.0.alpha1 (no /rest/api/2): legacy whatever its version says
    alpha_api_only: bool = False

    @property
    def flavour(self) -> Flavour:
        """Cloud, Data Center/Server, or legacy (before 5.0, REST 2.0.alpha1)."""
        if self.deployment_type == "Cloud":
            return Flavour.CLOUD
        if self.alpha_api_only or (self.version_numbers and self.version_numbers[0] < 5):
            return Flavour.LEGACY
        return Flavour.DATACENTER

    @property
    def short_version(self) -> str:
        """``4.3`` for ``4.3.4#620-r152668``: how a user names the release."""
        numbers = self.version_numbers[:2]
        return ".".join(str(n) for n in numbers) if numbers else self.version


@dataclass(frozen=True, slots=True)
class UserRef:
    """A user as Jade shows one: ``id`` is the Cloud accountId or the DC username."""

    id: str
    display_name: str
    email: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class ConnectionReport:
    """What a successful connection test found; ``None`` where it did not ask or Jira did not say."""

    server: ServerInfo
    user: UserRef | None = None
    # key -> held, for the keys asked; None when not asked, or when the site has no
    # mypermissions resource (then "mypermissions" is in ``missing``)
    permissions: dict[str, bool] | None = None
    # optional resources the site does not have (e.g. "mypermissions" on 4.x and some gateways)
    missing: tuple[str, ...] = ()

    @property
    def held(self) -> tuple[str, ...] | None:
        """The permission keys the user holds, in the order asked; None when unknown."""
        if self.permissions is None:
            return None
        return tuple(key for key, held in self.permissions.items() if held)

    def holds(self, key: str) -> bool | None:
        """Whether the user holds ``key``; None when Jira did not say (or it was not asked)."""
        if self.permissions is None or key not in self.permissions:
            return None
        return self.permissions[key]
