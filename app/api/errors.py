"""Every error the client layer raises, in one tree.

``str(error)`` is the text to show a user: Jira's own ``errorMessages``/``errors`` wording where
the server gave some, otherwise a sentence that says what happened. ``error.details`` is for the
"Details" disclosure and the log: HTTP status, method and URL. Neither ever holds a secret, an
``Authorization`` header or the body of a request.

```
ApiError                          anything raised by app.api
├── HttpStatusError               the server answered, with a status that means failure (.status)
│   ├── AuthenticationError       401; X-Seraph-LoginReason AUTHENTICATED_FAILED (Cloud runs a bad
│   │                             token as anonymous with 200); CAPTCHA lock-out; refused re-login
│   ├── PermissionDeniedError     403
│   ├── NotFoundError             404
│   │   └── NoSuchResourceError   404 that no Jira resource answered: Jersey's "null for uri", a
│   │                             web server's own page (the resource, or the whole API, is absent)
│   ├── ConflictError             409
│   ├── ValidationError           400, 422; .errors holds Jira's field errors
│   │   └── UnboundedQueryError   Cloud refused a search without a restriction (a hint is added)
│   ├── RateLimitedError          429; .retry_after .limit .remaining .reset .reason
│   └── ServerError               5xx
│       └── ResultWindowExceeded  DC refused a page past its result window (.limit); dc_search.py
├── ProtocolError                 an answer that is not what the API promises (not JSON, wrong shape)
│   ├── LoginPageError            an HTML login page where JSON was expected (SSO in front of Jira)
│   ├── NoJiraApiError            no Jira REST API at the site's address; .suggested_url names
│   │                             the address where Jira did answer, when one was found
│   └── TruncatedResponseError    the body was cut off
├── NetworkError                  no usable answer: DNS, refused, reset, proxy
│   ├── ConnectionDroppedError    the connection closed before any answer (retried when safe)
│   ├── NetworkTimeoutError       connecting or reading timed out
│   └── TlsError                  certificate or handshake failure
│       └── SchemeMismatchError   https:// to a plain-HTTP port, or http:// to a TLS port;
│                                 .suggested_url is the address with the other scheme
├── ClientClosedError             the site's client was closed while the request was in flight
├── NotOnThisJiraError            the site's Jira has no API for a feature (boards on Jira 4.3):
│                                 nothing was sent; .feature .version; panes show it in place
├── QueryTooLongError             a query too long for the URL of the GET that a server refusing
│                                 POST /search needs; dc_search.py
└── UnorderableSearchError        a search past DC's window in an order Jade cannot merge (.field,
                                  .key_order_jql: the same query ordered by key); search_windows.py
```

Any other status (405, 410, ...) raises ``HttpStatusError`` itself. Where Jade words the message
itself (a refused token, a missing API), what the server said goes to ``error.reply`` and shows
in ``details``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from http import HTTPStatus
from typing import TypedDict

__all__ = [
    "ApiError",
    "AuthenticationError",
    "ClientClosedError",
    "ConflictError",
    "ConnectionDroppedError",
    "ErrorContext",
    "HttpStatusError",
    "LoginPageError",
    "NetworkError",
    "NetworkTimeoutError",
    "NoJiraApiError",
    "NoSuchResourceError",
    "NotFoundError",
    "NotOnThisJiraError",
    "PermissionDeniedError",
    "ProtocolError",
    "RateLimitedError",
    "SchemeMismatchError",
    "ServerError",
    "TlsError",
    "TruncatedResponseError",
    "UnboundedQueryError",
    "ValidationError",
]


class ErrorContext(TypedDict, total=False):
    """Where an error happened, as keyword arguments for any error class."""

    status: int | None
    method: str
    url: str


class ApiError(Exception):
    """Base of every client-layer error; ``str()`` is the user-facing message."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        method: str = "",
        url: str = "",
        reply: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.method = method
        self.url = url
        # the server's own words, when the message is Jade's (e.g. "Basic Authentication
        # Failure" for a refused token): kept for the details, where an admin looks for them
        self.reply = reply

    def __str__(self) -> str:
        return self.message

    @property
    def details(self) -> str:
        """Status, method and URL, for a details pane or the log (never a secret)."""
        lines = []
        if self.status is not None:
            try:
                lines.append(f"HTTP {self.status} {HTTPStatus(self.status).phrase}")
            except ValueError:
                lines.append(f"HTTP {self.status}")
        if self.method or self.url:
            lines.append(f"{self.method} {self.url}".strip())
        if self.reply:
            lines.append(f"The server said: {self.reply}")
        return "\n".join(lines)


class HttpStatusError(ApiError):
    """The server answered with a status that means the request failed."""


class AuthenticationError(HttpStatusError):
    """The site did not accept the credentials (or the session could not be renewed)."""


class PermissionDeniedError(HttpStatusError):
    """403: signed in, but not allowed to do this."""


class NotFoundError(HttpStatusError):
    """404: no such resource, or one the user may not see."""


class NoSuchResourceError(NotFoundError):
    """404 from no Jira resource: the path is unknown here (Jersey), or no Jira serves it at all.

    Jira's own "not found" (a missing issue or project) is an error collection and stays a plain
    ``NotFoundError``; this one means the resource itself is absent, e.g. an older server without
    ``mypermissions``, or an address where no Jira REST API lives.
    """


class ConflictError(HttpStatusError):
    """409: the request conflicts with the resource's current state."""


class ValidationError(HttpStatusError):
    """400 or 422: the request was refused; ``errors`` maps field ids to Jira's messages."""

    def __init__(
        self,
        message: str,
        *,
        errors: Mapping[str, str] | None = None,
        status: int | None = None,
        method: str = "",
        url: str = "",
    ) -> None:
        super().__init__(message, status=status, method=method, url=url)
        self.errors: dict[str, str] = dict(errors or {})


class UnboundedQueryError(ValidationError):
    """Cloud refused a search without a restriction; the message adds how to bound it."""


class RateLimitedError(HttpStatusError):
    """429: too many requests; carries what the rate-limit headers said."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        limit: int | None = None,
        remaining: int | None = None,
        reset: datetime | None = None,
        reason: str = "",
        status: int | None = 429,
        method: str = "",
        url: str = "",
    ) -> None:
        super().__init__(message, status=status, method=method, url=url)
        self.retry_after = retry_after
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
        self.reason = reason

    @property
    def details(self) -> str:
        """The usual details plus the rate-limit figures."""
        extra = []
        if self.retry_after is not None:
            extra.append(f"Retry-After: {self.retry_after:g} s")
        if self.limit is not None:
            extra.append(f"limit {self.limit}, remaining {self.remaining}")
        if self.reset is not None:
            extra.append(f"resets at {self.reset.isoformat()}")
        if self.reason:
            extra.append(f"reason: {self.reason}")
        return "\n".join([super().details, *extra])


class ServerError(HttpStatusError):
    """5xx: the server (or a gateway in front of it) failed."""


class ProtocolError(ApiError):
    """The answer is not what the API promises: not JSON, or not the expected shape."""


class LoginPageError(ProtocolError):
    """An HTML login page came back where JSON was expected: usually SSO in front of the API."""


class NoJiraApiError(ProtocolError):
    """No Jira REST API at the site's address; ``suggested_url`` is where Jira did answer, if found."""

    def __init__(
        self,
        message: str,
        *,
        suggested_url: str | None = None,
        status: int | None = None,
        method: str = "",
        url: str = "",
        reply: str = "",
    ) -> None:
        super().__init__(message, status=status, method=method, url=url, reply=reply)
        self.suggested_url = suggested_url


class TruncatedResponseError(ProtocolError):
    """The answer's body was cut off before its end."""


class NetworkError(ApiError):
    """No usable answer: the host was not found, refused, reset, or a proxy failed."""


class ConnectionDroppedError(NetworkError):
    """The connection closed before any answer came back."""


class NetworkTimeoutError(NetworkError):
    """Connecting to, or waiting for, the server took longer than the configured timeout."""


class TlsError(NetworkError):
    """The TLS handshake failed: untrusted or mismatched certificate, or a client-cert problem."""


class SchemeMismatchError(TlsError):
    """The address's scheme does not fit the port: ``https://`` to plain HTTP, or the reverse.

    ``suggested_url`` is the site's address with the other scheme, when known (Jira answered
    there, or the port answered TLS).
    """

    def __init__(
        self,
        message: str,
        *,
        suggested_url: str | None = None,
        status: int | None = None,
        method: str = "",
        url: str = "",
        reply: str = "",
    ) -> None:
        super().__init__(message, status=status, method=method, url=url, reply=reply)
        self.suggested_url = suggested_url


class ClientClosedError(ApiError):
    """The site's client was closed while this request was still running."""


class NotOnThisJiraError(ApiError):
    """The site's Jira has no API for ``feature`` (e.g. boards on Jira 4.3); nothing was sent.

    ``str()`` reads "Boards: not available on Jira 4.3."; a pane shows it where the feature
    would be, rather than as a failure.
    """

    def __init__(self, feature: str, version: str, reason: str = "") -> None:
        text = f"{feature}: not available on Jira {version}."
        super().__init__(f"{text} {reason}" if reason else text)
        self.feature = feature
        self.version = version
