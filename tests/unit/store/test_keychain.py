"""SecretStore: keychain round trips (in memory and a real Secret Service), refusals, session mode."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from typing import Any

import keyring.backends.fail
import keyring.backends.null
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringLocked, PasswordSetError

from app.domain.secret import Secret
from app.store.keychain import (
    SERVICE_NAME,
    KeychainError,
    KeychainUnavailableError,
    SecretStore,
    UnavailableReason,
    usable_backend,
)
from app.store.profiles import new_profile_id
from app.store.redaction import MASK, RedactingFilter

from .conftest import MemoryKeyring, PlaintextKeyring

Activate = Callable[[KeyringBackend], KeyringBackend]
TOKEN = "ATATT3xFfGF0-test-token-0123456789"


@pytest.fixture
def memory() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def store(memory: MemoryKeyring, redactor: RedactingFilter) -> Iterator[SecretStore]:
    secrets = SecretStore(memory, redactor=redactor)
    yield secrets
    secrets.close()


class Raising(MemoryKeyring):
    """Raises the given exception from every call."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


# --- the keychain path -------------------------------------------------------------------------


def test_round_trip_keyed_by_profile_id(store: SecretStore, memory: MemoryKeyring) -> None:
    profile_id = new_profile_id()
    assert store.get_blocking(profile_id) is None

    store.set_blocking(profile_id, Secret(TOKEN))
    store.set_blocking(profile_id, TOKEN + "-rotated")  # a plain str is accepted and replaces

    assert memory.items == {(SERVICE_NAME, profile_id): TOKEN + "-rotated"}
    secret = store.get_blocking(profile_id)
    assert secret == Secret(TOKEN + "-rotated")
    store.delete_blocking(profile_id)
    assert store.get_blocking(profile_id) is None
    store.delete_blocking(profile_id)  # deleting what is not there is not an error


def test_secrets_handed_out_or_stored_are_registered_for_redaction(
    memory: MemoryKeyring, redactor: RedactingFilter
) -> None:
    memory.items[(SERVICE_NAME, "p1")] = "stored-before-jade-started"
    store = SecretStore(memory, redactor=redactor)
    store.get_blocking("p1")
    store.set_blocking("p2", TOKEN)
    assert redactor.redact(f"a stored-before-jade-started b {TOKEN}") == f"a {MASK} b {MASK}"


def test_empty_secrets_are_refused(store: SecretStore) -> None:
    with pytest.raises(ValueError, match="empty secret"):
        store.set_blocking("p", "")


def test_nothing_secret_in_repr_or_errors(memory: MemoryKeyring, redactor: RedactingFilter) -> None:
    store = SecretStore(memory, redactor=redactor, session_only=True)
    store.set_blocking("p", TOKEN)
    assert TOKEN not in repr(store)
    failing = SecretStore(Raising(ConnectionError("bus gone")), redactor=redactor)
    with pytest.raises(KeychainUnavailableError) as caught:
        failing.set_blocking("p", TOKEN)
    assert TOKEN not in str(caught.value)
    assert TOKEN not in repr(caught.value)


def test_the_default_backend_is_keyrings_current_one(
    active_keyring: Activate, memory: MemoryKeyring, redactor: RedactingFilter
) -> None:
    active_keyring(memory)
    store = SecretStore(redactor=redactor)
    store.set_blocking("p", TOKEN)
    assert memory.items == {(SERVICE_NAME, "p"): TOKEN}
    assert store.backend_name().endswith("MemoryKeyring")


# --- no usable keychain --------------------------------------------------------------------


def test_no_backend_raises_keychain_unavailable(
    active_keyring: Activate, redactor: RedactingFilter
) -> None:
    active_keyring(keyring.backends.fail.Keyring())
    store = SecretStore(redactor=redactor)
    for call in (
        lambda: store.get_blocking("p"),
        lambda: store.set_blocking("p", TOKEN),
        lambda: store.delete_blocking("p"),
        store.check_blocking,
    ):
        with pytest.raises(KeychainUnavailableError) as caught:
            call()
        assert caught.value.reason is UnavailableReason.NO_BACKEND
        assert str(caught.value).startswith("No system keychain is available")
        assert "for this session only" in str(caught.value)


def test_the_null_keyring_counts_as_none(redactor: RedactingFilter) -> None:
    # it would accept the secret and silently drop it
    with pytest.raises(KeychainUnavailableError) as caught:
        SecretStore(keyring.backends.null.Keyring(), redactor=redactor).set_blocking("p", TOKEN)
    assert caught.value.reason is UnavailableReason.NO_BACKEND


def test_a_plaintext_keyring_is_refused(redactor: RedactingFilter) -> None:
    plaintext = PlaintextKeyring()
    store = SecretStore(plaintext, redactor=redactor)
    with pytest.raises(KeychainUnavailableError) as caught:
        store.set_blocking("p", TOKEN)
    assert caught.value.reason is UnavailableReason.PLAINTEXT_REFUSED
    assert "never keeps secrets in files" in str(caught.value)
    assert plaintext.items == {}
    assert plaintext.threads == []  # not even asked


@pytest.mark.parametrize(
    ("chained", "reason"),
    [
        ([], UnavailableReason.NO_BACKEND),
        ([keyring.backends.fail.Keyring()], UnavailableReason.NO_BACKEND),
        ([PlaintextKeyring()], UnavailableReason.PLAINTEXT_REFUSED),
    ],
)
def test_a_chain_with_nothing_usable_is_unavailable(
    monkeypatch: pytest.MonkeyPatch, chained: list[KeyringBackend], reason: UnavailableReason
) -> None:
    monkeypatch.setattr(ChainerBackend, "backends", chained)
    with pytest.raises(KeychainUnavailableError) as caught:
        usable_backend(ChainerBackend())
    assert caught.value.reason is reason


def test_a_chain_uses_its_real_keychain_and_skips_plaintext(
    monkeypatch: pytest.MonkeyPatch, memory: MemoryKeyring, redactor: RedactingFilter
) -> None:
    plaintext = PlaintextKeyring()
    monkeypatch.setattr(ChainerBackend, "backends", [plaintext, memory])
    store = SecretStore(ChainerBackend(), redactor=redactor)
    store.set_blocking("p", TOKEN)
    assert memory.items == {(SERVICE_NAME, "p"): TOKEN}
    assert plaintext.threads == []


def test_a_locked_keychain_says_so(redactor: RedactingFilter) -> None:
    store = SecretStore(
        Raising(KeyringLocked("Failed to unlock the collection!")), redactor=redactor
    )
    with pytest.raises(KeychainUnavailableError) as caught:
        store.get_blocking("p")
    assert caught.value.reason is UnavailableReason.LOCKED
    assert "keychain is locked" in str(caught.value)
    assert isinstance(caught.value.__cause__, KeyringLocked)


def test_a_keychain_that_stops_answering_is_unavailable(redactor: RedactingFilter) -> None:
    store = SecretStore(Raising(ConnectionResetError("D-Bus went away")), redactor=redactor)
    with pytest.raises(KeychainUnavailableError) as caught:
        store.get_blocking("p")
    assert caught.value.reason is UnavailableReason.FAILED


def test_a_refused_write_is_a_keychain_error(redactor: RedactingFilter) -> None:
    store = SecretStore(Raising(PasswordSetError("denied")), redactor=redactor)
    with pytest.raises(KeychainError) as caught:
        store.set_blocking("p", TOKEN)
    assert not isinstance(caught.value, KeychainUnavailableError)


# --- session only ------------------------------------------------------------------------------


def test_session_only_keeps_secrets_in_memory(
    active_keyring: Activate, redactor: RedactingFilter
) -> None:
    # the fail backend raises on any call, so passing proves the keyring is never touched
    active_keyring(keyring.backends.fail.Keyring())
    store = SecretStore(redactor=redactor)
    with pytest.raises(KeychainUnavailableError):
        store.set_blocking("p", TOKEN)

    store.use_session_only()

    assert store.session_only
    store.check_blocking()
    store.set_blocking("p", TOKEN)
    assert store.get_blocking("p") == Secret(TOKEN)
    assert store.get_blocking("other") is None
    assert store.backend_name() == "session memory"
    store.delete_blocking("p")
    assert store.get_blocking("p") is None
    assert redactor.redact(TOKEN) == MASK


def test_session_memory_belongs_to_one_store(redactor: RedactingFilter) -> None:
    first = SecretStore(session_only=True, redactor=redactor)
    first.set_blocking("p", TOKEN)
    assert SecretStore(session_only=True, redactor=redactor).get_blocking("p") is None


# --- async -------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_async_calls_run_off_the_event_loop_in_order(
    store: SecretStore, memory: MemoryKeyring
) -> None:
    await store.check()
    await store.set("p", Secret(TOKEN))
    assert await store.get("p") == Secret(TOKEN)
    await store.delete("p")
    assert await store.get("p") is None
    assert memory.threads
    assert all(name.startswith("jade-keychain") for name in memory.threads)


@pytest.mark.asyncio
async def test_async_errors_arrive_at_the_awaiting_code(redactor: RedactingFilter) -> None:
    store = SecretStore(keyring.backends.fail.Keyring(), redactor=redactor)
    try:
        with pytest.raises(KeychainUnavailableError):
            await store.set("p", TOKEN)
        store.use_session_only()
        await store.set("p", TOKEN)
        assert await store.get("p") == Secret(TOKEN)
    finally:
        store.close()


# --- a real Secret Service (gnome-keyring on a private D-Bus) ------------------------------


def _items(address: str) -> list[dict[str, str]]:
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection

    with closing(open_dbus_connection(bus=address)) as connection:
        collection = secretstorage.get_default_collection(connection)
        return [item.get_attributes() for item in collection.get_all_items()]


def test_secret_service_round_trip(
    secret_service: Any, secret_service_bus: Any, redactor: RedactingFilter
) -> None:
    store = SecretStore(redactor=redactor)  # keyring's current backend: the fixture set it
    profile_id = new_profile_id()
    assert "SecretService" in store.backend_name()
    store.check_blocking()
    assert store.get_blocking(profile_id) is None

    store.set_blocking(profile_id, Secret(TOKEN))

    assert store.get_blocking(profile_id) == Secret(TOKEN)
    (attributes,) = _items(secret_service_bus.address)
    assert attributes["service"] == SERVICE_NAME
    assert attributes["username"] == profile_id
    store.delete_blocking(profile_id)
    store.delete_blocking(profile_id)
    assert store.get_blocking(profile_id) is None
    assert _items(secret_service_bus.address) == []


@pytest.mark.asyncio
async def test_secret_service_async(secret_service: Any, redactor: RedactingFilter) -> None:
    store = SecretStore(redactor=redactor)
    try:
        await store.set("p1", TOKEN)
        await store.set("p2", "second-secret-value")
        assert await store.get("p1") == Secret(TOKEN)
        assert await store.get("p2") == Secret("second-secret-value")
        await store.delete("p1")
        assert await store.get("p1") is None
    finally:
        store.close()
