"""A first contact that finds no Jira says where Jira does answer: paths, redirects, schemes."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import msgspec
import pytest

from app.api import JiraClient, SiteConfig, auth_for
from app.api.errors import (
    ConnectionDroppedError,
    LoginPageError,
    NoJiraApiError,
    SchemeMismatchError,
    TlsError,
)
from app.api.site_address import candidate_bases, shown_address, with_scheme
from app.domain.site import AuthKind, Flavour

SERVER_INFO = msgspec.json.encode(
    {
        "baseUrl": "https://jira.example.test",
        "version": "10.3.12",
        "versionNumbers": [10, 3, 12],
        "deploymentType": "Server",
    }
)
DEAD_LINK = b"<html><head><title>404 Not Found</title></head><body>Not here</body></html>"
Answer = Callable[[httpx.Request], httpx.Response]


async def no_sleep(_: float) -> None:
    return None


def jira_under(prefix: str, seen: list[httpx.Request]) -> Answer:
    """A host whose Jira is deployed under ``prefix``; anything else is the web server's 404."""

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == f"{prefix}/rest/api/2/serverInfo":
            return httpx.Response(200, content=SERVER_INFO)
        if request.url.path.startswith(f"{prefix}/rest/"):
            body = {"message": f"null for uri: {request.url}", "status-code": 404}
            return httpx.Response(404, json=body)
        return httpx.Response(404, content=DEAD_LINK, headers={"content-type": "text/html"})

    return answer


async def first_contact(base: str, answer: Answer) -> Exception:
    """What ``server_info`` raises for ``base``, signed in as a password user."""
    config = SiteConfig(base, auth_for(AuthKind.PASSWORD, "fred", "pw"))
    async with JiraClient(config, transport=httpx.MockTransport(answer), sleep=no_sleep) as client:
        with pytest.raises(Exception) as caught:
            await client.server_info()
    return caught.value


# ----- addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "candidates"),
    [
        ("http://host/jira", ["http://host"]),
        ("http://host/jira/", ["http://host"]),
        ("http://host", ["http://host/jira"]),
        ("https://host:8443/a/b/c", ["https://host:8443/a/b", "https://host:8443/a", "https://host:8443/jira", "https://host:8443"]),
        ("http://host/tools/jira", ["http://host/tools", "http://host/jira", "http://host"]),
    ],
)  # fmt: skip
def test_candidate_bases(base: str, candidates: list[str]) -> None:
    assert candidate_bases(base) == candidates


def test_addresses_as_shown_and_with_the_other_scheme() -> None:
    assert shown_address("http://host") == "http://host/"
    assert shown_address("http://host/jira") == "http://host/jira"
    assert with_scheme("https://host:8080/jira/", "http") == "http://host:8080/jira"


# ----- no Jira at the address ------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_path_where_no_jira_is_names_the_root_where_it_is() -> None:
    seen: list[httpx.Request] = []
    error = await first_contact("http://host.test/jira", jira_under("", seen))
    assert isinstance(error, NoJiraApiError)
    assert str(error) == (
        "No Jira REST API at this address (http://host.test/jira). "
        "Jira answers at http://host.test/ — use that address."
    )
    assert error.suggested_url == "http://host.test"
    assert error.status == 404 and error.url == "http://host.test/jira/rest/api/2/serverInfo"
    assert "The server said: 404 Not Found" in error.details
    # only the first contact signs in; the look-around never does (it may reach another host)
    signed = [r.url.path for r in seen if "authorization" in r.headers]
    assert signed == ["/jira/rest/api/2/serverInfo", "/jira/rest/api/2.0.alpha1/serverInfo"]
    assert [r.url.path for r in seen[2:]] == ["/rest/api/2/serverInfo"]


@pytest.mark.asyncio
async def test_jira_under_a_context_path_is_found_from_the_root() -> None:
    error = await first_contact("https://host.test", jira_under("/jira", []))
    assert isinstance(error, NoJiraApiError)
    assert error.suggested_url == "https://host.test/jira"
    assert "Jira answers at https://host.test/jira — use that address." in str(error)


@pytest.mark.asyncio
async def test_a_browser_address_is_walked_up_to_jira() -> None:
    error = await first_contact(
        "http://host.test/jira/secure/Dashboard.jspa", jira_under("/jira", [])
    )
    assert isinstance(error, NoJiraApiError) and error.suggested_url == "http://host.test/jira"


@pytest.mark.asyncio
async def test_jira_behind_a_redirect_is_named_and_not_signed_in_to() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "old.test":
            moved = f"https://new.test{request.url.path}"
            return httpx.Response(301, headers={"Location": moved})
        return jira_under("", [])(request)

    error = await first_contact("http://old.test", answer)
    assert isinstance(error, NoJiraApiError)
    assert str(error) == (
        "No Jira REST API at this address (http://old.test): it redirects elsewhere. "
        "Jira answers at https://new.test/ — use that address."
    )
    assert error.suggested_url == "https://new.test"
    assert not [r for r in seen if r.url.host == "new.test" and "authorization" in r.headers]


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, content=b"<html><title>Welcome to nginx!</title></html>"),
        httpx.Response(200, json={"status": "ok"}),  # JSON, but not serverInfo
        httpx.Response(404, content=DEAD_LINK, headers={"content-type": "text/html"}),
        httpx.Response(404, json={"message": "null for uri: x", "status-code": 404}),
    ],
    ids=["html-page", "other-json", "html-404", "jersey-404"],
)
@pytest.mark.asyncio
async def test_nothing_anywhere_says_so_and_suggests_nothing(answer: httpx.Response) -> None:
    error = await first_contact("http://host.test/jira", lambda _: answer)
    assert isinstance(error, NoJiraApiError)
    assert str(error).startswith(
        "No Jira REST API at this address (http://host.test/jira): check the site's address"
    )
    assert error.suggested_url is None


@pytest.mark.asyncio
async def test_sso_in_front_of_jira_is_not_a_wrong_address() -> None:
    page = b'<html><title>Sign in</title><input type="password"></html>'
    error = await first_contact(
        "https://host.test",
        lambda _: httpx.Response(200, content=page, headers={"content-type": "text/html"}),
    )
    assert type(error) is LoginPageError


@pytest.mark.asyncio
async def test_a_found_address_works() -> None:
    config = SiteConfig("http://host.test", auth_for(AuthKind.PASSWORD, "fred", "pw"))
    async with JiraClient(config, transport=httpx.MockTransport(jira_under("", []))) as client:
        assert (await client.server_info()).flavour is Flavour.DATACENTER


# ----- the scheme does not fit the port ----------------------------------------------------------


def tls_port_of(host: str) -> Answer:
    """``host``'s only port speaks TLS: plain HTTP is hung up on."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.scheme == "http":
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        return jira_under("", [])(request)

    return answer


@pytest.mark.asyncio
async def test_https_to_a_plain_http_port_names_the_http_address() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.scheme == "https":
            raise httpx.ConnectError(
                "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)"
            )
        return jira_under("/jira", [])(request)

    error = await first_contact("https://host.test:8080/jira", answer)
    assert isinstance(error, SchemeMismatchError) and isinstance(error, TlsError)
    assert str(error) == (
        "host.test:8080 speaks plain HTTP, not HTTPS (WRONG_VERSION_NUMBER). "
        "Jira answers at http://host.test:8080/jira — use that address."
    )
    assert error.suggested_url == "http://host.test:8080/jira"


@pytest.mark.asyncio
async def test_plain_http_to_a_tls_port_names_the_https_address() -> None:
    error = await first_contact("http://host.test:8443", tls_port_of("host.test"))
    assert isinstance(error, SchemeMismatchError)
    assert str(error) == (
        "host.test:8443 speaks HTTPS, not plain HTTP. "
        "Jira answers at https://host.test:8443/ — use that address."
    )
    assert error.suggested_url == "https://host.test:8443"
    assert isinstance(error.__cause__, ConnectionDroppedError)


@pytest.mark.asyncio
async def test_nginx_telling_plain_http_went_to_its_https_port() -> None:
    page = (
        b"<html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head>"
        b"<body><center><h1>400 Bad Request</h1></center>"
        b"<center>The plain HTTP request was sent to HTTPS port</center></body></html>"
    )

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.scheme == "http":
            return httpx.Response(400, content=page, headers={"content-type": "text/html"})
        return jira_under("", [])(request)

    error = await first_contact("http://host.test:443", answer)
    assert isinstance(error, SchemeMismatchError) and error.suggested_url == "https://host.test:443"


@pytest.mark.asyncio
async def test_a_server_that_just_hangs_up_keeps_its_own_error() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.")

    error = await first_contact("http://host.test", answer)
    assert type(error) is ConnectionDroppedError
