#!/usr/bin/env bash
# Build dist/jade_<version>_<arch>.deb from the PyInstaller onedir (dist/jade) with plain
# dpkg-deb: no debian/ source tree, since the payload is already built. Layout, and why
# /usr/lib/jade rather than /opt/jade: packaging/README.md.
#   usage: packaging/linux/build-deb.sh [ONEDIR] [OUTDIR]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
onedir=${1:-$root/dist/jade}
outdir=${2:-$root/dist}
version=$(python3 "$root/packaging/version.py" --debian)
arch=$(dpkg --print-architecture)
deb="$outdir/jade_${version}_${arch}.deb"

[[ -x "$onedir/jade" ]] || { echo "error: no PyInstaller build in $onedir (make package)" >&2; exit 1; }
frozen=$("$onedir/jade" --version)
# the installer carries the version the app reports (Help -> About, jade --version)
[[ "$frozen" == "jade $(python3 "$root/packaging/version.py")" ]] ||
  { echo "error: $onedir is '$frozen', pyproject.toml says $version: rebuild it" >&2; exit 1; }

stage=$(mktemp -d "${TMPDIR:-/tmp}/jade-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
umask 022

install -d "$stage/usr/lib" "$stage/usr/bin" "$stage/DEBIAN"
cp -a "$onedir" "$stage/usr/lib/jade"
# The libraries the interpreter links that Debian ships itself: the package uses Debian's (so
# OpenSSL's security updates reach Jade, and no copy of zlib or bzip2 is embedded) and depends
# on them. The .tar.gz keeps the bundled copies, for machines that are not Debian.
debian_ships=(
  libssl.so.3:libssl3 libcrypto.so.3:libssl3 libz.so.1:zlib1g libbz2.so.1.0:libbz2-1.0
  liblzma.so.5:liblzma5 libffi.so.8:libffi8 libuuid.so.1:libuuid1
)
shipped=()
for pair in "${debian_ships[@]}"; do
  library=$stage/usr/lib/jade/_internal/${pair%%:*}
  [[ -f "$library" ]] || { echo "error: $library is not in the bundle: update $0" >&2; exit 1; }
  rm "$library"
  shipped+=("${pair#*:}")
done
# relative, so that the launcher also works from a root unpacked with dpkg -x
ln -s ../lib/jade/jade "$stage/usr/bin/jade"
install -D -m 644 "$root/resources/jade.desktop" "$stage/usr/share/applications/jade.desktop"
install -D -m 644 "$root/resources/icons/jade.svg" \
  "$stage/usr/share/icons/hicolor/scalable/apps/jade.svg"
install -D -m 644 "$here/jade.1" "$stage/usr/share/man/man1/jade.1"
gzip -9n "$stage/usr/share/man/man1/jade.1"
install -D -m 644 "$here/copyright" "$stage/usr/share/doc/jade/copyright"
install -D -m 644 "$here/lintian-overrides" "$stage/usr/share/lintian/overrides/jade"
# a native package's changelog: one entry for the version built
{
  echo "jade ($version) unstable; urgency=medium"
  echo
  echo "  * Jade $version, built from the PyInstaller onedir."
  echo
  echo " -- Jade maintainers <jade@example.org>  $(date -R -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")"
} | gzip -9n >"$stage/usr/share/doc/jade/changelog.gz"
chmod 644 "$stage/usr/share/doc/jade/changelog.gz"

install -m 755 "$here/postinst" "$here/postrm" "$stage/DEBIAN/"
installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
# the libraries the spec leaves to the host (HOST_LIBRARIES, and libGL/libEGL/libxcb that
# PyInstaller never bundles): the Qt xcb platform, fonts, GLib, D-Bus, the C++ run-time;
# tests/packaging checks that every library the bundle links comes from one of these.
depends=(
  "libc6 (>= 2.34)" libstdc++6 libgcc-s1 libzstd1
  libgl1 libegl1 libfontconfig1 libfreetype6 fonts-dejavu-core libglib2.0-0 libdbus-1-3
  libx11-6 libx11-xcb1 libxcb1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-glx0
  libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-render0
  libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1
)
# the Debian packages of the interpreter's libraries removed above, once each
mapfile -t shipped < <(printf '%s\n' "${shipped[@]}" | sort -u)
depends+=("${shipped[@]}")
printf -v depends_field '%s, ' "${depends[@]}"
cat >"$stage/DEBIAN/control" <<CONTROL
Package: jade
Version: $version
Architecture: $arch
Maintainer: Jade maintainers <jade@example.org>
Installed-Size: $installed_size
Depends: ${depends_field%, }
Recommends: libwayland-client0, libwayland-cursor0, libwayland-egl1
Suggests: gnome-keyring | keepassxc
Section: utils
Priority: optional
Description: desktop admin client for Jira
 Jade administers Jira sites (Cloud, Data Center and older servers) from one
 window: projects, JQL issue search, milestones, sprint boards and permission
 schemes. Secrets are kept in the desktop's keychain (Secret Service).
 .
 This package carries Jade with its own Python and Qt in /usr/lib/jade.
CONTROL
(cd "$stage" && find usr -type f -print0 | sort -z | xargs -0 md5sum >DEBIAN/md5sums)
chmod 644 "$stage/DEBIAN/md5sums" "$stage/DEBIAN/control"

mkdir -p "$outdir"
# xz at its default level: a third smaller than zstd for the same payload (ENVIRONMENT.md 6)
dpkg-deb --root-owner-group -Zxz --threads-max="$(nproc)" --build "$stage" "$deb" >/dev/null
echo "$deb"
