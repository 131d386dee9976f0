"""The error tree: user text, details, and the shape the UI relies on."""

from __future__ import annotations

from app.api import errors
from app.api.errors import ApiError, HttpStatusError, NetworkError, ProtocolError


def test_every_error_is_an_api_error_in_its_branch() -> None:
    statuses = [
        errors.AuthenticationError, errors.PermissionDeniedError, errors.NotFoundError,
        errors.ConflictError, errors.ValidationError, errors.RateLimitedError, errors.ServerError,
    ]  # fmt: skip
    assert all(issubclass(kind, HttpStatusError) for kind in statuses)
    assert issubclass(errors.LoginPageError, ProtocolError)
    assert issubclass(errors.TruncatedResponseError, ProtocolError)
    for kind in (errors.ConnectionDroppedError, errors.NetworkTimeoutError, errors.TlsError):
        assert issubclass(kind, NetworkError)
    assert all(
        issubclass(getattr(errors, name), ApiError)
        for name in errors.__all__
        if name != "ErrorContext"
    )
    # the tree in the docstring names every class
    assert all(name in (errors.__doc__ or "") for name in errors.__all__ if name != "ErrorContext")


def test_str_is_the_message_and_details_say_where() -> None:
    error = errors.NotFoundError(
        "No project could be found with key 'X'.",
        status=404,
        method="GET",
        url="https://jira.example.test/rest/api/2/project/X",
    )
    assert str(error) == "No project could be found with key 'X'."
    assert error.details == "HTTP 404 Not Found\nGET https://jira.example.test/rest/api/2/project/X"
    assert errors.NetworkError("down").details == ""
    assert errors.ServerError("odd", status=599).details == "HTTP 599"


def test_validation_error_keeps_field_errors() -> None:
    error = errors.ValidationError("Bad.", errors={"name": "Required."}, status=400)
    assert error.errors == {"name": "Required."}
