#!/usr/bin/env bash
# Build dist/jade-<version>-linux-<machine>.tar.gz from the PyInstaller onedir (dist/jade): the
# bundle, the desktop entry, the icon and install.sh, which installs into ~/.local without root.
#   usage: packaging/linux/build-tarball.sh [ONEDIR] [OUTDIR]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
onedir=${1:-$root/dist/jade}
outdir=${2:-$root/dist}
version=$(python3 "$root/packaging/version.py")
name="jade-$version-linux-$(uname -m)"

[[ -x "$onedir/jade" ]] || { echo "error: no PyInstaller build in $onedir (make package)" >&2; exit 1; }
[[ "$("$onedir/jade" --version)" == "jade $version" ]] ||
  { echo "error: $onedir is not Jade $version: rebuild it" >&2; exit 1; }

stage=$(mktemp -d "${TMPDIR:-/tmp}/jade-tar.XXXXXX")
trap 'rm -rf "$stage"' EXIT
umask 022
mkdir "$stage/$name"
cp -a "$onedir" "$stage/$name/jade"
install -m 755 "$here/install.sh" "$stage/$name/install.sh"
install -m 644 "$root/resources/jade.desktop" "$root/resources/icons/jade.svg" "$stage/$name/"
cat >"$stage/$name/README" <<README
Jade $version for Linux (x86_64, glibc 2.34 or newer).

  ./install.sh                  install for this user into ~/.local (no root needed)
  ./install.sh --prefix DIR     install into DIR/lib/jade, DIR/bin, DIR/share
  ./install.sh --uninstall      remove it again (same --prefix)

Or run it in place: ./jade/jade (./jade/jade --demo opens it on a built-in sandbox Jira).
It needs the X11/xcb libraries of a desktop; install.sh names any that are missing.
README

mkdir -p "$outdir"
# owner and order fixed, so that the same bundle gives the same archive
tar --create --owner=0 --group=0 --numeric-owner --sort=name \
  --mtime="@${SOURCE_DATE_EPOCH:-$(date +%s)}" -C "$stage" "$name" | gzip -9n >"$outdir/$name.tar.gz"
echo "$outdir/$name.tar.gz"
