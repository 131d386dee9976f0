"""Print Jade's one version (pyproject.toml) in the form an installer needs.

    python packaging/version.py            0.1.0     (the .tar.gz, the .dmg, Info.plist)
    python packaging/version.py --debian   0.1.0     (PEP 440 pre-releases sort first: 1.0~rc1)
    python packaging/version.py --windows  0.1.0.0   (NSIS VIProductVersion: four numbers)

Any Python 3.11 runs it (tomllib, nothing installed), so every build step reads the same file.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def version() -> str:
    """The version in pyproject.toml."""
    return str(tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"])


def debian(value: str) -> str:
    """A Debian version that sorts as PEP 440 does: a pre- or dev-release before its release."""
    public, plus, local = value.partition("+")
    return re.sub(r"\.?(a|b|rc|dev)(\d*)", r"~\1\2", public) + plus + local


def windows(value: str) -> str:
    """The release numbers as Windows wants them: four, dot-separated (missing parts are 0)."""
    release = re.match(r"\d+(\.\d+)*", value)
    numbers = release.group(0).split(".")[:4] if release else []
    return ".".join(numbers + ["0"] * (4 - len(numbers)))


def main(argv: list[str]) -> int:
    """Print the version in the form asked for."""
    forms = {"": version, "--debian": lambda: debian(version()),
             "--windows": lambda: windows(version())}  # fmt: skip
    form = argv[0] if argv else ""
    if len(argv) > 1 or form not in forms:
        print("usage: version.py [--debian|--windows]", file=sys.stderr)
        return 64
    print(forms[form]())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
