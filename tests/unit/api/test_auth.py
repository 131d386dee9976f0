"""Sign-in records: the right header per kind, and secrets that never show."""

from __future__ import annotations

import base64

import pytest

from app.api import SiteConfig, auth_for
from app.api.auth import (
    ApiKey,
    AppToken,
    CloudToken,
    CookieSession,
    Password,
    PersonalAccessToken,
    refusal_message,
)
from app.domain.secret import Secret
from app.domain.site import AuthKind

SECRET = "s3cr3t-välue"


@pytest.mark.parametrize(
    ("kind", "cls", "header"),
    [
        (AuthKind.CLOUD_TOKEN, CloudToken, "Basic " + base64.b64encode(f"me@x.test:{SECRET}".encode()).decode()),
        (AuthKind.PASSWORD, Password, "Basic " + base64.b64encode(f"me@x.test:{SECRET}".encode()).decode()),
        (AuthKind.APP_TOKEN, AppToken, "Basic " + base64.b64encode(f"me@x.test:{SECRET}".encode()).decode()),
        (AuthKind.PAT, PersonalAccessToken, f"Bearer {SECRET}"),
        (AuthKind.API_KEY, ApiKey, f"Bearer {SECRET}"),
        (AuthKind.SESSION, CookieSession, None),
    ],
)  # fmt: skip
def test_auth_for_each_kind(kind: AuthKind, cls: type, header: str | None) -> None:
    auth = auth_for(kind, "me@x.test", SECRET)
    assert type(auth) is cls and auth.kind is kind
    assert auth.headers().get("Authorization") == header
    config = SiteConfig("https://jira.example.test", auth)
    assert SECRET not in repr(auth) and SECRET not in repr(config) and SECRET not in str(config)


def test_a_secret_object_is_used_as_is() -> None:
    secret = Secret(SECRET)
    assert auth_for(AuthKind.PAT, "", secret) == PersonalAccessToken(secret)


def test_config_checks() -> None:
    with pytest.raises(ValueError, match="http"):
        SiteConfig("jira.example.test")
    with pytest.raises(ValueError, match="concurrency"):
        SiteConfig("https://jira.example.test", concurrency=0)


@pytest.mark.parametrize("kind", list(AuthKind))
def test_only_a_personal_access_token_gets_jades_own_refusal(kind: AuthKind) -> None:
    message = refusal_message(auth_for(kind, "me@x.test", SECRET))
    if kind is AuthKind.PAT:
        assert message.startswith("Jira refused the personal access token")
        assert "Basic" not in message and SECRET not in message
    else:
        assert message == ""
    assert refusal_message(None) == ""
