"""The connection manager's controller: test, save and remove site profiles.

It gets narrow dependencies: the profile store, the keychain, its task runner, the transport
factory (tests and the demo), and two callbacks into the shell (a profile was saved or
removed). Profile files are written off the UI thread (they are fsynced). Errors stay in the
dialog, next to the field they are about, and nothing typed is lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.api.errors import ApiError, NetworkError
from app.domain.secret import Secret
from app.session import ProfileSource, TransportFactory, check_profile
from app.store.keychain import KeychainError, KeychainUnavailableError, SecretStore
from app.store.profiles import Profile, ProfileError, ProfileValidationError
from app.ui.connections.dialog import ConnectionDialog
from app.ui.kit.forms import ask
from app.ui.kit.tasks import TaskRunner, error_text

__all__ = ["ConnectionsController"]


def explain(error: BaseException) -> str:
    """What the dialog says about a failed connection test."""
    message, details = error_text(error) if not isinstance(error, ValueError) else (str(error), "")
    hint = (
        " Check the address, the proxy and the TLS settings."
        if isinstance(error, NetworkError)
        else ""
    )
    text = message + hint
    return f"{text}\n{details}" if details else text


class ConnectionsController(QObject):
    """Opens the connection manager and does its work."""

    def __init__(
        self,
        profiles: ProfileSource,
        secrets: SecretStore,
        tasks: TaskRunner,
        parent: QWidget,
        *,
        transport_for: TransportFactory,
        saved: Callable[[Profile], Awaitable[None]],
        removed: Callable[[Profile], Awaitable[None]],
    ) -> None:
        super().__init__(parent)
        self.profiles = profiles
        self.secrets = secrets
        self.tasks = tasks
        self.window = parent
        self.transport_for = transport_for
        self._saved = saved
        self._removed = removed
        self.dialog: ConnectionDialog | None = None

    def open(self, select: str | None = None) -> ConnectionDialog:
        """Open the connection manager (non-blocking), on the profile ``select`` if given."""
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = ConnectionDialog(list(self.profiles.profiles), self.window)
        dialog.test_requested.connect(
            lambda p, s: self.tasks.spawn("Testing the connection", self._test(dialog, p, s))
        )
        dialog.save_requested.connect(
            lambda p, s: self.tasks.spawn(f"Saving {p.name}", self._save(dialog, p, s))
        )
        dialog.remove_requested.connect(
            lambda p: self.tasks.spawn(f"Removing {p.name}", self._remove(dialog, p))
        )
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        if select is not None:
            dialog.select_profile(select)
        dialog.open()
        return dialog

    def _closed(self) -> None:
        self.dialog = None

    async def _secret_for(
        self, dialog: ConnectionDialog, profile: Profile, typed: Secret | None
    ) -> Secret | None:
        if typed is not None:
            return typed
        if dialog.editing is not None and dialog.editing.id == profile.id:
            return await self.secrets.get(profile.id)
        return None

    async def _test(self, dialog: ConnectionDialog, profile: Profile, typed: Secret | None) -> None:
        try:
            secret = await self._secret_for(dialog, profile, typed)
            if secret is None:
                if shiboken6.isValid(dialog):
                    dialog.show_errors(
                        {"secret": f"Enter the {profile.auth.secret_label.lower()}."}
                    )
                return
            outcome = await check_profile(profile, secret, self.transport_for(profile))
        except (ApiError, KeychainError, ValueError) as error:
            if shiboken6.isValid(dialog):
                suggested = getattr(error, "suggested_url", None) or ""
                dialog.show_test_result(False, explain(error), str(suggested))
            return
        except asyncio.CancelledError:
            if shiboken6.isValid(dialog):
                dialog.show_test_result(False, "The test was cancelled.")
            raise
        if shiboken6.isValid(dialog):
            dialog.show_test_result(True, outcome.text)

    async def _save(self, dialog: ConnectionDialog, profile: Profile, typed: Secret | None) -> None:
        creating = dialog.editing is None
        if creating and typed is None:
            dialog.show_errors({"secret": f"Enter the {profile.auth.secret_label.lower()}."})
            return
        try:
            # the profile file is written and fsynced: never on the UI thread
            store = self.profiles.add if creating else self.profiles.update
            stored = await asyncio.to_thread(store, profile)
        except ProfileValidationError as error:
            dialog.show_errors({error.field: error.message})
            return
        except ProfileError as error:
            dialog.show_errors({}, str(error))
            return
        if typed is not None and not await self._store_secret(dialog, stored, typed):
            return
        if shiboken6.isValid(dialog):
            dialog.profile_saved(stored, list(self.profiles.profiles))
        await self._saved(stored)

    async def _store_secret(
        self, dialog: ConnectionDialog, profile: Profile, secret: Secret
    ) -> bool:
        try:
            try:
                await self.secrets.set(profile.id, secret)
            except KeychainUnavailableError as error:
                if not await self._offer_session_only(str(error)):
                    dialog.show_errors({"secret": "Not stored: no keychain is available."})
                    return False
                self.secrets.use_session_only()
                await self.secrets.set(profile.id, secret)
        except KeychainError as error:
            dialog.show_errors({"secret": f"The site was saved, but not its secret: {error}"})
            return False
        return True

    async def _offer_session_only(self, reason: str) -> bool:
        text = (
            f"{reason}\n\nKeep the secret for this session only? Jade will forget it when it "
            "closes."
        )
        return await ask(self.dialog or self.window, "No keychain", text, "Keep for this session")

    async def _remove(self, dialog: ConnectionDialog, profile: Profile) -> None:
        try:
            await asyncio.to_thread(self.profiles.remove, profile.id)
            await self.secrets.delete(profile.id)
        except (ProfileError, KeychainError) as error:
            dialog.show_errors({}, str(error))
            return
        if shiboken6.isValid(dialog):
            dialog.profile_removed(list(self.profiles.profiles))
        await self._removed(profile)
