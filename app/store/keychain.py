"""Profile secrets in the OS keychain (keyring), or in memory for this session only.

Secrets are keyed by service ``"Jade"`` and the profile's id. They are never written to a file
by Jade: a plaintext or file-based keyring (keyrings.alt) is refused like a missing keychain,
and the only fallback is :meth:`SecretStore.use_session_only`, which keeps secrets in this
process's memory until it exits.

keyring calls block (D-Bus, the macOS Security framework, Windows Credential Manager), so the
``async`` methods run them on one worker thread; the ``*_blocking`` methods are for scripts and
tests.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import TypeVar

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import keyring.errors

from app.domain.secret import Secret
from app.store.redaction import RedactingFilter, default_redactor

__all__ = [
    "SERVICE_NAME",
    "KeychainError",
    "KeychainUnavailableError",
    "SecretStore",
    "UnavailableReason",
    "usable_backend",
]

SERVICE_NAME = "Jade"

_log = logging.getLogger(__name__)
_T = TypeVar("_T")

_SESSION_OFFER = (
    " You can keep the secret for this session only: Jade will hold it in memory and forget "
    "it when it closes."
)


class UnavailableReason(enum.StrEnum):
    """Why the keychain cannot be used."""

    NO_BACKEND = "no-backend"
    LOCKED = "locked"
    PLAINTEXT_REFUSED = "plaintext-refused"
    FAILED = "failed"


_MESSAGES = {
    UnavailableReason.NO_BACKEND: (
        "No system keychain is available (Secret Service on Linux, Keychain on macOS, "
        "Credential Manager on Windows), so Jade cannot save this secret."
    ),
    UnavailableReason.LOCKED: (
        "The system keychain is locked and could not be unlocked, so Jade cannot read or save "
        "this secret. Unlock the keychain and try again."
    ),
    UnavailableReason.PLAINTEXT_REFUSED: (
        "The only keyring available stores secrets in a file on disk (keyrings.alt), and Jade "
        "never keeps secrets in files. Install or start a system keychain."
    ),
    UnavailableReason.FAILED: (
        "The system keychain did not answer, so Jade cannot read or save this secret."
    ),
}


class KeychainError(Exception):
    """The keychain was reached but refused an operation."""


class KeychainUnavailableError(KeychainError):
    """No usable keychain: none installed, locked, plaintext-only, or not answering."""

    def __init__(self, reason: UnavailableReason, backend_name: str = "") -> None:
        self.reason = reason
        self.backend_name = backend_name
        super().__init__(_MESSAGES[reason] + _SESSION_OFFER)


def _refused(backend: keyring.backend.KeyringBackend) -> bool:
    # every keyrings.alt backend keeps secrets in a file (plaintext, base64, or encrypted with a
    # master password that it asks for with getpass, which hangs a GUI app)
    module = type(backend).__module__
    return module == "keyrings.alt" or module.startswith("keyrings.alt.")


def _no_store(backend: keyring.backend.KeyringBackend) -> bool:
    # fail raises on every call; null silently drops what it is given
    return isinstance(backend, keyring.backends.fail.Keyring | keyring.backends.null.Keyring)


def _name(backend: keyring.backend.KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def usable_backend(backend: keyring.backend.KeyringBackend) -> keyring.backend.KeyringBackend:
    """The backend Jade may store secrets in, or KeychainUnavailableError saying why not."""
    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        chained: list[keyring.backend.KeyringBackend] = list(backend.backends)
        # the chainer writes to the first backend that accepts and reads from any: keep only
        # real keychains, so a secret can never land in (or come from) a plaintext file
        usable = [b for b in chained if not _refused(b) and not _no_store(b)]
        if usable:
            return usable[0]
        if any(_refused(b) for b in chained):
            raise KeychainUnavailableError(UnavailableReason.PLAINTEXT_REFUSED, _name(backend))
        raise KeychainUnavailableError(UnavailableReason.NO_BACKEND, _name(backend))
    if _refused(backend):
        raise KeychainUnavailableError(UnavailableReason.PLAINTEXT_REFUSED, _name(backend))
    if _no_store(backend):
        raise KeychainUnavailableError(UnavailableReason.NO_BACKEND, _name(backend))
    return backend


class SecretStore:
    """Secrets per profile id: in the OS keychain, or in memory after ``use_session_only()``."""

    def __init__(
        self,
        backend: keyring.backend.KeyringBackend | None = None,
        *,
        service: str = SERVICE_NAME,
        session_only: bool = False,
        redactor: RedactingFilter | None = None,
        executor: Executor | None = None,
    ) -> None:
        # None means "whatever keyring chose", looked up on each call so that set_keyring()
        # (tests, the composition root) takes effect
        self._backend = backend
        self._service = service
        self._session_only = session_only
        self._session: dict[str, Secret] = {}
        self._redactor = redactor if redactor is not None else default_redactor()
        self._executor = executor
        self._own_executor: ThreadPoolExecutor | None = None
        # two locks: the state lock is only ever held for a moment, so the GUI thread can take
        # it while a keychain call (perhaps an unlock prompt) holds the call lock
        self._state_lock = threading.Lock()
        self._call_lock = threading.Lock()

    def __repr__(self) -> str:
        mode = "session-only" if self._session_only else "keychain"
        return f"<SecretStore service={self._service!r} {mode}, {len(self._session)} in memory>"

    @property
    def service(self) -> str:
        """The keychain service name the secrets are filed under."""
        return self._service

    @property
    def session_only(self) -> bool:
        """Whether secrets are held in memory only, never in the keychain."""
        return self._session_only

    def use_session_only(self) -> None:
        """Stop using the keychain; keep secrets in memory until the process exits."""
        with self._state_lock:
            self._session_only = True

    def backend_name(self) -> str:
        """The keyring backend that would be used, or KeychainUnavailableError (blocking)."""
        if self._session_only:
            return "session memory"
        return _name(self._resolve())

    def check_blocking(self) -> None:
        """Raise KeychainUnavailableError unless a keychain is usable right now."""
        if self._session_only:
            return
        # a read reaches the daemon (and its lock state) without changing anything
        self.get_blocking("jade-keychain-check")

    def get_blocking(self, profile_id: str) -> Secret | None:
        """The profile's secret, or None if none is stored (blocks on the keychain)."""
        with self._state_lock:
            session_only = self._session_only
            secret = self._session.get(profile_id)
        if not session_only:
            value = self._call(lambda backend: backend.get_password(self._service, profile_id))
            secret = Secret(value) if value is not None else None
        if secret is not None:
            self._redactor.register(secret)
        return secret

    def set_blocking(self, profile_id: str, secret: Secret | str) -> None:
        """Store the profile's secret, replacing any previous one (blocks on the keychain)."""
        if not isinstance(secret, Secret):
            secret = Secret(secret)
        if not secret:
            raise ValueError("an empty secret cannot be stored; delete it instead")
        # registered before the call, so an error raised while storing it is logged masked
        self._redactor.register(secret)
        with self._state_lock:
            if self._session_only:
                self._session[profile_id] = secret
                return
        self._call(lambda backend: backend.set_password(self._service, profile_id, secret.reveal()))

    def delete_blocking(self, profile_id: str) -> None:
        """Forget the profile's secret; nothing happens if there is none."""
        with self._state_lock:
            self._session.pop(profile_id, None)
            if self._session_only:
                return
        try:
            self._call(lambda backend: backend.delete_password(self._service, profile_id))
        except KeychainError as exc:
            if not isinstance(exc.__cause__, keyring.errors.PasswordDeleteError):
                raise
            # keyring reports "no such password" this way too; deleting is idempotent here,
            # so only a secret that is still there after the error counts as a failure
            if self._call(lambda backend: backend.get_password(self._service, profile_id)):
                raise

    async def check(self) -> None:
        """Raise KeychainUnavailableError unless a keychain is usable (off the event loop)."""
        await self._run(self.check_blocking)

    async def get(self, profile_id: str) -> Secret | None:
        """The profile's secret, or None (off the event loop)."""
        return await self._run(lambda: self.get_blocking(profile_id))

    async def set(self, profile_id: str, secret: Secret | str) -> None:
        """Store the profile's secret (off the event loop)."""
        await self._run(lambda: self.set_blocking(profile_id, secret))

    async def delete(self, profile_id: str) -> None:
        """Forget the profile's secret (off the event loop)."""
        await self._run(lambda: self.delete_blocking(profile_id))

    def close(self) -> None:
        """Stop the worker thread the async methods use (waits for a running call)."""
        with self._state_lock:
            executor, self._own_executor = self._own_executor, None
        if executor is not None:
            executor.shutdown(wait=True)

    def _resolve(self) -> keyring.backend.KeyringBackend:
        backend = self._backend if self._backend is not None else keyring.get_keyring()
        return usable_backend(backend)

    def _call(self, operation: Callable[[keyring.backend.KeyringBackend], _T]) -> _T:
        with self._call_lock:
            return self._call_unlocked(operation)

    def _call_unlocked(self, operation: Callable[[keyring.backend.KeyringBackend], _T]) -> _T:
        backend = self._resolve()
        try:
            return operation(backend)
        except keyring.errors.KeyringLocked as exc:
            raise KeychainUnavailableError(UnavailableReason.LOCKED, _name(backend)) from exc
        except (keyring.errors.NoKeyringError, keyring.errors.InitError) as exc:
            raise KeychainUnavailableError(UnavailableReason.NO_BACKEND, _name(backend)) from exc
        except keyring.errors.KeyringError as exc:
            raise KeychainError(
                f"The system keychain refused the operation ({type(exc).__name__})."
            ) from exc
        except Exception as exc:
            # D-Bus going away surfaces as secretstorage/jeepney/OSError exceptions that keyring
            # does not wrap; to the user they all mean the keychain is not answering
            _log.warning("keychain call failed: %s: %s", type(exc).__name__, exc)
            raise KeychainUnavailableError(UnavailableReason.FAILED, _name(backend)) from exc

    async def _run(self, call: Callable[[], _T]) -> _T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._worker(), call)

    def _worker(self) -> Executor:
        if self._executor is not None:
            return self._executor
        with self._state_lock:
            if self._own_executor is None:
                # one thread keeps calls in order (a set followed by a get sees the new value)
                # and never has two keychain prompts open at once
                self._own_executor = ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="jade-keychain"
                )
            return self._own_executor
