"""Offscreen screenshots of the main window (run explicitly; not collected). SHOTS_DIR=..."""

from __future__ import annotations

import os
from pathlib import Path


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
    row = window.model.find("powerplugin", window.shipping_queue.rows["to_ship"][0]["provider_order_id"]) if window.shipping_queue.rows.get("to_ship") else None
    window.shipping_dock.raise_()
    if row is not None:
        window.orders.table.selectRow(row)
        qtbot.wait(800)
    window.grab().save(str(out / "3-shipping.png"))
    bar = window.menuBar()
    texts = []
    for action in bar.actions():
        menu = action.menu()
        texts.append(action.text() + ": " + " | ".join(
            f"{a.text()} [{a.shortcut().toString()}] {'on' if a.isEnabled() else 'off'}"
            for a in menu.actions() if not a.isSeparator()))
    tb = [a.text() for a in window.findChildren(__import__("PySide6.QtWidgets").QtWidgets.QToolBar)[0].actions()]
    (out / "menus.txt").write_text("\n".join(texts) + "\ntoolbar: " + " | ".join(tb) + "\n")
