#!/usr/bin/env bash
# `make package-check`: what can be checked here of the installers that are built elsewhere.
# The Windows installer script is compiled with makensis (warnings are errors) against a
# stand-in payload, so a syntax or path error fails here; the shell scripts pass shellcheck
# and `bash -n` (the macOS one cannot run here).
#   usage: packaging/check.sh PYTHON   (a Python with PySide6, to render the icon)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
python=${1:?usage: check.sh PYTHON}
work=$(mktemp -d "${TMPDIR:-/tmp}/jade-check.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== shell scripts"
bash_scripts=("$root"/packaging/*.sh "$root"/packaging/linux/*.sh "$root"/packaging/macos/*.sh
  "$root"/tools/*.sh)
for script in "${bash_scripts[@]}"; do bash -n "$script"; done
for script in "$root"/packaging/linux/postinst "$root"/packaging/linux/postrm; do sh -n "$script"; done
shellcheck "${bash_scripts[@]}" "$root"/packaging/linux/postinst "$root"/packaging/linux/postrm
echo "ok: ${#bash_scripts[@]} bash scripts and 2 maintainer scripts"

echo "== Windows installer (makensis $(makensis -VERSION))"
version=$(python3 "$root/packaging/version.py")
version4=$(python3 "$root/packaging/version.py" --windows)
"$python" "$root/packaging/icons.py" "$work/icons" >/dev/null
# the onedir's shape: the two executables and the _internal folder
mkdir -p "$work/payload/_internal"
printf 'stand-in\n' >"$work/payload/jade.exe"
printf 'stand-in\n' >"$work/payload/jade-cli.exe"
printf 'stand-in\n' >"$work/payload/_internal/base_library.zip"
setup="$work/jade-$version-windows-x64-setup.exe"
makensis -V2 -WX "-DVERSION=$version" "-DVERSION4=$version4" "-DPAYLOAD=$work/payload" \
  "-DICON=$work/icons/jade.ico" "-DOUTFILE=$setup" "$root/packaging/windows/jade.nsi"
# the version resource holds the one version: as text (UTF-16, as Windows stores its strings)
# and as the four numbers of the fixed file info (after its signature 0xFEEF04BD)
"$python" - "$setup" "$version" "$version4" <<'PYTHON'
import struct
import sys

data = open(sys.argv[1], "rb").read()
version, version4 = sys.argv[2:]
if f"{version}".encode("utf-16-le") not in data:
    sys.exit(f"the installer's version strings lack {version}")
found = data.find(struct.pack("<I", 0xFEEF04BD))
if found < 0:
    sys.exit("the installer has no version resource")
ms, ls = struct.unpack_from("<II", data, found + 8)
numbers = f"{ms >> 16}.{ms & 0xFFFF}.{ls >> 16}.{ls & 0xFFFF}"
if numbers != version4:
    sys.exit(f"the installer's file version is {numbers}, not {version4}")
PYTHON
echo "ok: $(basename "$setup"), $(du -k "$setup" | cut -f1) KB, version $version ($version4)"
