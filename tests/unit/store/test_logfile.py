"""The log file: where it goes, idempotent setup, and that no secret ever lands in it."""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.secret import Secret
from app.domain.site import AuthKind, SiteKind
from app.store.keychain import SecretStore
from app.store.logfile import LOG_FILE_NAME, close_logging, default_log_dir, setup_logging
from app.store.profiles import Profile, ProfileStore
from app.store.redaction import MASK, RedactingFilter

from .conftest import MemoryKeyring

TOKEN = "ATATT3xFfGF0q9Zr7Wm2-jade-test-token"


@pytest.fixture
def clean_root_logger() -> Iterator[logging.Logger]:
    """Puts the root logger's level back and closes Jade's file handler after the test."""
    root = logging.getLogger()
    level = root.level
    yield root
    close_logging()
    root.setLevel(level)


def jade_handlers(root: logging.Logger) -> list[logging.Handler]:
    return [h for h in root.handlers if type(h).__name__ == "_JadeFileHandler"]


def test_setup_returns_the_file_and_is_idempotent(
    tmp_path: Path, clean_root_logger: logging.Logger
) -> None:
    path = setup_logging(tmp_path / "logs", logging.DEBUG)
    assert setup_logging(tmp_path / "logs", logging.DEBUG) == path
    assert path == (tmp_path / "logs" / LOG_FILE_NAME).resolve()
    assert len(jade_handlers(clean_root_logger)) == 1
    assert clean_root_logger.level == logging.DEBUG

    moved = setup_logging(tmp_path / "elsewhere")

    assert moved.parent == (tmp_path / "elsewhere").resolve()
    assert len(jade_handlers(clean_root_logger)) == 1
    logging.getLogger("jade.test").info("hello")
    assert "hello" in moved.read_text(encoding="utf-8")
    close_logging()
    assert jade_handlers(clean_root_logger) == []


def test_the_default_directory_is_jades_user_log_directory() -> None:
    assert "Jade" in default_log_dir().parts


def test_no_secret_reaches_the_profile_file_or_the_log(
    tmp_path: Path, clean_root_logger: logging.Logger
) -> None:
    redactor = RedactingFilter()
    log_path = setup_logging(tmp_path / "logs", logging.DEBUG, redactor=redactor)
    profiles = ProfileStore(tmp_path / "config")
    keychain = SecretStore(MemoryKeyring(), redactor=redactor)
    profile = profiles.add(
        Profile(
            name="Acme Cloud",
            base_url="https://acme.atlassian.net/",
            kind=SiteKind.JIRA_CLOUD,
            auth=AuthKind.CLOUD_TOKEN,
            user="admin@acme.test",
        )
    )
    keychain.set_blocking(profile.id, Secret(TOKEN))
    secret = keychain.get_blocking(profile.id)
    assert secret is not None
    basic = base64.b64encode(f"{profile.user}:{secret.reveal()}".encode()).decode()
    log = logging.getLogger("app.api.transport")

    log.info("signing in with %s", secret)
    log.warning("token was %s", secret.reveal())
    log.debug("request headers: %s", {"Authorization": f"Basic {basic}", "Accept": "json"})
    log.debug("Authorization: Bearer %s", TOKEN)
    logging.getLogger("httpx").debug("GET https://acme.atlassian.net/x?token=%s", TOKEN)
    try:
        raise PermissionError(f"401 for {TOKEN} (Basic {basic})")
    except PermissionError:
        log.exception("sign-in failed")

    for handler in jade_handlers(clean_root_logger):
        handler.flush()
    logged = log_path.read_text(encoding="utf-8")
    stored = profiles.path.read_text(encoding="utf-8")
    assert TOKEN not in logged
    assert basic not in logged
    assert "PermissionError: 401 for [redacted]" in logged
    assert "sign-in failed" in logged
    assert logged.count(MASK) >= 6
    assert TOKEN not in stored
    assert basic not in stored
    # nothing else under either directory holds it either (no temp or backup copies)
    for path in [*tmp_path.rglob("*")]:
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path
