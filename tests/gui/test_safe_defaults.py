"""Issue 13.1: every destructive or spending question names the order, items and amount, and
Enter and Escape in it are the harmless choice. Each test presses Enter (then Escape) in the
question and proves nothing was sent: the sandbox's request log and the provider's state."""

from __future__ import annotations

from decimal import Decimal

import pytest
from gui_helpers import click_choice, writes
from PySide6.QtCore import Qt

from fulfildesk.domain.models import KeyLine
from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT
from fulfildesk.store.journal import OpState

HOODIE = "0b6f2a8e-3c44-4f1a-9d2e-5b7c8a9d0e11"


def press(qtbot, box, key) -> None:  # type: ignore[no-untyped-def]
    """Press `key` in a question box; the box closes (the harmless choice was taken)."""
    assert box.isVisible()
    qtbot.keyClick(box, key)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=3000)


def shipped_order(window, arun) -> tuple[str, object]:  # type: ignore[no-untyped-def]
    from fulfildesk.services.shipping import Address, ReservationRequest

    service = window.ctx.shipping
    outcome = arun(service.reserve(ReservationRequest("safe-player", HOODIE, SEED_ESTABLISHMENT)))
    address = Address("Ana Torres", "Gran Vía 1", "28013", "ES", "Madrid")
    shipment = arun(service.ship(outcome.shipment, address))
    arun(window.warehouse.reload())
    return shipment.transaction_id, shipment


def provider_status(window, arun, tx: str) -> str:  # type: ignore[no-untyped-def]
    order = arun(window.ctx.store.run(lambda s: s.get_order("powerplugin", tx)))
    return order.provider_status


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape])
def test_enter_in_cancel_shipped_order_cancels_nothing(window, qtbot, arun, sandbox, key) -> None:  # type: ignore[no-untyped-def]
    tx, shipment = shipped_order(window, arun)
    before = provider_status(window, arun, tx)
    box = window.warehouse.confirm_cancel_acquisition(tx)
    text = box.text()
    assert shipment.order.reference in text and tx in text  # the order
    assert "Hoodie" in text  # the items
    assert "Amount: " in text and "EUR" in text  # the amount
    assert box.defaultButton().text() == "Keep the order"
    assert box.escapeButton().text() == "Keep the order"
    assert box.focusWidget() is box.defaultButton()  # Space, too, presses the harmless choice
    labels = [b.text() for b in box.buttons()]
    assert "Cancel and refund" in labels and "Cancel without refund" in labels  # both explicit
    press(qtbot, box, key)
    qtbot.wait(200)  # let a (wrongly) started request reach the sandbox
    assert writes(sandbox, "/acquisition/") == []
    assert provider_status(window, arun, tx) == before
    assert tx in [r["provider_order_id"] for r in window.shipping_queue.rows["to_track"]]


def test_enter_in_mark_delivered_and_cancel_reservation_sends_nothing(
    window, qtbot, arun, sandbox
) -> None:  # type: ignore[no-untyped-def]
    from fulfildesk.services.shipping import ReservationRequest

    tx, _shipment = shipped_order(window, arun)
    box = window.warehouse.confirm_complete(tx)
    assert "Hoodie" in box.text() and tx in box.text()
    press(qtbot, box, Qt.Key.Key_Return)
    reserved = arun(
        window.ctx.shipping.reserve(ReservationRequest("safe-2", HOODIE, SEED_ESTABLISHMENT))
    )
    arun(window.warehouse.reload())
    rtx = reserved.shipment.transaction_id
    box = window.warehouse.confirm_cancel_reservation(rtx)
    assert rtx in box.text() and "Hoodie" in box.text()
    press(qtbot, box, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert writes(sandbox, "/acquisition/") == []
    assert [m for m, p in sandbox.requests if m == "DELETE"] == []
    assert rtx in [r["provider_order_id"] for r in window.shipping_queue.rows["to_ship"]]


def test_enter_in_buy_keys_question_buys_nothing(window, qtbot, sandbox) -> None:  # type: ignore[no-untyped-def]
    window.buy_action.trigger()
    dialog = window.keys.dialog
    qtbot.keyClicks(dialog.rows[0].product, "5")
    qtbot.keyClicks(dialog.rows[0].name, "Anno")
    qtbot.keyClicks(dialog.rows[0].price, "3.59")
    dialog.rows[0].quantity.setValue(2)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        qtbot.keyClick(dialog.rows[0].price, Qt.Key.Key_Return)  # Enter in the form asks
        box = dialog.confirm_box
        assert "2 × Anno (product 5), at most 3.59 EUR each" in box.text()
        assert "Amount: at most 7.18 EUR" in box.text()
        assert box.defaultButton().text() == "Don't buy" == box.escapeButton().text()
        press(qtbot, box, key)
    qtbot.wait(200)
    assert writes(sandbox, "/kinguin/") == []
    assert window.purchases.operations == [] and dialog.buy_button.isEnabled()


def test_enter_in_voucher_question_buys_nothing(window, qtbot, sandbox, arun) -> None:  # type: ignore[no-untyped-def]
    dialog = window.vouchers.open_dialog()
    qtbot.waitUntil(lambda: len(dialog.picker.products) > 5, timeout=5000)
    qtbot.waitUntil(lambda: dialog.balance is not None, timeout=5000)  # the form's last read
    assert dialog.picker.select(555)
    dialog.quantity.setValue(2)
    sent_before = len(sandbox.requests)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        dialog.review()
        box = dialog.confirm_box
        assert "Items: 2 × " in box.text() and "Amount: " in box.text()
        assert box.defaultButton().text() == "Don't buy" == box.escapeButton().text()
        press(qtbot, box, key)
    qtbot.wait(200)
    assert len(sandbox.requests) == sent_before
    assert arun(window.ctx.store.run(lambda s: s.journal_list())) == []


def test_enter_in_inventory_question_sends_nothing(window, qtbot, sandbox, arun) -> None:  # type: ignore[no-untyped-def]
    dialog = window.inventory.open_dialog()
    qtbot.keyClicks(dialog.player, "7")
    dialog.set_cell(0, "loot_id", "3")
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        qtbot.keyClick(dialog.player, Qt.Key.Key_Return)
        box = dialog.confirm_box
        assert box is not None and "player 7" in box.text() and "(loot 3)" in box.text()
        assert "Amount: nothing is charged" in box.text()
        assert box.defaultButton().text() == "Don't send" == box.escapeButton().text()
        press(qtbot, box, key)
    qtbot.wait(200)
    assert writes(sandbox, "/inventory/") == []
    assert arun(window.ctx.store.run(lambda s: s.journal_list())) == []
    assert dialog.send_button.isEnabled()


def test_enter_in_dismiss_question_keeps_tracking(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    op = arun(window.ctx.keys.begin([KeyLine(product_id=5, quantity=2, max_price=Decimal("3"))]))
    arun(
        window.ctx.store.run(
            lambda s: s.journal_transition(op.operation_id, OpState.NEEDS_REVIEW, "lost answer")
        )
    )
    arun(window.reload_purchases())
    box = window.journal.confirm_dismiss(op.operation_id)
    assert "2 × product 5" in box.text() and "at most 6.00 EUR" in box.text()
    assert "Kinguin" in box.text()
    assert box.defaultButton().text() == "Keep tracking it" == box.escapeButton().text()
    press(qtbot, box, Qt.Key.Key_Return)
    qtbot.wait(100)
    state = arun(window.ctx.store.run(lambda s: s.journal_get(op.operation_id))).state
    assert state is OpState.NEEDS_REVIEW
    box = window.journal.confirm_dismiss(op.operation_id)
    with qtbot.waitSignal(window.purchasesReloaded, timeout=5000):
        click_choice(qtbot, box, "Dismiss")
    state = arun(window.ctx.store.run(lambda s: s.journal_get(op.operation_id))).state
    assert state is OpState.ABANDONED


def test_enter_in_bulk_issue_question_issues_nothing(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    dialog = window.vouchers.open_bulk()
    qtbot.waitUntil(lambda: len(dialog.picker.products) > 5, timeout=5000)
    dialog.picker.select(29877)
    dialog.load_text("email\na@example.com\nb@example.com\n", "recipients.csv")
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        dialog.start()
        box = dialog.confirm_box
        assert "2 new Plum orders" in box.text() and "Items: 2 × " in box.text()
        assert "Amount: " in box.text()
        press(qtbot, box, key)
    qtbot.wait(200)
    assert window.vouchers.bulk_running is None and dialog.start_button.isEnabled()
    assert arun(window.ctx.store.run(lambda s: s.journal_list())) == []
