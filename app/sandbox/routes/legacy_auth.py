"""Jira 4.3's ``/rest/auth/1``: cookie sessions (login, current user, logout) and websudo.

A login counts in the user's ``loginInfo``. A wrong password answers 401 ``Login failed``;
after ``CAPTCHA_AFTER`` of them in a row Jira wants a CAPTCHA answered on its web page and
denies REST logins with 403, even with the right password (the brief: "It's possible that the
supplied credentials are valid"), until the user logs in on the web page; here
``POST /_sandbox/legacy {"clear_captcha": true}`` stands for that. Sessions expire with
``POST /_sandbox/knobs {"expire_sessions": true}``: the cookie then makes the caller anonymous.
"""

from __future__ import annotations

import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import JiraError, JsonResponse, current_user, read_json, store_of
from app.sandbox.routes.legacy_common import legacy_of, renderer

__all__ = ["auth_routes", "control_routes"]

NOT_AUTHENTICATED = "You are not authenticated. Authentication required to perform this operation."


async def session_create(request: Request) -> Response:
    """POST session: ``{"username", "password"}`` → the JSESSIONID cookie and ``loginInfo``."""
    store = store_of(request)
    legacy = legacy_of(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise JiraError(400, "Invalid login request body")
    login, password = str(body.get("username", "")), str(body.get("password", ""))
    user = store.user_by_name(login) if login else None
    failed = {"X-Seraph-LoginReason": "AUTHENTICATED_FAILED"}
    if user is None or not user.active:
        raise JiraError(401, "Login failed", headers=failed)
    now = store.now()
    if legacy.login_denied(user):
        base = f"{request.url.scheme}://{request.url.netloc}"
        raise JiraError(
            403,
            "Login denied",
            headers={
                "X-Seraph-LoginReason": "AUTHENTICATION_DENIED",
                "X-Authentication-Denied-Reason": f"CAPTCHA_CHALLENGE; login-url={base}/login.jsp",
            },
        )
    if not secrets.compare_digest(user.secret, password):
        legacy.record_failure(user, now)
        raise JiraError(401, "Login failed", headers=failed)
    record = legacy.record_login(user, now)
    token = secrets.token_hex(16).upper()
    store.sessions[token] = user.key
    resp = JsonResponse(
        {
            "session": {"name": "JSESSIONID", "value": token},
            "loginInfo": renderer(request).login_info(record),
        }
    )
    resp.set_cookie("JSESSIONID", token, path="/", httponly=True)
    return resp


async def session_current(request: Request) -> Response:
    """GET session: the caller's name, ``self`` link and ``loginInfo``; 401 when anonymous."""
    user = current_user(request)
    if user is None:
        raise JiraError(401, NOT_AUTHENTICATED)
    r = renderer(request)
    return JsonResponse(
        {
            "self": r.user_self(user),
            "name": user.name,
            "loginInfo": r.login_info(legacy_of(request).login_record(user)),
        }
    )


async def session_delete(request: Request) -> Response:
    """DELETE session: log out (204); 401 when not logged in."""
    if current_user(request) is None:
        raise JiraError(401, NOT_AUTHENTICATED)
    token = request.cookies.get("JSESSIONID")
    if token is not None:
        store_of(request).sessions.pop(token, None)
    resp = Response(status_code=204)
    resp.delete_cookie("JSESSIONID", path="/")
    return resp


async def websudo_delete(request: Request) -> Response:
    """DELETE websudo: end the administrator's secure session (204, also when there is none)."""
    return Response(status_code=204)


def _state(request: Request) -> dict[str, Any]:
    legacy = legacy_of(request)
    return {"captcha_after": legacy.captcha_after, "sessions": len(store_of(request).sessions)}


async def legacy_knobs_get(request: Request) -> Response:
    """GET /_sandbox/legacy: the 4.3 knobs."""
    return JsonResponse(_state(request))


async def legacy_knobs_set(request: Request) -> Response:
    """POST /_sandbox/legacy: ``captcha_after`` (failed logins before 403), ``clear_captcha``."""
    legacy = legacy_of(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise JiraError(400, "expected a JSON object")
    if "captcha_after" in body:
        legacy.captcha_after = int(body["captcha_after"])
    if body.get("clear_captcha"):
        legacy.clear_captcha()
    return JsonResponse(_state(request))


def auth_routes() -> list[Route]:
    """Routes under /rest/auth/1."""
    return [
        Route("/session", session_create, methods=["POST"]),
        Route("/session", session_current, methods=["GET"]),
        Route("/session", session_delete, methods=["DELETE"]),
        Route("/websudo", websudo_delete, methods=["DELETE"]),
    ]


def control_routes() -> list[Route]:
    """The sandbox's own routes (under /_sandbox) for a 4.3 site."""
    return [
        Route("/legacy", legacy_knobs_get, methods=["GET"]),
        Route("/legacy", legacy_knobs_set, methods=["POST"]),
    ]
