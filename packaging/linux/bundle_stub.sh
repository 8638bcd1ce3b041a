#!/bin/sh
# Fulfilment Desk single-file bundle: this shell stub followed by a gzip'd tar of the PyInstaller
# one-folder bundle. On first start it unpacks to ~/.cache/fulfildesk/bundle-<id>/ (once per
# build) and runs the program from there with the given arguments.
#   ./fulfildesk-VERSION-ARCH.run [--demo] [...]      FULFILDESK_BUNDLE_EXTRACT_ONLY=1: only unpack
set -eu
BUNDLE_ID=@BUNDLE_ID@
PAYLOAD_LINE=@PAYLOAD_LINE@
cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/fulfildesk
target=$cache/bundle-$BUNDLE_ID
if [ ! -x "$target/fulfildesk/fulfildesk" ]; then
  mkdir -p "$cache"
  tmp=$(mktemp -d "$cache/.unpack-XXXXXX")
  tail -n "+$PAYLOAD_LINE" "$0" | tar -xzf - -C "$tmp"
  rm -rf "$target"
  mv "$tmp" "$target" 2>/dev/null || rm -rf "$tmp"   # another start may have won the race
fi
[ "${FULFILDESK_BUNDLE_EXTRACT_ONLY:-}" = 1 ] && { echo "$target/fulfildesk"; exit 0; }
exec "$target/fulfildesk/fulfildesk" "$@"
exit 0
# payload follows
