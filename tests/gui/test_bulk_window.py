"""Bulk warehouse actions through the window, keyboard only, against the sandbox: select 20
orders, preview, ship them, add 20 tracking numbers by scanning, print 20 slips as one PDF, and
read and export the per-order results."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPdfWriter  # noqa: F401  (QtGui loaded before the PDF is read)

from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT
from fulfildesk.services.shipping import ReservationRequest

POSTER = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b63"
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
ORDERS = 20


async def seed(ctx, count: int, *, address: bool = True, prefix: str = "gui-bulk") -> list[str]:  # type: ignore[no-untyped-def]
    ids = []
    for n in range(count):
        outcome = await ctx.shipping.reserve(
            ReservationRequest(f"{prefix}-{n}", POSTER, SEED_ESTABLISHMENT)
        )
        shipment = outcome.shipment
        assert shipment is not None, outcome.message
        if address:
            await ctx.shipping.update_details(
                shipment,
                {
                    "address": f"Calle Mayor {n + 1}",
                    "postalCode": "28013",
                    "city": "Madrid",
                    "country": "ES",
                },
            )
        ids.append(shipment.transaction_id)
    return ids


def shortcut(window, qtbot, widget, key, modifiers) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    widget.setFocus()
    qtbot.keyClick(widget, key, modifiers)


def run_dialog(window, qtbot):  # type: ignore[no-untyped-def]
    dialog = window.bulk.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: len(dialog.items) > 0, timeout=10000)
    return dialog


def test_keyboard_only_ship_track_and_print_twenty_orders(  # type: ignore[no-untyped-def]
    window, qtbot, arun, tmp_path: Path, sandbox
) -> None:
    ids = arun(seed(window.ctx, ORDERS), timeout=60000)
    no_address = arun(seed(window.ctx, 1, address=False, prefix="no-address"))[0]
    arun(window.warehouse.reload())
    window.show_shipping_queue()
    table = window.shipping_queue.table
    assert table.rowCount() == ORDERS + 1

    # select every waiting order (Ctrl+A), preview the shipment (Ctrl+Shift+S)
    shortcut(window, qtbot, table, Qt.Key.Key_A, CTRL)
    assert len(window.shipping_queue.selected_ids()) == ORDERS + 1
    shortcut(window, qtbot, table, Qt.Key.Key_S, CTRL_SHIFT)
    dialog = run_dialog(window, qtbot)
    assert len(dialog.items) == ORDERS + 1
    skipped = [i for i in dialog.items if i.skipped]
    assert [i.transaction_id for i in skipped] == [no_address]
    assert "no complete address" in skipped[0].skip
    assert "Calle Mayor 1," in dialog.table.item(0, 1).text()
    assert "20 order(s) will be handled, 1 skipped" in dialog.summary.text()
    window.bulk_dialog_shot = dialog.grab()  # for the screenshot script
    sends_before = sum(1 for m, p in sandbox.requests if "/send/" in p)
    with qtbot.waitSignal(dialog.finished_run, timeout=60000):
        qtbot.keyClick(dialog.start_button, Qt.Key.Key_Return, CTRL)
    sends = [p for m, p in sandbox.requests if "/send/" in p][sends_before:]
    assert len(sends) == ORDERS and len(set(sends)) == ORDERS  # one request per order
    states = [r.state for r in dialog.results]
    assert states.count("done") == ORDERS and states.count("skipped") == 1
    exported = dialog.export(tmp_path / "ship.csv")
    assert exported is not None
    with exported.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == ORDERS + 1 and rows[-1]["result"] == "skipped"
    dialog.close()

    # tracking: the shipped orders are in "To track"; select them all, scan 20 numbers
    qtbot.waitUntil(lambda: len(window.shipping_queue.rows["to_track"]) == ORDERS, timeout=10000)
    window.shipping_queue.tabs.setCurrentIndex(window.shipping_queue.stages.index("to_track"))
    shortcut(window, qtbot, table, Qt.Key.Key_A, CTRL)
    shortcut(window, qtbot, table, Qt.Key.Key_T, CTRL_SHIFT)
    dialog = run_dialog(window, qtbot)
    assert all(i.skip == "no tracking number given" for i in dialog.items)
    scan = dialog.scan_field
    assert scan is not None and scan.hasFocus()
    numbers = [f"PARCEL-{n:05d}" for n in range(ORDERS)]
    for number in numbers:
        qtbot.keyClicks(scan, number)
        qtbot.keyClick(scan, Qt.Key.Key_Return)  # a scanner types the code, then Enter
    assert dialog.isVisible()  # Enter never started the run
    qtbot.waitUntil(lambda: sum(not i.skipped for i in dialog.items) == ORDERS, timeout=10000)
    assigned = {i.transaction_id: i.data["tracking_number"] for i in dialog.items}
    queue_order = dialog.ids
    assert [assigned[tx] for tx in queue_order] == numbers  # in the order of the list
    tracks_before = sum(1 for m, p in sandbox.requests if "/track/" in p)
    with qtbot.waitSignal(dialog.finished_run, timeout=60000):
        qtbot.keyClick(scan, Qt.Key.Key_Return, CTRL)
    tracks = [p for m, p in sandbox.requests if "/track/" in p][tracks_before:]
    assert len(tracks) == ORDERS and len(set(tracks)) == ORDERS
    assert [r.state for r in dialog.results] == ["done"] * ORDERS
    dialog.close()

    # 20 slips as one PDF, each print written in the order's history
    qtbot.waitUntil(lambda: len(window.shipping_queue.rows["to_complete"]) == ORDERS, timeout=10000)
    window.shipping_queue.tabs.setCurrentIndex(window.shipping_queue.stages.index("to_complete"))
    shortcut(window, qtbot, table, Qt.Key.Key_A, CTRL)
    shortcut(window, qtbot, table, Qt.Key.Key_P, CTRL)
    dialog = run_dialog(window, qtbot)
    pdf = tmp_path / "slips.pdf"
    with qtbot.waitSignal(dialog.finished_run, timeout=60000):
        dialog.save_slips(pdf)
    assert pages(pdf) == ORDERS  # one PDF, one page per order
    assert [r.state for r in dialog.results] == ["done"] * ORDERS
    assert not any("reprint" in r.message for r in dialog.results)
    dialog.close()
    # again: a reprint, and the history says so
    shortcut(window, qtbot, table, Qt.Key.Key_P, CTRL)
    dialog = run_dialog(window, qtbot)
    with qtbot.waitSignal(dialog.finished_run, timeout=60000):
        dialog.save_slips(tmp_path / "again.pdf")
    assert all(r.message.startswith("reprint") for r in dialog.results)
    events = arun(window.ctx.shipping.history(ids[0]))
    actions = [e["action"] for e in events]
    assert actions.count("Packing slip printed") == 1
    assert actions.count("Packing slip reprinted") == 1
    assert "Shipped" in actions and "Tracking added" in actions
    assert all(e["operator"] == "tester" for e in events if e["action"].startswith("Packing"))


def pages(pdf: Path) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def test_cancel_mid_run_leaves_the_rest_untouched_and_pause_holds(  # type: ignore[no-untyped-def]
    window, qtbot, arun, sandbox
) -> None:
    ids = arun(seed(window.ctx, 4), timeout=30000)
    arun(window.warehouse.reload())
    dialog = window.bulk.open("complete", ids)  # not shipped yet: every one is skipped
    qtbot.waitUntil(lambda: len(dialog.items) == 4, timeout=10000)
    assert all(i.skip == "the order is waiting to be shipped" for i in dialog.items)
    assert not dialog.start_button.isEnabled()
    dialog.close()
    dialog = window.bulk.open("cancel_reservation", ids)
    qtbot.waitUntil(lambda: len(dialog.items) == 4, timeout=10000)
    window.ops.notifier.in_front = lambda: False  # the person works in another window
    told: list[tuple[str, str, str]] = []
    window.ops.notifier.notified.connect(lambda *args: told.append(args))
    dialog.start()
    dialog.toggle_pause()  # paused before the first order: nothing moves
    assert dialog.runner is not None and dialog.runner.paused
    dialog.cancel_run()
    qtbot.waitUntil(lambda: bool(dialog.results), timeout=10000)
    assert {r.state for r in dialog.results} <= {"cancelled", "done"}
    cancelled = [r for r in dialog.results if r.state == "cancelled"]
    assert cancelled and all("nothing was done" in r.message for r in cancelled)
    deletes = [p for m, p in sandbox.requests if m == "DELETE" and "/reservation/" in p]
    assert len(deletes) == 4 - len(cancelled)
    # the run's end is announced (tray, or the message log without one) with its summary
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert told[0][0] == "Bulk run finished" and "cancelled" in told[0][1]


def test_bulk_from_the_order_list_skips_other_providers_orders(  # type: ignore[no-untyped-def]
    window, qtbot, arun
) -> None:
    with qtbot.waitSignal(window.startupFinished, timeout=60000):
        window.start()
    qtbot.waitUntil(lambda: window.model.count_known and window.model.rowCount() > 5, timeout=10000)
    table = window.orders.table
    shortcut(window, qtbot, table, Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier)
    table.selectRow(0)
    for _ in range(4):  # Shift+Down: five orders, whatever their provider
        qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    rows = [window.model.row(i) for i in range(5)]
    assert len(window.bulk.selected()) == 5
    shortcut(window, qtbot, table, Qt.Key.Key_D, CTRL_SHIFT)  # mark delivered
    dialog = run_dialog(window, qtbot)
    assert [i.transaction_id for i in dialog.items] == [r["provider_order_id"] for r in rows]
    for item, row in zip(dialog.items, rows, strict=True):
        if row["provider"] != "powerplugin":
            assert item.skip == "not a warehouse order in the cache"
        elif row["provider_status"] not in ("Acquisition Shipped", "Acquisition InTransit"):
            assert item.skip.startswith("the order is ")
