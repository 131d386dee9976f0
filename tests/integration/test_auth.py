"""Signing in against the sandbox: every auth kind, right and wrong, cookie sessions, Cloud's trap."""

from __future__ import annotations

import asyncio

import pytest

from app.api import probes
from app.api.auth import PAT_REFUSED
from app.api.errors import AuthenticationError
from app.api.projects import ProjectAdmin
from app.domain.site import AuthKind, Flavour
from tests.integration.conftest import CountingTransport, Link

pytestmark = pytest.mark.asyncio

CLOUD_KINDS = [AuthKind.CLOUD_TOKEN, AuthKind.SESSION]
DC_KINDS = [AuthKind.PASSWORD, AuthKind.PAT, AuthKind.SESSION]


def kinds_for(link: Link) -> list[AuthKind]:
    return CLOUD_KINDS if link.cloud else DC_KINDS


async def test_connection_report_detects_flavour_user_and_permissions(link: Link) -> None:
    report = await probes.probe_connection(link.config("admin"), transport=link.transport())
    assert report.server.flavour is (Flavour.CLOUD if link.cloud else Flavour.DATACENTER)
    assert report.server.deployment_type == ("Cloud" if link.cloud else "Server")
    assert report.server.version_numbers[0] == (1001 if link.cloud else 10)
    assert report.user.display_name == "Ada Admin"
    # users are accountIds on Cloud, usernames on Data Center
    assert report.user.id.startswith("557058:") if link.cloud else report.user.id == "admin"
    assert report.permissions is not None and report.missing == ()
    assert set(report.permissions) == set(probes.CONNECTION_PERMISSIONS)
    assert report.held == probes.CONNECTION_PERMISSIONS  # every key, in the order asked

    plain = await probes.probe_connection(link.config("user"), transport=link.transport())
    assert plain.holds("BROWSE_PROJECTS") is True
    assert plain.holds("ADMINISTER") is False


async def test_a_site_without_mypermissions_connects_with_permissions_unknown(
    fresh_link: Link,
) -> None:
    fresh_link.site.knobs.absent.add("mypermissions")
    report = await probes.probe_connection(
        fresh_link.config("admin"), transport=fresh_link.transport()
    )
    assert report.user is not None and report.user.display_name == "Ada Admin"
    assert report.permissions is None and report.missing == ("mypermissions",)
    # a wrong secret is still refused: the missing resource does not hide it
    with pytest.raises(AuthenticationError):
        await probes.probe_connection(
            fresh_link.config("admin", secret="wrong"), transport=fresh_link.transport()
        )


async def test_every_auth_kind_with_the_right_secret(link: Link) -> None:
    for kind in kinds_for(link):
        for who in ("admin", "user"):
            async with link.client(who, kind) as client:
                me = await client.myself()
                projects = await ProjectAdmin(client).list_projects()
            account = link.site.admin if who == "admin" else link.site.user
            assert (me.email if link.cloud else me.id) == account.login, kind
            # the plain user cannot browse every fourth project
            assert len(projects) == (12 if who == "admin" else 9), kind


async def test_every_auth_kind_with_a_wrong_secret(link: Link) -> None:
    wrong = "definitely-not-the-secret"
    for kind in [*kinds_for(link), *([AuthKind.PAT] if link.cloud else [])]:
        config = link.config("admin", kind, wrong)
        with pytest.raises(AuthenticationError) as caught:
            await probes.probe_connection(config, transport=link.transport())
        error = caught.value
        assert wrong not in str(error) and wrong not in error.details and wrong not in repr(config)
        assert error.status in (200, 401)
        if kind is AuthKind.SESSION:
            assert str(error) == "Login failed"  # Jira's own words from /rest/auth/1/session
            assert error.method == "POST" and error.url.endswith("/rest/auth/1/session")
        elif kind is AuthKind.PAT:
            # a Bearer token: Jade says the token was refused, Jira's "Basic …" goes to details
            assert str(error) == PAT_REFUSED and "Basic" not in str(error)
            assert error.status == (200 if link.cloud else 401)
            if not link.cloud:
                assert error.reply == "Basic Authentication Failure - Reason : AUTHENTICATED_FAILED"
                assert error.reply in error.details
        elif link.cloud:
            # Cloud answers serverInfo with 200 as anonymous: only the header tells
            assert error.status == 200
            assert "AUTHENTICATED_FAILED" in str(error)
        else:
            assert str(error) == "Basic Authentication Failure - Reason : AUTHENTICATED_FAILED"
            assert error.status == 401


async def test_cloud_bad_token_on_an_anonymous_endpoint_is_not_an_empty_project_list(
    cloud_link: Link,
) -> None:
    link = cloud_link
    async with link.client("admin", secret="wrong-token") as client:
        # without the header check this would be 200 with no projects at all
        with pytest.raises(AuthenticationError, match="AUTHENTICATED_FAILED"):
            await ProjectAdmin(client).list_projects()
    async with link.client(None) as anonymous:
        assert await ProjectAdmin(anonymous).list_projects() == []


async def test_no_credentials_is_jiras_401(link: Link) -> None:
    async with link.client(None) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.myself()
    assert caught.value.status == 401
    assert str(caught.value) == (
        "Client must be authenticated to access this resource."
        if link.cloud
        else "You are not authenticated. Authentication required to perform this operation."
    )


async def test_cookie_session_logs_in_again_once_after_expiry(fresh_link: Link) -> None:
    counting = fresh_link.transport(counting=True)
    assert isinstance(counting, CountingTransport)
    async with fresh_link.client("admin", AuthKind.SESSION, transport=counting) as client:
        await client.myself()
        assert counting.count("POST", "/rest/auth/1/session") == 1
        fresh_link.site.store.sessions.clear()
        # several requests notice the lapse at once: one re-login serves them all
        me, projects, *_ = await asyncio.gather(
            client.myself(), ProjectAdmin(client).list_projects(), client.myself(), client.myself()
        )
        assert counting.count("POST", "/rest/auth/1/session") == 2
        assert me.display_name == "Ada Admin"
        assert len(projects) == 12  # not the anonymous (empty) list


async def test_cookie_session_gives_up_when_the_new_login_is_refused(fresh_link: Link) -> None:
    counting = fresh_link.transport(counting=True)
    assert isinstance(counting, CountingTransport)
    async with fresh_link.client("admin", AuthKind.SESSION, transport=counting) as client:
        await client.myself()
        fresh_link.site.store.sessions.clear()
        admin = next(u for u in fresh_link.site.store.users.values() if u.name == "admin")
        admin.secret = "changed-meanwhile"  # the password changed on the server
        with pytest.raises(AuthenticationError, match="Login failed"):
            await client.myself()
        assert counting.count("POST", "/rest/auth/1/session") == 2
