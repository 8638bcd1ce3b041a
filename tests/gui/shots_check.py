"""Offscreen screenshots of the main window at 1366x768 (not collected by default: run it as
`SHOTS_DIR=/some/dir pytest tests/gui/shots_check.py`). Writes the menus as text too."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QToolBar


def test_shots(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    out = Path(os.environ["SHOTS_DIR"])
    out.mkdir(parents=True, exist_ok=True)
    window.resize(1366, 768)
    with qtbot.waitSignal(window.startupFinished, timeout=20000):
        window.start()
    qtbot.wait(300)
    window.grab().save(str(out / "1-startup.png"))
    window.orders.table.selectRow(0)
    qtbot.waitUntil(lambda: window.detail.row is not None, timeout=5000)
    qtbot.wait(300)
    window.grab().save(str(out / "2-selected.png"))
    window.shipping_dock.raise_()
    window.grab().save(str(out / "3-shipping.png"))
    lines = []
    for action in window.menuBar().actions():
        entries = [
            f"{a.text()} [{a.shortcut().toString()}] {'on' if a.isEnabled() else 'off'}"
            for a in action.menu().actions()
            if not a.isSeparator()
        ]
        lines.append(action.text() + ": " + " | ".join(entries))
    toolbar = window.findChildren(QToolBar)[0]
    lines.append("toolbar: " + " | ".join(a.text() for a in toolbar.actions()))
    (out / "menus.txt").write_text("\n".join(lines) + "\n")
