"""A site profile and the errors about profiles: plain records, no I/O.

A profile never holds a secret: the secret of a profile sits in the keychain under the
profile's ``id`` (see :mod:`app.store.keychain`).
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.domain.site import AuthKind, SiteKind

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_PROJECT_PARAM",
    "MAX_CONCURRENCY",
    "MIN_CONCURRENCY",
    "PROFILE_ID",
    "DuplicateProfileNameError",
    "Profile",
    "ProfileError",
    "ProfileFileError",
    "ProfileNotFoundError",
    "ProfileValidationError",
    "TlsOptions",
    "new_profile_id",
]

MIN_CONCURRENCY = 1
MAX_CONCURRENCY = 32
DEFAULT_CONCURRENCY = 6

# the Project Milestones app's documentation names the parameter "project key" without spelling
# it; the user can change it per profile (an endpoint URL with ``{projectKey}`` is a template)
DEFAULT_PROJECT_PARAM = "projectKey"

PROFILE_ID = re.compile(r"[0-9a-f]{32}")


class ProfileError(Exception):
    """Something about profiles went wrong; the message is meant for the user."""


class ProfileValidationError(ProfileError, ValueError):
    """A profile field is not acceptable; ``field`` names it (a Profile or TlsOptions attribute)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class DuplicateProfileNameError(ProfileValidationError):
    """Another profile already has this name (names are compared case-insensitively)."""

    def __init__(self, name: str, existing: str) -> None:
        super().__init__(
            "name", f"A profile named “{existing}” already exists; choose another name."
        )
        self.name = name
        self.existing = existing


class ProfileNotFoundError(ProfileError):
    """No profile has this id."""

    def __init__(self, profile_id: str) -> None:
        super().__init__(f"No profile with id {profile_id} exists.")
        self.profile_id = profile_id


class ProfileFileError(ProfileError):
    """The profiles file could not be written (or must not be, because it could not be read)."""


def new_profile_id() -> str:
    """A fresh profile id (uuid4 hex); it also keys the profile's secret in the keychain."""
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class TlsOptions:
    """How to check the server's certificate and which client certificate to present."""

    verify: bool = True  # off only when the user turns it off for this profile
    ca_bundle: Path | None = None  # PEM bundle (or hashed CA directory) to trust instead
    client_cert: Path | None = None  # PEM certificate (may hold the key too)
    client_key: Path | None = None  # PEM key, when it is not inside client_cert


@dataclass(frozen=True, slots=True)
class Profile:
    """A Jira site (or milestones endpoint) and how to sign in to it; the secret is elsewhere."""

    name: str
    base_url: str
    kind: SiteKind
    auth: AuthKind
    user: str = ""  # account e-mail or username; empty for a PAT or API key
    tls: TlsOptions = dataclasses.field(default_factory=TlsOptions)
    proxy: str | None = None  # None: from the environment (HTTPS_PROXY, NO_PROXY, ...)
    concurrency: int = DEFAULT_CONCURRENCY  # requests in flight at once
    id: str = dataclasses.field(default_factory=new_profile_id)
    # Project Milestones app only: the query parameter that carries the project key
    project_param: str = DEFAULT_PROJECT_PARAM
