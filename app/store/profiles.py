"""Site profiles: the record, its validation, and the versioned ``profiles.json`` that holds them.

The file lives in the per-user config directory (platformdirs, app name "Jade") and looks like
``{"version": 1, "profiles": [{...}, ...]}``. It never holds a secret: the secret of a profile
sits in the keychain under the profile's ``id`` (see :mod:`app.store.keychain`).

Writes are atomic (temporary file in the same directory, fsync, ``os.replace``), so a crash
leaves either the old file or the new one. A file Jade cannot read is never overwritten: it is
renamed to ``profiles.json.corrupt-<timestamp>`` and :meth:`ProfileStore.load` says so.

The record and its errors live in :mod:`app.store.profile_records`, the rules in
:mod:`app.store.profile_validation`, the file format in :mod:`app.store.profile_file`; this
module holds the store and exports all of them.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from app.store.profile_file import (
    FILE_NAME,
    FILE_VERSION,
    dump_profiles,
    parse_profile,
    write_atomically,
)
from app.store.profile_records import (
    DEFAULT_CONCURRENCY,
    DEFAULT_PROJECT_PARAM,
    MAX_CONCURRENCY,
    MIN_CONCURRENCY,
    DuplicateProfileNameError,
    Profile,
    ProfileError,
    ProfileFileError,
    ProfileNotFoundError,
    ProfileValidationError,
    TlsOptions,
    new_profile_id,
)
from app.store.profile_validation import (
    allowed_auth_kinds,
    normalise_base_url,
    normalise_proxy_url,
    validate_profile,
)

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_PROJECT_PARAM",
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


def default_config_dir() -> Path:
    """The per-user config directory for Jade (platformdirs)."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The profiles read from the file, and what went wrong reading it, in words, if anything."""

    profiles: tuple[Profile, ...]
    problem: str | None = None
    kept_aside: Path | None = None  # where an unreadable file was moved


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
        write_atomically(self.path, dump_profiles(profiles))
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
                profile = parse_profile(entry)
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
            write_atomically(path, dump_profiles(salvaged))
        except ProfileFileError as exc:
            return LoadResult(salvaged, f"{kept}. {exc}", aside)
        return LoadResult(
            salvaged, f"{kept}; Jade loaded the other {_plural(len(salvaged), 'profile')}.", aside
        )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
