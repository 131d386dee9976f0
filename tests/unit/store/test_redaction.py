"""RedactingFilter: registered secrets and credential-shaped text never reach a log record."""

from __future__ import annotations

import logging
import sys
import urllib.parse

import pytest

from app.domain.secret import Secret
from app.store.redaction import MASK, RedactingFilter, default_redactor

TOKEN = "ATATT3xFfGF0-t/k+n=value"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Authorization: Basic dXNlcjpwYXNz", f"Authorization: {MASK}"),
        ("authorization=Bearer abc.def.ghi", f"authorization={MASK}"),
        (
            "{'Authorization': 'Bearer abcdefghijk', 'Accept': 'application/json'}",
            f"{{'Authorization': {MASK}, 'Accept': 'application/json'}}",
        ),
        ('"Proxy-Authorization": "Basic Zm9vOmJhcg=="', f'"Proxy-Authorization": {MASK}'),
        ("sent Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc", f"sent Bearer {MASK}"),
        ("GET /x?token=abc123&expand=names", f"GET /x?token={MASK}&expand=names"),
        ("password=hunter2 user=bob", f"password={MASK} user=bob"),
        ('{"api_key": "k-123", "id": 4}', f'{{"api_key": {MASK}, "id": 4}}'),
        ("access_token: xyz", f"access_token: {MASK}"),
        ("Cookie: JSESSIONID=ABCDEF0123; atl.xsrf.token=x", f"Cookie: {MASK}"),
        ("set JSESSIONID=ABCDEF0123; Path=/", f"set JSESSIONID={MASK}; Path=/"),
        # paging cursors and prose stay readable
        ("nextPageToken=CAEaAggB", "nextPageToken=CAEaAggB"),
        ("Basic auth is deprecated", "Basic auth is deprecated"),
        ("HTTP 401 from /rest/api/2/myself", "HTTP 401 from /rest/api/2/myself"),
    ],
)
def test_credential_patterns_are_masked(text: str, expected: str) -> None:
    assert RedactingFilter().redact(text) == expected


def test_registered_secrets_are_masked_in_every_form() -> None:
    redactor = RedactingFilter()
    redactor.register(Secret(TOKEN))
    redactor.register("another-secret-value")
    text = (
        f"raw {TOKEN}, quoted {urllib.parse.quote(TOKEN, safe='')}, "
        f"form {urllib.parse.quote_plus(TOKEN)}, and another-secret-value."
    )
    assert redactor.redact(text) == f"raw {MASK}, quoted {MASK}, form {MASK}, and {MASK}."


def test_a_secret_containing_another_is_masked_whole() -> None:
    redactor = RedactingFilter()
    redactor.register("abcd")
    redactor.register("abcdefgh")
    assert redactor.redact("xabcdefghx abcd") == f"x{MASK}x {MASK}"


def test_very_short_secrets_are_not_masked_by_value() -> None:
    redactor = RedactingFilter()
    redactor.register("abc")
    assert redactor.redact("abc") == "abc"


def test_records_are_rewritten_message_arguments_exception_and_stack() -> None:
    redactor = RedactingFilter()
    redactor.register(TOKEN)
    try:
        raise RuntimeError(f"server rejected {TOKEN}")
    except RuntimeError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "jade.test", logging.ERROR, __file__, 1, "sent %s with %r", (TOKEN, Secret(TOKEN)), exc_info
    )
    record.stack_info = f"Stack (most recent call last):\n  token={TOKEN}"

    assert redactor.filter(record) is True

    assert record.getMessage() == f"sent {MASK} with Secret('********')"
    assert record.exc_text is not None
    assert TOKEN not in record.exc_text
    assert f"server rejected {MASK}" in record.exc_text
    assert record.stack_info is not None
    assert TOKEN not in record.stack_info
    formatted = logging.Formatter().format(record)
    assert TOKEN not in formatted


def test_a_broken_format_string_still_logs() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%d items", ("many",), None)
    assert RedactingFilter().filter(record)
    assert "%d items" in record.getMessage()


def test_the_default_redactor_is_shared() -> None:
    assert default_redactor() is default_redactor()
