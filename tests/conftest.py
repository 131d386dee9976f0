"""Fixtures shared by every test package."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
UI_TESTS = ROOT / "tests" / "ui"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """The automatic garbage collector is on, except for UI tests (tests/ui/conftest.py)."""
    # UI tests turn it off so that no thread but the GUI thread deletes Qt objects; any other
    # test runs with Python's usual collector, once what the UI tests left is collected here
    if not gc.isenabled() and UI_TESTS not in item.path.parents:
        gc.unfreeze()  # what was kept out of the UI tests' collections (tests/ui/conftest.py)
        gc.collect()
        gc.enable()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The workplace's shared reference folder (specs, samples, behaviour notes)."""
    if not SHARED.is_dir():
        pytest.fail(f"the shared reference folder is missing: {SHARED}")
    return SHARED


# --- a real Secret Service (gnome-keyring in a private D-Bus session) --------------------------

SECRET_SERVICE_PASSWORD = "jade-test-keyring"
SECRET_SERVICE_TIMEOUT = 10.0
SECRET_SERVICE_BUS_NAME = "org.freedesktop.secrets"


@dataclass(frozen=True)
class SecretServiceBus:
    """A private session bus with an unlocked gnome-keyring on it."""

    address: str
    root: Path


def _open_bus(address: str) -> Any:
    from jeepney.io.blocking import open_dbus_connection

    return open_dbus_connection(bus=address)


def _default_collection_unlocked(address: str) -> bool:
    import secretstorage
    from jeepney import DBus

    try:
        with closing(_open_bus(address)) as connection:
            # NameHasOwner never starts a service; anything that asks the Secret Service itself
            # before our daemon owns the name makes dbus-daemon activate a second, locked one
            reply = connection.send_and_get_reply(DBus().NameHasOwner(SECRET_SERVICE_BUS_NAME))
            if not reply.body[0] or not secretstorage.check_service_availability(connection):
                return False
            return not secretstorage.get_default_collection(connection).is_locked()
    except (OSError, secretstorage.exceptions.SecretStorageException):
        return False


def _stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


@pytest.fixture(scope="session")
def secret_service_bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecretServiceBus]:
    """Start dbus-daemon and an unlocked gnome-keyring-daemon for the session; stop them after."""
    missing = [b for b in ("dbus-daemon", "gnome-keyring-daemon") if shutil.which(b) is None]
    if missing:
        pytest.skip(
            f"a real Secret Service needs {' and '.join(missing)} "
            "(run tools/install-system-deps.sh)"
        )
    root = tmp_path_factory.mktemp("secret-service")
    dirs = {name: root / name for name in ("data", "config", "cache", "runtime", "home")}
    for directory in dirs.values():
        directory.mkdir(mode=0o700)
        directory.chmod(0o700)  # the runtime dir must be private or the daemons refuse it
    # a fresh XDG_DATA_HOME each run: an existing login.keyring with another password stays
    # locked, and keyring then tries a graphical prompt and fails with KeyringLocked
    env = {
        **os.environ,
        "HOME": str(dirs["home"]),
        "XDG_DATA_HOME": str(dirs["data"]),
        "XDG_CONFIG_HOME": str(dirs["config"]),
        "XDG_CACHE_HOME": str(dirs["cache"]),
        "XDG_RUNTIME_DIR": str(dirs["runtime"]),
    }
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    log = (root / "daemons.log").open("wb")
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=log,
        env=env,
    )
    keyring_daemon: subprocess.Popen[bytes] | None = None
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().decode().strip()
        if not address:
            pytest.fail(f"dbus-daemon printed no address; see {root / 'daemons.log'}")
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        keyring_daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=log,
            env=env,
        )
        assert keyring_daemon.stdin is not None
        keyring_daemon.stdin.write(SECRET_SERVICE_PASSWORD.encode())
        keyring_daemon.stdin.close()
        deadline = time.monotonic() + SECRET_SERVICE_TIMEOUT
        while not _default_collection_unlocked(address):
            if keyring_daemon.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    "gnome-keyring-daemon did not offer an unlocked default collection; "
                    f"see {root / 'daemons.log'}"
                )
            time.sleep(0.02)
        yield SecretServiceBus(address=address, root=root)
    finally:
        if keyring_daemon is not None:
            _stop(keyring_daemon)
        _stop(bus)
        log.close()


@pytest.fixture
def secret_service(
    secret_service_bus: SecretServiceBus, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """keyring's SecretService backend on the private bus as the active keyring, for one test."""
    # afterwards: the collection is emptied and the previous keyring and environment restored
    import keyring
    import keyring.core
    import secretstorage
    from keyring.backends import SecretService

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", secret_service_bus.address)
    # read the private slot: keyring.get_keyring() would first probe every backend
    previous = keyring.core._keyring_backend
    backend = SecretService.Keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.core._keyring_backend = previous
        with closing(_open_bus(secret_service_bus.address)) as connection:
            for item in secretstorage.get_default_collection(connection).get_all_items():
                item.delete()
