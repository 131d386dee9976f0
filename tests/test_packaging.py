"""The installers' source files, checked without building anything (`make package-test` builds).

The lock file pins what pyproject.toml asks for, with hashes; the version forms the installers
stamp; the icon containers; the spec carries the metadata Help -> About reads.
"""

from __future__ import annotations

import re
import runpy
import struct
import tomllib
from typing import Any

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement

from app.ui.shell.about import BUNDLED
from tests.conftest import ROOT

PACKAGING = ROOT / "packaging"


def _module(name: str) -> dict[str, Any]:
    return runpy.run_path(str(PACKAGING / name))


def _pins() -> dict[str, tuple[str, str, int]]:
    """name -> (version, marker, number of hashes) of every requirement in the lock file."""
    text = (PACKAGING / "requirements.lock").read_text(encoding="utf-8")
    pins = {}
    for block in re.split(r"\n(?=\S)", text):
        found = re.match(r"([\w.-]+)==(\S+)(?: ; (.*?))? \\", block)
        if found:
            name = re.sub(r"[-_.]+", "-", found.group(1)).lower()
            pins[name] = (found.group(2), found.group(3) or "", block.count("--hash=sha256:"))
    return pins


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_the_lock_pins_every_requirement_of_the_build_with_hashes(platform: str) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["package"]]
    pins = _pins()
    environment = {**default_environment(), "sys_platform": platform, "python_version": "3.11"}
    for line in wanted:
        requirement = Requirement(line)
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pins, f"{name} is not in packaging/requirements.lock: run make lock"
        version, _, hashes = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"the lock pins {name}=={version}, pyproject.toml asks {requirement}: run make lock"
        )
        assert hashes >= 1
    assert all(hashes >= 1 for _, _, hashes in pins.values())
    # the platforms' own keychain and freezing dependencies are in the one lock
    assert {"secretstorage", "pywin32-ctypes", "macholib", "pefile"} <= set(pins)


@pytest.mark.parametrize(
    ("version", "debian", "windows"),
    [
        ("0.1.0", "0.1.0", "0.1.0.0"),
        ("1.2.0rc1", "1.2.0~rc1", "1.2.0.0"),
        ("1.2.0.dev3", "1.2.0~dev3", "1.2.0.0"),
        ("2.0", "2.0", "2.0.0.0"),
        ("2.0.1+abc", "2.0.1+abc", "2.0.1.0"),
        ("1.2.3.4.5", "1.2.3.4.5", "1.2.3.4"),
    ],
)
def test_the_version_forms_installers_stamp(version: str, debian: str, windows: str) -> None:
    forms = _module("version.py")
    assert forms["debian"](version) == debian
    assert forms["windows"](version) == windows


def test_the_one_version_is_pyprojects() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert _module("version.py")["version"]() == project["version"]


def test_the_icon_containers_hold_each_png_where_their_directories_say() -> None:
    icons = _module("icons.py")
    images = {16: b"\x89PNG sixteen", 256: b"\x89PNG two-five-six"}
    ico = icons["ico"](images)
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind, count) == (0, 1, 2)
    for index, size in enumerate(sorted(images)):
        width, height, *_, length, offset = struct.unpack_from("<BBBBHHII", ico, 6 + 16 * index)
        assert (width, height) == (size % 256, size % 256)
        assert ico[offset : offset + length] == images[size]
    pngs = {size: f"png {size}".encode() for _, size in icons["ICNS_TYPES"]}
    icns = icons["icns"](pngs)
    assert icns[:4] == b"icns" and struct.unpack_from(">I", icns, 4)[0] == len(icns)
    position = 8
    for kind, size in icons["ICNS_TYPES"]:
        assert icns[position : position + 4] == kind
        length = struct.unpack_from(">I", icns, position + 4)[0]
        assert icns[position + 8 : position + length] == pngs[size]
        position += length
    assert position == len(icns)


def test_the_spec_bundles_the_metadata_about_and_keyring_read() -> None:
    spec = (PACKAGING / "jade.spec").read_text(encoding="utf-8")
    listed = re.search(r"METADATA = \[(.*?)\]", spec, re.DOTALL)
    assert listed is not None
    names = set(re.findall(r'"([^"]+)"', listed.group(1)))
    assert {"jade", "keyring", "SecretStorage"} <= names
    assert set(BUNDLED) <= names, (
        "Help -> About lists components the frozen app has no metadata for"
    )
