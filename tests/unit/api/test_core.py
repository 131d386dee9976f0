"""The sans-I/O core: Retry-After, error bodies, decoding, retry decisions, page cursors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.api import core
from app.api.core import ApiRequest, ApiResponse, OffsetPage, RetryPolicy, TokenPage
from app.api.errors import (
    AuthenticationError,
    ConflictError,
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

NOW = datetime(2026, 11, 2, 12, 0, 0, tzinfo=UTC)
JSON = {"Content-Type": "application/json;charset=UTF-8"}
HTML = {"Content-Type": "text/html;charset=UTF-8"}
LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Log in - Jira</title></head><body>"
    b'<form id="login-form" action="/login.jsp" method="post"><input name="os_username">'
    b'<input type="password" name="os_password"></form></body></html>'
)


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> ApiResponse:
    return ApiResponse(status, headers or {}, body, "GET", "https://jira.example.test/rest/api/2/x")


# ----- Retry-After and rate-limit headers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        ("0", 0.0),
        (" 7 ", 7.0),
        ("1.5", 1.5),
        (format_datetime(NOW + timedelta(seconds=30), usegmt=True), 30.0),
        (format_datetime(NOW - timedelta(minutes=5), usegmt=True), 0.0),  # in the past: now
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
        ("Wed, 21 Oct 2015", None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert core.parse_retry_after(value, NOW) == seconds


def test_parse_rate_limit_reset() -> None:
    assert core.parse_rate_limit_reset("2026-11-02T12:05Z") == datetime(
        2026, 11, 2, 12, 5, tzinfo=UTC
    )
    assert core.parse_rate_limit_reset("2026-11-02T12:05:30") == datetime(
        2026, 11, 2, 12, 5, 30, tzinfo=UTC
    )
    assert core.parse_rate_limit_reset("tomorrow") is None
    assert core.parse_rate_limit_reset(None) is None


def test_rate_limited_error_carries_the_headers() -> None:
    body = b'{"errorMessages":["The request has been rate-limited. Please try again later."],"errors":{},"status":429}'
    error = core.error_for_response(
        answer(
            429,
            body,
            {
                **JSON,
                "Retry-After": "17",
                "X-RateLimit-Limit": "100",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": "2026-11-02T12:05Z",
                "RateLimit-Reason": "jira-quota-based",
            },
        ),
        NOW,
    )
    assert isinstance(error, RateLimitedError)
    assert str(error) == "The request has been rate-limited. Please try again later."
    assert (error.retry_after, error.limit, error.remaining) == (17.0, 100, 0)
    assert error.reset == datetime(2026, 11, 2, 12, 5, tzinfo=UTC)
    assert error.reason == "jira-quota-based"
    assert "Retry-After: 17 s" in error.details and "jira-quota-based" in error.details


# ----- error bodies -------------------------------------------------------------------------------


def test_error_messages_and_field_errors() -> None:
    body = msgspec.json.encode(
        {
            "errorMessages": ["Project could not be created."],
            "errors": {
                "projectName": "A project with that name already exists.",
                "projectKey": "Project 'Apollo' uses this project key.",
            },
        }
    )
    error = core.error_for_response(answer(400, body, JSON))
    assert isinstance(error, ValidationError)
    assert str(error).splitlines() == [
        "Project could not be created.",
        "A project with that name already exists.",
        "Project 'Apollo' uses this project key.",
    ]
    assert error.errors["projectName"] == "A project with that name already exists."
    assert error.status == 400


def test_422_with_lists_of_messages_per_field() -> None:
    body = b'{"message":"The given data was invalid.","errors":{"milestone_title":["Required.","Too short."]}}'
    error = core.error_for_response(answer(422, body, JSON))
    assert isinstance(error, ValidationError)
    assert error.errors == {"milestone_title": "Required. Too short."}
    assert str(error) == "Required. Too short."


def test_cloud_401_message_body() -> None:
    body = b'{"message":"Client must be authenticated to access this resource.","status-code":401}'
    error = core.error_for_response(answer(401, body, JSON))
    assert isinstance(error, AuthenticationError)
    assert str(error) == "Client must be authenticated to access this resource."


def test_dc_401_plain_text_labelled_html() -> None:
    body = b"Basic Authentication Failure - Reason : AUTHENTICATED_FAILED"
    error = core.error_for_response(
        answer(401, body, {**HTML, "X-Seraph-LoginReason": "AUTHENTICATED_FAILED"})
    )
    assert isinstance(error, AuthenticationError)
    assert str(error) == "Basic Authentication Failure - Reason : AUTHENTICATED_FAILED"


def test_a_refused_bearer_token_is_worded_by_jade_with_jiras_words_in_the_details() -> None:
    body = b"Basic Authentication Failure - Reason : AUTHENTICATED_FAILED"
    headers = {**HTML, "X-Seraph-LoginReason": "AUTHENTICATED_FAILED"}
    said = "Jira refused the personal access token: check it."
    error = core.error_for_response(answer(401, body, headers), token_refused=said)
    assert isinstance(error, AuthenticationError)
    assert str(error) == said and "Basic" not in str(error)
    assert error.reply == body.decode()
    assert error.details.splitlines()[-1] == f"The server said: {body.decode()}"
    # Cloud runs an unknown token as anonymous: the header alone says it was refused
    trap = answer(200, b"[]", {**JSON, "X-Seraph-LoginReason": "AUTHENTICATED_FAILED"})
    assert str(core.error_for_response(trap, token_refused=said)) == said
    # a refusal message changes nothing about other answers
    assert core.error_for_response(answer(200, b"{}", JSON), token_refused=said) is None
    forbidden = core.error_for_response(
        answer(403, b'{"errorMessages":["No."]}'), token_refused=said
    )
    assert isinstance(forbidden, PermissionDeniedError) and str(forbidden) == "No."


def test_unbounded_cloud_search_gets_a_hint() -> None:
    jira = (
        "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."
    )
    body = msgspec.json.encode({"errorMessages": [jira], "errors": {}})
    error = core.error_for_response(answer(400, body, JSON))
    assert isinstance(error, UnboundedQueryError) and isinstance(error, ValidationError)
    assert str(error) == f"{jira} {core.UNBOUNDED_QUERY_HINT}"
    assert '"project = KEY"' in str(error) and '"created >= -30d"' in str(error)
    other = core.error_for_response(answer(400, b'{"errorMessages":["Nope."],"errors":{}}'))
    assert type(other) is ValidationError


def test_cloud_anonymous_trap_on_a_200() -> None:
    error = core.error_for_response(
        answer(200, b"[]", {**JSON, "X-Seraph-LoginReason": "AUTHENTICATED_FAILED"})
    )
    assert isinstance(error, AuthenticationError)
    assert "AUTHENTICATED_FAILED" in str(error) and error.status == 200


def test_captcha_lockout() -> None:
    error = core.error_for_response(
        answer(
            403,
            b"Basic Authentication Failure - Reason : AUTHENTICATION_DENIED",
            {"X-Authentication-Denied-Reason": "CAPTCHA_CHALLENGE; login-url=https://x/login.jsp"},
        )
    )
    assert isinstance(error, AuthenticationError)
    assert "CAPTCHA" in str(error)


def test_html_login_page_where_json_was_expected() -> None:
    error = core.error_for_response(answer(200, LOGIN_PAGE, HTML))
    assert isinstance(error, LoginPageError)
    assert "the server answered with a login page: is SSO in front of the API?" in str(error)
    with pytest.raises(LoginPageError):
        core.decode(answer(200, LOGIN_PAGE, HTML), dict)


def test_redirect_to_a_login_and_elsewhere() -> None:
    sso = core.error_for_response(
        answer(302, b"", {"Location": "https://idp.example.test/saml/login?SAMLRequest=x"})
    )
    assert isinstance(sso, LoginPageError)
    moved = core.error_for_response(answer(301, b"", {"Location": "https://jira.example.test/"}))
    assert isinstance(moved, ProtocolError) and not isinstance(moved, LoginPageError)
    assert "https://jira.example.test/" in str(moved)


@pytest.mark.parametrize(
    ("status", "body", "kind", "text"),
    [
        (403, b'{"errorMessages":["Only Jira administrators can manage screens."]}', PermissionDeniedError, "Only Jira administrators can manage screens."),
        (404, b'{"message":"null for uri: https://x/rest/api/2/nope","status-code":404}', NoSuchResourceError, "null for uri: https://x/rest/api/2/nope"),
        (404, b"<html><head><title>404 Not Found</title></head></html>", NoSuchResourceError, "404 Not Found"),
        (404, b'{"errorMessages":["Issue Does Not Exist"],"errors":{}}', NotFoundError, "Issue Does Not Exist"),
        (409, b'{"errorMessages":["Conflict."],"errors":{}}', ConflictError, "Conflict."),
        (500, b'{"errorMessages":["Internal server error"],"errors":{}}', ServerError, "Internal server error"),
        (503, b"<html><body><h1>503 Service Unavailable</h1>No server is available.</body></html>", ServerError, "503 Service Unavailable"),
        (502, b"", ServerError, "The server answered 502 Bad Gateway."),
        (504, b"   ", ServerError, "The server answered 504 Gateway Timeout."),
        (410, b'{"errorMessages":["The requested API has been removed."],"errors":{}}', HttpStatusError, "The requested API has been removed."),
        (405, b"", HttpStatusError, "The server answered 405 Method Not Allowed."),
        (500, b'{"errorMessages":["Internal ser', ServerError, '{"errorMessages":["Internal ser'),
        (429, b'<!doctype html><html><head><title>HTTP Status 429 - Too Many Requests</title></head><body><h1>Rate limit exceeded.</h1></body></html>', RateLimitedError, "Rate limit exceeded."),
    ],
)  # fmt: skip
def test_status_to_error(status: int, body: bytes, kind: type[Exception], text: str) -> None:
    error = core.error_for_response(answer(status, body))
    assert type(error) is kind
    assert str(error) == text
    assert error.status == status
    assert error.details.startswith(f"HTTP {status} ")
    assert error.details.endswith("GET https://jira.example.test/rest/api/2/x")


def test_html_title_when_there_is_no_heading() -> None:
    page = b"<html><head><title>Unauthorized (401)</title><style>h1{}</style></head><body></body></html>"
    assert core.html_text(page) == "Unauthorized (401)"
    assert core.html_text(b"<p>Plain &amp; <b>simple</b></p>") == "Plain & simple"


def test_success_is_not_an_error() -> None:
    assert (
        core.error_for_response(answer(200, b"{}", {**JSON, "X-Seraph-LoginReason": "OK"})) is None
    )
    assert core.error_for_response(answer(204)) is None


# ----- decoding -----------------------------------------------------------------------------------


class Thing(msgspec.Struct):
    name: str


def test_decode_failures() -> None:
    with pytest.raises(TruncatedResponseError, match="cut off"):
        core.decode(answer(200, b'{"name": "hal', JSON), Thing)
    with pytest.raises(ProtocolError, match="not JSON"):
        core.decode(answer(200, b"Service is up", {"Content-Type": "text/plain"}), Thing)
    with pytest.raises(ProtocolError, match="empty"):
        core.decode(answer(200, b"", JSON), Thing)
    with pytest.raises(ProtocolError, match="expected shape"):
        core.decode(answer(200, b'{"name": 42}', JSON), Thing)
    with pytest.raises(ProtocolError, match="HTML page: Maintenance") as caught:
        core.decode(answer(200, b"<html><h1>Maintenance</h1></html>", HTML), Thing)
    assert not isinstance(caught.value, LoginPageError)
    assert core.decode(answer(200, b'{"name": "hal", "extra": 1}', JSON), Thing) == Thing("hal")


# ----- retries ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "status", "retried"),
    [
        ("GET", 503, True),
        ("PUT", 502, True),
        ("DELETE", 504, True),
        ("POST", 503, False),
        ("POST", 429, True),  # Jira answers 429 before doing anything
        ("GET", 500, False),
        ("GET", 404, False),
        ("GET", 429, True),
    ],
)
def test_what_is_retried(method: str, status: int, retried: bool) -> None:
    delay = RetryPolicy().after_response(1, ApiRequest(method, "x"), answer(status), 0.5)
    assert (delay is not None) is retried


def test_read_only_post_can_be_marked_safe() -> None:
    search = ApiRequest("POST", "rest/api/2/search", idempotent=True)
    assert RetryPolicy().after_response(1, search, answer(503), 0.0) is not None
    assert RetryPolicy().after_drop(1, search, 0.0) is not None
    assert RetryPolicy().after_drop(1, ApiRequest("POST", "rest/api/2/issue"), 0.0) is None


def test_retry_after_first_then_backoff_and_caps() -> None:
    policy = RetryPolicy()
    get = ApiRequest("GET", "x")
    assert policy.after_response(1, get, answer(429, headers={"Retry-After": "0"}), 0.9) == 0.0
    assert policy.after_response(1, get, answer(429, headers={"Retry-After": "10"}), 0.0) == 10.0
    assert policy.after_response(1, get, answer(429, headers={"Retry-After": "10"}), 1.0) == 11.0
    # beyond the longest wait the client accepts: give up and let RateLimitedError surface
    assert policy.after_response(1, get, answer(429, headers={"Retry-After": "61"}), 0.0) is None
    assert policy.after_response(1, get, answer(503, headers={"Retry-After": "soon"}), 0.0) == 0.25
    assert policy.after_response(4, get, answer(503), 0.0) is None  # the 4th attempt was the last


@given(attempt=st.integers(1, 30), jitter=st.floats(0, 1, exclude_max=True))
def test_backoff_grows_is_jittered_and_capped(attempt: int, jitter: float) -> None:
    policy = RetryPolicy(max_attempts=40)
    delay = policy.backoff(attempt, jitter)
    ceiling = min(policy.max_wait, policy.base_delay * 2.0 ** (attempt - 1))
    assert ceiling / 2 <= delay <= ceiling <= policy.max_wait


# ----- sessions, URLs -----------------------------------------------------------------------------


def test_session_lapse() -> None:
    assert core.session_lapsed(answer(401))
    assert core.session_lapsed(answer(200, b"[]", {"X-AUSERNAME": "anonymous"}))
    assert not core.session_lapsed(answer(200, b"[]", {"X-AUSERNAME": "admin"}))
    assert not core.session_lapsed(answer(403, b"", {"X-AUSERNAME": "anonymous"}))
    assert not core.session_lapsed(answer(200, LOGIN_PAGE, {**HTML, "X-AUSERNAME": "anonymous"}))


def test_redact_url() -> None:
    assert (
        core.redact_url("https://bob:pw@jira.example.test/rest?api_key=abc&nextPageToken=t1&jql=a")
        == "https://jira.example.test/rest?api_key=%2A%2A%2A&nextPageToken=t1&jql=a"
    )


def test_request_repr_hides_the_body() -> None:
    login = ApiRequest("POST", "rest/auth/1/session", json={"password": "hunter2"})
    assert "hunter2" not in repr(login)


# ----- page cursors -------------------------------------------------------------------------------


def test_remaining_offsets_follow_the_echoed_page_size() -> None:
    first = OffsetPage(start=0, max_results=50, items=[0] * 50, total=230)
    assert list(core.remaining_offsets(first) or []) == [50, 100, 150, 200]
    # the server capped 1000 to 100: step by what it echoed
    capped = OffsetPage(start=0, max_results=100, items=[0] * 100, total=250)
    assert list(core.remaining_offsets(capped) or []) == [100, 200]
    assert list(core.remaining_offsets(OffsetPage(0, 50, [0] * 7, total=7)) or []) == []
    assert list(core.remaining_offsets(OffsetPage(0, 50, [], total=0)) or []) == []
    assert core.remaining_offsets(OffsetPage(0, 50, [0] * 50, is_last=False)) is None


def test_next_offset_walks_is_last() -> None:
    assert core.next_offset(OffsetPage(0, 5, [0] * 5, is_last=False)) == 5
    assert core.next_offset(OffsetPage(5, 5, [0] * 3, is_last=True)) is None
    assert core.next_offset(OffsetPage(5, 5, [], is_last=False)) is None  # no progress: stop
    assert core.next_offset(OffsetPage(0, 5, [0] * 5)) == 5  # neither isLast nor total
    assert core.next_offset(OffsetPage(5, 5, [0] * 2)) is None  # a short page is the end


def test_next_token() -> None:
    seen: set[str] = set()
    assert core.next_token(TokenPage([1], "t1"), seen) == "t1"
    assert core.next_token(TokenPage([1], None), seen) is None  # null token
    assert core.next_token(TokenPage([1], ""), seen) is None
    assert core.next_token(TokenPage([1], "t2", is_last=True), seen) is None
    with pytest.raises(ProtocolError, match="same page token"):
        core.next_token(TokenPage([1], "t1"), seen)
