"""What both milestone services' routes share: their error answers, knobs, request bodies.

The services are not Jira: their paths are outside ``/rest/``, so ``SandboxApp`` passes them
through without Jira's sign-in, and each route signs the caller in the service's own way. The
latency knob and the ``500``, ``503`` and ``html-login`` faults apply to them too.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from app.sandbox.http import LOGIN_PAGE, JiraError, JsonResponse, Knobs

__all__ = ["ServiceError", "basic_login", "bearer_key", "form_fields", "json_body", "prelude"]

_SERVICE_FAULTS = ("500", "503", "html-login")


class ServiceError(JiraError):
    """An error answered with the service's own body (JSON, or plain text when ``body`` is str)."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status, str(body), headers=headers)
        self.body = body

    def response(self) -> Response:
        """The service's answer."""
        if isinstance(self.body, str):
            return PlainTextResponse(self.body, status_code=self.status, headers=self.headers)
        return JsonResponse(self.body, status_code=self.status, headers=self.headers)


async def prelude(request: Request) -> None:
    """Apply the latency knob and a queued fault the services can show (raised as an answer)."""
    knobs: Knobs = request.app.state.knobs
    if knobs.latency_ms > 0:
        await asyncio.sleep(knobs.latency_ms / 1000)
    if not knobs.faults or knobs.faults[0] not in _SERVICE_FAULTS:
        return
    fault = knobs.take_fault()
    if fault == "500":
        raise ServiceError(500, "Internal Server Error")
    if fault == "503":
        raise ServiceError(503, "Service Unavailable", headers={"Retry-After": "1"})
    raise _LoginPage()


class _LoginPage(ServiceError):
    def __init__(self) -> None:
        super().__init__(200, "")

    def response(self) -> Response:
        return Response(LOGIN_PAGE, status_code=200, media_type="text/html;charset=UTF-8")


def basic_login(request: Request) -> tuple[str, str] | None:
    """The (login, secret) of an HTTP Basic header, or None."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        login, sep, secret = base64.b64decode(value, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (login, secret) if sep else None


def bearer_key(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header, or None."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


async def json_body(request: Request) -> Any:
    """The JSON body, or ``...`` (Ellipsis) when it is missing or not JSON."""
    raw = await request.body()
    if not raw.strip():
        return ...
    try:
        return msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return ...


async def form_fields(request: Request) -> list[tuple[str, str]]:
    """The form-encoded body's fields (a JSON body has none), then the query's."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    pairs: list[tuple[str, str]] = []
    if kind == "application/x-www-form-urlencoded":
        raw = (await request.body()).decode("utf-8", errors="replace")
        pairs = parse_qsl(raw, keep_blank_values=True)
    return pairs + list(request.query_params.multi_items())
