"""The voucher form against the Plum sandbox (issue 10): the balance shown and a charge above
it refused at the form, open-value amounts typed within the product's bounds, per-product
quantity limits, and delayed delivery (pending, then filled in by a later lookup)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from gui_helpers import click_choice

from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.store.db import Store
from fulfildesk.store.journal import OpState


@pytest.fixture
def sandbox_config(sandbox_config: SandboxConfig) -> SandboxConfig:
    sandbox_config.plum_balance = "100.00"
    return sandbox_config


def open_form(window, qtbot):  # type: ignore[no-untyped-def]
    dialog = window.vouchers.open_dialog()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.balance is not None, timeout=5000)
    return dialog


def plum_orders(window) -> int:  # type: ignore[no-untyped-def]
    return window._test_sandbox.db.conn.execute("SELECT count(*) FROM p_orders").fetchone()[0]


def test_balance_shown_and_a_charge_above_it_refused_at_the_form(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_form(window, qtbot)
    assert dialog.balance_label.text() == "Plum balance: 100.00 USD"
    assert dialog.picker.select(29877, Decimal(50))
    dialog.quantity.setValue(3)  # 150 USD
    assert dialog.balance_error.isVisible()
    assert "costs about 150.00 USD" in dialog.balance_error.text()
    assert "holds 100.00 USD" in dialog.balance_error.text()
    dialog.review()
    assert dialog.confirm_box is None  # nothing asked, nothing bought
    dialog.quantity.setValue(1)
    assert dialog.balance_error.text() == ""
    dialog.review()
    with qtbot.waitSignal(window.purchaseFinished, timeout=15000) as finished:
        click_choice(qtbot, dialog.confirm_box, "Buy")
    assert finished.args[1] == OpState.COMPLETED.value
    assert plum_orders(window) == 1
    # the balance the next form shows follows the charge (from the cache: no new call)
    calls = len(window._test_sandbox.plum._balance_calls)
    again = open_form(window, qtbot)
    qtbot.waitUntil(lambda: "50.00 USD" in again.balance_label.text(), timeout=5000)
    assert len(window._test_sandbox.plum._balance_calls) == calls


def test_open_value_amount_is_typed_and_checked_at_the_field(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_form(window, qtbot)
    picker = dialog.picker
    assert picker.select(33000)
    assert picker.amount.isVisible() and not picker.denomination.isVisible()
    assert picker.amount_label.text() == "Amount"
    assert "from 5 to 500 USD" in picker.amount.placeholderText()
    qtbot.keyClicks(picker.amount, "600")
    picker.amount.editingFinished.emit()
    assert "from 5 to 500 USD" in picker.denomination_error.text()
    dialog.review()
    assert dialog.confirm_box is None
    picker.amount.clear()
    qtbot.keyClicks(picker.amount, "12.5")
    picker.amount.editingFinished.emit()
    assert "whole amount" in picker.denomination_error.text()
    picker.amount.clear()
    qtbot.keyClicks(picker.amount, "40")
    picker.amount.editingFinished.emit()
    assert picker.denomination_error.text() == ""
    assert "1 × 40 USD" in dialog.total_label.text()
    dialog.review()
    assert dialog.confirm_box is not None and "40 USD" in dialog.confirm_box.text()
    with qtbot.waitSignal(window.purchaseFinished, timeout=15000) as finished:
        click_choice(qtbot, dialog.confirm_box, "Buy")
    assert finished.args[1] == OpState.COMPLETED.value
    qtbot.waitUntil(lambda: len(window.detail.vouchers.cards) == 1, timeout=5000)
    assert window.detail.vouchers.cards[0].voucher.amount == Decimal(40)


def test_quantity_above_the_products_limit_is_refused_at_the_field(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_form(window, qtbot)
    assert dialog.picker.select(33100, Decimal(25))
    assert "At most 2 of this product per order." in dialog.picker.product_note.text()
    dialog.quantity.setValue(3)
    assert dialog.quantity_error.isVisible()
    assert "at most 2 of this product" in dialog.quantity_error.text()
    dialog.review()
    assert dialog.confirm_box is None
    dialog.quantity.setValue(2)
    assert dialog.quantity_error.text() == ""
    assert plum_orders(window) == 0


def test_delayed_delivery_ends_pending_and_a_later_lookup_fills_the_code_in(
    window,
    qtbot,
    arun,  # type: ignore[no-untyped-def]
) -> None:
    dialog = open_form(window, qtbot)
    assert dialog.picker.select(33200, Decimal(25))
    assert "Delivered later" in dialog.picker.product_note.text()
    assert dialog.picker.product_note.isVisible()
    dialog.review()
    with qtbot.waitSignal(window.purchaseFinished, timeout=15000) as finished:
        click_choice(qtbot, dialog.confirm_box, "Buy")
    assert finished.args[1] == OpState.PLACED.value
    assert dialog.isVisible() and "code arrives later" in dialog.status_label.text()
    op = arun(window.ctx.store.run(Store.journal_get, finished.args[0]))
    order_id = op.provider_order_id
    assert arun(window.ctx.store.run(Store.vouchers_for_order, "plum", order_id)) == []
    # Plum delivers; a lookup in the window fills the code in and settles the purchase
    window._test_sandbox.plum.deliver_delayed()
    lookup = window.vouchers.open_lookup()
    qtbot.keyClicks(lookup.value, order_id)
    lookup.submit()
    qtbot.waitUntil(lambda: len(lookup.vouchers.cards) == 1, timeout=5000)
    assert "delivery delivered" in lookup.summary.text()
    op = arun(window.ctx.store.run(Store.journal_get, finished.args[0]))
    assert op.state is OpState.COMPLETED
