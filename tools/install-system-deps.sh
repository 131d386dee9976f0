#!/usr/bin/env bash
# Install the Debian packages Jade needs. `run` (the default): what the window needs (Qt runtime
# libraries, fonts), for `make demo`. `test`: that, plus Xvfb for the UI tests and screenshots
# and D-Bus with gnome-keyring for the real Secret Service, for `make test`. `package`: what
# `make package` builds the installers with; `package-test`: `test` plus lintian, for `make
# package-test`; `package-check`: makensis and shellcheck, for `make package-check`. Installs
# only what is missing, so a second run costs a dpkg query and nothing else.
set -euo pipefail

RUN_PACKAGES=(
  # Qt 6 (PySide6) offscreen and xcb platform plugins
  libegl1 libgl1 libfontconfig1 fonts-dejavu-core libglib2.0-0 libdbus-1-3 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1
)
TEST_PACKAGES=(
  # a real X server for UI tests and screenshots
  xvfb xauth
  # a real Secret Service for the keychain tests
  dbus-daemon gnome-keyring
)

PACKAGE_PACKAGES=(
  # PyInstaller reads the libraries' dependencies with ldd and objdump; dpkg-deb builds the .deb
  binutils dpkg
)
PACKAGE_TEST_PACKAGES=(
  # the .deb's own checks: lintian, and desktop-file-validate on the desktop entry
  lintian desktop-file-utils
)
PACKAGE_CHECK_PACKAGES=(
  # compiles the Windows installer script; checks the shell scripts
  nsis shellcheck
)

case "${1:-run}" in
  run) PACKAGES=("${RUN_PACKAGES[@]}") ;;
  test) PACKAGES=("${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
  package) PACKAGES=("${PACKAGE_PACKAGES[@]}") ;;
  package-test)
    PACKAGES=("${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}" "${PACKAGE_TEST_PACKAGES[@]}") ;;
  package-check) PACKAGES=("${PACKAGE_CHECK_PACKAGES[@]}") ;;
  *) echo "usage: $0 [run|test|package|package-test|package-check]" >&2; exit 64 ;;
esac

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing system packages: ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "error: these Debian packages are missing and I am not root: ${missing[*]}" >&2
  echo "run: apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
