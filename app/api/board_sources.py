"""Which agile API a site has: Jira Software's agile REST 1.0, or GreenHopper's experimental API
1.0 on Jira Agile 6.x; the ``BoardSource`` (app/api/boards.py) of the one it answers."""

from __future__ import annotations

import logging

from app.api.agile_boards import AGILE, AgileBoards
from app.api.boards import BoardSource
from app.api.core import redact_url
from app.api.errors import NotFoundError
from app.api.greenhopper import greenhopper_source_for
from app.api.legacy import not_on_legacy
from app.api.platform import JiraClient
from app.api.wire import ValuesPageWire
from app.domain.site import Flavour

__all__ = ["board_source_for"]

log = logging.getLogger(__name__)


async def board_source_for(client: JiraClient) -> BoardSource | None:
    """The agile API the site answers: agile 1.0, else GreenHopper's experimental API; None
    when it has neither (Jira without Jira Software or Jira Agile).

    One small request (the first board) tells: Jira Agile 6.x, before agile 1.0, answers 404
    there and serves its experimental API instead. Jira 4.x has neither: ``NotOnThisJiraError``
    before anything is sent.
    """
    server = await client.server_info()
    if server.flavour is Flavour.LEGACY:
        raise not_on_legacy(client, "Boards")
    try:
        await client.http.get_json(f"{AGILE}/board", ValuesPageWire, {"maxResults": 1})
    except NotFoundError as error:
        where = redact_url(client.http.config.base_url)
        log.info("%s has no agile REST 1.0 (%s)", where, error)
        return await greenhopper_source_for(client)
    return AgileBoards(client)
