"""The sandbox's HTTP plumbing: Jira error bodies, JSON responses, authentication and the knobs.

``SandboxApp`` wraps the Starlette router as a plain ASGI callable. Before a request reaches a
route it applies, in order: the latency knob, queued faults, the per-user rate limit, and
authentication (the user is stored in ``scope["jade.user"]``).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import math
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from app.sandbox.model import Flavour, User
from app.sandbox.render import Ctx
from app.sandbox.store import Store

__all__ = [
    "FAULTS",
    "JiraError",
    "JsonResponse",
    "Knobs",
    "MethodNotAllowed",
    "NoSuchResource",
    "SandboxApp",
    "UnmappableBody",
    "ctx",
    "current_user",
    "query_int",
    "read_json",
    "require_admin",
    "require_user",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

FAULTS = ("500", "503", "drop", "truncate", "html-login")
LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Log in - Jira</title></head><body>"
    b'<form id="login-form" action="/login.jsp" method="post"><label>Username</label>'
    b'<input name="os_username"><label>Password</label><input type="password" '
    b'name="os_password"><button>Log In</button></form></body></html>'
)
_encoder = msgspec.json.Encoder()
_log = logging.getLogger(__name__)


class JsonResponse(Response):
    """A JSON response encoded with msgspec, as Jira labels it."""

    media_type = "application/json;charset=UTF-8"

    def render(self, content: Any) -> bytes:
        """Encode ``content`` to JSON bytes."""
        return _encoder.encode(content)


class JiraError(Exception):
    """An error answered with Jira's body ``{"errorMessages": [...], "errors": {...}}``."""

    def __init__(
        self,
        status: int,
        *messages: str,
        errors: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status}: {'; '.join(messages) or errors}")
        self.status = status
        self.messages = list(messages)
        self.errors = errors or {}
        self.headers = headers or {}

    def response(self) -> Response:
        """The HTTP response Jira gives for this error."""
        return JsonResponse(
            {"errorMessages": self.messages, "errors": self.errors},
            status_code=self.status,
            headers=self.headers,
        )


@dataclass
class Knobs:
    """Test and demo knobs, changeable while the sandbox runs."""

    latency_ms: float = 0.0
    rate_limit: int = 0  # requests per window and user; 0 = unlimited
    rate_window_s: float = 10.0
    faults: deque[str] = field(default_factory=deque)
    # REST resources this site lacks (e.g. "mypermissions", as on a server or gateway without
    # it): answered with Jersey's 404 for an unknown resource
    absent: set[str] = field(default_factory=set)
    _windows: dict[str, tuple[float, int]] = field(default_factory=dict)

    def queue_faults(self, kind: str, count: int = 1) -> None:
        """Make the next ``count`` REST requests fail in the way ``kind`` names."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; choose from {', '.join(FAULTS)}")
        self.faults.extend([kind] * count)

    def take_fault(self) -> str | None:
        """The fault for this request, if one is queued."""
        return self.faults.popleft() if self.faults else None

    def charge(self, who: str, now: float) -> float | None:
        """Count one request for ``who``; return seconds to wait when over the limit."""
        if self.rate_limit <= 0:
            return None
        start, used = self._windows.get(who, (now, 0))
        if now - start >= self.rate_window_s:
            start, used = now, 0
        if used >= self.rate_limit:
            self._windows[who] = (start, used)
            return max(0.0, self.rate_window_s - (now - start))
        self._windows[who] = (start, used + 1)
        return None

    def remaining(self, who: str) -> int:
        """Requests left in the current window for ``who``."""
        _, used = self._windows.get(who, (0.0, 0))
        return max(0, self.rate_limit - used)

    def as_dict(self) -> dict[str, Any]:
        """The knobs as the control endpoint shows them."""
        return {
            "latency_ms": self.latency_ms,
            "rate_limit": self.rate_limit,
            "rate_window_s": self.rate_window_s,
            "faults": list(self.faults),
            "absent": sorted(self.absent),
        }


# ----- helpers for routes -------------------------------------------------------------------------


def store_of(request: Request) -> Store:
    """The site a request is served from."""
    store: Store = request.app.state.store
    return store


def ctx(request: Request) -> Ctx:
    """A rendering context for the request's API version and host."""
    parts = request.url.path.split("/")
    api = parts[3] if len(parts) > 3 and parts[1] == "rest" and parts[2] == "api" else "2"
    base = f"{request.url.scheme}://{request.url.netloc}"
    return Ctx(store_of(request), base, api)


def current_user(request: Request) -> User | None:
    """The authenticated user, or None for an anonymous request."""
    user: User | None = request.scope.get("jade.user")
    return user


def require_user(request: Request) -> User:
    """The authenticated user; answer 401 as Jira does when there is none."""
    user = current_user(request)
    if user is not None:
        return user
    if store_of(request).flavour is Flavour.CLOUD:
        raise _CloudUnauthenticated()
    raise JiraError(
        401,
        "You are not authenticated. Authentication required to perform this operation.",
        headers={"WWW-Authenticate": 'Basic realm="protected-area"'},
    )


def require_admin(request: Request, message: str | None = None) -> User:
    """The authenticated user if a Jira administrator; 403 otherwise."""
    user = require_user(request)
    if not user.is_admin:
        raise JiraError(
            403, message or "You must have global administrator rights in order to modify projects."
        )
    return user


class _CloudUnauthenticated(JiraError):
    def __init__(self) -> None:
        super().__init__(401, "Client must be authenticated to access this resource.")

    def response(self) -> Response:
        return JsonResponse(
            {
                "message": "Client must be authenticated to access this resource.",
                "status-code": 401,
            },
            status_code=401,
            headers={"WWW-Authenticate": 'OAuth realm="https%3A%2F%2Fjade-sandbox.atlassian.net"'},
        )


class NoSuchResource(JiraError):
    """A 404 for a URI no resource answers: Jersey's status entity, not an ErrorCollection.

    Jira writes ``{"message": "null for uri: <full URL>", "status-code": 404}`` for these
    (recorded e.g. in solidify/jira-azuredevops-migrator#13).
    """

    def __init__(self, request: Request) -> None:
        super().__init__(404, f"null for uri: {request.url}")

    def response(self) -> Response:
        """Jersey's body for an unknown resource."""
        return JsonResponse(
            {"message": self.messages[0], "status-code": 404}, status_code=404, headers=self.headers
        )


class UnmappableBody(JiraError):
    """A 400 from Jackson, before the resource runs: ``errorMessages`` only, no ``errors``."""

    def response(self) -> Response:
        """Jackson's body (recorded: samples/error_400_unrecognized_field_server__jira-ruby)."""
        return JsonResponse({"errorMessages": self.messages}, status_code=self.status)


class MethodNotAllowed(JiraError):
    """A 405 for a method the resource does not have in this flavour: Jersey sends no body."""

    def __init__(self, *allowed: str) -> None:
        super().__init__(405, headers={"Allow": ",".join(("OPTIONS", *allowed))})

    def response(self) -> Response:
        """An empty 405 with the ``Allow`` header."""
        return Response(status_code=405, headers=self.headers)


async def read_json(request: Request) -> Any:
    """The request body as JSON; a 400 with Jackson's wording when it is not JSON."""
    raw = await request.body()
    if not raw.strip():
        raise JiraError(400, "No content to map to Object due to end of input")
    try:
        return msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        raise JiraError(400, f"Unexpected character: {exc}") from None


def query_int(request: Request, name: str, default: int) -> int:
    """An integer query parameter; 400 as Jira words it when it is not a number."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise JiraError(400, f"The '{name}' parameter must be a number, but was '{raw}'.") from None


# ----- the ASGI wrapper ---------------------------------------------------------------------------


class SandboxApp:
    """ASGI entry point: knobs and authentication around the Starlette app."""

    def __init__(
        self, inner: ASGIApp, store: Store, knobs: Knobs, *, personal_tokens: bool = True
    ) -> None:
        self.inner = inner
        self.store = store
        self.knobs = knobs
        self.personal_tokens = personal_tokens  # whether a Data Center site takes Bearer PATs

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection scope."""
        try:
            await self._serve(scope, receive, send)
        except ClientDisconnect:
            # a client that cancels (Jade stopping an issue count) hangs up while its body is
            # read or its answer sent: normal for a server, so no traceback, and nothing to
            # answer (uvicorn drops what is sent after the hang-up)
            _log.debug("client hung up during %s %s", scope.get("method"), scope.get("path"))

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/rest/"):
            await self.inner(scope, receive, send)
            return
        if self.knobs.latency_ms > 0:
            await asyncio.sleep(self.knobs.latency_ms / 1000)
        fault = self.knobs.take_fault()
        if fault is not None and fault != "truncate":
            await self._fault(fault, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        user, failed = self._authenticate(headers)
        who = user.key if user else f"anon:{(scope.get('client') or ('?', 0))[0]}"
        wait = self.knobs.charge(who, time.monotonic())
        if wait is not None:
            await self._rate_limited(who, wait, send)
            return
        scope["jade.user"] = user
        if failed and self.store.flavour is Flavour.DATACENTER:
            body = b"Basic Authentication Failure - Reason : AUTHENTICATED_FAILED"
            await _send_raw(
                send,
                401,
                body,
                "text/html;charset=UTF-8",
                {
                    "X-Seraph-LoginReason": "AUTHENTICATED_FAILED",
                    "WWW-Authenticate": 'Basic realm="protected-area"',
                    "X-AUSERNAME": "anonymous",
                },
            )
            return
        extra = self._identity_headers(user, failed, who)
        if scope["path"].rstrip("/").rpartition("/")[2] in self.knobs.absent:
            # after sign-in, as in Jira: Seraph checks credentials before Jersey routes
            body = _encoder.encode(
                {"message": f"null for uri: {Request(scope).url}", "status-code": 404}
            )
            await _send_raw(send, 404, body, "application/json;charset=UTF-8", extra)
            return
        send_wrapped = _with_headers(send, extra)
        if fault == "truncate":
            send_wrapped = _truncating(send_wrapped)
        await self.inner(scope, receive, send_wrapped)

    def _authenticate(self, headers: dict[str, str]) -> tuple[User | None, bool]:
        auth = headers.get("authorization", "")
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "basic":
            try:
                login, _, secret = base64.b64decode(value, validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return None, True
            user = (
                self.store.user_by_email(login)
                if self.store.flavour is Flavour.CLOUD
                else self.store.user_by_name(login)
            )
            if user is not None and user.active and secrets.compare_digest(user.secret, secret):
                return user, False
            return None, True
        if scheme.lower() == "bearer":
            if self.store.flavour is Flavour.DATACENTER and self.personal_tokens:
                for user in self.store.users.values():
                    if user.pat and user.active and secrets.compare_digest(user.pat, value):
                        return user, False
            return None, True
        cookies = headers.get("cookie", "")
        for part in cookies.split(";"):
            name, _, val = part.strip().partition("=")
            if name == "JSESSIONID":
                key = self.store.sessions.get(val)
                if key is not None:
                    return self.store.users[key], False
        # an unknown or expired session is simply anonymous, as in Jira
        return None, False

    def _identity_headers(self, user: User | None, failed: bool, who: str) -> dict[str, str]:
        out = {"X-AUSERNAME": user.name if user else "anonymous"}
        if user is not None:
            out["X-Seraph-LoginReason"] = "OK"
            if self.store.flavour is Flavour.CLOUD:
                out["X-AACCOUNTID"] = user.account_id
        elif failed:
            out["X-Seraph-LoginReason"] = "AUTHENTICATED_FAILED"
        if self.knobs.rate_limit > 0:
            out["X-RateLimit-Limit"] = str(self.knobs.rate_limit)
            out["X-RateLimit-Remaining"] = str(self.knobs.remaining(who))
        return out

    async def _rate_limited(self, who: str, wait: float, send: Send) -> None:
        retry = max(1, math.ceil(wait))
        reset = datetime.now(UTC) + timedelta(seconds=wait)
        headers = {
            "Retry-After": str(retry),
            "X-RateLimit-Limit": str(self.knobs.rate_limit),
            "X-RateLimit-Remaining": "0",
        }
        if self.store.flavour is Flavour.CLOUD:
            headers["X-RateLimit-Reset"] = reset.strftime("%Y-%m-%dT%H:%MZ")
            headers["RateLimit-Reason"] = "jira-burst-based"
            body = _encoder.encode(
                {
                    "errorMessages": ["The request has been rate-limited. Please try again later."],
                    "errors": {},
                    "status": 429,
                }
            )
            await _send_raw(send, 429, body, "application/json;charset=UTF-8", headers)
        else:
            headers["X-RateLimit-Interval-Seconds"] = str(int(self.knobs.rate_window_s))
            headers["X-RateLimit-FillRate"] = str(self.knobs.rate_limit)
            body = (
                b'<!doctype html><html lang="en"><head><title>HTTP Status 429 - Too Many '
                b"Requests</title></head><body><h1>Rate limit exceeded.</h1></body></html>"
            )
            await _send_raw(send, 429, body, "text/html;charset=utf-8", headers)

    async def _fault(self, fault: str, send: Send) -> None:
        if fault == "500":
            body = _encoder.encode({"errorMessages": ["Internal server error"], "errors": {}})
            await _send_raw(send, 500, body, "application/json;charset=UTF-8", {})
        elif fault == "503":
            body = (
                b"<html><body><h1>503 Service Unavailable</h1>No server is available.</body></html>"
            )
            await _send_raw(send, 503, body, "text/html", {"Retry-After": "1"})
        elif fault == "html-login":
            await _send_raw(
                send,
                200,
                LOGIN_PAGE,
                "text/html;charset=UTF-8",
                {
                    "X-Seraph-LoginReason": "AUTHENTICATION_DENIED",
                },
            )
        elif fault == "drop":
            _drop_connection(send)


def _drop_connection(send: Send) -> None:
    """Close the TCP connection without any response (uvicorn), or fail the in-process call."""
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is not None:
        transport.abort()
        return
    raise ConnectionResetError("the sandbox dropped the connection (fault knob)")


async def _send_raw(
    send: Send, status: int, body: bytes, media: str, headers: dict[str, str]
) -> None:
    raw = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def _with_headers(send: Send, extra: dict[str, str]) -> Send:
    encoded = [(k.lower().encode(), v.encode()) for k, v in extra.items()]

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = list(message.get("headers", [])) + encoded
        await send(message)

    # keep the bound-method hook that _drop_connection looks for
    wrapped.__self__ = getattr(send, "__self__", None)  # type: ignore[attr-defined]
    return wrapped


def _truncating(send: Send) -> Send:
    """Send the headers as they are but only half of the body, then stop."""
    state = {"done": False}

    async def wrapped(message: Message) -> None:
        if state["done"]:
            return
        if message["type"] == "http.response.body":
            body = message.get("body", b"")
            state["done"] = True
            await send(
                {"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True}
            )
            cycle = getattr(send, "__self__", None)
            transport = getattr(cycle, "transport", None)
            if transport is not None:
                transport.close()
            else:
                await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        await send(message)

    wrapped.__self__ = getattr(send, "__self__", None)  # type: ignore[attr-defined]
    return wrapped
