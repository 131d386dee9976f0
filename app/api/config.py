"""What the client needs to know to reach one site: address, sign-in, TLS, proxy, limits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.api.auth import Auth

__all__ = ["ClientCert", "SiteConfig"]

# a PEM file holding certificate and key, or (certificate, key) files
ClientCert = str | Path | tuple[str | Path, str | Path]


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Connection settings for one site; its repr never shows a secret."""

    base_url: str
    auth: Auth | None = None
    # True: the system's trust (certifi, or SSL_CERT_FILE/SSL_CERT_DIR); a path: a CA bundle
    # (file) or hashed CA directory; False: no verification (the UI warns before allowing it)
    verify: bool | str | Path = True
    client_cert: ClientCert | None = None
    # None: HTTP(S)_PROXY / ALL_PROXY / NO_PROXY from the environment (when trust_env)
    proxy: str | None = None
    trust_env: bool = True
    concurrency: int = 6
    connect_timeout: float = 10.0
    read_timeout: float = 60.0

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if not self.base_url.startswith(("http://", "https://")):
            raise ValueError(
                f"the site address must start with http:// or https://: {self.base_url!r}"
            )
