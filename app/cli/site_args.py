"""The site arguments every ``jade`` command shares, and resolving them to a profile and secret.

A site is named either by a URL (``--user`` for the login, the secret in ``JADE_TOKEN``) or by a
saved ``--profile NAME`` (the secret from the keychain, or ``JADE_TOKEN`` when set). There is no
option for the secret itself: a command line is visible to every user in the process list.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

import httpx

from app.api import errors
from app.api.config import SiteConfig
from app.api.platform import JiraClient
from app.domain.secret import Secret
from app.domain.site import AuthKind, Flavour, SiteKind
from app.store.keychain import KeychainError, SecretStore
from app.store.profiles import Profile, ProfileError, ProfileStore, TlsOptions, validate_profile

__all__ = [
    "SITE_ERRORS",
    "TOKEN_VARIABLE",
    "SiteArguments",
    "resolve_site",
    "site_parent_parser",
]

TOKEN_VARIABLE = "JADE_TOKEN"  # noqa: S105 - the name of a variable, not a secret
# what resolving a site and talking to it may raise and a script should see as an exit code
SITE_ERRORS: tuple[type[Exception], ...] = (
    errors.ApiError,
    KeychainError,
    ProfileError,
    ValueError,
)


@dataclass(frozen=True, slots=True)
class SiteArguments:
    """Which site a command was pointed at and as whom; never the secret."""

    url: str | None = None
    user: str = ""
    profile: str | None = None
    ca_bundle: Path | None = None
    insecure: bool = False

    @classmethod
    def from_namespace(cls, args: argparse.Namespace) -> SiteArguments:
        """The site arguments ``site_parent_parser`` put into ``args``."""
        return cls(args.url, args.user, args.profile, args.ca_bundle, args.insecure)


def site_parent_parser() -> argparse.ArgumentParser:
    """The parent parser every site command lists in ``parents=``: URL, --profile, --user, TLS."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group(
        "site",
        f"a URL with --user and the secret in {TOKEN_VARIABLE}, or --profile NAME (the secret "
        "from the keychain); never the secret itself on the command line",
    )
    group.add_argument("url", nargs="?", help="the site's base URL")
    group.add_argument(
        "--user",
        default="",
        help="account e-mail (Cloud) or username (Data Center); omit it on Data Center to send "
        f"{TOKEN_VARIABLE} as a personal access token",
    )
    group.add_argument("--profile", metavar="NAME", help="use a saved profile")
    group.add_argument("--ca-bundle", type=Path, metavar="PEM", help="PEM bundle of CAs to trust")
    group.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")
    return parent


async def resolve_site(
    site: SiteArguments,
    *,
    profiles: ProfileStore | None = None,
    secrets: SecretStore | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[Profile, Secret]:
    """The profile and secret ``site`` names: a saved profile, or a URL + ``JADE_TOKEN``.

    A URL is probed anonymously (serverInfo) to pick the flavour and so the way to sign in.
    Raises one of ``SITE_ERRORS``.
    """
    if site.profile:
        return await _saved(site.profile, profiles or ProfileStore(), secrets)
    return await _adhoc(site, transport)


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
    site: SiteArguments, transport: httpx.AsyncBaseTransport | None
) -> tuple[Profile, Secret]:
    if not site.url:
        raise ValueError("give the site's URL, or --profile NAME")
    secret = _token()
    if secret is None:
        raise ValueError(f"set the secret in the {TOKEN_VARIABLE} environment variable")
    tls = TlsOptions(verify=not site.insecure, ca_bundle=site.ca_bundle)
    verify: bool | str = str(site.ca_bundle) if site.ca_bundle and tls.verify else tls.verify
    # serverInfo answers anonymously: it tells which flavour, and so which way to sign in
    async with JiraClient(SiteConfig(site.url, verify=verify), transport=transport) as probe:
        flavour = (await probe.server_info()).flavour
    if flavour is Flavour.CLOUD:
        if not site.user:
            raise ValueError("Jira Cloud needs --user with the account e-mail")
        kind, auth = SiteKind.JIRA_CLOUD, AuthKind.CLOUD_TOKEN
    elif flavour is Flavour.LEGACY:
        kind, auth = SiteKind.JIRA_LEGACY, AuthKind.PASSWORD
    else:
        kind = SiteKind.JIRA_DATACENTER
        auth = AuthKind.PASSWORD if site.user else AuthKind.PAT
    # the name shows in messages about this one-off profile; it is never saved
    profile = Profile(
        name="command line", base_url=site.url, kind=kind, auth=auth, user=site.user, tls=tls
    )
    return validate_profile(profile), secret
