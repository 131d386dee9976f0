#!/usr/bin/env bash
# Install Jade for one user, without root: the bundle into PREFIX/lib/jade, the command
# PREFIX/bin/jade, the desktop entry and icon under PREFIX/share (PREFIX: ~/.local).
#   usage: ./install.sh [--prefix DIR] [--uninstall]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
prefix=${HOME:?}/.local
action=install
while (($#)); do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --uninstall) action=uninstall; shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 64 ;;
  esac
done
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
lib=$prefix/lib/jade
bin=$prefix/bin/jade
desktop=$prefix/share/applications/jade.desktop
icon=$prefix/share/icons/hicolor/scalable/apps/jade.svg

refresh_caches() {
  # desktop environments read these caches; a missing command only delays the menu entry
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$prefix/share/applications" || true
  fi
  # a per-user icon cache is refreshed only if there is one: a new cache here would go stale
  # as soon as another program adds an icon without refreshing it, hiding that icon
  if [[ -f "$prefix/share/icons/hicolor/icon-theme.cache" ]] &&
    command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f "$prefix/share/icons/hicolor" || true
  fi
  if [[ -d "$prefix/share/icons/hicolor" ]]; then
    touch "$prefix/share/icons/hicolor"  # a newer folder tells icon loaders to look again
  fi
}

if [[ $action == uninstall ]]; then
  rm -rf "$lib"
  rm -f "$bin" "$desktop" "$icon"
  refresh_caches
  echo "Jade removed from $prefix"
  exit 0
fi

[[ -x "$here/jade/jade" ]] || { echo "install.sh: run it from the unpacked archive" >&2; exit 1; }
mkdir -p "$prefix/lib" "$prefix/bin" "${desktop%/*}" "${icon%/*}"
# copied beside the old one, then swapped in, so that a failed copy leaves the old one working
rm -rf "$lib.new"
cp -a "$here/jade" "$lib.new"
rm -rf "$lib"
mv "$lib.new" "$lib"
ln -sfn ../lib/jade/jade "$bin"
# the absolute path: a desktop session's PATH often lacks ~/.local/bin
sed "s|^Exec=jade |Exec=\"$bin\" |" "$here/jade.desktop" >"$desktop"
install -m 644 "$here/jade.svg" "$icon"
refresh_caches

# the X11/xcb libraries Qt needs come from the system; name the ones that are missing
missing=$(LD_LIBRARY_PATH="$lib/_internal/PySide6/Qt/lib" \
  ldd "$lib/_internal/PySide6/Qt/plugins/platforms/libqxcb.so" 2>/dev/null |
  awk '/not found/ {print $1}' | sort -u | tr '\n' ' ') || true
if [[ -n $missing ]]; then
  echo "warning: Jade's window needs these libraries, which are missing: $missing" >&2
  echo "  on Debian or Ubuntu: sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" \
    "libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0" >&2
fi
echo "Jade $("$bin" --version | cut -d' ' -f2) installed: $bin"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on your PATH; the menu entry works regardless" ;;
esac
