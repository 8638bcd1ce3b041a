"""Render the README screenshots from the demo sandbox, offscreen.

.venv/bin/python packaging/screenshots.py resources/screenshots
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from fulfildesk.context import AppContext, demo_settings
from fulfildesk.services.inventory import EntryDraft
from fulfildesk.ui.asyncglue import new_event_loop
from fulfildesk.ui.main_window import MainWindow


async def shoot(out: Path, settings) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext.open(settings, poll_interval=0.1)
    window = MainWindow(ctx)
    window.resize(1360, 900)
    window.show()
    done = asyncio.Event()
    window.startupFinished.connect(done.set)
    window.start()
    await done.wait()
    dialog = window.open_buy_dialog()
    assert dialog is not None
    dialog.rows[0].product.setText("5")
    dialog.rows[0].name.setText("Anno")
    dialog.rows[0].price.setText("3.59")
    row = dialog.add_line()
    row.product.setText("1187")
    row.name.setText("Stardew Valley")
    row.price.setText("8.79")
    await asyncio.sleep(0.2)
    dialog.grab().save(str(out / "buy-keys.png"))
    finished = asyncio.Event()
    window.purchaseFinished.connect(lambda *_: finished.set())
    dialog.submit()
    await finished.wait()
    await asyncio.sleep(0.5)
    window.detail.keys.cards[0].set_revealed(True)
    await asyncio.sleep(0.2)
    window.grab().save(str(out / "main-window.png"))
    # vouchers: the form, the confirmation, the result
    vdialog = window.open_voucher_dialog()
    assert vdialog is not None
    while not vdialog.picker.products:
        await asyncio.sleep(0.05)
    vdialog.picker.select(555)
    vdialog.quantity.setValue(2)
    vdialog.email.setText("player@example.com")
    vdialog.notify_receiver.setChecked(True)
    await asyncio.sleep(0.2)
    vdialog.grab().save(str(out / "buy-vouchers.png"))
    vdialog.review()
    await asyncio.sleep(0.2)
    if vdialog.confirm_box is not None:
        vdialog.confirm_box.grab().save(str(out / "confirm-vouchers.png"))
        finished.clear()
        vdialog.confirm_box.accept()
        vdialog._confirmed(QMessageBox.StandardButton.Yes, vdialog.request())
        await finished.wait()
    await asyncio.sleep(0.5)
    window.detail.vouchers.cards[0].code.set_revealed(True)
    await asyncio.sleep(0.2)
    window.grab().save(str(out / "main-window-vouchers.png"))
    bulk = window.open_bulk_dialog()
    assert bulk is not None
    while not bulk.picker.products:
        await asyncio.sleep(0.05)
    bulk.picker.select(29877)
    bulk.load_text(
        "email,contact,tag\nana@example.com,,spring\nbad-address,,\n"
        "li@example.com,+1-5550001111,spring\n",
        "recipients.csv",
    )
    await asyncio.sleep(0.2)
    bulk.grab().save(str(out / "bulk-vouchers.png"))
    bulk.close()
    # inventory: the builder with results
    inv = window.open_inventory_dialog()
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
    finished.clear()
    inv.submit()
    await finished.wait()
    await asyncio.sleep(0.3)
    inv.grab().save(str(out / "inventory-order.png"))
    inv.close()
    search = window.open_search_dialog()
    assert search is not None
    search.status_boxes["completed"].setChecked(True)
    search.limit.setValue(10)
    search.search()
    while search.table.rowCount() == 0:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)
    search.grab().save(str(out / "kinguin-search.png"))
    search.close()
    # warehouse: the queue, an order with history, a packing slip
    from fulfildesk.sandbox.powerplugin import SEED_PLAYER
    from fulfildesk.services.shipping import shipment_for, slip_for
    from fulfildesk.ui.packing_slip import render

    await window.ctx.shipping.player_orders(SEED_PLAYER)
    await window.ctx.shipping.player_orders("8a7d3f2e-6c1b-4e9a-b5d4-3c2b1a0f9e87")
    window.refresh_orders()
    await window.warehouse.reload()
    window.shipping_dock.raise_()
    window.provider_filter.setCurrentIndex(window.provider_filter.findData("powerplugin"))
    await asyncio.sleep(0.3)
    waiting = window.shipping_queue.rows["to_track"] or window.shipping_queue.rows["to_ship"]
    if waiting:
        tx = waiting[0]["provider_order_id"]
        window.select_order("powerplugin", tx)
        window.shipping_queue.select(tx)
        await asyncio.sleep(0.5)
        window.grab().save(str(out / "main-window-warehouse.png"))
        shipment = await shipment_for(window.ctx.store, tx)
        image = QImage(620, 874, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        render(image, [slip_for(shipment)])
        image.save(str(out / "packing-slip.png"))
    await window.shutdown()
    await ctx.aclose()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    settings, sandbox = demo_settings(Path(tempfile.mkdtemp()))
    sandbox.sandbox.config.kinguin_step = 0.3
    try:
        with asyncio.Runner(loop_factory=lambda: new_event_loop(app)) as runner:
            runner.run(shoot(out, settings))
    finally:
        sandbox.stop()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
