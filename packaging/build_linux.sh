#!/usr/bin/env bash
# Build the Linux installer: a PyInstaller one-folder bundle wrapped in a .deb.
#   bash packaging/build_linux.sh            -> dist/fulfildesk_<version>_<arch>.deb
# Needs: python3-venv, dpkg-deb (Debian/Ubuntu). Size and time: see packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD="$ROOT/build/packaging"
VERSION=$(python3 -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
ARCH=$(dpkg --print-architecture)
rm -rf "$BUILD" && mkdir -p "$BUILD" "$ROOT/dist"

python3 -m venv "$BUILD/venv"
"$BUILD/venv/bin/pip" install -q --upgrade pip
"$BUILD/venv/bin/pip" install -q . "pyinstaller>=6"

# One folder, windowed; uvicorn picks its protocol modules at run time, so collect them.
"$BUILD/venv/bin/pyinstaller" --noconfirm --clean --onedir --name fulfildesk \
  --distpath "$BUILD/dist" --workpath "$BUILD/work" --specpath "$BUILD" \
  --collect-submodules uvicorn --collect-submodules fulfildesk \
  --add-data "$ROOT/resources/icons:resources/icons" \
  packaging/entry.py

# .deb layout: bundle in /opt, launcher on PATH, desktop entry and icon.
PKG="$BUILD/deb"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
  "$PKG/usr/share/icons/hicolor/256x256/apps"
cp -a "$BUILD/dist/fulfildesk" "$PKG/opt/fulfildesk"
ln -s /opt/fulfildesk/fulfildesk "$PKG/usr/bin/fulfildesk"
cp resources/fulfildesk.desktop "$PKG/usr/share/applications/"
cp resources/icons/fulfildesk.png "$PKG/usr/share/icons/hicolor/256x256/apps/"
cat > "$PKG/DEBIAN/control" <<CONTROL
Package: fulfildesk
Version: $VERSION
Architecture: $ARCH
Maintainer: Fulfilment Desk team <dev@fulfildesk.local>
Depends: libgl1, libegl1, libfontconfig1, fonts-dejavu-core, libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xfixes0, libxcb-xkb1, libx11-xcb1
Section: utils
Priority: optional
Description: Fulfilment Desk order fulfilment console
 Fulfil player orders across game keys, vouchers, physical goods and in-game inventory.
CONTROL
dpkg-deb --root-owner-group --build "$PKG" "$ROOT/dist/fulfildesk_${VERSION}_${ARCH}.deb"
echo "built dist/fulfildesk_${VERSION}_${ARCH}.deb"
