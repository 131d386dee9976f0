"""``jade check``: the connection test of the dialog, for scripts, as one JSON object.

The secret comes from ``JADE_TOKEN`` or, with ``--profile``, from the keychain; never from the
command line, where other users could read it in the process list.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import httpx

from app.api import errors
from app.api.config import SiteConfig
from app.api.platform import JiraClient
from app.domain.secret import Secret
from app.domain.site import AuthKind, Flavour, SiteKind
from app.session import check_profile
from app.store.keychain import KeychainError, SecretStore
from app.store.profiles import Profile, ProfileError, ProfileStore, TlsOptions, validate_profile

__all__ = [
    "EXIT_CODES",
    "RESOLUTION_ERRORS",
    "CheckRequest",
    "exit_code",
    "report_failure",
    "resolve_profile",
    "run_check",
]

EXIT_OK, EXIT_OTHER, EXIT_AUTH, EXIT_PERMISSION, EXIT_NETWORK, EXIT_PROTOCOL = 0, 1, 2, 3, 4, 5
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (errors.AuthenticationError, EXIT_AUTH),
    (errors.PermissionDeniedError, EXIT_PERMISSION),
    (errors.NetworkError, EXIT_NETWORK),
    (errors.ProtocolError, EXIT_PROTOCOL),
)
TOKEN_VARIABLE = "JADE_TOKEN"  # noqa: S105 - the name of a variable, not a secret
# what resolving a site and talking to it may raise and a script should see as an exit code
RESOLUTION_ERRORS: tuple[type[Exception], ...] = (
    errors.ApiError,
    KeychainError,
    ProfileError,
    ValueError,
)


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """What ``jade check`` was asked: which site and as whom (``jade search`` reuses it)."""

    url: str | None = None
    user: str = ""
    profile: str | None = None
    ca_bundle: Path | None = None
    insecure: bool = False


async def run_check(
    request: CheckRequest,
    *,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    profiles: ProfileStore | None = None,
    secrets: SecretStore | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> int:
    """Run the connection test; print JSON to ``out`` or the error to ``err``; return the exit code."""
    try:
        profile, secret = await resolve_profile(
            request, profiles=profiles, secrets=secrets, transport=transport
        )
        outcome = await check_profile(profile, secret, transport)
    except RESOLUTION_ERRORS as error:
        return report_failure("jade check", error, err)
    report = outcome.report
    if report is None:
        print(json.dumps({"kind": profile.kind.value, "message": outcome.text}), file=out)
        return EXIT_OK
    print(
        json.dumps(
            {
                "flavour": report.server.flavour.value,
                "version": report.server.version,
                "deploymentType": report.server.deployment_type,
                "user": report.user.id,
                "displayName": report.user.display_name,
                "permissions": report.granted,
            }
        ),
        file=out,
    )
    return EXIT_OK


async def resolve_profile(
    request: CheckRequest,
    *,
    profiles: ProfileStore | None = None,
    secrets: SecretStore | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[Profile, Secret]:
    """The profile and secret ``request`` names: a saved profile, or a URL + ``JADE_TOKEN``.

    A URL is probed anonymously (serverInfo) to pick the flavour and so the way to sign in.
    Raises one of ``RESOLUTION_ERRORS``.
    """
    if request.profile:
        return await _saved(request.profile, profiles or ProfileStore(), secrets)
    return await _adhoc(request, transport)


def exit_code(error: BaseException) -> int:
    """The exit code scripts get for ``error``: 2 auth, 3 permission, 4 network, 5 protocol, 1."""
    return next((code for kind, code in EXIT_CODES if isinstance(error, kind)), EXIT_OTHER)


def report_failure(command: str, error: BaseException, err: TextIO) -> int:
    """Print ``command: error`` and the error's details to ``err``; return its exit code."""
    print(f"{command}: {error}", file=err)
    details = getattr(error, "details", "")
    if details:
        print(details, file=err)
    return exit_code(error)


def _token() -> Secret | None:
    value = os.environ.get(TOKEN_VARIABLE, "")
    return Secret(value) if value else None


async def _saved(
    name: str, store: ProfileStore, secrets: SecretStore | None
) -> tuple[Profile, Secret]:
    result = store.load()
    if result.problem:
        raise ValueError(result.problem)
    profile = next((p for p in result.profiles if p.name.casefold() == name.casefold()), None)
    if profile is None:
        raise ValueError(f"no saved profile is named {name!r}")
    secret = _token()
    if secret is None:
        keychain = secrets or SecretStore()
        try:
            secret = await keychain.get(profile.id)
        finally:
            if secrets is None:
                keychain.close()
    if secret is None:
        raise ValueError(f"no secret is stored for {profile.name!r}; set {TOKEN_VARIABLE}")
    return profile, secret


async def _adhoc(
    request: CheckRequest, transport: httpx.AsyncBaseTransport | None
) -> tuple[Profile, Secret]:
    if not request.url:
        raise ValueError("give the site's URL, or --profile NAME")
    secret = _token()
    if secret is None:
        raise ValueError(f"set the secret in the {TOKEN_VARIABLE} environment variable")
    tls = TlsOptions(verify=not request.insecure, ca_bundle=request.ca_bundle)
    verify: bool | str = str(request.ca_bundle) if request.ca_bundle and tls.verify else tls.verify
    # serverInfo answers anonymously: it tells which flavour, and so which way to sign in
    async with JiraClient(SiteConfig(request.url, verify=verify), transport=transport) as probe:
        flavour = (await probe.server_info()).flavour
    if flavour is Flavour.CLOUD:
        if not request.user:
            raise ValueError("Jira Cloud needs --user with the account e-mail")
        kind, auth = SiteKind.JIRA_CLOUD, AuthKind.CLOUD_TOKEN
    elif flavour is Flavour.LEGACY:
        kind, auth = SiteKind.JIRA_LEGACY, AuthKind.PASSWORD
    else:
        kind = SiteKind.JIRA_DATACENTER
        auth = AuthKind.PASSWORD if request.user else AuthKind.PAT
    profile = Profile(
        name="check", base_url=request.url, kind=kind, auth=auth, user=request.user, tls=tls
    )
    return validate_profile(profile), secret
