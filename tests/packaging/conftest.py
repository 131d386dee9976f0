"""What the installer tests share: the built installers, unpacked once, and how to run them.

`make package-test` builds the installers first (`make package`); these tests only unpack,
install and run what it built. Every run gets fresh XDG directories, so nothing of the user's
(or another test's) profiles, settings or log is read or written.
"""

from __future__ import annotations

import os
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

DIST = ROOT / "dist"
ARTIFACTS = ROOT / "tests" / "artifacts"
TIMEOUT_S = 120


@dataclass(frozen=True)
class Built:
    """The outputs of `make package`."""

    onedir: Path
    deb: Path
    tarball: Path
    version: str
    debian_version: str


def _version(*form: str) -> str:
    done = subprocess.run(
        ["python3", str(ROOT / "packaging" / "version.py"), *form],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture(scope="session")
def built() -> Built:
    """The installers of this version in dist/, or a failure saying to build them."""
    version, debian_version = _version(), _version("--debian")
    debs = sorted(DIST.glob(f"jade_{debian_version}_*.deb"))
    tarballs = sorted(DIST.glob(f"jade-{version}-linux-*.tar.gz"))
    if not (debs and tarballs and (DIST / "jade" / "jade").is_file()):
        pytest.fail(
            "no installers of this version in dist/: run `make package` (or make package-test)"
        )
    return Built(DIST / "jade", debs[-1], tarballs[-1], version, debian_version)


@pytest.fixture(scope="session")
def deb_root(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .deb unpacked with dpkg -x into a temporary root (as installing it would lay it out)."""
    root = tmp_path_factory.mktemp("deb-root")
    subprocess.run(["dpkg-deb", "-x", str(built.deb), str(root)], check=True)
    return root


@pytest.fixture(scope="session")
def tar_unpacked(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .tar.gz unpacked: its one top folder (install.sh, jade/, the desktop entry)."""
    into = tmp_path_factory.mktemp("tarball")
    with tarfile.open(built.tarball) as archive:
        archive.extractall(into, filter="tar")
    (top,) = into.iterdir()
    return top


def app_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a Jade started by a test: fresh XDG folders, a real X window."""
    env = {k: v for k, v in os.environ.items() if k != "JADE_TOKEN"}
    env["HOME"] = str(home)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    # the X server pytest-xvfb started; without one, Qt's offscreen platform
    env["QT_QPA_PLATFORM"] = "xcb" if env.get("DISPLAY") else "offscreen"
    env.update(extra)
    return env


@dataclass
class SandboxSite:
    """A sandbox served by the frozen `jade sandbox`: its address and admin login."""

    url: str
    login: str
    secret: str


@pytest.fixture(scope="session")
def frozen_sandbox(
    deb_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SandboxSite]:
    """`jade sandbox` of the unpacked .deb on a free port, for the session; it ends with stdin."""
    home = tmp_path_factory.mktemp("sandbox-home")
    process = subprocess.Popen(
        [
            str(deb_root / "usr/bin/jade"),
            "sandbox",
            "--port",
            "0",
            "--issues",
            "300",
            "--exit-with-stdin",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=app_env(home),
    )
    assert process.stdout is not None and process.stdin is not None
    fields: dict[str, str] = {}
    for line in process.stdout:
        key, _, value = line.strip().partition("=")
        fields[key] = value
        if "url" in fields and "admin" in fields:
            break
    login, _, secret = fields.get("admin", "").partition(":")
    try:
        assert fields.get("url", "").startswith("http://127.0.0.1:"), fields
        yield SandboxSite(fields["url"], login, secret)
    finally:
        process.stdin.close()
        process.wait(timeout=TIMEOUT_S)
        process.stdout.close()
