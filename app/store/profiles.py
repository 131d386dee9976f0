"""Site profiles: the record, its validation, and the versioned ``profiles.json`` that holds them.

The file lives in the per-user config directory (platformdirs, app name "Jade") and looks like
``{"version": 1, "profiles": [{...}, ...]}``. It never holds a secret: the secret of a profile
sits in the keychain under the profile's ``id`` (see :mod:`app.store.keychain`).

Writes are atomic (temporary file in the same directory, fsync, ``os.replace``), so a crash
leaves either the old file or the new one. A file Jade cannot read is never overwritten: it is
renamed to ``profiles.json.corrupt-<timestamp>`` and :meth:`ProfileStore.load` says so.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import json
import os
import re
import tempfile
import threading
import urllib.parse
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from app.domain.site import AuthKind, SiteKind

__all__ = [
    "DEFAULT_CONCURRENCY",
    "FILE_NAME",
    "FILE_VERSION",
    "MAX_CONCURRENCY",
    "MIN_CONCURRENCY",
    "DuplicateProfileNameError",
    "LoadResult",
    "Profile",
    "ProfileError",
    "ProfileFileError",
    "ProfileNotFoundError",
    "ProfileStore",
    "ProfileValidationError",
    "TlsOptions",
    "allowed_auth_kinds",
    "default_config_dir",
    "new_profile_id",
    "normalise_base_url",
    "normalise_proxy_url",
    "validate_profile",
]

APP_NAME = "Jade"
FILE_NAME = "profiles.json"
FILE_VERSION = 1
MIN_CONCURRENCY = 1
MAX_CONCURRENCY = 32
DEFAULT_CONCURRENCY = 6
MAX_NAME_LENGTH = 80

_E = TypeVar("_E", bound=enum.StrEnum)

_ID = re.compile(r"[0-9a-f]{32}")
# where a URL copied from a Jira page stops being the base: REST paths, classic pages, issue
# links, servlets. A Data Center context path ("https://host/jira") is kept, so only segments
# that Jira itself owns are cut.
_JIRA_TAIL = re.compile(r"/(?:rest|secure|browse|plugins/servlet|login\.jsp)(?:[/?#;]|$)", re.I)
# Cloud sites have no context path, so Cloud's newer UI routes under /jira/ go too
_CLOUD_TAIL = re.compile(r"/jira(?:[/?#;]|$)", re.I)
_PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")

_AUTH_BY_KIND: dict[SiteKind, tuple[AuthKind, ...]] = {
    SiteKind.JIRA_CLOUD: (AuthKind.CLOUD_TOKEN,),
    SiteKind.JIRA_DATACENTER: (AuthKind.PAT, AuthKind.PASSWORD, AuthKind.SESSION),
    SiteKind.JIRA_LEGACY: (AuthKind.PASSWORD, AuthKind.SESSION),
    SiteKind.PROJECT_MILESTONES: (AuthKind.APP_TOKEN,),
    SiteKind.MILESTONES_API: (AuthKind.API_KEY,),
}
# these kinds sign in with an Atlassian account, whose login is its e-mail address
_EMAIL_LOGIN = (AuthKind.CLOUD_TOKEN, AuthKind.APP_TOKEN)


class ProfileError(Exception):
    """Something about profiles went wrong; the message is meant for the user."""


class ProfileValidationError(ProfileError, ValueError):
    """A profile field is not acceptable; ``field`` names it (a Profile or TlsOptions attribute)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class DuplicateProfileNameError(ProfileValidationError):
    """Another profile already has this name (names are compared case-insensitively)."""

    def __init__(self, name: str, existing: str) -> None:
        super().__init__(
            "name", f"A profile named “{existing}” already exists; choose another name."
        )
        self.name = name
        self.existing = existing


class ProfileNotFoundError(ProfileError):
    """No profile has this id."""

    def __init__(self, profile_id: str) -> None:
        super().__init__(f"No profile with id {profile_id} exists.")
        self.profile_id = profile_id


class ProfileFileError(ProfileError):
    """The profiles file could not be written (or must not be, because it could not be read)."""


def new_profile_id() -> str:
    """A fresh profile id (uuid4 hex); it also keys the profile's secret in the keychain."""
    return uuid.uuid4().hex


def default_config_dir() -> Path:
    """The per-user config directory for Jade (platformdirs)."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


@dataclass(frozen=True, slots=True)
class TlsOptions:
    """How to check the server's certificate and which client certificate to present."""

    verify: bool = True  # off only when the user turns it off for this profile
    ca_bundle: Path | None = None  # PEM bundle (or hashed CA directory) to trust instead
    client_cert: Path | None = None  # PEM certificate (may hold the key too)
    client_key: Path | None = None  # PEM key, when it is not inside client_cert


@dataclass(frozen=True, slots=True)
class Profile:
    """A Jira site (or milestones endpoint) and how to sign in to it; the secret is elsewhere."""

    name: str
    base_url: str
    kind: SiteKind
    auth: AuthKind
    user: str = ""  # account e-mail or username; empty for a PAT or API key
    tls: TlsOptions = dataclasses.field(default_factory=TlsOptions)
    proxy: str | None = None  # None: from the environment (HTTPS_PROXY, NO_PROXY, ...)
    concurrency: int = DEFAULT_CONCURRENCY  # requests in flight at once
    id: str = dataclasses.field(default_factory=new_profile_id)


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The profiles read from the file, and what went wrong reading it, in words, if anything."""

    profiles: tuple[Profile, ...]
    problem: str | None = None
    kept_aside: Path | None = None  # where an unreadable file was moved


def allowed_auth_kinds(kind: SiteKind) -> tuple[AuthKind, ...]:
    """The sign-in methods a site kind supports, the usual one first."""
    return _AUTH_BY_KIND[kind]


def normalise_base_url(url: str, kind: SiteKind) -> str:
    """The canonical base URL: http(s), lower-case host, no trailing slash or pasted Jira path."""
    parts = _split_url(url, "base_url", "base URL", ("http", "https"))
    path = parts.path
    query = parts.query
    if kind.is_jira:
        # a Jira base URL has no query; whatever was pasted after the base goes
        query = ""
        tail = _JIRA_TAIL.search(path)
        if tail is not None:
            path = path[: tail.start()]
        if kind is SiteKind.JIRA_CLOUD:
            tail = _CLOUD_TAIL.search(path)
            if tail is not None:
                path = path[: tail.start()]
    path = path.rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{path}" + (f"?{query}" if query else "")


def normalise_proxy_url(proxy: str | None) -> str | None:
    """None (use the environment) or a canonical http(s)/socks5 proxy URL without credentials."""
    if proxy is None or not proxy.strip():
        return None
    parts = _split_url(proxy, "proxy", "proxy URL", _PROXY_SCHEMES)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def validate_profile(profile: Profile, others: Iterable[Profile] = ()) -> Profile:
    """The profile normalised, or ProfileValidationError for its first bad field."""
    # ``others`` may include the profile's own saved version: it is recognised by id and
    # skipped. Certificate files are checked here, on save, not on load (see _parse_profile).
    if not isinstance(profile.id, str) or not _ID.fullmatch(profile.id):
        raise ProfileValidationError("id", "The profile id must be 32 lower-case hex digits.")
    name = _validate_name(profile.name)
    for other in others:
        if other.id != profile.id and other.name.casefold() == name.casefold():
            raise DuplicateProfileNameError(name, other.name)
    kind = _enum(SiteKind, profile.kind, "kind", "site kind")
    auth = _enum(AuthKind, profile.auth, "auth", "sign-in method")
    if auth not in _AUTH_BY_KIND[kind]:
        methods = ", ".join(a.label for a in _AUTH_BY_KIND[kind])
        raise ProfileValidationError(
            "auth", f"{kind.label} does not support “{auth.label}”; use: {methods}."
        )
    return replace(
        profile,
        name=name,
        base_url=normalise_base_url(profile.base_url, kind),
        kind=kind,
        auth=auth,
        user=_validate_user(profile.user, auth),
        tls=_validate_tls(profile.tls),
        proxy=normalise_proxy_url(profile.proxy),
        concurrency=_validate_concurrency(profile.concurrency),
    )


class ProfileStore:
    """The profiles file: load once, then add, update and remove (each saved atomically)."""

    def __init__(self, config_dir: Path | None = None) -> None:
        self._dir = Path(config_dir) if config_dir is not None else default_config_dir()
        self._profiles: tuple[Profile, ...] = ()
        self._loaded = False
        # set when the file could be neither read nor moved aside: writing would destroy it
        self._write_blocked: str | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<ProfileStore {str(self.path)!r} {len(self._profiles)} profiles>"

    @property
    def path(self) -> Path:
        """The profiles file."""
        return self._dir / FILE_NAME

    @property
    def profiles(self) -> tuple[Profile, ...]:
        """The profiles, in the order they were added (loads the file on first use)."""
        self._ensure_loaded()
        return self._profiles

    def load(self) -> LoadResult:
        """Read the file; an unreadable one is moved aside and described in ``problem``."""
        with self._lock:
            result = self._read()
            self._profiles = result.profiles
            self._loaded = True
            return result

    def get(self, profile_id: str) -> Profile:
        """The profile with this id, or ProfileNotFoundError."""
        for profile in self.profiles:
            if profile.id == profile_id:
                return profile
        raise ProfileNotFoundError(profile_id)

    def validate(self, profile: Profile) -> Profile:
        """The profile normalised and checked against the others, without saving it."""
        return validate_profile(profile, self.profiles)

    def add(self, profile: Profile) -> Profile:
        """Validate, append and save a new profile; returns it as stored."""
        self._ensure_loaded()
        with self._lock:
            if any(p.id == profile.id for p in self._profiles):
                raise ProfileValidationError("id", "A profile with this id already exists.")
            stored = validate_profile(profile, self._profiles)
            self._commit((*self._profiles, stored))
            return stored

    def update(self, profile: Profile) -> Profile:
        """Validate and save a changed profile (matched by id); returns it as stored."""
        self._ensure_loaded()
        with self._lock:
            index = self._index(profile.id)
            stored = validate_profile(profile, self._profiles)
            profiles = list(self._profiles)
            profiles[index] = stored
            self._commit(tuple(profiles))
            return stored

    def remove(self, profile_id: str) -> Profile:
        """Delete a profile from the file and return it (its secret is the caller's to delete)."""
        self._ensure_loaded()
        with self._lock:
            index = self._index(profile_id)
            removed = self._profiles[index]
            self._commit(self._profiles[:index] + self._profiles[index + 1 :])
            return removed

    def _ensure_loaded(self) -> None:
        if not self._loaded:
            self.load()

    def _index(self, profile_id: str) -> int:
        for index, profile in enumerate(self._profiles):
            if profile.id == profile_id:
                return index
        raise ProfileNotFoundError(profile_id)

    def _commit(self, profiles: tuple[Profile, ...]) -> None:
        # memory changes only after the file did, so a failed save leaves both as they were
        if self._write_blocked is not None:
            raise ProfileFileError(self._write_blocked)
        _write_atomically(self.path, _dump(profiles))
        self._profiles = profiles

    def _read(self) -> LoadResult:
        path = self.path
        self._write_blocked = None
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return LoadResult(())
        except OSError as exc:
            return self._keep_aside((), f"it could not be read ({exc.strerror or exc})")
        try:
            document = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            return self._keep_aside((), "it is not UTF-8 text")
        except json.JSONDecodeError as exc:
            return self._keep_aside(
                (), f"it is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
            )
        if not isinstance(document, dict) or not isinstance(document.get("profiles"), list):
            return self._keep_aside((), "it does not hold a list of profiles")
        version = document.get("version")
        if type(version) is not int or version < 1:
            return self._keep_aside((), "it has no valid version number")
        if version > FILE_VERSION:
            return self._keep_aside(
                (),
                f"it was written by a newer version of Jade (file version {version}; "
                f"this version reads {FILE_VERSION})",
            )
        profiles: list[Profile] = []
        errors: list[str] = []
        for number, entry in enumerate(document["profiles"], start=1):
            try:
                profile = _parse_profile(entry)
                if any(p.id == profile.id for p in profiles):
                    raise ValueError(f"its id {profile.id} is used twice")
            except ValueError as exc:
                errors.append(f"profile {number}: {exc}")
                continue
            profiles.append(profile)
        if errors:
            shown = "; ".join(errors[:3]) + ("; …" if len(errors) > 3 else "")
            total = len(document["profiles"])
            return self._keep_aside(
                tuple(profiles),
                f"{len(errors)} of its {_plural(total, 'profile')} could not be read ({shown})",
            )
        return LoadResult(tuple(profiles))

    def _keep_aside(self, salvaged: tuple[Profile, ...], why: str) -> LoadResult:
        path = self.path
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        try:
            path.rename(aside)
        except OSError as exc:
            self._write_blocked = (
                f"The profiles file {path} could not be read and could not be moved aside "
                f"({exc.strerror or exc}); Jade will not overwrite it. Fix or move it, then "
                "restart Jade."
            )
            return LoadResult(
                salvaged, f"The profiles file {path} was not loaded: {why}. " + self._write_blocked
            )
        kept = (
            f"The profiles file {path} was not fully loaded: {why}. "
            f"The original was kept as {aside}"
        )
        if not salvaged:
            return LoadResult((), f"{kept}; Jade started with no profiles.", aside)
        try:
            # rewrite the readable part now, so the next start finds it and not a missing file
            _write_atomically(path, _dump(salvaged))
        except ProfileFileError as exc:
            return LoadResult(salvaged, f"{kept}. {exc}", aside)
        return LoadResult(
            salvaged, f"{kept}; Jade loaded the other {_plural(len(salvaged), 'profile')}.", aside
        )


def _split_url(
    url: object, where: str, what: str, schemes: tuple[str, ...]
) -> urllib.parse.SplitResult:
    text = url.strip() if isinstance(url, str) else ""
    allowed = " or ".join(f"{s}://" for s in schemes)
    if not text:
        raise ProfileValidationError(where, f"Enter the {what}.")
    if any(ch.isspace() for ch in text):
        raise ProfileValidationError(where, f"The {what} must not contain spaces.")
    parts = urllib.parse.urlsplit(text)
    if "@" in parts.netloc or ("://" not in text and "@" in text):
        # deliberately not echoing the URL: the part before "@" may be a password
        raise ProfileValidationError(
            where,
            f"The {what} must not contain a user name or password; Jade keeps the secret in "
            "the system keychain.",
        )
    if "://" not in text:
        raise ProfileValidationError(
            where,
            f"The {what} must start with {allowed} (for example https://{text})."
            if where == "base_url"
            else f"The {what} must start with {allowed}.",
        )
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        raise ProfileValidationError(
            where, f"The {what} must start with {allowed}, not {scheme}://."
        )
    if not parts.hostname:
        raise ProfileValidationError(where, f"The {what} has no host name.")
    try:
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError:
        raise ProfileValidationError(where, f"The {what} has an invalid port.") from None
    return parts._replace(scheme=scheme, netloc=parts.netloc.lower(), fragment="")


def _validate_name(name: object) -> str:
    text = name.strip() if isinstance(name, str) else ""
    if not text:
        raise ProfileValidationError("name", "Enter a name for the profile.")
    if len(text) > MAX_NAME_LENGTH:
        raise ProfileValidationError(
            "name", f"The name is too long ({len(text)} characters; at most {MAX_NAME_LENGTH})."
        )
    if any(not ch.isprintable() for ch in text):
        raise ProfileValidationError("name", "The name must not contain control characters.")
    return text


def _validate_user(user: object, auth: AuthKind) -> str:
    if not auth.needs_user:
        # the token alone identifies the account; a login left over from another kind goes
        return ""
    text = user.strip() if isinstance(user, str) else ""
    if auth in _EMAIL_LOGIN:
        if not text:
            raise ProfileValidationError("user", "Enter the account's e-mail address.")
        if "@" not in text or any(ch.isspace() for ch in text):
            raise ProfileValidationError(
                "user", "Sign in with the Atlassian account's e-mail address (name@example.com)."
            )
        return text
    if not text:
        raise ProfileValidationError("user", "Enter the username.")
    return text


def _validate_tls(tls: TlsOptions) -> TlsOptions:
    if type(tls.verify) is not bool:
        raise ProfileValidationError("verify", "Certificate verification must be on or off.")
    # a hashed CA directory (c_rehash) works as well as a bundle file
    ca_bundle = _existing_file(tls.ca_bundle, "ca_bundle", "CA bundle", directory_ok=True)
    client_cert = _existing_file(tls.client_cert, "client_cert", "client certificate")
    client_key = _existing_file(tls.client_key, "client_key", "client key")
    if client_key is not None and client_cert is None:
        raise ProfileValidationError("client_cert", "A client key needs its client certificate.")
    return TlsOptions(
        verify=tls.verify, ca_bundle=ca_bundle, client_cert=client_cert, client_key=client_key
    )


def _existing_file(
    path: Path | str | None, where: str, what: str, *, directory_ok: bool = False
) -> Path | None:
    if path is None or (isinstance(path, str) and not path.strip()):
        return None
    resolved = Path(path).expanduser()
    if not resolved.is_absolute():
        raise ProfileValidationError(where, f"The {what} path must be absolute: {resolved}")
    if not (resolved.is_file() or (directory_ok and resolved.is_dir())):
        raise ProfileValidationError(where, f"The {what} file does not exist: {resolved}")
    return resolved


def _validate_concurrency(value: object) -> int:
    if type(value) is not int or not MIN_CONCURRENCY <= value <= MAX_CONCURRENCY:
        raise ProfileValidationError(
            "concurrency",
            f"Concurrent requests must be a whole number from {MIN_CONCURRENCY} to "
            f"{MAX_CONCURRENCY}.",
        )
    return value


def _enum(cls: type[_E], value: object, where: str, what: str) -> _E:
    try:
        return cls(str(value))
    except ValueError:
        raise ProfileValidationError(where, f"Unknown {what} “{value}”.") from None


# --- the file format -------------------------------------------------------------------------

_PROFILE_KEYS = frozenset(
    {"id", "name", "base_url", "kind", "auth", "user", "tls", "proxy", "concurrency"}
)
_TLS_KEYS = frozenset({"verify", "ca_bundle", "client_cert", "client_key"})


def _dump(profiles: Iterable[Profile]) -> str:
    document = {"version": FILE_VERSION, "profiles": [_profile_to_json(p) for p in profiles]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _profile_to_json(profile: Profile) -> dict[str, Any]:
    def path(value: Path | None) -> str | None:
        return str(value) if value is not None else None

    return {
        "id": profile.id,
        "name": profile.name,
        "base_url": profile.base_url,
        "kind": profile.kind.value,
        "auth": profile.auth.value,
        "user": profile.user,
        "tls": {
            "verify": profile.tls.verify,
            "ca_bundle": path(profile.tls.ca_bundle),
            "client_cert": path(profile.tls.client_cert),
            "client_key": path(profile.tls.client_key),
        },
        "proxy": profile.proxy,
        "concurrency": profile.concurrency,
    }


def _parse_profile(entry: object) -> Profile:
    # shape and types only: rules that may tighten later (URL forms, certificate files present)
    # are checked on save, so a profile saved by an older Jade still loads
    if not isinstance(entry, Mapping):
        raise ValueError("it is not an object")
    unknown = set(entry) - _PROFILE_KEYS
    if unknown:
        raise ValueError(f"unexpected fields {', '.join(sorted(map(str, unknown)))}")
    profile_id = _required_str(entry, "id")
    if not _ID.fullmatch(profile_id):
        raise ValueError("its id is not 32 lower-case hex digits")
    try:
        kind = SiteKind(_required_str(entry, "kind"))
        auth = AuthKind(_required_str(entry, "auth"))
    except ValueError as exc:
        raise ValueError(str(exc)) from None
    tls = entry.get("tls", {})
    if not isinstance(tls, Mapping):
        raise ValueError("tls is not an object")
    unknown = set(tls) - _TLS_KEYS
    if unknown:
        raise ValueError(f"unexpected tls fields {', '.join(sorted(map(str, unknown)))}")
    # verification is on unless the file explicitly says false
    verify = tls.get("verify", True)
    if type(verify) is not bool:
        raise ValueError("tls.verify is not true or false")
    concurrency = entry.get("concurrency", DEFAULT_CONCURRENCY)
    if type(concurrency) is not int:
        raise ValueError("concurrency is not a whole number")
    return Profile(
        id=profile_id,
        name=_required_str(entry, "name"),
        base_url=_required_str(entry, "base_url"),
        kind=kind,
        auth=auth,
        user=_optional_str(entry, "user") or "",
        tls=TlsOptions(
            verify=verify,
            ca_bundle=_optional_path(tls, "ca_bundle"),
            client_cert=_optional_path(tls, "client_cert"),
            client_key=_optional_path(tls, "client_key"),
        ),
        proxy=_optional_str(entry, "proxy"),
        concurrency=concurrency,
    )


def _required_str(entry: Mapping[str, object], key: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} is missing or not text")
    return value


def _optional_str(entry: Mapping[str, object], key: str) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key} is not text")
    return value or None


def _optional_path(entry: Mapping[str, object], key: str) -> Path | None:
    value = _optional_str(entry, key)
    return Path(value) if value is not None else None


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a crash at any point leaves the old or new file."""
    try:
        # 0o700: the directory lists which sites the user administers
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # mkstemp creates the file 0o600, and in the same directory so os.replace is a rename
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ProfileFileError(_save_failed(path, exc)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise ProfileFileError(_save_failed(path, exc)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    # makes the rename itself durable on POSIX; Windows cannot open a directory this way
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _save_failed(path: Path, exc: OSError) -> str:
    return f"Could not save the profiles to {path}: {exc.strerror or exc}."
