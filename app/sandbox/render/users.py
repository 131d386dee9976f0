"""Users as Jira embeds them in other records and as ``/user`` and ``/myself`` answer."""

from __future__ import annotations

from urllib.parse import quote

from app.sandbox.model import User
from app.sandbox.render.context import RenderContext
from app.sandbox.render.formats import Json

__all__ = ["UserJson"]


class UserJson(RenderContext):
    """Users, by account id on Cloud and by name and key on Data Center."""

    __slots__ = ()

    def user_self(self, user: User) -> str:
        """The ``self`` URL of a user."""
        if self.cloud:
            return self.url(f"user?accountId={quote(user.account_id)}")
        return self.url(f"user?username={quote(user.name)}")

    def user(self, user: User | None, *, full: bool = False) -> Json | None:
        """A user as embedded in other records (or, with ``full``, as ``/user`` and ``/myself`` answer)."""
        if user is None:
            return None
        out: Json = {"self": self.user_self(user)}
        if self.cloud:
            out["accountId"] = user.account_id
            out["accountType"] = "atlassian"
        else:
            out["key"] = user.key
            out["name"] = user.name
        out["emailAddress"] = user.email
        out["avatarUrls"] = self.avatars("user", user.name)
        out["displayName"] = user.display_name
        out["active"] = user.active
        out["timeZone"] = user.time_zone
        if full:
            out["locale"] = user.locale
            groups = [
                {"name": g, "self": self.url(f"group?groupname={quote(g)}")} for g in user.groups
            ]
            out["groups"] = {"size": len(groups), "items": groups}
            out["applicationRoles"] = {"size": 1, "items": []}
            out["expand"] = "groups,applicationRoles"
        return out

    def user_by_key(self, key: str | None) -> Json | None:
        """A user looked up by key, rendered for embedding."""
        return self.user(self.store.users.get(key)) if key else None
