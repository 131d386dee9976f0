"""Jira 4.3's ``POST issue/{issueKey}/attachments``: files sent as ``multipart/form-data``.

The brief: XSRF protection wants ``X-Atlassian-Token: nocheck`` (Jira also takes ``no-check``)
and refuses without it (403 ``XSRF check failed``); 403 when the caller may not attach; 404 for
an issue the caller cannot see or a file over the attachment size limit (Jira's default
``jira.attachment.size``, 10 MB). Only each file's metadata is kept (``attachment/{id}``).
"""

from __future__ import annotations

from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import JiraError, current_user
from app.sandbox.routes.legacy_common import legacy_of, visible_issue

__all__ = ["MAX_SIZE", "routes"]

MAX_SIZE = 10 * 1024 * 1024  # jira.attachment.size


def _files(content_type: str, body: bytes) -> list[tuple[str, bytes, str]]:
    """The ``file`` parts of a multipart body: (file name, content, media type)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        return []
    out: list[tuple[str, bytes, str]] = []
    for part in message.iter_parts():
        if not isinstance(part, EmailMessage):
            continue
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        if name != "file" or not filename:
            continue
        payload = part.get_payload(decode=True)
        out.append(
            (filename, payload if isinstance(payload, bytes) else b"", part.get_content_type())
        )
    return out


async def attachments_add(request: Request) -> Response:
    """POST issue/{issueKey}/attachments (204)."""
    token = request.headers.get("X-Atlassian-Token", "").lower()
    if token not in ("nocheck", "no-check"):
        raise JiraError(403, "XSRF check failed")
    legacy = legacy_of(request)
    issue = visible_issue(request, request.path_params["key"])
    user = current_user(request)
    if user is None:
        raise JiraError(403, "You do not have permission to create attachments for this issue.")
    content_type = request.headers.get("Content-Type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise JiraError(400, "The request must be multipart/form-data with 'file' parts.")
    files = _files(content_type, await request.body())
    if not files:
        raise JiraError(400, "The request has no 'file' part.")
    for filename, content, _ in files:
        if len(content) > MAX_SIZE:
            raise JiraError(
                404, f"The file '{filename}' is too large to attach: the limit is {MAX_SIZE} bytes."
            )
    for filename, content, media in files:
        legacy.attach(issue, user, filename, len(content), media)
    return Response(status_code=204)


def routes() -> list[Route]:
    """Routes under /rest/api/2.0.alpha1."""
    return [Route("/issue/{key}/attachments", attachments_add, methods=["POST"])]
