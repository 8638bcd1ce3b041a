"""The installers' inputs: the .deb's Depends is apt-runtime.txt, the desktop entry and the icons
are there in every size, the single-file bundle unpacks and runs, and CI builds and starts it."""

from __future__ import annotations

import configparser
import os
import stat
import struct
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SIZES = (16, 24, 32, 48, 64, 128, 256)
BUILD_ONLY = {"python3-venv"}  # bootstrap's venv for running from source; the bundle has Python


def control(version: str = "1.2.3", arch: str = "amd64") -> dict[str, str]:
    out = subprocess.run(
        ["bash", str(PACKAGING / "linux" / "deb_control.sh"), version, arch],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fields = {}
    for line in out.splitlines():
        if line and not line.startswith(" "):
            key, _, value = line.partition(": ")
            fields[key] = value
    return fields


def test_deb_depends_is_apt_runtime_txt() -> None:
    runtime = [
        line.strip()
        for line in (PACKAGING / "apt-runtime.txt").read_text().splitlines()
        if line.strip()
    ]
    fields = control()
    depends = [d.strip() for d in fields["Depends"].split(",")]
    assert depends == [pkg for pkg in runtime if pkg not in BUILD_ONLY]
    assert len(depends) == len(set(depends)) and "libglib2.0-0" in depends
    assert fields["Version"] == "1.2.3" and fields["Architecture"] == "amd64"
    assert fields["Package"] == "fulfildesk"


def test_the_build_writes_that_control_file_and_installs_entry_and_icons() -> None:
    script = (PACKAGING / "build_linux.sh").read_text()
    assert "Depends:" not in script  # no second, hand-kept list
    assert 'packaging/linux/deb_control.sh "$VERSION" "$ARCH" > "$PKG/DEBIAN/control"' in script
    assert "cp resources/fulfildesk.desktop" in script
    assert 'cp -r resources/icons/hicolor "$PKG/usr/share/icons/"' in script
    assert "packaging/linux/make_bundle.sh" in script


def test_desktop_entry() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(ROOT / "resources" / "fulfildesk.desktop")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Exec"].split()[0] == "fulfildesk"
    assert desktop["Icon"] == "fulfildesk" and desktop["Terminal"] == "false"


def test_icons_in_every_size() -> None:
    for size in SIZES:
        png = (
            ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "fulfildesk.png"
        )
        head = png.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n", png
        assert struct.unpack(">II", head[16:24]) == (size, size), png


def test_single_file_bundle_unpacks_once_and_runs(tmp_path: Path) -> None:
    bundle = tmp_path / "dist" / "fulfildesk"
    bundle.mkdir(parents=True)
    program = bundle / "fulfildesk"
    program.write_text('#!/bin/sh\necho "ran from $(dirname "$0") with $*"\n')
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    (bundle / "_internal").mkdir()
    (bundle / "_internal" / "data.bin").write_bytes(bytes(range(256)) * 64)
    out = tmp_path / "fulfildesk.run"
    subprocess.run(
        ["bash", str(PACKAGING / "linux" / "make_bundle.sh"), str(bundle), str(out)],
        check=True,
        capture_output=True,
    )
    assert os.access(out, os.X_OK)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = subprocess.run([str(out), "--demo", "x y"], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    unpacked = next((tmp_path / "cache" / "fulfildesk").glob("bundle-*/fulfildesk"))
    assert first.stdout.strip() == f"ran from {unpacked} with --demo x y"
    assert (unpacked / "_internal" / "data.bin").read_bytes() == bytes(range(256)) * 64
    marker = unpacked / "marker"
    marker.write_text("kept")
    second = subprocess.run([str(out)], env=env, capture_output=True, text=True)
    assert second.returncode == 0 and marker.exists()  # not unpacked again


def test_ci_builds_and_starts_the_bundle() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "bash .ci/bundle-smoke" in ci
    smoke = (ROOT / ".ci" / "bundle-smoke").read_text()
    for step in (
        "bash packaging/build_linux.sh",
        'dpkg-deb -f "$DEB" Depends',
        "Xvfb",
        '"$RUN" --demo',
        "xdotool search --onlyvisible --name '^Fulfilment Desk'",
        "import -window root",
    ):
        assert step in smoke, step
    needed = (PACKAGING / "apt-ci.txt").read_text().split()
    assert {"xvfb", "xdotool", "x11-utils", "imagemagick"} <= set(needed)


def test_windows_and_macos_recipes_are_written() -> None:
    iss = (PACKAGING / "windows" / "fulfildesk.iss").read_text()
    assert "{#BundleDir}" in iss and "OutputBaseFilename" in iss
    ps1 = (PACKAGING / "windows" / "build_windows.ps1").read_text()
    assert "pyinstaller" in ps1 and "signtool sign" in ps1 and "fulfildesk.iss" in ps1
    mac = (PACKAGING / "macos" / "build_macos.sh").read_text()
    for step in ("--windowed", "codesign", "hdiutil create", "notarytool submit"):
        assert step in mac, step
    readme = (PACKAGING / "README.md").read_text()
    for name in ("build_windows.ps1", "build_macos.sh", "bundle-smoke", "Depends"):
        assert name in readme, name
