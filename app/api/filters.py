"""Saved filters: the signed-in user's own and favourite filters, one filter, and creating one.

The same ``rest/api/2`` resources answer on Cloud and Data Center. Jira answers a filter that
does not exist, or that the user may not see, with a 400 ("The selected filter is not available
to you, ..."); ``FilterClient.get`` raises that as ``NotFoundError``.
"""

from __future__ import annotations

import msgspec

from app.api.core import ApiRequest
from app.api.errors import NotFoundError, ValidationError
from app.api.platform import JiraClient
from app.domain.saved_filter import SavedFilter

__all__ = ["FilterClient"]

_API = "rest/api/2"


class _OwnerWire(msgspec.Struct, rename="camel"):
    account_id: str = ""
    name: str = ""
    key: str = ""


class _FilterWire(msgspec.Struct):
    id: str
    name: str = ""
    jql: str = ""
    description: str | None = None
    favourite: bool = False
    owner: _OwnerWire | None = None


def _to_filter(wire: _FilterWire) -> SavedFilter:
    owner = wire.owner
    ref = (owner.account_id or owner.name or owner.key) if owner is not None else ""
    return SavedFilter(
        id=wire.id,
        name=wire.name,
        jql=wire.jql,
        owner=ref,
        favourite=wire.favourite,
        description=wire.description or "",
    )


class FilterClient:
    """Saved filters of one site, through its ``JiraClient``."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client

    async def my_filters(self) -> list[SavedFilter]:
        """The filters the signed-in user owns, as Jira orders them (by name)."""
        found = await self.client.http.get_json(f"{_API}/filter/my", list[_FilterWire])
        return [_to_filter(f) for f in found]

    async def favourite_filters(self) -> list[SavedFilter]:
        """The filters the signed-in user starred and may still see."""
        found = await self.client.http.get_json(f"{_API}/filter/favourite", list[_FilterWire])
        return [_to_filter(f) for f in found]

    async def get(self, filter_id: str) -> SavedFilter:
        """One filter by id; ``NotFoundError`` when it does not exist or is not visible."""
        path = f"{_API}/filter/{filter_id}"
        try:
            found = await self.client.http.get_json(path, _FilterWire)
        except ValidationError as exc:  # Jira's 400 for a missing or hidden filter
            raise NotFoundError(
                exc.message, status=exc.status, method=exc.method, url=exc.url
            ) from exc
        return _to_filter(found)

    async def create(
        self, name: str, jql: str, description: str = "", favourite: bool = False
    ) -> SavedFilter:
        """Save ``jql`` as a new filter owned by the signed-in user (sent once, never retried).

        ``ValidationError`` when Jira refuses it: no or a duplicate name (``errors["filterName"]``)
        or JQL that does not validate (Jira's messages in ``str(error)``).
        """
        body: dict[str, object] = {"name": name, "jql": jql, "favourite": favourite}
        if description:
            body["description"] = description
        request = ApiRequest("POST", f"{_API}/filter", json=body, idempotent=False)
        found = await self.client.http.request_json(request, _FilterWire)
        return _to_filter(found)
