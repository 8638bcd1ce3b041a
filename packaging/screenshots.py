"""Render the README screenshots from the demo sandbox at 1366×768.

Under a real X server (what a person sees, dialogs over the window):
    xvfb-run -s "-screen 0 1366x768x24" \
        .venv/bin/python packaging/screenshots.py resources/screenshots
Without $DISPLAY it renders offscreen (each window grabbed on its own).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from fulfildesk.context import AppContext, demo_settings
from fulfildesk.services.inventory import EntryDraft
from fulfildesk.ui.asyncglue import new_event_loop
from fulfildesk.ui.dialogs.confirm import button
from fulfildesk.ui.main_window import MainWindow

SCREEN = (1366, 768)
OUT = Path("resources/screenshots")


async def snap(name: str, widget: QWidget | None = None) -> None:
    """The whole screen under X (import -window root), else the widget itself."""
    await asyncio.sleep(0.4)
    if widget is not None and widget.isWindow():
        widget.raise_()  # no window manager under Xvfb keeps a dialog above its window
    QApplication.processEvents()
    await asyncio.sleep(0.1)
    path = OUT / f"{name}.png"
    grabber = shutil.which("import")  # ImageMagick
    if os.environ.get("DISPLAY") and grabber:
        subprocess.run([grabber, "-window", "root", str(path)], check=True)  # noqa: S603
    elif widget is not None:
        widget.grab().save(str(path))
    print("wrote", path)


async def shoot(settings) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext.open(settings, poll_interval=0.1)
    window = MainWindow(ctx)
    window.setGeometry(0, 0, *SCREEN)
    window.show()
    done = asyncio.Event()
    window.startupFinished.connect(done.set)
    window.start()
    await done.wait()
    finished = asyncio.Event()
    window.purchaseFinished.connect(lambda *_: finished.set())
    # keys: the form, its confirmation, the bought order (text key revealed, image key masked)
    dialog = window.keys.open_dialog()
    assert dialog is not None
    dialog.rows[0].product.setText("5")
    dialog.rows[0].name.setText("Anno")
    dialog.rows[0].price.setText("3.59")
    row = dialog.add_line()
    row.product.setText("409")
    row.name.setText("Hades")
    row.price.setText("7.49")
    await snap("buy-keys", dialog)
    dialog.submit()
    await snap("confirm-keys", dialog.confirm_box)
    button(dialog.confirm_box, dialog.confirm_box.buttons()[0].text()).click()
    await finished.wait()
    await asyncio.sleep(0.6)
    window.detail.keys.cards[0].set_revealed(True)
    await snap("main-window", window)
    # vouchers: the form, the confirmation, the result
    vdialog = window.vouchers.open_dialog()
    assert vdialog is not None
    while not vdialog.picker.products:
        await asyncio.sleep(0.05)
    vdialog.picker.select(555)
    vdialog.quantity.setValue(2)
    vdialog.email.setText("player@example.com")
    vdialog.notify_receiver.setChecked(True)
    await snap("buy-vouchers", vdialog)
    vdialog.review()
    await snap("confirm-vouchers", vdialog.confirm_box)
    finished.clear()
    button(vdialog.confirm_box, "Buy").click()
    await finished.wait()
    await asyncio.sleep(0.6)
    window.detail.vouchers.cards[0].code.set_revealed(True)
    await snap("main-window-vouchers", window)
    bulk = window.vouchers.open_bulk()
    assert bulk is not None
    while not bulk.picker.products:
        await asyncio.sleep(0.05)
    bulk.picker.select(29877)
    bulk.load_text(
        "email,contact,tag\nana@example.com,,spring\nbad-address,,\n"
        "li@example.com,+1-5550001111,spring\n",
        "recipients.csv",
    )
    await snap("bulk-vouchers", bulk)
    bulk.close()
    # inventory: the builder, its confirmation, the results
    inv = window.inventory.open_dialog()
    assert inv is not None
    inv.player.setText("7")
    inv.set_cell(0, "loot_id", "3")
    kind = inv.table.cellWidget(0, 0)
    kind.setCurrentIndex(kind.findData("purchase_loot"))
    inv.set_cell(0, "price_item_id", "1")
    inv.set_cell(0, "price", "150")
    inv.set_cell(0, "quantity", "2")
    inv.add_entry(EntryDraft(type="promotion_code", external_tran_id="WELCOME2026"))
    inv.add_entry(EntryDraft(type="fill_loot", loot_id=999999))
    inv.submit()
    await snap("confirm-inventory", inv.confirm_box)
    finished.clear()
    button(inv.confirm_box, "Send order").click()
    await finished.wait()
    await snap("inventory-order", inv)
    inv.close()
    search = window.kinguin_search.open_dialog()
    assert search is not None
    search.status_boxes["completed"].setChecked(True)
    search.limit.setValue(10)
    search.search()
    while search.table.rowCount() == 0:
        await asyncio.sleep(0.05)
    await snap("kinguin-search", search)
    search.close()
    # warehouse: a reservation form with its messages, the queue, an order with everything
    from fulfildesk.sandbox.powerplugin import SEED_PLAYER
    from fulfildesk.services.shipping import shipment_for, slip_for
    from fulfildesk.ui.packing_slip import save_png

    form = window.warehouse.open_reservation()
    assert form is not None
    await asyncio.sleep(0.5)  # the pickers fill from the cache
    form.set_value("email", "not-an-email")
    form.submit()
    await snap("reservation-form-errors", form)
    form.close()
    # the same form picking from what the console knows: player, product, establishment
    form = window.warehouse.open_reservation()
    assert form is not None
    await asyncio.sleep(0.5)
    for name, text in (("player", "Ana"), ("product", "Team"), ("establishment", "User")):
        combo = form.inputs[name]
        combo.setCurrentIndex(combo.findText(text, Qt.MatchFlag.MatchStartsWith))  # type: ignore[union-attr]
    await snap("reservation-pickers", form)
    form.close()
    await window.ctx.shipping.player_orders(SEED_PLAYER)
    await window.ctx.shipping.player_orders("8a7d3f2e-6c1b-4e9a-b5d4-3c2b1a0f9e87")
    window.orders.refresh()
    await window.warehouse.reload()
    window.shipping_dock.raise_()
    combo = window.orders.provider_filter
    combo.setCurrentIndex(combo.findData("powerplugin"))
    await asyncio.sleep(0.3)
    queue = window.shipping_queue
    waiting = queue.rows["to_track"] or queue.rows["to_complete"] or queue.rows["to_ship"]
    if waiting:
        tx = waiting[0]["provider_order_id"]
        stage = next(s for s, rows in queue.rows.items() if rows and rows[0] is waiting[0])
        queue.tabs.setCurrentIndex(queue.stages.index(stage))
        window.select_order("powerplugin", tx)
        queue.select(tx)
        await snap("main-window-warehouse", window)
        box = (
            window.warehouse.confirm_cancel_reservation(tx)
            if stage == "to_ship"
            else window.warehouse.confirm_cancel_acquisition(tx)
        )
        await snap("confirm-cancel-order", box)
        box.reject()
        shipment = await shipment_for(window.ctx.store, tx)
        if shipment is not None:
            save_png(OUT / "packing-slip.png", slip_for(shipment))
    # the message log, after a refusal
    window.warehouse.fail("Marking delivered failed: Physical goods: the order was never sent")
    window.show_messages()
    await snap("messages", window)
    await window.shutdown()
    await ctx.aclose()


def main() -> int:
    global OUT
    OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshots")
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    settings, sandbox = demo_settings(Path(tempfile.mkdtemp()))
    sandbox.sandbox.config.kinguin_step = 0.3
    try:
        from fulfildesk.demo import prepare_demo

        prepare_demo(settings)  # as `fulfildesk --demo` opens: the demo players known
        with asyncio.Runner(loop_factory=lambda: new_event_loop(app)) as runner:
            runner.run(shoot(settings))
    finally:
        sandbox.stop()
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
