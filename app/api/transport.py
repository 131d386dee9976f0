"""The thin async shell: one ``httpx.AsyncClient`` per site, around the sans-I/O core.

It adds what needs a clock or a socket: sign-in headers and cookie sessions (re-login once when a
session lapses), a per-site concurrency limit, retries with the core's backoff (the sleep is
injectable), mapping of httpx and socket failures to ``NetworkError``, and cancellation: each
request runs in its own task, so cancelling the caller cancels the request, and ``aclose()``
cancels every request still in flight before it closes the connections.
"""

from __future__ import annotations

import asyncio
import logging
import random
import socket
import ssl
import time
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

import httpx
import msgspec

from app.api import core
from app.api.auth import CookieSession, refusal_message
from app.api.config import SiteConfig
from app.api.core import ApiRequest, ApiResponse, RetryPolicy
from app.api.errors import (
    AuthenticationError,
    ClientClosedError,
    ConnectionDroppedError,
    ErrorContext,
    NetworkError,
    NetworkTimeoutError,
    SchemeMismatchError,
    TlsError,
    TruncatedResponseError,
)
from app.api.wire import SessionLoginWire

__all__ = ["USER_AGENT", "SiteTransport", "Sleep", "network_error", "ssl_context_for"]

T = TypeVar("T")
log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[None]]

USER_AGENT = "Jade/0.1 (Jira admin client; httpx)"


def ssl_context_for(config: SiteConfig) -> ssl.SSLContext | bool:
    """What httpx's ``verify=`` gets: a context when a CA bundle or client certificate is set."""
    verify = config.verify
    try:
        if isinstance(verify, bool):
            if config.client_cert is None:
                return verify
            context = httpx.create_ssl_context(verify=verify, trust_env=config.trust_env)
        else:
            path = Path(verify)
            context = (
                ssl.create_default_context(capath=str(path))
                if path.is_dir()
                else ssl.create_default_context(cafile=str(path))
            )
        if isinstance(config.client_cert, tuple):
            cert, key = config.client_cert
            context.load_cert_chain(str(cert), str(key))
        elif config.client_cert is not None:
            context.load_cert_chain(str(config.client_cert))
    except (OSError, ssl.SSLError) as exc:
        # a missing or unreadable file is a settings problem the user can fix in the profile
        reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or str(exc)
        raise TlsError(
            f"Could not load the TLS certificates set for this site: {reason}.",
            url=core.redact_url(config.base_url),
        ) from exc
    return context


def _build_client(
    config: SiteConfig, transport: httpx.AsyncBaseTransport | None
) -> httpx.AsyncClient:
    timeout = httpx.Timeout(
        connect=config.connect_timeout,
        read=config.read_timeout,
        write=config.read_timeout,
        pool=config.connect_timeout,
    )
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if transport is not None:
        # trust_env=False: environment proxies would otherwise be mounted over the injected one
        return httpx.AsyncClient(
            base_url=config.base_url,
            headers=headers,
            timeout=timeout,
            transport=transport,
            trust_env=False,
            follow_redirects=False,
        )
    return httpx.AsyncClient(
        base_url=config.base_url,
        headers=headers,
        timeout=timeout,
        limits=httpx.Limits(
            max_connections=config.concurrency, max_keepalive_connections=config.concurrency
        ),
        http2=True,
        verify=ssl_context_for(config),
        proxy=config.proxy,
        trust_env=config.trust_env,
        follow_redirects=False,
    )


def _in_chain(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def network_error(exc: BaseException, method: str, url: str) -> NetworkError:
    """The ``NetworkError`` for an httpx or socket failure before any answer came back."""
    host = urlsplit(url).netloc or "the server"
    where: ErrorContext = {"method": method, "url": url}
    text = str(exc)
    if isinstance(exc, httpx.ConnectTimeout):
        return NetworkTimeoutError(f"Timed out connecting to {host}.", **where)
    if isinstance(exc, httpx.TimeoutException):
        return NetworkTimeoutError(f"{host} did not answer in time.", **where)
    tls = _in_chain(exc, ssl.SSLError)
    if isinstance(tls, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in text:
        reason = getattr(tls, "verify_message", None) or "certificate verify failed"
        return TlsError(
            f"The certificate of {host} is not trusted ({reason}). If the site uses a company "
            "certificate authority, set its CA bundle in the site's settings.",
            **where,
        )
    if tls is not None or "[SSL" in text:
        reason = (
            getattr(tls, "verify_message", None) or getattr(tls, "reason", None) or text or "TLS"
        )
        if "WRONG_VERSION_NUMBER" in f"{reason} {text}" and url.startswith("https:"):
            # the port answered in plain HTTP where a TLS handshake was expected
            return SchemeMismatchError(
                f"The secure connection to {host} failed: WRONG_VERSION_NUMBER. The port seems "
                "to speak plain HTTP: try the address with http:// instead of https://.",
                **where,
            )
        return TlsError(f"The secure connection to {host} failed: {reason}.", **where)
    if isinstance(exc, httpx.ProxyError):
        return NetworkError(f"The proxy could not connect to {host}.", **where)
    if isinstance(exc, httpx.ConnectError):
        if _in_chain(exc, socket.gaierror) or any(
            s in text for s in ("Name or service not known", "nodename nor servname", "getaddrinfo")
        ):
            return NetworkError(f"Could not find the host {urlsplit(url).hostname}.", **where)
        if _in_chain(exc, ConnectionRefusedError) or "refused" in text.lower():
            return NetworkError(
                f"{host} refused the connection: check the address and port.", **where
            )
        return NetworkError(f"Could not connect to {host}: {text or type(exc).__name__}.", **where)
    if isinstance(
        exc, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError, ConnectionError)
    ):
        # the sandbox's in-process "drop" raises a bare ConnectionResetError through ASGITransport
        return ConnectionDroppedError(f"{host} closed the connection without answering.", **where)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return NetworkError("The site address must start with http:// or https://.", **where)
    return NetworkError(f"The request to {host} failed: {text or type(exc).__name__}.", **where)


class SiteTransport:
    """One site's HTTP client: auth, retries, concurrency limit, cancellation."""

    def __init__(
        self,
        config: SiteConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.config = config
        self.retry = retry or RetryPolicy()
        self._sleep: Sleep = sleep or asyncio.sleep
        self._jitter = jitter
        self._slots = asyncio.Semaphore(config.concurrency)
        self._inflight: set[asyncio.Task[Any]] = set()
        self._closed = False
        self._login_lock = asyncio.Lock()
        self._session_generation = 0  # bumped at every successful cookie login
        self._auth_headers = config.auth.headers() if config.auth is not None else {}
        self._refused = refusal_message(config.auth)
        self._client = _build_client(config, transport)

    @property
    def closed(self) -> bool:
        """Whether ``aclose()`` has been called."""
        return self._closed

    @property
    def in_flight(self) -> int:
        """How many requests are running now."""
        return sum(1 for task in self._inflight if not task.done())

    async def send(self, request: ApiRequest) -> ApiResponse:
        """Send with retries; a successful answer, or the ``ApiError`` it means."""
        return await self._run(request, self._send_with_retries)

    async def fetch(self, url: str) -> ApiResponse:
        """One anonymous ``GET`` of an absolute URL, whatever its status: for finding a site.

        No sign-in (the address may be another host's), no retries, redirects not followed;
        only a failure to get any answer raises (a ``NetworkError``).
        """
        return await self._run(ApiRequest("GET", url, authenticated=False), self._exchange)

    async def _run(
        self,
        request: ApiRequest,
        exchange: Callable[[ApiRequest], Coroutine[Any, Any, ApiResponse]],
    ) -> ApiResponse:
        """``exchange(request)`` in its own task, so closing the client cancels it."""
        if self._closed:
            raise ClientClosedError(
                "The connection to the site is closed.",
                method=request.method,
                url=self._shown_url(request),
            )
        task = asyncio.get_running_loop().create_task(
            exchange(request), name=f"jade {request.method} {request.path}"
        )
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)
        try:
            return await task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if self.closed and task.cancelled() and (current is None or not current.cancelling()):
                # aclose() cancelled the request, not the caller: say so as an ApiError
                raise ClientClosedError(
                    "The connection to the site was closed while the request was running.",
                    method=request.method,
                    url=self._shown_url(request),
                ) from None
            raise

    async def request_json(self, request: ApiRequest, type_: type[T]) -> T:
        """Send and decode the JSON answer as ``type_``."""
        return core.decode(await self.send(request), type_)

    async def get_json(self, path: str, type_: type[T], params: dict[str, Any] | None = None) -> T:
        """``GET path`` decoded as ``type_``."""
        return await self.request_json(ApiRequest("GET", path, params=params), type_)

    async def aclose(self) -> None:
        """Cancel every request in flight, wait for them to end, and close the connections."""
        self._closed = True
        current = asyncio.current_task()
        tasks = [t for t in self._inflight if not t.done() and t is not current]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
        await self._client.aclose()

    async def __aenter__(self) -> SiteTransport:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def _shown_url(self, request: ApiRequest) -> str:
        try:
            return core.redact_url(str(self._client.base_url.join(request.path)))
        except httpx.InvalidURL:
            return ""

    # ----- inside the request task ----------------------------------------------------------------

    @property
    def _session(self) -> CookieSession | None:
        auth = self.config.auth
        return auth if isinstance(auth, CookieSession) else None

    async def _send_with_retries(self, request: ApiRequest) -> ApiResponse:
        uses_session = self._session is not None and request.authenticated
        attempt = 0
        renewed = False
        while True:
            if uses_session and self._session_generation == 0:
                await self._renew_session(0)
            generation = self._session_generation
            attempt += 1
            try:
                response = await self._exchange(request)
            except ConnectionDroppedError as dropped:
                delay = self.retry.after_drop(attempt, request, self._jitter())
                if delay is None:
                    raise
                log.warning("%s; retrying in %.2f s (attempt %d)", dropped, delay, attempt + 1)
                await self._sleep(delay)
                continue
            if uses_session and core.session_lapsed(response):
                if not renewed:
                    # re-login once, then resend; a renewal doesn't count as an attempt
                    renewed = True
                    attempt -= 1
                    await self._renew_session(generation)
                    continue
                if response.status != 401:
                    raise AuthenticationError(
                        "Signed in again, but Jira still treats the session as anonymous.",
                        status=response.status,
                        method=response.method,
                        url=response.url,
                    )
            error = core.error_for_response(
                response, token_refused=self._refused if request.authenticated else ""
            )
            if error is None:
                return response
            delay = self.retry.after_response(attempt, request, response, self._jitter())
            if delay is None:
                raise error
            log.warning(
                "%s %s answered %d; retrying in %.2f s (attempt %d)",
                response.method,
                response.url,
                response.status,
                delay,
                attempt + 1,
            )
            await self._sleep(delay)

    async def _renew_session(self, seen_generation: int) -> None:
        session = self._session
        if session is None:  # pragma: no cover - only called for cookie sessions
            return
        async with self._login_lock:
            if self._session_generation != seen_generation:
                return  # another request renewed it while this one waited
            login = ApiRequest(
                "POST",
                "rest/auth/1/session",
                json={"username": session.username, "password": session.password.reveal()},
                authenticated=False,
            )
            answer = core.decode(await self._send_with_retries(login), SessionLoginWire)
            if answer.session.value and answer.session.name not in self._client.cookies:
                # Jira sets the cookie itself; this covers proxies that strip Set-Cookie
                host = urlsplit(self.config.base_url).hostname or ""
                self._client.cookies.set(answer.session.name, answer.session.value, domain=host)
            self._session_generation += 1

    async def _exchange(self, request: ApiRequest) -> ApiResponse:
        headers = dict(self._auth_headers) if request.authenticated else {}
        content = None
        if request.json is not None:
            content = msgspec.json.encode(request.json)
            headers["Content-Type"] = "application/json"
        elif request.form is not None:
            content = urlencode(list(request.form)).encode("ascii")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        async with self._slots:
            try:
                http_request = self._client.build_request(
                    request.method,
                    request.path,
                    params=request.params,
                    content=content,
                    headers=headers,
                )
            except httpx.InvalidURL as exc:
                raise NetworkError(
                    f"The address is not valid: {exc}",
                    method=request.method,
                    url=self._shown_url(request),
                ) from exc
            url = core.redact_url(str(http_request.url))
            started = time.perf_counter()
            try:
                response = await self._client.send(http_request, stream=True)
            except (httpx.TransportError, OSError) as exc:
                error = network_error(exc, request.method, url)
                if (
                    isinstance(error, ConnectionDroppedError)
                    and url.startswith("https:")
                    and self.config.client_cert is None
                ):
                    # with TLS 1.3 a server that demands a client certificate refuses it after
                    # the handshake, and the client only sees the connection close
                    error.message += " If the site requires a client certificate, set one in the site's settings."
                raise error from exc
            try:
                body = await response.aread()
            except httpx.TimeoutException as exc:
                raise network_error(exc, request.method, url) from exc
            except (httpx.TransportError, OSError) as exc:
                raise TruncatedResponseError(
                    "The server's answer was cut off before its end.",
                    status=response.status_code,
                    method=request.method,
                    url=url,
                ) from exc
            finally:
                await response.aclose()
        expected = response.headers.get("content-length", "")
        encoded = response.headers.get("content-encoding", "identity").lower() != "identity"
        # Content-Length counts the bytes on the wire; a wrapped transport may hand the body over
        # whole (nothing counted as downloaded), which only equals those bytes when not encoded
        received = (
            response.num_bytes_downloaded
            if encoded
            else max(response.num_bytes_downloaded, len(body))
        )
        if (
            expected.isdigit()
            and request.method.upper() != "HEAD"
            and response.status_code not in (204, 304)
            and (received or not encoded)
            and received < int(expected)
        ):
            # in-process transports hand over a short body without complaint
            raise TruncatedResponseError(
                f"The server's answer was cut off ({received} of {expected} bytes).",
                status=response.status_code,
                method=request.method,
                url=url,
            )
        # never headers or bodies: they hold credentials and user data
        log.debug(
            "%s %s -> %d (%d bytes, %.0f ms)",
            request.method,
            url,
            response.status_code,
            len(body),
            (time.perf_counter() - started) * 1000,
        )
        return ApiResponse(response.status_code, response.headers, body, request.method, url)
