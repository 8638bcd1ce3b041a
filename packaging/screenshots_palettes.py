"""Screenshots of the main window in the light, dark and high-contrast palettes, offscreen, from
the demo sandbox (ui/theme.py derives every colour from the palette; these show it holds).

.venv/bin/python packaging/screenshots_palettes.py resources/screenshots
  -> main-window-light.png, main-window-dark.png, main-window-high-contrast.png
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from fulfildesk.context import AppContext, demo_settings
from fulfildesk.ui.asyncglue import new_event_loop
from fulfildesk.ui.main_window import MainWindow
from fulfildesk.ui.theme import sample_palette

PALETTES = ("light", "dark", "high-contrast")


async def shoot(app: QApplication, out: Path, settings) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext.open(settings, poll_interval=0.1)
    window = MainWindow(ctx)
    window.resize(1360, 860)
    window.show()
    done = asyncio.Event()
    window.startupFinished.connect(done.set)
    window.start()
    await done.wait()
    # an order whose status has a colour and whose detail has an explanation
    model = window.model
    for row in range(model.rowCount()):
        if model.row(row)["status"] in ("out_of_stock", "failed", "needs_review"):
            window.orders.table.selectRow(row)
            break
    await asyncio.sleep(0.5)
    for name in PALETTES:
        app.setPalette(sample_palette(name))
        await asyncio.sleep(0.3)
        window.grab().save(str(out / f"main-window-{name}.png"))
    await window.shutdown()
    await ctx.aclose()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    app.setStyle("Fusion")
    settings, sandbox = demo_settings(Path(tempfile.mkdtemp()))
    try:
        with asyncio.Runner(loop_factory=lambda: new_event_loop(app)) as runner:
            runner.run(shoot(app, out, settings))
    finally:
        sandbox.stop()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
