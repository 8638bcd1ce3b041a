#!/usr/bin/env bash
# Print the .deb's DEBIAN/control. `Depends:` is packaging/apt-runtime.txt, minus the packages
# that only `scripts/bootstrap demo` needs to run from source (BUILD_ONLY below): the frozen
# bundle carries its own Python. tests/unit/test_packaging.py checks the two stay equal.
#   bash packaging/linux/deb_control.sh VERSION ARCH
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -eq 2 ] || { echo "usage: deb_control.sh VERSION ARCH" >&2; exit 2; }
BUILD_ONLY=" python3-venv "
depends=""
while read -r pkg; do
  [ -n "$pkg" ] || continue
  case "$BUILD_ONLY" in *" $pkg "*) continue ;; esac
  depends="${depends:+$depends, }$pkg"
done < packaging/apt-runtime.txt
cat <<CONTROL
Package: fulfildesk
Version: $1
Architecture: $2
Maintainer: Fulfilment Desk team <dev@fulfildesk.local>
Depends: $depends
Section: utils
Priority: optional
Description: Fulfilment Desk order fulfilment console
 Fulfil player orders across game keys, vouchers, physical goods and in-game inventory.
CONTROL
