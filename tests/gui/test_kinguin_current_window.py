"""The window on Kinguin's current generation (the sandbox's /kinguin-current): the buy form with
the balance and a confirmation naming the total, refusals at the field, keys as they arrive, and
key return from the detail pane behind a confirmation whose default is Cancel."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from fulfildesk.config import Settings
from fulfildesk.domain.models import KeyLine, Provider
from fulfildesk.sandbox.config import DEFAULT_TOKEN, SandboxConfig
from fulfildesk.sandbox.server import RunningSandbox
from fulfildesk.store.journal import OpState

PREFIX = "kinguin-current"


@pytest.fixture
def sandbox_config(tmp_path: Path) -> SandboxConfig:
    return SandboxConfig(
        data_dir=tmp_path / "sandbox",
        kinguin_step=0.05,
        kinguin_current_key_step=0.4,
        demo_history=False,
    )


@pytest.fixture
def settings(tmp_path: Path, sandbox: RunningSandbox) -> Settings:
    s = Settings(data_dir=tmp_path / "home", operator="tester")
    entry = s.provider(Provider.KINGUIN)
    entry.url, entry.token = sandbox.base_url(PREFIX), DEFAULT_TOKEN
    entry.api, entry.sources["api"] = "current", "env"
    return s


def kinguin(sandbox: RunningSandbox, method: str, path: str) -> httpx.Response:
    response = httpx.request(
        method, f"{sandbox.base_url(PREFIX)}{path}", headers={"X-Api-Key": DEFAULT_TOKEN}
    )
    response.raise_for_status()
    return response


def buy_choice(box):  # type: ignore[no-untyped-def]
    """The spending button of the purchase question ("Buy for up to … EUR")."""
    return next(b for b in box.buttons() if b.text().startswith("Buy for up to"))


def balance(sandbox: RunningSandbox) -> Decimal:
    return Decimal(str(kinguin(sandbox, "GET", "/v1/balance").json()["balance"]))


def open_buy_dialog(window, qtbot):  # type: ignore[no-untyped-def]
    window.buy_action.trigger()
    dialog = window.keys.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.balance is not None, timeout=5000)
    return dialog


def fill(qtbot, row, product: str, price: str, qty: int = 1) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(row.product, product)
    qtbot.keyClicks(row.price, price)
    row.quantity.setValue(qty)


def test_buy_through_the_window_with_balance_and_confirmation(window, qtbot, sandbox) -> None:  # type: ignore[no-untyped-def]
    dialog = open_buy_dialog(window, qtbot)
    assert dialog.balance_label.text() == "Kinguin balance: 500.00 EUR"
    fill(qtbot, dialog.rows[0], "5", "3.59", 2)
    qtbot.mouseClick(dialog.buy_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None and "at most 7.18 EUR" in box.text()
    assert "Kinguin balance now" in box.text()
    assert box.defaultButton().text() == "Don't buy" and box.escapeButton() is box.defaultButton()
    # the default (Enter) buys nothing
    with qtbot.assertNotEmitted(dialog.submitted):
        box.defaultButton().click()
    assert window.ctx.store.store.journal_list() == []
    qtbot.mouseClick(dialog.buy_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.purchaseFinished, timeout=20000) as finished:
        buy_choice(dialog.confirm_box).click()
    assert finished.args[1] == OpState.COMPLETED.value
    qtbot.waitUntil(lambda: len(window.detail.keys.cards) == 2, timeout=5000)
    assert all(card.key.key_id for card in window.detail.keys.cards)
    assert balance(sandbox) == Decimal("492.82")
    assert window.detail.return_button.isVisible()


def test_an_order_over_the_balance_is_refused_in_the_form(window, qtbot, sandbox) -> None:  # type: ignore[no-untyped-def]
    dialog = open_buy_dialog(window, qtbot)
    fill(qtbot, dialog.rows[0], "1503", "90", 9)  # 810 EUR > 500
    with qtbot.assertNotEmitted(dialog.submitted):
        qtbot.mouseClick(dialog.buy_button, Qt.MouseButton.LeftButton)
    assert dialog.confirm_box is None
    assert dialog.total_error.isVisible()
    assert "more than the Kinguin balance of 500.00 EUR" in dialog.total_error.text()
    # over the limit per product: said at the quantity, before anything is sent
    dialog.rows[0].price.setText("1")
    dialog.rows[0].quantity.setValue(10)
    with qtbot.assertNotEmitted(dialog.submitted):
        dialog.submit()
    assert dialog.rows[0].quantity_error.isVisible()
    assert "at most 9 keys" in dialog.rows[0].quantity_error.text()
    assert window.ctx.store.store.journal_list() == []
    assert balance(sandbox) == Decimal("500")


def test_the_service_refuses_over_the_balance_even_past_the_form(window, qtbot, sandbox) -> None:  # type: ignore[no-untyped-def]
    dialog = open_buy_dialog(window, qtbot)
    dialog.balance = None  # the form could not read the balance: the service still checks
    fill(qtbot, dialog.rows[0], "1503", "90", 9)
    qtbot.mouseClick(dialog.buy_button, Qt.MouseButton.LeftButton)
    buy_choice(dialog.confirm_box).click()
    qtbot.waitUntil(dialog.total_error.isVisible, timeout=5000)
    assert "Nothing was sent to Kinguin" in dialog.error_banner.text()
    assert window.ctx.store.store.journal_list() == []


def test_the_current_error_shape_is_shown_at_the_field(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_buy_dialog(window, qtbot)
    fill(qtbot, dialog.rows[0], "5", "3.59")
    dialog.add_line()
    fill(qtbot, dialog.rows[1], "4", "1.00")  # below Anno 2070's price
    qtbot.mouseClick(dialog.buy_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.purchaseFinished, timeout=10000) as finished:
        buy_choice(dialog.confirm_box).click()
    assert finished.args[1] == OpState.FAILED.value
    assert dialog.isVisible()
    assert dialog.rows[1].price_error.isVisible()  # propertyPath products[1].price
    assert not dialog.rows[0].price_error.isVisible()
    assert "ProductUnavailable" in dialog.error_banner.text()
    assert dialog.buy_button.isEnabled()


def test_keys_as_they_arrive_then_get_keys(window, qtbot, sandbox) -> None:  # type: ignore[no-untyped-def]
    window.ctx.keys.ready_timeout = 0  # stop after the first look: keys still pending
    dialog = open_buy_dialog(window, qtbot)
    fill(qtbot, dialog.rows[0], "5", "3.59", 3)
    qtbot.mouseClick(dialog.buy_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.purchaseFinished, timeout=20000) as finished:
        buy_choice(dialog.confirm_box).click()
    assert finished.args[1] == OpState.PLACED.value
    detail = window.detail
    qtbot.waitUntil(lambda: detail.row is not None, timeout=5000)
    qtbot.waitUntil(detail.delivery.isVisible, timeout=5000)
    assert detail.delivery.text().endswith("of 3 keys delivered")
    assert detail.fetch_button.isVisible()
    order_id = detail.row["provider_order_id"]
    qtbot.waitUntil(
        lambda: kinguin(sandbox, "GET", f"/v1/order/{order_id}").json()["status"] == "completed",
        timeout=10000,
    )
    qtbot.mouseClick(detail.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(detail.keys.cards) == 3, timeout=5000)
    assert not detail.delivery.isVisible() and not detail.fetch_button.isVisible()


def test_key_return_from_the_detail_pane(window, qtbot, arun, sandbox) -> None:  # type: ignore[no-untyped-def]
    outcome = arun(
        window.ctx.keys.buy([KeyLine(product_id=5, quantity=2, max_price=Decimal("3.59"))]),
        timeout=20000,
    )
    assert outcome.completed
    order_id = outcome.order.provider_order_id
    from fulfildesk.ui.controllers.base import Changes

    window.apply(Changes.orders("kinguin", journal=True))
    qtbot.waitUntil(lambda: window.open_order("kinguin", order_id), timeout=5000)
    detail = window.detail
    qtbot.waitUntil(detail.return_button.isVisible, timeout=5000)
    before = balance(sandbox)
    qtbot.mouseClick(detail.return_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.keys.return_box is not None, timeout=5000)
    box = window.keys.return_box
    assert "Return 2 keys of Kinguin order" in box.text() and "7.18 EUR" in box.text()
    assert "Anno" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.defaultButton().click()  # the default does nothing
    assert balance(sandbox) == before
    qtbot.mouseClick(detail.return_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.keys.return_box is not None, timeout=5000)
    with qtbot.waitSignal(window.keys.returnFinished, timeout=10000) as done:
        window.keys.return_box.button(QMessageBox.StandardButton.Yes).click()
    assert done.args[1] == OpState.COMPLETED.value
    qtbot.waitUntil(detail.key_note.isVisible, timeout=5000)
    assert "took back 2 key(s)" in detail.key_note.text()
    assert balance(sandbox) == before + Decimal("7.18")
    qtbot.waitUntil(lambda: not detail.return_button.isVisible(), timeout=5000)
    assert all(card.key.status == "RETURNED" for card in detail.keys.cards)


def test_key_return_refusal_is_shown_in_words(window, qtbot, arun, sandbox) -> None:  # type: ignore[no-untyped-def]
    outcome = arun(
        window.ctx.keys.buy([KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"))]),
        timeout=20000,
    )
    order_id = outcome.order.provider_order_id
    kinguin(sandbox, "POST", f"/_sandbox/order/{order_id}/claim")  # a buyer redeemed it
    from fulfildesk.ui.controllers.base import Changes

    window.apply(Changes.orders("kinguin", journal=True))
    qtbot.waitUntil(lambda: window.open_order("kinguin", order_id), timeout=5000)
    detail = window.detail
    qtbot.waitUntil(detail.return_button.isVisible, timeout=5000)
    qtbot.mouseClick(detail.return_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.keys.return_box is not None, timeout=5000)
    with qtbot.waitSignal(window.keys.returnFinished, timeout=10000) as done:
        window.keys.return_box.button(QMessageBox.StandardButton.Yes).click()
    assert done.args[1] == OpState.FAILED.value
    qtbot.waitUntil(detail.key_note.isVisible, timeout=5000)
    assert "claimed" in detail.key_note.text()


def test_a_key_kinguin_refunded_shows_in_the_detail_and_is_not_pending(
    window, qtbot, arun, sandbox
) -> None:  # type: ignore[no-untyped-def]
    outcome = arun(
        window.ctx.keys.buy([KeyLine(product_id=5, quantity=2, max_price=Decimal("3.59"))]),
        timeout=20000,
    )
    assert outcome.completed
    order_id = outcome.order.provider_order_id
    refunded = outcome.keys[0].key_id
    answer = httpx.post(
        f"{sandbox.base_url(PREFIX)}/_sandbox/order/{order_id}/refund",
        headers={"X-Api-Key": DEFAULT_TOKEN},
        json={"keys": [refunded]},
    )
    assert answer.status_code == 200, answer.text
    # a sync brings the order as Kinguin lists it now; the stored key does not know yet
    details = arun(window.ctx.keys.client.order_details(order_id), timeout=10000)
    arun(window.ctx.store.run(lambda s: s.upsert_orders([details.order])), timeout=10000)
    from fulfildesk.ui.controllers.base import Changes

    window.apply(Changes.orders("kinguin", journal=True))
    qtbot.waitUntil(lambda: window.open_order("kinguin", order_id), timeout=5000)
    detail = window.detail
    qtbot.waitUntil(lambda: len(detail.keys.cards) == 2, timeout=5000)
    qtbot.waitUntil(
        lambda: [c.key.status for c in detail.keys.cards] == ["REFUNDED", "DELIVERED"],
        timeout=5000,
    )
    assert not detail.delivery.isVisible()  # nothing is pending: no "1 of 2 keys delivered"
    assert detail.return_button.isVisible()  # the key still delivered can be returned
    assert arun(window.ctx.keys.delivery(order_id), timeout=5000) == (1, 1)
