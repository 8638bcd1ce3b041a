#!/usr/bin/env bash
# Build the macOS installer: PyInstaller .app bundle, signed and notarised when credentials are
# given, wrapped in a dmg.
#   bash packaging/macos/build_macos.sh   -> dist/FulfilmentDesk-<version>.dmg
# Needs: macOS 12+, Python 3.11 (python.org universal2 build), Xcode command line tools
# (codesign, hdiutil, xcrun notarytool). Not built in this workplace (no Mac); see
# packaging/README.md.
# Signing (optional, both together):
#   FULFILDESK_CODESIGN_IDENTITY  "Developer ID Application: <Team> (<TEAMID>)" in the keychain
#   FULFILDESK_NOTARY_PROFILE     a `xcrun notarytool store-credentials` profile (Apple ID + app
#                                 password, or an App Store Connect API key)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BUILD="$ROOT/build/packaging-macos"
VERSION=$(python3 -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
rm -rf "$BUILD" && mkdir -p "$BUILD" "$ROOT/dist"

python3 -m venv "$BUILD/venv"
"$BUILD/venv/bin/pip" install -q --upgrade pip
"$BUILD/venv/bin/pip" install -q . "pyinstaller>=6" pillow
# the window's translations, recompiled from resources/translations/*.ts
"$BUILD/venv/bin/python" packaging/i18n.py release

# --windowed on macOS makes FulfilmentDesk.app; PyInstaller turns the PNG into an .icns with
# Pillow. The bundle identifier is what Gatekeeper, the keychain and notarisation know it by.
"$BUILD/venv/bin/pyinstaller" --noconfirm --clean --onedir --windowed --name FulfilmentDesk \
  --distpath "$BUILD/dist" --workpath "$BUILD/work" --specpath "$BUILD" \
  --osx-bundle-identifier local.fulfildesk.console \
  --collect-submodules uvicorn --collect-submodules fulfildesk \
  --recursive-copy-metadata fulfildesk \
  --add-data "$ROOT/resources/icons:resources/icons" \
  --add-data "$ROOT/resources/translations/fulfildesk_es.qm:resources/translations" \
  --icon "$ROOT/resources/icons/fulfildesk.png" \
  packaging/entry.py
APP="$BUILD/dist/FulfilmentDesk.app"
/usr/libexec/PlistBuddy -c "Set :CFBundleShortVersionString $VERSION" "$APP/Contents/Info.plist"
/usr/libexec/PlistBuddy -c "Add :NSHighResolutionCapable bool true" "$APP/Contents/Info.plist" || true

if [ -n "${FULFILDESK_CODESIGN_IDENTITY:-}" ]; then
  # hardened runtime is required for notarisation
  codesign --force --deep --options runtime --timestamp \
    --sign "$FULFILDESK_CODESIGN_IDENTITY" "$APP"
  codesign --verify --deep --strict "$APP"
fi

DMG="$ROOT/dist/FulfilmentDesk-$VERSION.dmg"
STAGE="$BUILD/dmg"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "Fulfilment Desk $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG"

if [ -n "${FULFILDESK_CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$FULFILDESK_CODESIGN_IDENTITY" "$DMG"
fi
if [ -n "${FULFILDESK_NOTARY_PROFILE:-}" ]; then
  xcrun notarytool submit "$DMG" --keychain-profile "$FULFILDESK_NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
fi
echo "built $DMG"
