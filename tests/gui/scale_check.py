"""Run by test_scale.py in a process of its own (QT_SCALE_FACTOR is read once, when Qt starts):
the demo window on a screen of the given size, every key screen opened, and for each key widget
whether it is shown whole (not clipped by the window, the screen or its parents, not squeezed
below its minimum). Prints one JSON report; saves screenshots to OUTDIR.

    python tests/gui/scale_check.py OUTDIR
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget


def whole(widget: QWidget, screen: QRect) -> dict[str, Any]:
    """Is `widget` visible in full: its visible region is its whole rectangle, its rectangle is
    on the screen, and it is not smaller than it can be (nothing cut, nothing squeezed)."""
    top = widget.window()
    at = widget.mapTo(top, QPoint(0, 0))
    rect = QRect(top.mapToGlobal(at), widget.size())
    shown = QRect(QPoint(0, 0), widget.size())  # what its ancestors leave of it
    ancestor = widget.parentWidget()
    while ancestor is not None:
        offset = widget.mapTo(ancestor, QPoint(0, 0))
        inside = ancestor.rect().intersected(QRect(offset, widget.size()))
        shown = shown.intersected(inside.translated(-offset))
        if ancestor.isWindow():
            break
        ancestor = ancestor.parentWidget()
    problems = []
    if not widget.isVisible():
        problems.append("hidden")
    if shown.width() < widget.width() - 1 or shown.height() < widget.height() - 1:
        problems.append(f"clipped to {shown.width()}x{shown.height()}")
    if not screen.contains(rect):
        problems.append(f"off screen at {rect.x()},{rect.y()} {rect.width()}x{rect.height()}")
    hint = widget.minimumSizeHint()
    if widget.height() < hint.height() or widget.width() < hint.width():
        problems.append(f"squeezed below {hint.width()}x{hint.height()}")
    if isinstance(widget, QAbstractButton) and widget.width() < widget.sizeHint().width() - 2:
        problems.append("button text cut")
    return {"size": [widget.width(), widget.height()], "problems": problems}


async def walk(app: QApplication, out: Path) -> dict[str, Any]:
    from fulfildesk.context import AppContext, demo_settings
    from fulfildesk.demo import prepare_demo
    from fulfildesk.ui.main_window import MainWindow

    settings, sandbox = demo_settings(out / "data")
    report: dict[str, Any] = {}
    try:
        await asyncio.to_thread(prepare_demo, settings)
        ctx = AppContext.open(settings)
        window = MainWindow(ctx)
        screen = window.screen().availableGeometry()
        report["screen"] = [screen.width(), screen.height(), window.devicePixelRatio()]
        started = asyncio.Event()
        window.startupFinished.connect(started.set)
        window.show()
        window.start()
        await asyncio.wait_for(started.wait(), 60)
        await asyncio.sleep(0.5)
        report["window"] = whole(window, screen)
        orders = window.orders
        widgets: dict[str, QWidget] = {
            "search": orders.search,
            "provider filter": orders.provider_filter,
            "status filter": orders.status_filter,
            "establishment filter": orders.establishment_filter,
            "date to": orders.date_to,
            "list": orders.table,
            "status bar": window.statusBar(),
            "status summary": window.message_summary,
            "provider label": window.provider_label,
        }
        report["main"] = {name: whole(w, screen) for name, w in widgets.items()}
        report["list width"] = orders.table.width()
        report["list rows shown"] = (
            orders.table.viewport().height() // orders.table.verticalHeader().defaultSectionSize()
        )
        window.grab().save(str(out / "scale-1-main.png"))
        # a physical goods order in the detail pane
        model = window.model
        row = next(i for i in range(model.rowCount()) if model.row(i)["provider"] == "powerplugin")
        orders.table.selectRow(row)
        for _ in range(50):
            await asyncio.sleep(0.1)
            if window.detail.row is not None:
                break
        await asyncio.sleep(0.3)
        report["detail"] = {
            "list": whole(orders.table, screen),
            "pane": whole(orders.detail_scroll, screen),
        }
        report["list width with detail"] = orders.table.width()
        window.grab().save(str(out / "scale-2-detail.png"))
        # the shipping queue with an order selected: its action buttons
        window.shipping_dock.show()
        window.shipping_dock.raise_()
        queue = window.shipping_queue
        queue.table.selectRow(0)
        await asyncio.sleep(0.3)
        report["queue"] = {
            "table": whole(queue.table, screen),
            **{f"button {a}": whole(b, screen) for a, b in queue.buttons.items()},
        }
        window.grab().save(str(out / "scale-3-queue.png"))
        # a form: inputs and buttons, also once errors are shown
        dialog = window.warehouse.open_reservation()
        assert dialog is not None
        await asyncio.sleep(0.5)
        dialog.submit()  # empty: an error under each field
        await asyncio.sleep(0.3)
        report["form"] = {
            "dialog": whole(dialog, screen),
            "submit": whole(dialog.submit_button, screen),
            **{f"input {n}": whole(w, screen) for n, w in dialog.inputs.items()},
        }
        dialog.grab().save(str(out / "scale-4-form.png"))
        dialog.reject()
        await window.runner.cancel_all()
        await window.shutdown()
        window.model.close()
        await ctx.aclose()
    finally:
        sandbox.stop()
    return report


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    from fulfildesk.ui.asyncglue import new_event_loop

    with asyncio.Runner(loop_factory=lambda: new_event_loop(app)) as runner:
        report = runner.run(walk(app, out))
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
