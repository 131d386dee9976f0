"""The versioned ``profiles.json``: profiles to JSON and back, and atomic writes.

The document looks like ``{"version": 1, "profiles": [{...}, ...]}``. Writes are atomic
(temporary file in the same directory, fsync, ``os.replace``), so a crash leaves either the old
file or the new one.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from app.domain.site import AuthKind, SiteKind
from app.store.profile_records import (
    DEFAULT_CONCURRENCY,
    DEFAULT_PROJECT_PARAM,
    PROFILE_ID,
    Profile,
    ProfileFileError,
    TlsOptions,
)

__all__ = [
    "FILE_NAME",
    "FILE_VERSION",
    "dump_profiles",
    "parse_profile",
    "write_atomically",
]

FILE_NAME = "profiles.json"
FILE_VERSION = 1

_PROFILE_KEYS = frozenset(
    {
        "id",
        "name",
        "base_url",
        "kind",
        "auth",
        "user",
        "tls",
        "proxy",
        "concurrency",
        "project_param",
    }
)
_TLS_KEYS = frozenset({"verify", "ca_bundle", "client_cert", "client_key"})


def dump_profiles(profiles: Iterable[Profile]) -> str:
    """The whole file's text for these profiles, in the current file version."""
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
    } | ({"project_param": profile.project_param} if _has_project_param(profile) else {})


def _has_project_param(profile: Profile) -> bool:
    # only the Project Milestones app has one; a Jira profile's entry stays as it always was
    return profile.kind is SiteKind.PROJECT_MILESTONES


def parse_profile(entry: object) -> Profile:
    """One profile entry of the file, or ValueError saying what is wrong with it."""
    # shape and types only: rules that may tighten later (URL forms, certificate files present)
    # are checked on save, so a profile saved by an older Jade still loads
    if not isinstance(entry, Mapping):
        raise ValueError("it is not an object")
    unknown = set(entry) - _PROFILE_KEYS
    if unknown:
        raise ValueError(f"unexpected fields {', '.join(sorted(map(str, unknown)))}")
    profile_id = _required_str(entry, "id")
    if not PROFILE_ID.fullmatch(profile_id):
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
        # profiles saved before the parameter was editable have none: the default
        project_param=_optional_str(entry, "project_param") or DEFAULT_PROJECT_PARAM,
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


def write_atomically(path: Path, text: str) -> None:
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


def _save_failed(path: Path, exc: OSError) -> str:
    return f"Could not save the profiles to {path}: {exc.strerror or exc}."
