"""Issue 13.4: the window holds at 200 % scale. QT_SCALE_FACTOR is read once, when Qt starts, so
the check runs in a process of its own (tests/gui/scale_check.py): the demo window on a
2732×1536 screen at scale factor 2 (1366×768 logical pixels), with a physical goods order in the
detail pane, the shipping queue and a form showing its errors. Every key widget must be shown
whole: not hidden, not clipped by the window or the screen, not squeezed below its minimum."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from fulfildesk.ui.orders_view import LIST_MIN_WIDTH

HERE = Path(__file__).parent


def problems_in(report: dict[str, Any], path: str = "") -> list[str]:
    found = []
    for key, value in report.items():
        if isinstance(value, dict) and "problems" in value:
            found += [f"{path}{key}: {p}" for p in value["problems"]]
        elif isinstance(value, dict):
            found += problems_in(value, f"{path}{key}/")
    return found


def run_at(tmp_path: Path, scale: str, width: int, height: int) -> dict[str, Any]:
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "screen",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "QT_SCALE_FACTOR": scale,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "FULFILDESK_HOME": str(tmp_path / "home"),
    }
    done = subprocess.run(
        [sys.executable, str(HERE / "scale_check.py"), str(tmp_path / "out")],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def test_key_widgets_are_whole_at_scale_factor_2(tmp_path: Path) -> None:
    report = run_at(tmp_path, "2", 2732, 1536)
    assert report["screen"] == [1366, 768, 2.0]
    assert problems_in(report) == []
    assert report["list rows shown"] >= 10
    # the list keeps its width with a physical order in the detail pane
    assert report["list width with detail"] >= LIST_MIN_WIDTH
    # the queue's actions and the form's inputs and buttons were all measured
    assert {"button ship", "button slip"} <= set(report["queue"])
    assert {"submit", "input player", "input product", "input establishment"} <= set(report["form"])
    for shot in ("scale-1-main", "scale-2-detail", "scale-3-queue", "scale-4-form"):
        assert (tmp_path / "out" / f"{shot}.png").stat().st_size > 10_000


def test_key_widgets_are_whole_at_1366x768(tmp_path: Path) -> None:
    report = run_at(tmp_path, "1", 1366, 768)
    assert report["screen"] == [1366, 768, 1.0]
    assert problems_in(report) == []
    assert report["list width with detail"] >= LIST_MIN_WIDTH


def test_the_window_fits_a_1920x1080_screen_at_200_percent(tmp_path: Path) -> None:
    """960×540 logical pixels, less than the default size: the window shrinks to the screen
    (never below its minimum), the docks leave the list room."""
    report = run_at(tmp_path, "2", 1920, 1080)
    assert report["screen"] == [960, 540, 2.0]
    assert problems_in(report) == []
    assert report["list rows shown"] >= 5
    assert report["list width with detail"] >= LIST_MIN_WIDTH
