"""The connection manager: add, edit, test and remove site profiles.

The dialog is layout and form state only. It asks for work through signals (test, save,
remove) and the controller answers through ``show_test_result``, ``show_errors`` and
``profile_saved``. Nothing typed is lost when a save fails: the form keeps its values and the
error appears next to the field it is about.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.secret import Secret
from app.domain.site import AuthKind, SiteKind
from app.store.profiles import (
    DEFAULT_CONCURRENCY,
    DEFAULT_PROJECT_PARAM,
    MAX_CONCURRENCY,
    MIN_CONCURRENCY,
    Profile,
    TlsOptions,
    allowed_auth_kinds,
)
from app.ui.kit.forms import FieldError, ask_then
from app.ui.kit.resources import icon
from app.ui.kit.tables import SUBTITLE_ROLE, SubtitledRows
from app.ui.kit.text import Tone, ToneLabel, plain_tooltip
from app.ui.kit.window_fit import grow_with_content

__all__ = ["ConnectionDialog"]

# Alt+letter is left to mnemonics, Ctrl+H is Backspace in a line edit on some platforms
_SHOW_SECRET_KEY = QKeySequence("Ctrl+Shift+H")
_PLACEHOLDER_URL = {
    SiteKind.JIRA_CLOUD: "https://your-site.atlassian.net",
    SiteKind.JIRA_DATACENTER: "https://jira.example.com",
    SiteKind.JIRA_LEGACY: "https://jira.example.com",
    SiteKind.PROJECT_MILESTONES: "the endpoint URL from the app's settings",
    SiteKind.MILESTONES_API: "https://milestones.example.com/api",
}


class ConnectionDialog(QDialog):
    """Profiles on the left, the selected profile's form on the right."""

    test_requested = Signal(object, object)  # Profile, Secret | None (None: use the stored one)
    save_requested = Signal(object, object)  # Profile, Secret | None (None: keep the stored one)
    remove_requested = Signal(object)  # Profile

    def __init__(self, profiles: list[Profile], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connections")
        self.setObjectName("connectionDialog")
        self.resize(860, 560)
        self._profiles = list(profiles)
        self._editing: Profile | None = None

        self.list = QListWidget(self)
        self.list.setObjectName("profileList")
        self.list.setFixedWidth(220)
        self.list.setItemDelegate(SubtitledRows(padding=8, parent=self.list))
        self.list.currentRowChanged.connect(self._row_changed)
        self.new_button = QPushButton("New site", self)
        self.new_button.clicked.connect(self.start_new)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)

        self.name = QLineEdit(self)
        self.kind = QComboBox(self)
        for kind in SiteKind:
            self.kind.addItem(kind.label, kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.url = QLineEdit(self)
        self.auth = QComboBox(self)
        self.auth.currentIndexChanged.connect(self._auth_changed)
        self.user = QLineEdit(self)
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setObjectName("secretField")
        # a line edit's action button paints only the icon: text alone showed nothing
        self.show_secret = QAction(self.secret)
        self.show_secret.setCheckable(True)
        self.show_secret.setShortcut(_SHOW_SECRET_KEY)
        self.show_secret.toggled.connect(self._toggle_secret)
        self.secret.addAction(self.show_secret, QLineEdit.ActionPosition.TrailingPosition)
        self._toggle_secret(False)
        self.verify = QCheckBox("Verify the server's TLS certificate", self)
        self.verify.setChecked(True)
        self.verify.toggled.connect(self._verify_changed)
        self.verify_warning = ToneLabel(
            "Without verification anyone on the network path can read and change what Jade "
            "sends, including your credentials. Turn it off only for a test server.",
            self,
        )
        self.verify_warning.set_tone(Tone.ERROR)
        self.verify_warning.setVisible(False)
        self.ca_bundle = self._path_field("CA bundle (PEM); empty = the system's trust store")
        self.client_cert = self._path_field("Client certificate (PEM), for mutual TLS")
        self.client_key = self._path_field("Client key (PEM), if not inside the certificate")
        self.proxy = QLineEdit(self)
        self.proxy.setPlaceholderText("empty = from the environment (HTTPS_PROXY)")
        self.concurrency = QSpinBox(self)
        self.concurrency.setRange(MIN_CONCURRENCY, MAX_CONCURRENCY)
        self.concurrency.setValue(DEFAULT_CONCURRENCY)
        self.concurrency.setToolTip("How many requests Jade sends to this site at once")
        # the Project Milestones app's documentation does not name its project parameter
        self.project_param = QLineEdit(self)
        self.project_param.setPlaceholderText(DEFAULT_PROJECT_PARAM)
        self.project_param.setToolTip(
            "The query parameter that carries the project key (Project Milestones app only); "
            "an address containing {projectKey} is used as a template instead"
        )
        self.project_param_label = QLabel("Project key parameter", self)

        self.errors: dict[str, FieldError] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.user_label = QLabel("User", self)
        self.secret_label = QLabel("Secret", self)
        rows: list[tuple[str | QLabel, QWidget, str]] = [
            ("Name", self.name, "name"),
            ("Kind", self.kind, "kind"),
            ("Address", self.url, "base_url"),
            ("Sign in with", self.auth, "auth"),
            (self.user_label, self.user, "user"),
            (self.secret_label, self.secret, "secret"),
            ("", self.verify, "verify"),
            ("CA bundle", self.ca_bundle.parentWidget() or self.ca_bundle, "ca_bundle"),
            (
                "Client certificate",
                self.client_cert.parentWidget() or self.client_cert,
                "client_cert",
            ),
            ("Client key", self.client_key.parentWidget() or self.client_key, "client_key"),
            ("Proxy", self.proxy, "proxy"),
            ("Parallel requests", self.concurrency, "concurrency"),
            (self.project_param_label, self.project_param, "project_param"),
        ]
        for label, widget, key in rows:
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            if key == "verify":
                box.addWidget(self.verify_warning)
            error = FieldError(self)
            self.errors[key] = error
            box.addWidget(error)
            form.addRow(label, box)

        self.result_label = ToneLabel("", self)
        self.result_label.setObjectName("testResult")
        # "Jira answers at http://host/": one click puts that address in the form
        self.use_address_button = QPushButton(self)
        self.use_address_button.setVisible(False)
        self.use_address_button.clicked.connect(self._use_suggested_address)
        self._suggested_address = ""
        self.test_button = QPushButton("Test connection", self)
        self.test_button.clicked.connect(self._test)
        self.save_button = QPushButton("Save", self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        self.remove_button = QPushButton("Remove…", self)
        self.remove_button.clicked.connect(self._remove)
        actions = QHBoxLayout()
        actions.addWidget(self.test_button)
        actions.addStretch(1)
        actions.addWidget(self.remove_button)
        actions.addWidget(self.save_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.result_label)
        right.addWidget(self.use_address_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addStretch(1)
        right.addLayout(actions)
        body = QHBoxLayout()
        body.addLayout(left)
        body.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addWidget(close)

        grow_with_content(self)
        self._refresh_list()
        if self._profiles:
            self.list.setCurrentRow(0)
        else:
            self.start_new()

    # ----- building ------------------------------------------------------------------------------
    def _path_field(self, placeholder: str) -> QLineEdit:
        holder = QWidget(self)
        edit = QLineEdit(holder)
        edit.setPlaceholderText(placeholder)
        browse = QPushButton("Browse…", holder)
        browse.clicked.connect(lambda: self._browse(edit))
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(browse)
        return edit

    def _browse(self, edit: QLineEdit) -> QFileDialog:
        # open(), not the static getOpenFileName(): no nested event loop under a running save
        chooser = QFileDialog(
            self, "Choose a file", edit.text(), "PEM files (*.pem *.crt *.key);;All files (*)"
        )
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.fileSelected.connect(edit.setText)
        chooser.finished.connect(chooser.deleteLater)
        chooser.open()
        return chooser

    def _refresh_list(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for profile in self._profiles:
            item = QListWidgetItem(profile.name, self.list)
            item.setData(SUBTITLE_ROLE, profile.kind.label)
            item.setData(Qt.ItemDataRole.UserRole, profile.id)
            item.setToolTip(plain_tooltip(profile.base_url) or "")
        self.list.blockSignals(False)

    # ----- what the controller calls -------------------------------------------------------------
    @property
    def editing(self) -> Profile | None:
        """The stored profile being edited (None while creating a new one)."""
        return self._editing

    def form_profile(self) -> Profile:
        """The profile as the form describes it (not yet validated)."""
        kind = self._site_kind() or SiteKind.JIRA_CLOUD
        auth = self._auth_kind() or allowed_auth_kinds(kind)[0]
        tls = TlsOptions(
            verify=self.verify.isChecked(),
            ca_bundle=Path(self.ca_bundle.text().strip())
            if self.ca_bundle.text().strip()
            else None,
            client_cert=Path(self.client_cert.text().strip())
            if self.client_cert.text().strip()
            else None,
            client_key=Path(self.client_key.text().strip())
            if self.client_key.text().strip()
            else None,
        )
        fields = {
            "name": self.name.text().strip(),
            "base_url": self.url.text().strip(),
            "kind": kind,
            "auth": auth,
            "user": self.user.text().strip() if self.user.isEnabled() else "",
            "tls": tls,
            "proxy": self.proxy.text().strip() or None,
            "concurrency": self.concurrency.value(),
            "project_param": self.project_param.text().strip() or DEFAULT_PROJECT_PARAM,
        }
        if self._editing is not None:
            return replace(self._editing, **fields)  # type: ignore[arg-type]
        return Profile(**fields)  # type: ignore[arg-type]

    def form_secret(self) -> Secret | None:
        """The secret typed, or None when left empty (keep the stored one)."""
        text = self.secret.text()
        return Secret(text) if text else None

    def set_busy(self, busy: bool, text: str = "") -> None:
        """Disable the actions while a test or save runs."""
        for button in (self.test_button, self.save_button, self.remove_button, self.new_button):
            button.setEnabled(not busy)
        if busy:
            self.result_label.set_tone(Tone.PLAIN)
            self.result_label.setText(text)
            self.use_address_button.setVisible(False)

    def show_test_result(self, ok: bool, text: str, suggested_address: str = "") -> None:
        """Show the outcome of "Test connection"; offer the address where Jira did answer."""
        self.set_busy(False)
        self._suggested_address = suggested_address
        self.use_address_button.setText(f"Use {suggested_address}".replace("&", "&&"))
        self.use_address_button.setVisible(bool(suggested_address))
        self.result_label.set_tone(Tone.OK if ok else Tone.ERROR)
        self.result_label.setText(text)

    def _use_suggested_address(self) -> None:
        self.url.setText(self._suggested_address)
        self.use_address_button.setVisible(False)
        self.result_label.set_tone(Tone.PLAIN)
        self.result_label.setText("Address changed: test the connection again, then save.")

    def show_errors(self, errors: dict[str, str], general: str = "") -> None:
        """Show validation errors next to their fields (unknown fields go to the result line)."""
        self.set_busy(False)
        for key, label in self.errors.items():
            label.show_text(errors.get(key, ""))
        rest = [text for key, text in errors.items() if key not in self.errors]
        message = " ".join([general, *rest]).strip()
        self.result_label.set_tone(Tone.ERROR if message else Tone.PLAIN)
        self.result_label.setText(message)

    def profile_saved(self, profile: Profile, profiles: list[Profile]) -> None:
        """The controller stored ``profile``: refresh the list and keep it selected."""
        self.set_busy(False)
        self._profiles = list(profiles)
        self._refresh_list()
        self.show_errors({})
        self.result_label.set_tone(Tone.OK)
        self.result_label.setText(f"Saved “{profile.name}”.")
        self._select(profile.id)

    def profile_removed(self, profiles: list[Profile]) -> None:
        """The controller removed the edited profile."""
        self.set_busy(False)
        self._profiles = list(profiles)
        self._refresh_list()
        if self._profiles:
            self.list.setCurrentRow(0)
        else:
            self.start_new()

    def start_new(self) -> None:
        """Clear the form for a new profile."""
        self.list.clearSelection()
        self._editing = None
        self._fill(
            Profile(name="", base_url="", kind=SiteKind.JIRA_CLOUD, auth=AuthKind.CLOUD_TOKEN)
        )
        self.remove_button.setEnabled(False)
        self.name.setFocus()

    # ----- form state ----------------------------------------------------------------------------
    def _select(self, profile_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == profile_id:
                self.list.blockSignals(True)
                self.list.setCurrentRow(row)
                self.list.blockSignals(False)
                self._editing = self._profiles[row]

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self._profiles):
            self._editing = self._profiles[row]
            self._fill(self._editing)
            self.remove_button.setEnabled(True)

    def _fill(self, profile: Profile) -> None:
        self.name.setText(profile.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(profile.kind)))
        self._kind_changed()
        self.auth.setCurrentIndex(max(0, self.auth.findData(profile.auth)))
        self.url.setText(profile.base_url)
        self.user.setText(profile.user)
        self.secret.clear()
        self.show_secret.setChecked(False)  # another site's secret starts hidden again
        self.secret.setPlaceholderText(
            "stored in the keychain; type to replace it" if self._editing else ""
        )
        self.verify.setChecked(profile.tls.verify)
        self.ca_bundle.setText(str(profile.tls.ca_bundle or ""))
        self.client_cert.setText(str(profile.tls.client_cert or ""))
        self.client_key.setText(str(profile.tls.client_key or ""))
        self.proxy.setText(profile.proxy or "")
        self.concurrency.setValue(profile.concurrency)
        self.project_param.setText(profile.project_param)
        self.show_errors({})

    def _site_kind(self) -> SiteKind | None:
        # Qt hands enum data back as plain str: turn it into the enum again
        data = self.kind.currentData()
        return SiteKind(data) if data else None

    def _auth_kind(self) -> AuthKind | None:
        data = self.auth.currentData()
        return AuthKind(data) if data else None

    def _kind_changed(self) -> None:
        kind = self._site_kind()
        if kind is None:
            return
        current = self.auth.currentData()
        self.auth.blockSignals(True)
        self.auth.clear()
        for auth in allowed_auth_kinds(kind):
            self.auth.addItem(auth.label, auth)
        index = self.auth.findData(current)
        self.auth.setCurrentIndex(max(0, index))
        self.auth.blockSignals(False)
        self.url.setPlaceholderText(_PLACEHOLDER_URL[kind])
        app = kind is SiteKind.PROJECT_MILESTONES
        self.project_param.setVisible(app)
        self.project_param_label.setVisible(app)
        self._auth_changed()

    def _auth_changed(self) -> None:
        auth = self._auth_kind()
        if auth is None:
            return
        self.user.setEnabled(auth.needs_user)
        self.user_label.setEnabled(auth.needs_user)
        email = auth in (AuthKind.CLOUD_TOKEN, AuthKind.APP_TOKEN)
        self.user_label.setText("Account e-mail" if email else "Username")
        self.user.setPlaceholderText("you@example.com" if email else "")
        self.secret_label.setText(auth.secret_label)

    def _verify_changed(self, checked: bool) -> None:
        self.verify_warning.setVisible(not checked)

    def _toggle_secret(self, shown: bool) -> None:
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        # the icon shows what a click does, as in most password fields
        name = "Hide the secret" if shown else "Show the secret"
        self.show_secret.setIcon(icon("eye-off" if shown else "eye"))
        self.show_secret.setText(name)
        key = _SHOW_SECRET_KEY.toString(QKeySequence.SequenceFormat.NativeText)
        self.show_secret.setToolTip(f"{name} ({key})")
        for button in self.show_secret.associatedObjects():
            if isinstance(button, QToolButton):
                button.setAccessibleName(name)

    # ----- requests --------------------------------------------------------------------------------
    def _test(self) -> None:
        self.set_busy(True, "Testing the connection…")
        self.test_requested.emit(self.form_profile(), self.form_secret())

    def _save(self) -> None:
        self.set_busy(True, "Saving…")
        self.save_requested.emit(self.form_profile(), self.form_secret())

    def _remove(self) -> None:
        profile = self._editing
        if profile is None:
            return
        text = (
            f"Remove “{profile.name}” ({profile.base_url})?\n\nJade forgets the site and deletes "
            "its secret from the keychain. Nothing changes on the site itself."
        )
        ask_then(self, "Remove site", text, "Remove", lambda: self._confirmed_remove(profile))

    def _confirmed_remove(self, profile: Profile) -> None:
        self.set_busy(True, "Removing…")
        self.remove_requested.emit(profile)

    def select_profile(self, profile_id: str) -> None:
        """Show the profile ``profile_id`` in the form."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == profile_id:
                self.list.setCurrentRow(row)

    def done(self, result: int) -> None:
        """Forget the typed secret when the dialog closes, however it closes."""
        self.secret.clear()
        self.show_secret.setChecked(False)
        super().done(result)
