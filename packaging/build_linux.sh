#!/usr/bin/env bash
# Build the Linux installers from one PyInstaller one-folder bundle:
#   bash packaging/build_linux.sh   -> dist/fulfildesk_<version>_<arch>.deb  (apt install ./...)
#                                      dist/fulfildesk-<version>-<arch>.run  (single file, no install)
# Needs: python3-venv, dpkg-deb (Debian/Ubuntu). Size and time: see packaging/README.md.
# CI builds and starts it: .ci/bundle-smoke.
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

# The window's translations: recompile resources/translations/*.qm from the .ts (issue 16)
"$BUILD/venv/bin/python" packaging/i18n.py release

# One folder, windowed; uvicorn picks its protocol modules at run time, so collect them.
"$BUILD/venv/bin/pyinstaller" --noconfirm --clean --onedir --name fulfildesk \
  --distpath "$BUILD/dist" --workpath "$BUILD/work" --specpath "$BUILD" \
  --collect-submodules uvicorn --collect-submodules fulfildesk \
  --recursive-copy-metadata fulfildesk \
  --add-data "$ROOT/resources/icons:resources/icons" \
  --add-data "$ROOT/resources/translations/fulfildesk_es.qm:resources/translations" \
  packaging/entry.py

# .deb layout: bundle in /opt, launcher on PATH, desktop entry, icons in every hicolor size.
PKG="$BUILD/deb"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" "$PKG/usr/share/icons"
cp -a "$BUILD/dist/fulfildesk" "$PKG/opt/fulfildesk"
ln -s /opt/fulfildesk/fulfildesk "$PKG/usr/bin/fulfildesk"
cp resources/fulfildesk.desktop "$PKG/usr/share/applications/"
cp -r resources/icons/hicolor "$PKG/usr/share/icons/"
bash packaging/linux/deb_control.sh "$VERSION" "$ARCH" > "$PKG/DEBIAN/control"
dpkg-deb --root-owner-group --build "$PKG" "$ROOT/dist/fulfildesk_${VERSION}_${ARCH}.deb"
echo "built dist/fulfildesk_${VERSION}_${ARCH}.deb"

# The same bundle as one self-extracting file (the AppImage's role; see packaging/README.md).
bash packaging/linux/make_bundle.sh "$BUILD/dist/fulfildesk" "$ROOT/dist/fulfildesk-${VERSION}-${ARCH}.run"
