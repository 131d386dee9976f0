"""The base of every renderer: the site, its base URL and the API version in the path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from app.sandbox.model import Flavour
from app.sandbox.render.adf import wiki_to_adf
from app.sandbox.render.wiki_html import UserLink, attachment_id, to_html
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
        """A rich-text field as this API version writes it: ADF on v3, wiki markup before."""
        return wiki_to_adf(wiki, self) if self.v3 else (wiki or None)

    def html(self, wiki: str) -> str | None:
        """A rich-text field as ``renderedFields`` shows it (the same HTML on v2 and v3)."""
        return to_html(wiki, self)

    # ----- what the wiki renderer asks of the site (render.wiki_html.WikiSite) -----------------
    def wiki_user(self, ref: str) -> UserLink:
        """The user a mention names; an unknown name renders as itself."""
        store = self.store
        if ref.startswith("accountid:"):
            user = store.user_by_account_id(ref.removeprefix("accountid:"))
        else:
            user = store.user_by_name(ref) or store.users.get(ref)
        if user is None:
            ident = ref.removeprefix("accountid:")
            query = f"accountId={quote(ident)}" if self.cloud else f"name={quote(ident)}"
            return UserLink(ident, ident, query, self.cloud)
        if self.cloud:
            return UserLink(
                user.account_id, user.display_name, f"accountId={quote(user.account_id)}", True
            )
        return UserLink(user.name, user.display_name, f"name={quote(user.name)}", False)

    def wiki_issue_summary(self, key: str) -> str | None:
        """The summary of issue ``key``, None when the site has no such issue."""
        issue = self.store.issues_by_key.get(key)
        return issue.summary if issue is not None else None

    def wiki_attachment_src(self, name: str) -> tuple[str, str]:
        """An embedded attachment's ``src`` and ``alt``, as each flavour writes them."""
        ident = attachment_id(name)
        if self.cloud:
            return f"{self.base}/rest/api/3/attachment/content/{ident}", name
        # Data Center writes the path without the host (seen in pages of real sites)
        return f"/secure/attachment/{ident}/{ident}_{quote(name)}", ""

    def avatars(self, kind: str, owner: str) -> dict[str, str]:
        """The four avatar URLs Jira gives every user and project."""
        return {
            size: f"{self.base}/secure/{kind}avatar?{'size=' + name + '&' if name else ''}ownerId={quote(owner)}"
            for size, name in AVATAR_SIZES
        }
