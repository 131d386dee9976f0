"""How a failure reaches a script: its exit code, and Jira's words cut to a few lines on stderr."""

from __future__ import annotations

import io

import pytest

from app.api import errors
from app.cli.exit_codes import ERROR_LINES, report_failure


def _many(lines: int) -> errors.ValidationError:
    text = "\n".join(
        f"An issue with key 'NOPE-{i}' does not exist for field 'key'." for i in range(lines)
    )
    return errors.ValidationError(text, status=400, method="POST", url="https://jira.test/search")


def test_a_long_message_shows_its_first_lines_and_counts_the_rest() -> None:
    err = io.StringIO()
    assert report_failure("jade search", _many(5934), err, verbose=False) == 1
    lines = err.getvalue().splitlines()
    assert lines[0] == "jade search: An issue with key 'NOPE-0' does not exist for field 'key'."
    assert lines[ERROR_LINES - 1].startswith("An issue with key 'NOPE-4' ")
    assert lines[ERROR_LINES:] == [
        "\u2026 5,929 more lines (use --verbose to see all)",
        "HTTP 400 Bad Request",  # the details still follow
        "POST https://jira.test/search",
    ]


def test_verbose_prints_it_whole() -> None:
    err = io.StringIO()
    report_failure("jade search", _many(5934), err, verbose=True)
    assert len(err.getvalue().splitlines()) == 5934 + 2


def test_a_command_without_verbose_does_not_offer_it() -> None:
    err = io.StringIO()
    report_failure("jade check", _many(7), err)
    assert err.getvalue().splitlines()[ERROR_LINES] == "\u2026 2 more lines"


@pytest.mark.parametrize("lines", [1, ERROR_LINES])
def test_a_short_message_is_printed_as_it_is(lines: int) -> None:
    err = io.StringIO()
    report_failure("jade search", _many(lines), err, verbose=False)
    assert len(err.getvalue().splitlines()) == lines + 2
    assert "more lines" not in err.getvalue()


def test_exit_codes_follow_the_error_tree() -> None:
    cases = [
        (errors.AuthenticationError("x", status=401), 2),
        (errors.PermissionDeniedError("x", status=403), 3),
        (errors.TlsError("x"), 4),
        (errors.LoginPageError("x"), 5),
        (errors.ServerError("x", status=503), 1),
        (ValueError("x"), 1),
    ]
    for error, code in cases:
        assert report_failure("jade x", error, io.StringIO()) == code
