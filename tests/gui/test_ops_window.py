"""Issue 14 in the window, against the sandbox on loopback: the command palette (keyboard
only), saved views, the provider health panel and degraded signal, operator and profiles (with
the profile limit's own confirmation), and notifications when the window is not in front."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from fulfildesk.domain.models import KeyLine
from fulfildesk.store import ops
from fulfildesk.store.db import Store
from fulfildesk.store.journal import OpState
from fulfildesk.ui.actions import ACTIONS
from fulfildesk.ui.dialogs.confirm import button

CTRL = Qt.KeyboardModifier.ControlModifier
ANNO = KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"), name="Anno")
SHOTS = Path(__file__).resolve().parents[2] / "resources" / "screenshots"


def start(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.startupFinished, timeout=20000):
        window.start()
    qtbot.waitUntil(lambda: window.model.count_known and window.model.rowCount() > 30)


def open_palette(window, qtbot):  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.orders.table.setFocus()
    qtbot.keyClick(window.orders.table, Qt.Key.Key_K, CTRL)
    palette = window.ops.palette
    qtbot.waitUntil(palette.isVisible, timeout=3000)
    return palette


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if os.environ.get("FULFILDESK_SHOTS"):  # FULFILDESK_SHOTS=1 refreshes resources/screenshots
        widget.grab().save(str(SHOTS / name))


def test_palette_reaches_every_shown_action_by_keyboard(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    palette = open_palette(window, qtbot)
    offered = {e.target for e in palette.entries if e.kind == "action"}
    runnable = {
        s.name
        for s in ACTIONS
        if s.name != "palette"
        and window.actions_by_name[s.name].isVisible()
        and window.actions_by_name[s.name].isEnabled()
    }
    assert offered == runnable and "buy" in offered and "health" in offered
    shot(palette, "command-palette.png")
    views = [e.text for e in palette.entries if e.kind == "view"]
    assert any("To ship today" in v for v in views)
    qtbot.keyClicks(palette.input, "buy k")
    entry = palette.current_entry()
    assert entry is not None and entry.target == "buy"
    assert entry.shortcut == window.buy_action.shortcut().toString()
    qtbot.keyClick(palette.input, Qt.Key.Key_Down)
    assert palette.list.currentRow() == min(1, palette.list.count() - 1)
    qtbot.keyClick(palette.input, Qt.Key.Key_Up)
    assert palette.current_entry().target == "buy"  # type: ignore[union-attr]
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    assert not palette.isVisible()
    qtbot.waitUntil(lambda: window.keys.dialog is not None and window.keys.dialog.isVisible())
    window.keys.dialog.reject()
    palette = open_palette(window, qtbot)
    assert palette.input.text() == ""  # each opening starts afresh
    qtbot.keyClick(palette.input, Qt.Key.Key_Escape)
    assert not palette.isVisible()
    # from the search field too (a line edit would take Ctrl+K as "delete to end of line")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.orders.search.setFocus()
    window.orders.search.setText("abc")
    window.orders.search.setCursorPosition(1)
    qtbot.keyClick(window.orders.search, Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(palette.isVisible, timeout=3000)
    assert window.orders.search.text() == "abc"
    palette.reject()


def test_palette_goes_to_an_order_by_id_reference_or_tracking(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)

    def pick(s: Store) -> dict:
        row = s.db.execute(
            "SELECT provider, provider_order_id FROM orders ORDER BY id LIMIT 1 OFFSET 5"
        ).fetchone()
        # a reference and a tracking number as a shop order and a shipment write them (the
        # start-up sync caches Kinguin orders, which have neither); the search index follows
        with s.db.atomic():
            s.db.execute(
                "UPDATE orders SET reference = 'SHOP-REF-4242', tracking_number = "
                "'TRK-77X-PALETTE' WHERE provider = ? AND provider_order_id = ?",
                [row[0], row[1]],
            )
        return {"provider": row[0], "id": row[1], "reference": "SHOP-REF", "tracking": "TRK-77X"}

    order = arun(window.ctx.store.run(pick))
    # the list hides it first: going to it searches the list for it
    with qtbot.waitSignal(window.orders.refreshed, timeout=3000):
        window.orders.status_filter.setCurrentIndex(window.orders.status_filter.findData("failed"))
    for typed in (order["id"], order["reference"], order["tracking"]):
        palette = open_palette(window, qtbot)
        with qtbot.waitSignal(palette.searched, timeout=5000):
            qtbot.keyClicks(palette.input, typed)
        targets = [e.target for e in palette.entries if e.kind == "order"]
        assert (order["provider"], order["id"]) in targets
        while palette.current_entry().kind != "order":  # type: ignore[union-attr]
            qtbot.keyClick(palette.input, Qt.Key.Key_Down)
        assert palette.current_entry().target == (order["provider"], order["id"])  # type: ignore[union-attr]
        shot(palette, "command-palette-order.png") if typed == order["tracking"] else None
        qtbot.keyClick(palette.input, Qt.Key.Key_Return)
        qtbot.waitUntil(
            lambda: (
                window.detail.row is not None
                and window.detail.row["provider_order_id"] == order["id"]
            ),
            timeout=5000,
        )
        window.orders.restore_filter_state({"status": "failed"})


def test_saved_views_in_the_dock_and_the_palette(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    views = window.ops.views
    window.views_action.trigger()
    assert window.ops.views_dock.isVisible()
    names = [views.panel.list.item(n).text() for n in range(views.panel.list.count())]
    assert [n.split("  ")[0] for n in names] == [
        "To ship today",
        "Needs review",
        "Failed this week",
    ]
    with qtbot.waitSignal(window.orders.refreshed, timeout=3000):
        window.orders.status_filter.setCurrentIndex(
            window.orders.status_filter.findData("out_of_stock")
        )
    dialog = views.save_current()
    dialog.setTextValue("  Out of   stock ")
    with qtbot.waitSignal(views.reloaded, timeout=5000):
        dialog.accept()
    saved = arun(window.ctx.store.run(ops.saved_views))
    assert [v["name"] for v in saved] == ["Out of stock"]
    assert saved[0]["query"]["filters"]["status"] == "out_of_stock"
    assert saved[0]["operator"] == "tester"
    # back to everything, then the saved view from the dock by keyboard
    window.orders.restore_filter_state({})
    qtbot.waitUntil(lambda: window.orders.status_filter.currentData() is None)
    views.panel.list.setFocus()
    views.panel.list.setCurrentRow(3)
    with qtbot.waitSignal(views.applied, timeout=3000):
        qtbot.keyClick(views.panel.list, Qt.Key.Key_Return)
    assert window.orders.status_filter.currentData() == "out_of_stock"
    qtbot.waitUntil(lambda: window.model.count_known and window.model.rowCount() > 0)
    shot(window, "saved-views-dock.png")
    # a built-in one from the palette
    palette = open_palette(window, qtbot)
    qtbot.keyClicks(palette.input, "needs review")
    assert palette.current_entry().kind == "view"  # type: ignore[union-attr]
    with qtbot.waitSignal(views.applied, timeout=3000):
        qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    assert window.orders.status_filter.currentData() == "needs_review"
    # Delete forgets a saved view; a built-in one stays
    views.panel.list.setFocus()
    views.panel.list.setCurrentRow(3)
    with qtbot.waitSignal(views.reloaded, timeout=5000):
        qtbot.keyClick(views.panel.list, Qt.Key.Key_Delete)
    assert arun(window.ctx.store.run(ops.saved_views)) == []
    assert views.panel.list.count() == 3


def test_health_panel_from_real_requests_and_degraded_status(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)  # the start-up sync talks to every provider over loopback
    window.health_action.trigger()
    panel = window.ops.health_panel
    assert window.ops.health_dock.isVisible()
    providers = window.ops.health.providers()
    assert {"kinguin", "plum"} <= set(providers)  # the providers start-up talked to
    assert panel.table.rowCount() == len(providers)
    assert int(panel.table.item(0, 1).text()) > 0
    assert panel.chart.points and sum(p.requests for p in panel.chart.points) > 0
    assert not window.ops.degraded_label.isVisible()
    # a provider that fails now: the status bar says so
    for _ in range(4):
        window.ops.health.record("plum", 30.0, True)
    qtbot.waitUntil(window.ops.degraded_label.isVisible, timeout=3000)
    assert window.ops.degraded_label.text() == "Degraded: Plum"
    assert "failed" in window.ops.degraded_label.toolTip()
    panel.refresh()
    panel.window_choice.setCurrentIndex(1)  # last day
    assert len(panel.chart.points) == 24
    panel.window_choice.setCurrentIndex(0)
    shot(window, "provider-health.png")
    window.ops.flush_health()
    qtbot.waitUntil(lambda: bool(arun(window.ctx.store.run(ops.health_rows, "0000"))), timeout=5000)


def test_operator_and_profile_shape_the_window_and_the_limit_asks(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    dialog = window.ops.open_operator()
    dialog.operator.setText("Ana")
    dialog.profile.setCurrentIndex(dialog.profile.findData("warehouse"))
    dialog.accept()
    assert window.ctx.settings.operator == "Ana" and window.ctx.keys.operator == "Ana"
    saved = json.loads((window.ctx.settings.data_dir / "settings.json").read_text())
    assert (saved["operator"], saved["profile"]) == ("Ana", "warehouse")
    assert not window.buy_action.isVisible() and window.reserve_action.isVisible()
    menus = {a.text(): a.isVisible() for a in window.menuBar().actions()}
    assert menus["&Keys"] is False and menus["&Warehouse"] is True and menus["&File"] is True
    assert window.shipping_dock.isVisible() and not window.purchases_dock.isVisible()
    assert "Ana" in window.ops.operator_label.text()
    palette = open_palette(window, qtbot)
    assert "buy" not in {e.target for e in palette.entries}
    palette.reject()
    # the warehouse profile's key limit is 0: a purchase asks first; Enter keeps the money
    window.keys.start_purchase([ANNO])
    qtbot.waitUntil(lambda: getattr(window.keys, "limit_box", None) is not None)
    box = window.keys.limit_box
    qtbot.waitUntil(box.isVisible)
    assert box.defaultButton().text() == "Don't buy"
    assert "warehouse profile" in box.text()
    box.defaultButton().click()
    qtbot.waitUntil(lambda: not box.isVisible())
    assert arun(window.ctx.store.run(Store.journal_list, None, None)) == []
    window.keys.limit_box = None
    window.keys.start_purchase([ANNO])
    qtbot.waitUntil(lambda: window.keys.limit_box is not None and window.keys.limit_box.isVisible())
    with qtbot.waitSignal(window.purchaseFinished, timeout=20000) as finished:
        button(window.keys.limit_box, "Buy anyway").click()
    operation_id, state = finished.args
    assert state == "completed"
    assert arun(window.ctx.store.run(ops.journal_operators)) == {operation_id: "Ana"}
    # back to everything
    window.ops.set_operator("Ana", "all")
    assert window.buy_action.isVisible() and window.health_action.isVisible()


def test_notification_when_long_work_ends_behind_another_window(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.ops.notifier.in_front(), timeout=3000)
    with qtbot.waitSignal(window.ops.notifier.notified, timeout=20000) as seen:
        window.start()  # the start-up sync ends while another window is in front
    title, _text, where = seen.args
    assert title == "Sync finished"
    assert where in ("tray", "log")
    if where == "log":
        assert any("Sync finished" in m.text for m in window.messages.messages)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=10000)  # the synced orders
    window.show_messages()
    if os.environ.get("FULFILDESK_SHOTS"):  # no tray offscreen: the message log says it
        window.resize(1366, 768)
        qtbot.wait(300)
        shot(window, "notification-message-log.png")
    assert window.ops.notify_bulk_finished("20 shipped, 0 skipped") in ("tray", "log")


def test_notifications_for_review_and_a_resolved_inventory_order(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    """The journal is re-read after every flow and resume: a purchase that went to needs review
    and an inventory order that left pending since the last reading are announced once."""
    from fulfildesk.ui.controllers.base import Changes

    window.ops.notifier.in_front = lambda: False  # the person is in another window
    store = window.ctx.store

    def reread() -> None:
        with qtbot.waitSignal(window.purchasesReloaded, timeout=5000):
            window.apply(Changes(journal=True))

    def create(s: Store, provider: str) -> str:
        return s.journal_create(provider, "purchase", {"operator": "tester"}).operation_id

    def move(s: Store, operation_id: str, state: OpState) -> None:
        s.journal_transition(operation_id, state, "test")

    inventory = arun(store.run(create, "inventory"))
    arun(store.run(move, inventory, OpState.SENDING))
    arun(store.run(move, inventory, OpState.PLACED))  # accepted, pending at the provider
    kinguin = arun(store.run(create, "kinguin"))
    arun(store.run(move, kinguin, OpState.SENDING))
    reread()  # the first reading is not news
    seen: list[tuple[str, str, str]] = []
    window.ops.notifier.notified.connect(lambda *args: seen.append(args))
    arun(store.run(move, inventory, OpState.COMPLETED))
    arun(store.run(move, kinguin, OpState.NEEDS_REVIEW))
    reread()
    assert sorted(title for title, _text, _where in seen) == [
        "A purchase needs review",
        "Inventory order resolved",
    ]
    reread()  # nothing new: nothing said again
    assert len(seen) == 2


def test_the_profile_in_the_settings_applies_at_start(ctx, qtbot, arun, sandbox) -> None:  # type: ignore[no-untyped-def]
    from fulfildesk.ui.main_window import MainWindow

    ctx.settings.profile = "store_manager"
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    try:
        assert w.vouchers_action.isVisible() and not w.buy_action.isVisible()
        assert not w.health_action.isVisible() and w.palette_action.isVisible()
        assert (ctx.keys.profile, ctx.keys.profile_limit) == ("store_manager", Decimal(100))
        assert (ctx.vouchers.profile, ctx.vouchers.profile_limit) == ("store_manager", None)
        assert "Store manager" in w.ops.operator_label.text()
    finally:
        arun(w.runner.cancel_all())
        w.model.close()
