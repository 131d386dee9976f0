#!/usr/bin/env bash
# Build dist/jade-<version>-macos-<arch>.dmg from dist/Jade.app (the spec's BUNDLE step): a
# compressed read-only disk image holding Jade.app and a link to /Applications to drag it to.
#   usage: packaging/macos/make-dmg.sh [APP] [OUTDIR]          (on macOS: hdiutil, PlistBuddy)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
app=${1:-$root/dist/Jade.app}
outdir=${2:-$root/dist}
version=$(python3 "$root/packaging/version.py")
dmg="$outdir/jade-$version-macos-$(uname -m).dmg"

bundled=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$app/Contents/Info.plist")
[[ "$bundled" == "$version" ]] ||
  { echo "error: $app is Jade $bundled, pyproject.toml says $version: rebuild it" >&2; exit 1; }

stage=$(mktemp -d "${TMPDIR:-/tmp}/jade-dmg.XXXXXX")
trap 'rm -rf "$stage"' EXIT
# ditto keeps the bundle's symlinks, extended attributes and (ad-hoc) code signature
ditto "$app" "$stage/Jade.app"
ln -s /Applications "$stage/Applications"
mkdir -p "$outdir"
hdiutil create -volname "Jade $version" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg"
echo "$dmg"
