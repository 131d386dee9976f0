"""The sans-I/O core: requests as data, answers as data, and every decision made from them.

Nothing here opens a socket or sleeps. The transport (``transport.py``) hands in what came off
the wire as an ``ApiResponse`` and asks: is this an error (``error_for_response``), what does the
body decode to (``decode``), should it be retried and after how long (``RetryPolicy``), did a
cookie session lapse (``session_lapsed``), where does the next page start (the page cursors).
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import Any, Generic, TypeVar

import msgspec

from app.api.errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    ErrorContext,
    HttpStatusError,
    LoginPageError,
    NoSuchResourceError,
    NotFoundError,
    PermissionDeniedError,
    ProtocolError,
    RateLimitedError,
    ServerError,
    TruncatedResponseError,
    UnboundedQueryError,
    ValidationError,
)

__all__ = [
    "IDEMPOTENT_METHODS",
    "LOGIN_PAGE_MESSAGE",
    "UNBOUNDED_QUERY_HINT",
    "ApiRequest",
    "ApiResponse",
    "OffsetPage",
    "RetryPolicy",
    "TokenPage",
    "body_text",
    "decode",
    "error_for_response",
    "html_text",
    "is_error_collection",
    "looks_like_login_page",
    "next_offset",
    "next_token",
    "parse_rate_limit_reset",
    "parse_retry_after",
    "rate_limited_error",
    "redact_url",
    "remaining_offsets",
    "session_lapsed",
]

T = TypeVar("T")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
LOGIN_PAGE_MESSAGE = (
    "Expected JSON, but the server answered with a login page: is SSO in front of the API?"
)
_AUTH_FAILED_MESSAGE = (
    "Jira did not accept the credentials (X-Seraph-LoginReason: AUTHENTICATED_FAILED) and "
    "answered as an anonymous user: check the login and the token or password."
)
_AUTH_DENIED_MESSAGE = (
    "Jira refused the sign-in (AUTHENTICATION_DENIED): after too many failed attempts it asks "
    "for a CAPTCHA. Sign in once in a web browser, then try again."
)
_MAX_TEXT = 500
# Cloud's /search/jql, /search/approximate-count: JQL without a restriction is refused
_UNBOUNDED = "Unbounded JQL queries are not allowed here"
UNBOUNDED_QUERY_HINT = (
    'For example, start the query with "project = KEY" or "created >= -30d" (before any ORDER BY).'
)


# ----- requests and answers as data ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApiRequest:
    """One request to send: ``path`` is relative to the site's base URL, or absolute."""

    method: str
    path: str
    params: Mapping[str, str | int | Sequence[str]] | None = None
    # repr=False: a login body holds a password
    json: Any = field(default=None, repr=False)
    # an ``application/x-www-form-urlencoded`` body instead (pairs: a name may repeat, as in
    # ``milestones[]``); never together with ``json``
    form: Sequence[tuple[str, str]] | None = field(default=None, repr=False)
    # None: decided by the method; True for read-only POSTs (search), which are safe to resend
    idempotent: bool | None = None
    # False for the session login itself, which must go out without the session
    authenticated: bool = True

    @property
    def retry_safe(self) -> bool:
        """Whether sending it twice does no harm."""
        if self.idempotent is not None:
            return self.idempotent
        return self.method.upper() in IDEMPOTENT_METHODS


@dataclass(frozen=True, slots=True)
class ApiResponse:
    """What came back: status, headers (any case on the way in, lower case inside), body."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    method: str = "GET"
    url: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", {k.lower(): v for k, v in self.headers.items()})

    def header(self, name: str) -> str:
        """A header's value, or ``""``."""
        return self.headers.get(name.lower(), "")

    @property
    def is_html(self) -> bool:
        """Whether the body is an HTML page (by content type or by its first bytes)."""
        if "html" in self.header("content-type").lower():
            return True
        start = self.body[:200].lstrip().lower()
        return start.startswith((b"<!doctype html", b"<html"))


_SECRET_QUERY = re.compile(r"(token|password|passwd|secret|api[_-]?key|apikey)$", re.IGNORECASE)


def redact_url(url: str) -> str:
    """The URL without user info and with credential-like query values masked."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    query = parts.query
    if query:
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        # nextPageToken is a paging cursor, not a credential: keep cursors readable
        query = urllib.parse.urlencode(
            [
                (k, "***" if _SECRET_QUERY.search(k) and not k.endswith("PageToken") else v)
                for k, v in pairs
            ]
        )
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, ""))


# ----- rate limits --------------------------------------------------------------------------------


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delay-seconds or HTTP-date); None if unusable."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def parse_rate_limit_reset(value: str | None) -> datetime | None:
    """``X-RateLimit-Reset`` (ISO 8601, e.g. ``2024-05-01T10:00Z``) as an aware datetime."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _int_header(response: ApiResponse, name: str) -> int | None:
    raw = response.header(name).strip()
    return int(raw) if raw.isdigit() else None


def rate_limited_error(
    response: ApiResponse, message: str, now: datetime | None = None
) -> RateLimitedError:
    """A ``RateLimitedError`` carrying the figures from a 429's headers."""
    reason = response.header("ratelimit-reason") or response.header("x-ratelimit-reason")
    return RateLimitedError(
        message or "The site is limiting the rate of requests. Please try again later.",
        retry_after=parse_retry_after(response.headers.get("retry-after"), now),
        limit=_int_header(response, "x-ratelimit-limit"),
        remaining=_int_header(response, "x-ratelimit-remaining"),
        reset=parse_rate_limit_reset(response.header("x-ratelimit-reset")),
        reason=reason,
        status=response.status,
        method=response.method,
        url=response.url,
    )


# ----- turning bodies into words ------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_NOISE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def _clean(fragment: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def html_text(body: bytes) -> str:
    """The gist of an HTML page: its first ``<h1>``, else its ``<title>``, else its text."""
    page = body.decode("utf-8", errors="replace")
    for tag in ("h1", "title"):
        match = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}\s*>", page, re.IGNORECASE | re.DOTALL)
        if match and _clean(match.group(1)):
            return _clean(match.group(1))[:_MAX_TEXT]
    return _clean(_NOISE.sub(" ", page))[:_MAX_TEXT]


_LOGIN_MARKERS = re.compile(
    rb"""type\s*=\s*["']?password|os_username|SAMLRequest|<title[^>]*>[^<]*\b(log\s?in|sign\s?in)\b""",
    re.IGNORECASE,
)


def looks_like_login_page(body: bytes) -> bool:
    """Whether an HTML body is a sign-in form (Jira's own, or an SSO provider's)."""
    return bool(_LOGIN_MARKERS.search(body[:20000]))


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        # some APIs (e.g. Laravel-style ones) send a list of messages per field
        return " ".join(str(v) for v in value if v)
    return "" if value is None else str(value)


def body_text(response: ApiResponse) -> tuple[str, dict[str, str]]:
    """Jira's own words from an error body, and its field errors (``errors``)."""
    body = response.body
    if not body.strip():
        return "", {}
    if response.is_html:
        return html_text(body), {}
    try:
        data = msgspec.json.decode(body)
    except msgspec.DecodeError:
        return _SPACE.sub(" ", body.decode("utf-8", errors="replace")).strip()[:_MAX_TEXT], {}
    if isinstance(data, str):
        return data[:_MAX_TEXT], {}
    if not isinstance(data, dict):
        return "", {}
    messages = [_as_text(m) for m in data.get("errorMessages") or [] if m]
    raw_errors = data.get("errors")
    errors = (
        {str(k): _as_text(v) for k, v in raw_errors.items() if v}
        if isinstance(raw_errors, dict)
        else {}
    )
    if isinstance(raw_errors, list):
        # REST APIs other than Jira's: {"errors": ["...", {"message": "..."}]}
        messages.extend(
            _as_text(e.get("message") if isinstance(e, dict) else e) for e in raw_errors
        )
        messages = [m for m in messages if m]
    if not messages and not errors:
        # Cloud's 401 and Jersey's 404 say {"message": ..., "status-code": ...}
        for key in ("message", "errorMessage", "error"):
            if isinstance(data.get(key), str) and data[key]:
                messages = [data[key]]
                break
        nested = data.get("error")
        if not messages and isinstance(nested, dict) and nested.get("message"):
            # {"error": {"message": ..., "code": ...}}, as many JSON APIs wrap it
            messages = [_as_text(nested["message"])]
    return "\n".join([*messages, *errors.values()]), errors


def is_error_collection(response: ApiResponse) -> bool:
    """Whether the body is Jira's ``{"errorMessages": [...], "errors": {...}}`` (Jira's own words).

    A 404 without one came from no Jira resource: Jersey's ``{"message": "null for uri: ..."}``
    for a path it does not know, or a web server's page where no Jira is.
    """
    if response.is_html or not response.body.strip():
        return False
    try:
        data = msgspec.json.decode(response.body)
    except msgspec.DecodeError:
        return False
    return isinstance(data, dict) and ("errorMessages" in data or "errors" in data)


def _default_message(status: int) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unexpected status"
    return f"The server answered {status} {phrase}."


# ----- errors from answers ------------------------------------------------------------------------


def error_for_response(
    response: ApiResponse, now: datetime | None = None, *, token_refused: str = ""
) -> ApiError | None:
    """The error an answer means, or None when it is a success.

    ``token_refused`` is what to say when the sign-in fails for a request that sent a token as
    ``Bearer`` (Jira Data Center words every failure "Basic Authentication Failure", which reads
    as if a password had been sent); Jira's own words then go to the error's ``reply``.
    """
    status = response.status
    where: ErrorContext = {"status": status, "method": response.method, "url": response.url}
    login_reason = response.header("x-seraph-loginreason").upper()
    if 200 <= status < 300 and response.is_html and looks_like_login_page(response.body):
        return LoginPageError(LOGIN_PAGE_MESSAGE, **where)
    text, field_errors = body_text(response) if status >= 400 else ("", {})
    if token_refused and (status == 401 or "AUTHENTICATED_FAILED" in login_reason):
        return AuthenticationError(token_refused, reply=text, **where)
    if status == 401:
        return AuthenticationError(text or "The site did not accept the sign-in.", **where)
    if "AUTHENTICATED_FAILED" in login_reason:
        # Cloud runs a bad token as anonymous where anonymous access is allowed (200, or a 400
        # about anonymous users): the header is the only sign the credentials were wrong
        return AuthenticationError(_AUTH_FAILED_MESSAGE, **where)
    if "AUTHENTICATION_DENIED" in login_reason or (
        status == 403 and response.header("x-authentication-denied-reason")
    ):
        return AuthenticationError(_AUTH_DENIED_MESSAGE, **where)
    if status < 300:
        return None
    if status < 400:
        location = response.header("location")
        if re.search(r"login|sso|saml|auth", location, re.IGNORECASE):
            return LoginPageError(LOGIN_PAGE_MESSAGE, **where)
        return ProtocolError(
            f"The server redirected to {redact_url(location) or 'another address'}: "
            "use that address for the site.",
            **where,
        )
    message = text or _default_message(status)
    if status == 400 and _UNBOUNDED in message:
        # Jira says what is wrong but not what a restriction looks like
        hinted = f"{message.rstrip()} {UNBOUNDED_QUERY_HINT}"
        return UnboundedQueryError(hinted, errors=field_errors, **where)
    if status in (400, 422):
        return ValidationError(message, errors=field_errors, **where)
    if status == 403:
        return PermissionDeniedError(message, **where)
    if status == 404:
        if not is_error_collection(response):
            return NoSuchResourceError(message, **where)
        return NotFoundError(message, **where)
    if status == 409:
        return ConflictError(message, **where)
    if status == 429:
        return rate_limited_error(response, text, now)
    if status >= 500:
        return ServerError(message, **where)
    return HttpStatusError(message, **where)


def session_lapsed(response: ApiResponse) -> bool:
    """Whether a cookie-session request ran without the session (expired or logged out).

    Jira runs a request with an unknown session as anonymous: 401 where a user is required, and
    a quiet 200 with ``X-AUSERNAME: anonymous`` where anonymous access is allowed (which would
    otherwise show fewer projects without a word).
    """
    if response.status == 401:
        return True
    # an SSO login page is no lapse a cookie login can fix: it surfaces as LoginPageError
    return (
        200 <= response.status < 300
        and response.header("x-ausername") == "anonymous"
        and not response.is_html
    )


def decode(response: ApiResponse, type_: type[T]) -> T:
    """The JSON body as ``type_``; a ``ProtocolError`` (or subclass) when it is not that."""
    where: ErrorContext = {
        "status": response.status,
        "method": response.method,
        "url": response.url,
    }
    body = response.body
    if response.is_html:
        if looks_like_login_page(body):
            raise LoginPageError(LOGIN_PAGE_MESSAGE, **where)
        raise ProtocolError(
            f"Expected JSON, but the server answered with an HTML page: {html_text(body)}", **where
        )
    if not body.strip():
        raise ProtocolError("Expected JSON, but the server's answer was empty.", **where)
    try:
        return msgspec.json.decode(body, type=type_)
    except msgspec.ValidationError as exc:
        raise ProtocolError(
            f"The server's answer does not have the expected shape: {exc}", **where
        ) from None
    except msgspec.DecodeError as exc:
        if "truncated" in str(exc).lower():
            raise TruncatedResponseError(
                "The server's answer was cut off before its end.", **where
            ) from None
        raise ProtocolError(
            "Expected JSON, but the server's answer is not JSON.", **where
        ) from None


# ----- retries ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When to resend, and after how long: exponential backoff with jitter, ``Retry-After`` first.

    Retried: 429 (any method: Jira answers it before doing anything), 502/503/504 and connections
    dropped before any answer (only requests that are safe to send twice).
    """

    max_attempts: int = 4
    max_wait: float = 60.0  # a longer Retry-After surfaces as RateLimitedError instead
    base_delay: float = 0.5
    statuses: frozenset[int] = field(default_factory=lambda: frozenset({429, 502, 503, 504}))

    def backoff(self, attempt: int, jitter: float) -> float:
        """Delay after failed attempt ``attempt`` (1-based), with ``jitter`` in [0, 1)."""
        ceiling = min(self.max_wait, self.base_delay * 2.0 ** (attempt - 1))
        # "equal jitter": at least half the step, so retries never bunch up at zero
        return ceiling / 2 + ceiling / 2 * jitter

    def after_response(
        self,
        attempt: int,
        request: ApiRequest,
        response: ApiResponse,
        jitter: float,
        now: datetime | None = None,
    ) -> float | None:
        """Seconds to wait before resending after this answer, or None to give up."""
        if response.status not in self.statuses or attempt >= self.max_attempts:
            return None
        if response.status != 429 and not request.retry_safe:
            return None
        retry_after = parse_retry_after(response.headers.get("retry-after"), now)
        if retry_after is None:
            return self.backoff(attempt, jitter)
        if retry_after > self.max_wait:
            return None
        # a little on top: Cloud answers an early retry with the same or a longer wait
        return retry_after + min(1.0, retry_after * 0.1) * jitter

    def after_drop(self, attempt: int, request: ApiRequest, jitter: float) -> float | None:
        """Seconds to wait after the connection dropped without an answer, or None."""
        if attempt >= self.max_attempts or not request.retry_safe:
            return None
        return self.backoff(attempt, jitter)


# ----- page cursors -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OffsetPage(Generic[T]):
    """A page of an offset-paged list (``startAt``): DC search, project search, versions, members."""

    start: int
    max_results: int
    items: list[T]
    total: int | None = None
    is_last: bool | None = None


@dataclass(frozen=True, slots=True)
class TokenPage(Generic[T]):
    """A page of a token-paged list (Cloud ``/search/jql``)."""

    items: list[T]
    next_page_token: str | None = None
    is_last: bool | None = None


def remaining_offsets(first: OffsetPage[Any]) -> range | None:
    """Where the other pages start, when the first page tells the total; None when it does not."""
    if first.total is None:
        return None
    # step by the page size the server echoed: it may cap what was asked for
    step = first.max_results or len(first.items)
    if step <= 0 or first.is_last:
        return range(0)
    return range(first.start + step, first.total, step)


def next_offset(page: OffsetPage[Any]) -> int | None:
    """Where the next page starts when paging one by one (``isLast``), or None at the end."""
    if page.is_last or not page.items:
        return None
    following = page.start + len(page.items)
    if page.total is not None and following >= page.total:
        return None
    if page.is_last is None and page.total is None and len(page.items) < page.max_results:
        return None
    return following


def next_token(page: TokenPage[Any], seen: set[str]) -> str | None:
    """The token for the next page, or None at the end; a repeated token is a protocol error."""
    token = page.next_page_token
    # a missing token and a null token both mean the end (JRACLOUD-92184)
    if not token or page.is_last:
        return None
    if token in seen:
        raise ProtocolError("The server sent the same page token twice; stopped paging.")
    seen.add(token)
    return token
