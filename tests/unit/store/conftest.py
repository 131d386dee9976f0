"""Store fixtures: a private config directory, a profile factory and in-memory keyrings."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError

from app.domain.site import AuthKind, SiteKind
from app.store.profiles import Profile
from app.store.redaction import RedactingFilter

ProfileFactory = Callable[..., Profile]


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict that records who called it and from which thread."""

    @properties.classproperty
    def priority(cls) -> float:
        # not viable, so keyring's own backend discovery never picks a test class
        raise RuntimeError("test backend")

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.threads: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.threads.append(threading.current_thread().name)
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.threads.append(threading.current_thread().name)
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.threads.append(threading.current_thread().name)
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("No such password!")


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's file keyring (not installed here): only its module matters."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """A config directory that does not exist yet, as on a first start."""
    return tmp_path / "config" / "Jade"


@pytest.fixture
def make_profile() -> ProfileFactory:
    """``make_profile(**fields)``: a valid Data Center profile with the given fields changed."""

    def factory(**fields: Any) -> Profile:
        values: dict[str, Any] = {
            "name": "Acme Jira",
            "base_url": "https://jira.acme.test",
            "kind": SiteKind.JIRA_DATACENTER,
            "auth": AuthKind.PAT,
        }
        values.update(fields)
        return Profile(**values)

    return factory


@pytest.fixture
def redactor() -> RedactingFilter:
    """A private redacting filter, so tests never register secrets in the process-wide one."""
    return RedactingFilter()


@pytest.fixture
def active_keyring() -> Iterator[Callable[[KeyringBackend], KeyringBackend]]:
    """``active_keyring(backend)`` makes it keyring's current backend until the test ends."""
    previous = keyring.core._keyring_backend

    def activate(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield activate
    keyring.core._keyring_backend = previous
