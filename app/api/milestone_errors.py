"""What each documented status of the two milestone services means, put into their errors.

The transport already turns a failed answer into the typed error of its status
(:mod:`app.api.errors`) with the server's own words. The services' documentation says what each
status means for each call; :func:`worded` puts that meaning first and keeps the server's words
after it (and in ``reply``, for the details), so ``str(error)`` reads e.g.

    No project could be found with the provided key. The app said: Project "NOPE" not found.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Iterator, Mapping

from app.api.errors import HttpStatusError

__all__ = ["API", "APP", "Call", "worded"]


class Call(enum.StrEnum):
    """The calls whose statuses the documentation explains."""

    LIST = "list"
    GET = "get"
    CREATE = "create"
    EDIT = "edit"
    DELETE = "delete"
    REORDER = "reorder"


_APP_AUTH = (
    "Either the e-mail address or the app API token isn't correct: the user couldn't be "
    "authenticated on the instance with the provided credentials."
)
_NO_PROJECT = "No project could be found with the provided key."


def _forbidden(what: str) -> str:
    return (
        "The user calling the API has either no access to the project at all, or no "
        f"permission to {what} milestones in that project."
    )


def _method(method: str) -> str:
    return f"Another method than {method} has been used to call the endpoint."


# the Project Milestones app's documentation, call by call (its 400 reasons are not listed)
APP: Mapping[Call, Mapping[int, str]] = {
    Call.LIST: {
        401: _APP_AUTH,
        403: _forbidden("view"),
        404: _NO_PROJECT,
        405: _method("GET"),
    },
    Call.CREATE: {
        400: "The app refused the milestone (a required attribute is missing or not valid).",
        401: _APP_AUTH,
        403: _forbidden("create"),
        404: _NO_PROJECT,
        405: _method("POST"),
        500: "An error occurred when the new milestone was saved.",
    },
    Call.EDIT: {
        400: "The app refused the change (an attribute is missing or not valid).",
        401: _APP_AUTH,
        403: _forbidden("edit"),
        404: "No milestone to edit could be found for the provided id, or no project with the "
        "provided key.",
        405: _method("PUT"),
        500: "An error occurred when the edited milestone was saved.",
    },
    Call.DELETE: {
        400: "No id for a milestone to be deleted has been provided.",
        401: _APP_AUTH,
        403: _forbidden("delete"),
        404: "No milestone to delete could be found for the provided id, or no project with "
        "the provided key.",
        405: _method("DELETE"),
        500: "An error occurred when deleting the milestone.",
    },
}

_API_AUTH = "The Milestones API did not accept the API key."
_API_FORBIDDEN = "The API key may not do this in that project."
_API_MISSING = "The milestone id does not exist."
_API_INVALID = "Validation failed (a missing project or field, or a project that is not valid)."

# the Milestones API's documentation (its 409 and 422 meanings, per call)
API: Mapping[Call, Mapping[int, str]] = {
    Call.LIST: {401: _API_AUTH, 403: _API_FORBIDDEN, 404: _API_MISSING, 422: _API_INVALID},
    Call.GET: {401: _API_AUTH, 403: _API_FORBIDDEN, 404: _API_MISSING},
    Call.CREATE: {
        401: _API_AUTH,
        403: _API_FORBIDDEN,
        409: "The project already has a milestone with this title.",
        422: _API_INVALID,
    },
    Call.EDIT: {
        401: _API_AUTH,
        403: _API_FORBIDDEN,
        404: _API_MISSING,
        409: "The project already has a milestone with this title.",
        422: _API_INVALID,
    },
    Call.DELETE: {
        401: _API_AUTH,
        403: _API_FORBIDDEN,
        404: _API_MISSING,
        409: "The system uncategorised milestone cannot be deleted.",
    },
    Call.REORDER: {
        401: _API_AUTH,
        403: _API_FORBIDDEN,
        404: "A milestone in the new order does not exist.",
        422: _API_INVALID,
    },
}


# what the transport says when the server gave no words of its own
_GENERIC = frozenset({"The site did not accept the sign-in."})


@contextlib.contextmanager
def worded(meanings: Mapping[int, str], speaker: str) -> Iterator[None]:
    """Put the documented meaning of a failed call's status before the server's words."""
    try:
        yield
    except HttpStatusError as error:
        meaning = meanings.get(error.status or 0)
        if meaning is not None:
            said = error.message.strip()
            generic = said in _GENERIC or said.startswith("The server answered ") or said == meaning
            if said and not generic:
                error.reply = error.reply or said
                error.message = f"{meaning} {speaker} said: {said}"
            else:
                error.message = meaning
        raise
