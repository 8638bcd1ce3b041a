"""Issue 13.2: one request per intent. Enter fired twice fast (a scanner's burst; Enter in a field
also reaching the default button) at each form sends exactly one request to the real sandbox, the
submit control is disabled while it is in flight and enabled again afterwards."""

from __future__ import annotations

from gui_helpers import click_choice, writes
from PySide6.QtCore import Qt

from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT

HOODIE = "0b6f2a8e-3c44-4f1a-9d2e-5b7c8a9d0e11"
POSTER = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b63"
ENTER = Qt.Key.Key_Return


def enter_twice(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(widget, ENTER)
    qtbot.keyClick(widget, ENTER)


def test_each_warehouse_form_sends_once_per_enter_burst(window, qtbot, sandbox) -> None:  # type: ignore[no-untyped-def]
    warehouse = window.warehouse
    # reservation
    dialog = warehouse.open_reservation()
    dialog.set_value("player", "burst-player")
    dialog.set_value("product", HOODIE)
    dialog.set_value("establishment", SEED_ESTABLISHMENT)
    with qtbot.waitSignal(warehouse.openOrder, timeout=10000) as opened:
        enter_twice(qtbot, dialog.inputs["email"])
        assert not dialog.submit_button.isEnabled()  # disabled while in flight
    tx = opened.args[1]
    assert len(writes(sandbox, "/reservation")) == 1
    # customer details
    details = warehouse.open_details(tx)
    qtbot.waitUntil(lambda: details.windowTitle().startswith("Customer details:"), timeout=5000)
    details.set_value("city", "Madrid")
    details.set_value("postal_code", "28013")
    details.set_value("country", "ES")
    with qtbot.waitSignal(warehouse.changed, timeout=10000):
        enter_twice(qtbot, details.inputs["city"])
    qtbot.waitUntil(lambda: not details.isVisible(), timeout=5000)
    assert len(writes(sandbox, "/details/")) == 1
    # ship
    ship = warehouse.open_ship(tx)
    qtbot.waitUntil(lambda: ship.values()["postal_code"] == "28013", timeout=5000)
    ship.set_value("recipient", "Ana Torres")
    ship.set_value("address", "Gran Vía 1")
    with qtbot.waitSignal(warehouse.changed, timeout=10000):
        enter_twice(qtbot, ship.inputs["address"])
    qtbot.waitUntil(lambda: not ship.isVisible(), timeout=5000)
    assert len(writes(sandbox, "/send/")) == 1
    # tracking, with a scanner that sends its Enter twice
    tracking = warehouse.open_tracking(tx)
    qtbot.keyClicks(tracking.inputs["tracking_number"], "1Z999AA10123456784")
    with qtbot.waitSignal(warehouse.changed, timeout=10000):
        enter_twice(qtbot, tracking.inputs["tracking_number"])
    qtbot.waitUntil(lambda: tracking.submit_button.isEnabled() or not tracking.isVisible())
    assert len(writes(sandbox, "/track/")) == 1
    # one history line per action
    window.select_order("powerplugin", tx)
    qtbot.waitUntil(lambda: "Tracking added" in window.detail.history.toPlainText(), timeout=5000)
    history = window.detail.history.toPlainText()
    assert history.count("Tracking added") == 1 and history.count("Reserved") == 1
    # mark delivered: the action arriving twice (double-click on the confirmed button) sends once
    warehouse.confirm_complete(tx)
    assert warehouse.confirm_complete(tx) is warehouse.confirm_box  # one question, not two
    with qtbot.waitSignal(warehouse.changed, timeout=10000):
        click_choice(qtbot, warehouse.confirm_box, "Mark delivered")
        warehouse._simple(tx, "complete")  # the same intent arriving again while in flight
    assert len(writes(sandbox, "/acquisition/")) == 1


def test_a_refused_form_is_usable_again_and_sends_once_per_burst(window, qtbot, sandbox) -> None:  # type: ignore[no-untyped-def]
    dialog = window.warehouse.open_reservation()
    dialog.set_value("player", "p-refused")
    dialog.set_value("product", "no-such-product")
    dialog.set_value("establishment", SEED_ESTABLISHMENT)
    enter_twice(qtbot, dialog.inputs["player"])
    qtbot.waitUntil(lambda: dialog.errors["product"].isVisible(), timeout=5000)
    qtbot.waitUntil(dialog.submit_button.isEnabled, timeout=5000)  # enabled again after a refusal
    assert len(writes(sandbox, "/reservation")) == 1


def test_buy_keys_sends_one_order_per_intent(window, qtbot, sandbox) -> None:  # type: ignore[no-untyped-def]
    window.buy_action.trigger()
    dialog = window.keys.dialog
    qtbot.keyClicks(dialog.rows[0].product, "5")
    qtbot.keyClicks(dialog.rows[0].price, "3.59")
    enter_twice(qtbot, dialog.rows[0].price)  # one question, not two
    box = dialog.confirm_box
    with qtbot.waitSignal(window.purchaseFinished, timeout=20000):
        click_choice(qtbot, box, "Buy for up to 3.59 EUR")
        assert not dialog.buy_button.isEnabled()
        enter_twice(qtbot, dialog.rows[0].price)  # Enter again while buying: ignored
        assert dialog.confirm_box is box
    assert [p for _m, p in writes(sandbox, "/kinguin/")].count("/kinguin/v1/order") == 1


def test_buy_vouchers_sends_one_order_per_intent(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    dialog = window.vouchers.open_dialog()
    qtbot.waitUntil(lambda: len(dialog.picker.products) > 5, timeout=5000)
    dialog.picker.select(555)
    dialog.review()
    box = dialog.confirm_box
    dialog.review()  # the second press raises the same question
    assert dialog.confirm_box is box
    with qtbot.waitSignal(window.purchaseFinished, timeout=15000):
        click_choice(qtbot, box, "Buy")
        assert not dialog.buy_button.isEnabled()
        dialog.review()  # ignored while buying
    ops = arun(window.ctx.store.run(lambda s: s.journal_list()))
    assert len(ops) == 1
    sandbox = window._test_sandbox
    placed = sandbox.db.conn.execute("SELECT COUNT(*) FROM p_orders").fetchone()[0]
    assert placed == 1


def test_inventory_order_sends_once_per_intent(window, qtbot, sandbox) -> None:  # type: ignore[no-untyped-def]
    dialog = window.inventory.open_dialog()
    qtbot.keyClicks(dialog.player, "7")
    dialog.set_cell(0, "loot_id", "3")
    enter_twice(qtbot, dialog.player)
    box = dialog.confirm_box
    with qtbot.waitSignal(window.purchaseFinished, timeout=15000):
        click_choice(qtbot, box, "Send order")
        assert not dialog.send_button.isEnabled()
        enter_twice(qtbot, dialog.player)
    assert len(writes(sandbox, "/inventory/")) == 1
