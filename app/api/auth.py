"""How a request proves who sends it: one small record per sign-in method (secrets never in repr).

Header-based kinds answer ``headers()``; ``CookieSession`` is exchanged for a ``JSESSIONID`` by
the transport (``POST /rest/auth/1/session``) and sends no header of its own.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from app.domain.secret import Secret
from app.domain.site import AuthKind

__all__ = [
    "PAT_REFUSED",
    "ApiKey",
    "AppToken",
    "Auth",
    "CloudToken",
    "CookieSession",
    "Password",
    "PersonalAccessToken",
    "auth_for",
    "refusal_message",
]

PAT_REFUSED = (
    "Jira refused the personal access token: check that it was copied whole, that it has not "
    "expired or been revoked, and that its owner's account is active. Personal access tokens "
    "work on Jira Data Center and Server 8.14 or later; Jira Cloud signs in with the account "
    "e-mail and an API token instead."
)


def _basic(user: str, secret: Secret) -> dict[str, str]:
    # Jira decodes Basic credentials as UTF-8 (e-mail addresses and passwords may be non-ASCII)
    raw = f"{user}:{secret.reveal()}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}


def _bearer(secret: Secret) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret.reveal()}"}


@dataclass(frozen=True, slots=True)
class CloudToken:
    """Jira Cloud: account e-mail + API token, HTTP Basic."""

    email: str
    token: Secret
    kind = AuthKind.CLOUD_TOKEN

    def headers(self) -> dict[str, str]:
        """The ``Authorization`` header."""
        return _basic(self.email, self.token)


@dataclass(frozen=True, slots=True)
class Password:
    """Data Center / Server (and 4.x): username + password, HTTP Basic."""

    username: str
    password: Secret
    kind = AuthKind.PASSWORD

    def headers(self) -> dict[str, str]:
        """The ``Authorization`` header."""
        return _basic(self.username, self.password)


@dataclass(frozen=True, slots=True)
class PersonalAccessToken:
    """Data Center personal access token, sent as ``Bearer`` (it is not a Basic password)."""

    token: Secret
    kind = AuthKind.PAT

    def headers(self) -> dict[str, str]:
        """The ``Authorization`` header."""
        return _bearer(self.token)


@dataclass(frozen=True, slots=True)
class CookieSession:
    """Username + password exchanged for a ``JSESSIONID`` cookie via ``/rest/auth/1/session``."""

    username: str
    password: Secret
    kind = AuthKind.SESSION

    def headers(self) -> dict[str, str]:
        """No header: the session cookie does the work."""
        return {}


@dataclass(frozen=True, slots=True)
class AppToken:
    """Project Milestones app: account e-mail + the app's own API token, HTTP Basic."""

    email: str
    token: Secret
    kind = AuthKind.APP_TOKEN

    def headers(self) -> dict[str, str]:
        """The ``Authorization`` header."""
        return _basic(self.email, self.token)


@dataclass(frozen=True, slots=True)
class ApiKey:
    """Milestones API key, sent as ``Bearer``."""

    key: Secret
    kind = AuthKind.API_KEY

    def headers(self) -> dict[str, str]:
        """The ``Authorization`` header."""
        return _bearer(self.key)


Auth = CloudToken | Password | PersonalAccessToken | CookieSession | AppToken | ApiKey


def refusal_message(auth: Auth | None) -> str:
    """What to say when the site refuses ``auth``; empty where the server's own words fit."""
    # Data Center words every refusal "Basic Authentication Failure", even for a Bearer token
    return PAT_REFUSED if isinstance(auth, PersonalAccessToken) else ""


def auth_for(kind: AuthKind, user: str, secret: Secret | str) -> Auth:
    """The sign-in record for a profile's auth kind, login and secret."""
    value = secret if isinstance(secret, Secret) else Secret(secret)
    match kind:
        case AuthKind.CLOUD_TOKEN:
            return CloudToken(user, value)
        case AuthKind.PASSWORD:
            return Password(user, value)
        case AuthKind.PAT:
            return PersonalAccessToken(value)
        case AuthKind.SESSION:
            return CookieSession(user, value)
        case AuthKind.APP_TOKEN:
            return AppToken(user, value)
        case AuthKind.API_KEY:
            return ApiKey(value)
    raise ValueError(f"unknown auth kind {kind!r}")  # pragma: no cover - the match is exhaustive
