"""The base of every renderer: the site, its base URL and the API version in the path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from app.sandbox.model import Flavour
from app.sandbox.render.formats import adf
from app.sandbox.store import Store

__all__ = ["RenderContext"]

AVATAR_SIZES = (("48x48", ""), ("24x24", "small"), ("16x16", "xsmall"), ("32x32", "medium"))


@dataclass(slots=True)
class RenderContext:
    """What a rendering depends on."""

    store: Store
    base: str  # scheme://host:port, no trailing slash
    api: str = "2"  # "2", "3" or "latest"

    @property
    def cloud(self) -> bool:
        """Whether the site is a Cloud site."""
        return self.store.flavour is Flavour.CLOUD

    @property
    def v3(self) -> bool:
        """Whether rich text is rendered as ADF (Cloud REST v3)."""
        return self.api == "3"

    def url(self, path: str) -> str:
        """An absolute REST URL for ``path`` under this API version."""
        return f"{self.base}/rest/api/{self.api}/{path}"

    def text(self, wiki: str) -> Any:
        """A rich-text field as this API version writes it."""
        return adf(wiki) if self.v3 else (wiki or None)

    def avatars(self, kind: str, owner: str) -> dict[str, str]:
        """The four avatar URLs Jira gives every user and project."""
        return {
            size: f"{self.base}/secure/{kind}avatar?{'size=' + name + '&' if name else ''}ownerId={quote(owner)}"
            for size, name in AVATAR_SIZES
        }
