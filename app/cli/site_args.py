"""The site arguments every ``jade`` command shares, and resolving them to a profile and secret.

A site is named either by a URL (``--user`` for the login, the secret in ``JADE_TOKEN``) or by a
saved ``--profile NAME`` (the secret from the keychain, or ``JADE_TOKEN`` when set). There is no
option for the secret itself: a command line is visible to every user in the process list.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from app.api import errors
from app.api.config import SiteConfig
from app.api.platform import JiraClient
from app.domain.secret import Secret
from app.domain.site import AuthKind, Flavour, ServerInfo, SiteKind
from app.session import site_config
from app.store.profiles import Profile, ProfileError, ProfileStore, TlsOptions, validate_profile

if TYPE_CHECKING:
    import httpx

    from app.store.keychain import SecretStore

__all__ = [
    "SITE_ERRORS",
    "TOKEN_VARIABLE",
    "SecretUnavailableError",
    "SiteArguments",
    "SiteConnection",
    "connect_site",
    "resolve_site",
    "site_parent_parser",
]

TOKEN_VARIABLE = "JADE_TOKEN"  # noqa: S105 - the name of a variable, not a secret


class SecretUnavailableError(Exception):
    """The keychain could not give a saved profile's secret (the message says why)."""


# what resolving a site and talking to it may raise and a script should see as an exit code
SITE_ERRORS: tuple[type[Exception], ...] = (
    errors.ApiError,
    SecretUnavailableError,
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
    url, secret = _adhoc_url_and_secret(site)
    tls = _adhoc_tls(site)
    # serverInfo answers anonymously: it tells which flavour, and so which way to sign in
    flavour = await _anonymous_flavour(url, tls, transport)
    return _adhoc_profile(site, url, tls, flavour), secret


@dataclass(eq=False)
class SiteConnection:
    """A site named on the command line with its signed-in client; the profile once known.

    Close it with ``aclose()`` or ``async with``.
    """

    client: JiraClient
    _profile_for: Callable[[ServerInfo], Profile]
    # a URL without --user: when the token is refused, an anonymous serverInfo tells whether the
    # site is Cloud, which needs a login (a clearer reason than "credentials not accepted")
    _anonymous_flavour: Callable[[], Awaitable[Flavour]] | None = None

    async def __aenter__(self) -> SiteConnection:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Cancel what is in flight and close the site's connections."""
        await self.client.aclose()

    async def profile(self) -> Profile:
        """The site's profile; the first call asks ``serverInfo`` which Jira it is, signed in.

        Raises one of ``SITE_ERRORS``.
        """
        try:
            server = await self.client.server_info()
        except errors.AuthenticationError as error:
            if self._anonymous_flavour and await self._anonymous_flavour() is Flavour.CLOUD:
                raise ValueError(_CLOUD_NEEDS_USER) from error
            raise
        return self._profile_for(server)


async def connect_site(
    site: SiteArguments,
    *,
    profiles: ProfileStore | None = None,
    secrets: SecretStore | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> SiteConnection:
    """A signed-in client for the site ``site`` names, before any request (``resolve_site``'s
    anonymous probe is left out: the first signed-in ``serverInfo`` tells the flavour).

    Raises one of ``SITE_ERRORS``.
    """
    if site.profile:
        profile, secret = await _saved(site.profile, profiles or ProfileStore(), secrets)
        client = JiraClient(site_config(profile, secret), transport=transport)
        return SiteConnection(client, lambda _server: profile)
    url, secret = _adhoc_url_and_secret(site)
    tls = _adhoc_tls(site)
    # Basic with the login is one header for every flavour that takes a login (Cloud's e-mail
    # + token, Data Center's and 4.x's username + password): no need to know the flavour first.
    # Without a login the secret can only be a Data Center personal access token.
    auth = AuthKind.PASSWORD if site.user else AuthKind.PAT
    provisional = validate_profile(
        Profile(
            name=_ADHOC_NAME,
            base_url=url,
            kind=SiteKind.JIRA_DATACENTER,
            auth=auth,
            user=site.user,
            tls=tls,
        )
    )
    client = JiraClient(site_config(provisional, secret), transport=transport)
    base_url = provisional.base_url

    def profile_for(server: ServerInfo) -> Profile:
        return _adhoc_profile(site, base_url, tls, server.flavour)

    async def anonymous_flavour() -> Flavour:
        return await _anonymous_flavour(base_url, tls, transport)

    return SiteConnection(client, profile_for, None if site.user else anonymous_flavour)


_ADHOC_NAME = "command line"  # shows in messages about a one-off profile; it is never saved


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
    secret = _token() or await _keychain_secret(profile, secrets)
    if secret is None:
        raise ValueError(f"no secret is stored for {profile.name!r}; set {TOKEN_VARIABLE}")
    return profile, secret


async def _keychain_secret(profile: Profile, secrets: SecretStore | None) -> Secret | None:
    # imported here: keyring (and D-Bus's secretstorage under it) is needed with --profile only
    from app.store.keychain import KeychainError, SecretStore  # noqa: PLC0415

    keychain = secrets or SecretStore()
    try:
        return await keychain.get(profile.id)
    except KeychainError as error:
        raise SecretUnavailableError(str(error)) from error
    finally:
        if secrets is None:
            keychain.close()


def _adhoc_url_and_secret(site: SiteArguments) -> tuple[str, Secret]:
    if not site.url:
        raise ValueError("give the site's URL, or --profile NAME")
    secret = _token()
    if secret is None:
        raise ValueError(f"set the secret in the {TOKEN_VARIABLE} environment variable")
    return site.url, secret


def _adhoc_tls(site: SiteArguments) -> TlsOptions:
    return TlsOptions(verify=not site.insecure, ca_bundle=site.ca_bundle)


async def _anonymous_flavour(
    url: str, tls: TlsOptions, transport: httpx.AsyncBaseTransport | None
) -> Flavour:
    verify: bool | str = str(tls.ca_bundle) if tls.ca_bundle and tls.verify else tls.verify
    async with JiraClient(SiteConfig(url, verify=verify), transport=transport) as probe:
        return (await probe.server_info()).flavour


def _adhoc_profile(site: SiteArguments, url: str, tls: TlsOptions, flavour: Flavour) -> Profile:
    """The one-off profile of a URL given on the command line, for the flavour it turned out to be."""
    if flavour is Flavour.CLOUD:
        if not site.user:
            raise ValueError(_CLOUD_NEEDS_USER)
        kind, auth = SiteKind.JIRA_CLOUD, AuthKind.CLOUD_TOKEN
    elif flavour is Flavour.LEGACY:
        kind, auth = SiteKind.JIRA_LEGACY, AuthKind.PASSWORD
    else:
        kind = SiteKind.JIRA_DATACENTER
        auth = AuthKind.PASSWORD if site.user else AuthKind.PAT
    profile = Profile(name=_ADHOC_NAME, base_url=url, kind=kind, auth=auth, user=site.user, tls=tls)
    return validate_profile(profile)


_CLOUD_NEEDS_USER = "Jira Cloud needs --user with the account e-mail"
