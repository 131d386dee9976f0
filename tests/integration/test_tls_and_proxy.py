"""TLS (verified by default, custom CA bundle, client certificates), HTTP/2, and proxies.

Certificates are made on the fly with ``cryptography``; the sandbox is served over TLS by
uvicorn, HTTP/2 by a few lines of ``h2``, and the proxy is a tiny loopback server that records
what it was asked.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
import uvicorn

from app.api import JiraClient, SiteConfig, auth_for
from app.api.errors import NetworkError, SchemeMismatchError, TlsError
from app.domain.site import AuthKind, Flavour
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import SandboxServer
from tests.integration.conftest import FakeSleep, make_site

pytest.importorskip("cryptography")
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

pytestmark = pytest.mark.asyncio

SERVER_INFO = (
    b'{"baseUrl":"https://127.0.0.1","version":"1001.0.0-SNAPSHOT","versionNumbers":[1001,0,0],'
    b'"deploymentType":"Cloud","buildNumber":100285,"serverTitle":"Over HTTP/2"}'
)


@dataclass(frozen=True)
class Pki:
    """A CA, a server certificate for 127.0.0.1 and a client certificate, as PEM files."""

    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> Path:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


def _write_cert(path: Path, cert: x509.Certificate) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """Throwaway certificates, valid for a day."""
    folder = tmp_path_factory.mktemp("pki")
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Jade Test CA"))
        .issuer_name(_name("Jade Test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )

    def issue(
        common: str, usage: x509.ObjectIdentifier
    ) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(common))
            .issuer_name(ca.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                critical=False,
            )
        )
        if usage == ExtendedKeyUsageOID.SERVER_AUTH:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False,
            )
        return builder.sign(ca_key, hashes.SHA256()), key

    server, server_key = issue("127.0.0.1", ExtendedKeyUsageOID.SERVER_AUTH)
    client, client_key = issue("jade-client", ExtendedKeyUsageOID.CLIENT_AUTH)
    return Pki(
        ca=_write_cert(folder / "ca.pem", ca),
        server_cert=_write_cert(folder / "server.pem", server),
        server_key=_write_key(folder / "server.key", server_key),
        client_cert=_write_cert(folder / "client.pem", client),
        client_key=_write_key(folder / "client.key", client_key),
    )


@contextlib.contextmanager
def serve_tls(pki: Pki, *, client_cert_required: bool) -> Iterator[str]:
    """The sandbox (Cloud) over HTTPS on loopback, optionally demanding a client certificate."""
    site = make_site(SandboxFlavour.CLOUD)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        site.app,
        log_level="critical",
        access_log=False,
        lifespan="off",
        http="h11",
        timeout_graceful_shutdown=1,
        ssl_certfile=str(pki.server_cert),
        ssl_keyfile=str(pki.server_key),
        ssl_ca_certs=str(pki.ca),
        ssl_cert_reqs=ssl.CERT_REQUIRED if client_cert_required else ssl.CERT_NONE,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=lambda: asyncio.run(server.serve(sockets=[sock])), name="tls-sandbox", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the TLS sandbox did not start"
        time.sleep(0.01)
    try:
        yield f"https://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(5)
        sock.close()


@pytest.fixture(scope="module")
def tls_url(pki: Pki) -> Iterator[str]:
    """HTTPS with a certificate from the test CA."""
    with serve_tls(pki, client_cert_required=False) as url:
        yield url


@pytest.fixture(scope="module")
def mtls_url(pki: Pki) -> Iterator[str]:
    """HTTPS that demands a client certificate from the test CA."""
    with serve_tls(pki, client_cert_required=True) as url:
        yield url


def cloud_config(url: str, **options: object) -> SiteConfig:
    """The Cloud sandbox's admin, without environment proxies."""
    auth = auth_for(AuthKind.CLOUD_TOKEN, "admin@jade-sandbox.test", "sandbox-admin-token")
    return SiteConfig(url, auth, trust_env=False, **options)  # type: ignore[arg-type]


async def test_tls_is_verified_by_default(tls_url: str) -> None:
    async with JiraClient(cloud_config(tls_url)) as client:
        with pytest.raises(TlsError) as caught:
            await client.server_info()
    assert "is not trusted (self-signed certificate in certificate chain)" in str(caught.value)
    assert "CA bundle" in str(caught.value)
    assert caught.value.status is None


async def test_custom_ca_bundle_and_switching_verification_off(tls_url: str, pki: Pki) -> None:
    async with JiraClient(cloud_config(tls_url, verify=pki.ca)) as client:
        assert (await client.server_info()).flavour is Flavour.CLOUD
    async with JiraClient(cloud_config(tls_url, verify=str(pki.ca.parent / "ca.pem"))) as client:
        assert (await client.myself()).display_name == "Ada Admin"
    async with JiraClient(cloud_config(tls_url, verify=False)) as client:
        assert (await client.server_info()).flavour is Flavour.CLOUD


async def test_client_certificate(mtls_url: str, pki: Pki, tmp_path: Path) -> None:
    sleep = FakeSleep()
    async with JiraClient(cloud_config(mtls_url, verify=pki.ca), sleep=sleep) as client:
        with pytest.raises(NetworkError) as caught:
            await client.server_info()
    # TLS 1.3 refuses a missing client certificate after the handshake: the client only sees
    # the connection close (ConnectionDroppedError, retried); TLS 1.2 fails the handshake (TlsError)
    assert "client certificate" in str(caught.value) or isinstance(caught.value, TlsError)
    pair = (pki.client_cert, pki.client_key)
    async with JiraClient(cloud_config(mtls_url, verify=pki.ca, client_cert=pair)) as client:
        assert (await client.myself()).display_name == "Ada Admin"
    combined = tmp_path / "client-combined.pem"
    combined.write_bytes(pki.client_cert.read_bytes() + pki.client_key.read_bytes())
    async with JiraClient(cloud_config(mtls_url, verify=pki.ca, client_cert=combined)) as client:
        assert (await client.server_info()).flavour is Flavour.CLOUD


async def test_unreadable_certificate_files_are_a_tls_error(tmp_path: Path, pki: Pki) -> None:
    with pytest.raises(TlsError, match="Could not load the TLS certificates"):
        JiraClient(cloud_config("https://jira.example.test", verify=tmp_path / "missing.pem"))
    with pytest.raises(TlsError, match="Could not load the TLS certificates"):
        JiraClient(
            cloud_config(
                "https://jira.example.test", client_cert=(pki.ca, tmp_path / "missing.key")
            )
        )


@pytest_asyncio.fixture
async def h2_url(pki: Pki) -> AsyncIterator[tuple[str, list[str]]]:
    """A server that speaks only HTTP/2 (ALPN "h2") and answers every stream with serverInfo."""
    from h2.config import H2Configuration
    from h2.connection import H2Connection
    from h2.events import RequestReceived

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki.server_cert, pki.server_key)
    context.set_alpn_protocols(["h2"])
    seen: list[str] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        alpn = writer.get_extra_info("ssl_object").selected_alpn_protocol()
        conn = H2Connection(config=H2Configuration(client_side=False))
        conn.initiate_connection()
        writer.write(conn.data_to_send())
        try:
            while data := await reader.read(65535):
                for event in conn.receive_data(data):
                    if isinstance(event, RequestReceived):
                        path = dict(event.headers or [])[b":path"]
                        seen.append(f"{alpn} {path.decode()}")
                        conn.send_headers(
                            event.stream_id,
                            [
                                (":status", "200"),
                                ("content-type", "application/json"),
                                ("content-length", str(len(SERVER_INFO))),
                            ],
                        )
                        conn.send_data(event.stream_id, SERVER_INFO, end_stream=True)
                writer.write(conn.data_to_send())
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError, ssl.SSLError):
                await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"https://127.0.0.1:{port}", seen


async def test_http2_when_the_server_offers_it(h2_url: tuple[str, list[str]], pki: Pki) -> None:
    url, seen = h2_url
    async with JiraClient(cloud_config(url, verify=pki.ca)) as client:
        info = await client.server_info()
    assert info.server_title == "Over HTTP/2"
    assert seen == ["h2 /rest/api/2/serverInfo"]


@pytest_asyncio.fixture
async def proxy() -> AsyncIterator[tuple[str, list[str]]]:
    """A forward proxy that records request lines and answers serverInfo itself."""
    seen: list[str] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        seen.append(head.split(b"\r\n", 1)[0].decode())
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + f"Content-Length: {len(SERVER_INFO)}\r\n\r\n".encode()
            + SERVER_INFO
        )
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"http://127.0.0.1:{port}", seen


async def test_proxy_per_site(proxy: tuple[str, list[str]]) -> None:
    url, seen = proxy
    async with JiraClient(cloud_config("http://jira.example.test", proxy=url)) as client:
        assert (await client.server_info()).server_title == "Over HTTP/2"
    assert seen == ["GET http://jira.example.test/rest/api/2/serverInfo HTTP/1.1"]


async def test_proxy_from_the_environment(
    proxy: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, seen = proxy
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", url)
    config = SiteConfig("http://jira.example.test", trust_env=True)
    async with JiraClient(config) as client:
        await client.server_info()
    assert seen == ["GET http://jira.example.test/rest/api/2/serverInfo HTTP/1.1"]

    # trust_env=False ignores the environment: straight to a port nobody listens on
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    config = SiteConfig(f"http://127.0.0.1:{closed}", trust_env=False)
    async with JiraClient(config) as client:
        with pytest.raises(NetworkError, match="refused the connection"):
            await client.server_info()
    assert len(seen) == 1


async def test_read_timeout_is_a_network_timeout() -> None:
    site = make_site(SandboxFlavour.DATACENTER, latency_ms=500)
    auth = auth_for(AuthKind.PASSWORD, "admin", "admin-password")
    with SandboxServer(site) as server:
        config = SiteConfig(server.url, auth, trust_env=False, read_timeout=0.1)
        async with JiraClient(config) as client:
            with pytest.raises(NetworkError) as caught:
                await client.server_info()
    assert type(caught.value).__name__ == "NetworkTimeoutError"
    assert "did not answer in time" in str(caught.value)


async def test_plain_http_to_the_tls_port_names_the_https_address(tls_url: str, pki: Pki) -> None:
    plain = tls_url.replace("https://", "http://")
    where = plain.removeprefix("http://")
    # the TLS port hangs up on plain HTTP (retried as a dropped connection, then looked into)
    async with JiraClient(cloud_config(plain, verify=pki.ca), sleep=FakeSleep()) as client:
        with pytest.raises(SchemeMismatchError) as caught:
            await client.server_info()
    assert str(caught.value) == (
        f"{where} speaks HTTPS, not plain HTTP. Jira answers at {tls_url}/ — use that address."
    )
    assert caught.value.suggested_url == tls_url
    # without the CA the handshake still shows the port speaks TLS, and why it is not trusted
    async with JiraClient(cloud_config(plain), sleep=FakeSleep()) as client:
        with pytest.raises(SchemeMismatchError) as caught:
            await client.server_info()
    assert str(caught.value).startswith(f"{where} speaks HTTPS, not plain HTTP: use {tls_url}/. ")
    assert "is not trusted" in str(caught.value) and "CA bundle" in str(caught.value)
    assert caught.value.suggested_url == tls_url
