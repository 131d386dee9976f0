"""Where Jira really answers, when the first contact with a site's address found no Jira there.

The first ``serverInfo`` of a site can fail in ways that mean "wrong address" rather than "Jira
failed": a 404 that no Jira resource wrote, an HTML page or other non-Jira answer, a redirect,
``https://`` to a plain-HTTP port (``WRONG_VERSION_NUMBER``) or ``http://`` to a TLS port (the
server hangs up, or nginx answers 400 "The plain HTTP request was sent to HTTPS port").
``explain_first_contact`` then looks, anonymously and once per address, where Jira does answer,
and returns the error to show, naming that address:

- the address itself, following its redirects (Jira behind a redirect to its real address);
- the address's parent paths, then the usual context paths ``/jira`` and ``/``;
- the same address with the other scheme.

Nothing here signs in: the addresses tried may be another host's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urljoin, urlsplit, urlunsplit

from app.api import wire
from app.api.core import ApiResponse, decode, redact_url
from app.api.errors import (
    ApiError,
    ConnectionDroppedError,
    LoginPageError,
    NoJiraApiError,
    NoSuchResourceError,
    ProtocolError,
    SchemeMismatchError,
    TlsError,
    TruncatedResponseError,
)

__all__ = [
    "CONTEXT_PATHS",
    "SERVER_INFO_PATHS",
    "Fetch",
    "candidate_bases",
    "explain_first_contact",
    "jira_at",
    "shown_address",
    "with_scheme",
]

log = logging.getLogger(__name__)

# one anonymous GET of an absolute URL, any status returned (SiteTransport.fetch)
Fetch = Callable[[str], Awaitable[ApiResponse]]

SERVER_INFO_PATHS = ("rest/api/2/serverInfo", "rest/api/2.0.alpha1/serverInfo")
CONTEXT_PATHS = ("/jira", "/")  # where Jira is usually deployed on its host
MAX_REDIRECTS = 5


def _strip(base_url: str) -> str:
    return base_url.rstrip("/")


def shown_address(base_url: str) -> str:
    """The address as a person reads it: ``http://host/`` for a root, ``http://host/jira`` else."""
    parts = urlsplit(base_url)
    return base_url if parts.path.strip("/") else urlunsplit((*parts[:2], "/", "", ""))


def with_scheme(base_url: str, scheme: str) -> str:
    """``base_url`` with ``scheme`` (http or https), host, port and path unchanged."""
    return urlunsplit((scheme, *urlsplit(_strip(base_url))[1:3], "", ""))


def candidate_bases(base_url: str) -> list[str]:
    """Other addresses the Jira of ``base_url`` may answer at: its parent paths, ``/jira``, ``/``."""
    parts = urlsplit(_strip(base_url))
    origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    segments = [s for s in parts.path.split("/") if s]
    parents = ["/" + "/".join(segments[:n]) for n in range(len(segments) - 1, 0, -1)]
    found: list[str] = []
    for path in (*parents, *CONTEXT_PATHS):
        candidate = _strip(origin + path)
        if candidate != _strip(base_url) and candidate not in found:
            found.append(candidate)
    return found


async def _follow(fetch: Fetch, url: str) -> tuple[ApiResponse, str]:
    """The answer for ``url`` after its redirects, and the URL that gave it."""
    for _ in range(MAX_REDIRECTS):
        response = await fetch(url)
        location = response.header("location")
        if not (300 <= response.status < 400 and location):
            return response, url
        url = urljoin(url, location)
    raise ProtocolError(f"More than {MAX_REDIRECTS} redirects from {redact_url(url)}.", url=url)


def _is_server_info(response: ApiResponse) -> bool:
    if response.status != 200:
        return False
    try:
        info = decode(response, wire.ServerInfoWire)
    except ProtocolError:
        return False  # an answer, but not Jira's: this address is not the one
    return bool(info.version)


async def jira_at(fetch: Fetch, base_url: str) -> str | None:
    """The address whose ``serverInfo`` answers as Jira, from ``base_url`` on; None if none."""
    for path in SERVER_INFO_PATHS:
        try:
            response, answered = await _follow(fetch, f"{_strip(base_url)}/{path}")
        except ApiError as error:
            # an expected outcome of looking around: this address does not answer
            log.debug("no Jira at %s: %s", redact_url(base_url), error)
            return None
        if _is_server_info(response) and urlsplit(answered).path.endswith(f"/{path}"):
            parts = urlsplit(answered)
            found = urlunsplit((*parts[:2], parts.path[: -len(path) - 1], "", ""))
            return _strip(found)
        if response.status != 404:
            return None  # something answers here, and not as Jira; 4.x only if it is a 404
    return None


async def _elsewhere(fetch: Fetch, base_url: str, redirected: bool) -> str | None:
    """Where Jira answers instead of ``base_url``: where it redirects, else the candidates."""
    if redirected:
        found = await jira_at(fetch, base_url)
        if found is not None and found != _strip(base_url):
            return found
    candidates = candidate_bases(base_url)
    # all at once (the transport limits how many); the first candidate in order wins
    answers = await asyncio.gather(*(jira_at(fetch, c) for c in candidates))
    return next((a for a in answers if a is not None and a != _strip(base_url)), None)


def _no_jira_here(error: ApiError) -> bool:
    if isinstance(error, NoSuchResourceError):
        return True
    # an HTML page, something not JSON, not serverInfo's shape, or a redirect; a login page
    # (SSO in front of Jira) and a cut-off answer are about the right address
    return isinstance(error, ProtocolError) and not isinstance(
        error, (LoginPageError, TruncatedResponseError)
    )


def _plain_to_tls(error: ApiError, base_url: str) -> bool:
    # a TLS port hangs up on plain HTTP, or (nginx) answers 400 "The plain HTTP request was sent
    # to HTTPS port" under an <h1>400 Bad Request</h1>; a GET of serverInfo is never a 400 else
    return base_url.startswith("http:") and (
        isinstance(error, ConnectionDroppedError) or error.status == 400
    )


async def explain_first_contact(error: ApiError, base_url: str, fetch: Fetch) -> ApiError:
    """The error to show for a first ``serverInfo`` that failed: ``error``, or a better one."""
    where = urlsplit(base_url).netloc
    if isinstance(error, SchemeMismatchError) and base_url.startswith("https:"):
        plain = with_scheme(base_url, "http")
        found = await jira_at(fetch, plain)
        if found is None:
            error.suggested_url = plain
            return error
        return SchemeMismatchError(
            f"{where} speaks plain HTTP, not HTTPS (WRONG_VERSION_NUMBER). Jira answers at "
            f"{shown_address(found)} — use that address.",
            suggested_url=found,
            method=error.method,
            url=error.url,
        )
    if _plain_to_tls(error, base_url):
        return await _explain_plain_to_tls(error, base_url, fetch)
    if not _no_jira_here(error):
        return error
    redirected = error.status is not None and 300 <= error.status < 400
    found = await _elsewhere(fetch, base_url, redirected)
    said = f"No Jira REST API at this address ({_strip(base_url)})"
    if found is not None:
        moved = ": it redirects elsewhere. " if redirected else ". "
        message = f"{said}{moved}Jira answers at {shown_address(found)} — use that address."
    else:
        message = (
            f"{said}: check the site's address (the address of Jira in a web browser, "
            "without /secure/… or /browse/…)."
        )
    return NoJiraApiError(
        message,
        suggested_url=found,
        status=error.status,
        method=error.method,
        url=error.url,
        reply=str(error),
    )


async def _explain_plain_to_tls(error: ApiError, base_url: str, fetch: Fetch) -> ApiError:
    secure = with_scheme(base_url, "https")
    where = urlsplit(base_url).netloc
    try:
        response, answered = await _follow(fetch, f"{secure}/{SERVER_INFO_PATHS[0]}")
    except SchemeMismatchError:
        return error  # no TLS there either: the first failure is the one to show
    except TlsError as tls:
        # a handshake took place (and failed, e.g. on the certificate): this port speaks TLS
        return SchemeMismatchError(
            f"{where} speaks HTTPS, not plain HTTP: use {shown_address(secure)}. {tls}",
            suggested_url=secure,
            method=error.method,
            url=error.url,
        )
    except ApiError as other:
        log.debug("no HTTPS at %s either: %s", redact_url(secure), other)
        return error
    path = SERVER_INFO_PATHS[0]
    found = None
    if _is_server_info(response) and answered.endswith(f"/{path}"):
        found = _strip(answered[: -len(path) - 1])
    advice = (
        f"Jira answers at {shown_address(found)} — use that address."
        if found
        else f"Try {shown_address(secure)}."
    )
    return SchemeMismatchError(
        f"{where} speaks HTTPS, not plain HTTP. {advice}",
        suggested_url=found or secure,
        method=error.method,
        url=error.url,
    )
