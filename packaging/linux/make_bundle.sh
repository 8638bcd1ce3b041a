#!/usr/bin/env bash
# Wrap a PyInstaller one-folder bundle into one self-extracting file (shell stub + tar.gz).
#   bash packaging/linux/make_bundle.sh BUNDLE_DIR OUTPUT.run
# Used instead of an AppImage: appimagetool is neither on PyPI nor in Debian. makeself (Debian)
# does the same job; this stub needs nothing beyond sh, tar and gzip on the user's machine.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: make_bundle.sh BUNDLE_DIR OUTPUT.run" >&2; exit 2; }
bundle=$1 out=$2
[ -x "$bundle/fulfildesk" ] || { echo "make_bundle: $bundle/fulfildesk is missing" >&2; exit 1; }
stub="$(dirname "$0")/bundle_stub.sh"
payload=$(mktemp)
trap 'rm -f "$payload"' EXIT
tar -czf "$payload" -C "$(dirname "$bundle")" "$(basename "$bundle")"
id=$(sha256sum "$payload" | cut -c1-16)
lines=$(wc -l < "$stub")
sed -e "s/@BUNDLE_ID@/$id/" -e "s/@PAYLOAD_LINE@/$((lines + 1))/" "$stub" > "$out"
cat "$payload" >> "$out"
chmod 755 "$out"
echo "built $out ($(du -h "$out" | cut -f1))"
