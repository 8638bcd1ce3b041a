"""The window against the sandbox: list, buy flow end to end, start-up resume."""

from __future__ import annotations

from decimal import Decimal

import httpx
from gui_helpers import click_choice
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from fulfildesk.domain.models import KeyLine
from fulfildesk.store.db import ts_precise
from fulfildesk.store.journal import OpState
from fulfildesk.ui.widgets.key_viewer import ImageKeyCard, TextKeyCard


def sandbox_order_count(window, product_id: int) -> int:  # type: ignore[no-untyped-def]
    url = window.ctx.settings.provider("kinguin").url
    data = httpx.get(
        f"{url}/v1/order",
        params={"kinguinId": product_id, "limit": 100, "createdAtFrom": "2026-01-01"},
        headers={"api-ecommerce-auth": "sandbox-token"},
    ).json()
    return data["item_count"]


def start(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.startupFinished, timeout=15000):
        window.start()


def test_startup_syncs_the_order_list(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert window.model.rowCount() == 0
    start(window, qtbot)
    # the reader thread counts the list off the GUI thread; the hint follows the count
    qtbot.waitUntil(lambda: window.model.count_known and window.model.rowCount() > 30)
    assert "orders" in window.orders.empty_hint.text()
    # search filters as you type (debounced)
    with qtbot.waitSignal(window.orders.refreshed, timeout=3000):
        qtbot.keyClicks(window.orders.search, "Hades")
    assert 0 < window.model.rowCount() < 30
    assert all("Hades" in window.model.row(i)["products"] for i in range(window.model.rowCount()))
    window.orders.search.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() > 30)
    with qtbot.waitSignal(window.orders.refreshed, timeout=3000):
        window.orders.status_filter.setCurrentIndex(
            window.orders.status_filter.findData("out_of_stock")
        )
    assert all(
        window.model.row(i)["status"] == "out_of_stock" for i in range(window.model.rowCount())
    )


def test_buy_a_text_key_and_an_image_key_through_the_window(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    before = sandbox_order_count(window, 409)
    window.buy_action.trigger()
    dialog = window.keys.dialog
    assert dialog is not None and dialog.isVisible()
    first = dialog.rows[0]
    qtbot.keyClicks(first.product, "5")
    qtbot.keyClicks(first.name, "Anno")
    qtbot.keyClicks(first.price, "3.59")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    second = dialog.rows[1]
    qtbot.keyClicks(second.product, "409")
    qtbot.keyClicks(second.price, "7.49")
    assert "11.08 EUR" in dialog.total_label.text()
    assert dialog.buy_button.text() == "Buy for up to 11.08 EUR…"
    qtbot.mouseClick(dialog.buy_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert "1 × Anno (product 5)" in box.text() and "at most 11.08 EUR" in box.text()
    with qtbot.waitSignal(window.purchaseFinished, timeout=20000) as finished:
        click_choice(qtbot, box, "Buy for up to 11.08 EUR")
    assert finished.args[1] == OpState.COMPLETED.value
    assert not dialog.isVisible()
    assert sandbox_order_count(window, 409) == before + 1
    # the new order is selected and its keys are shown
    qtbot.waitUntil(lambda: len(window.detail.keys.cards) == 2, timeout=5000)
    text_card, image_card = window.detail.keys.cards
    assert isinstance(text_card, TextKeyCard) and isinstance(image_card, ImageKeyCard)
    assert text_card.field.echoMode() == QLineEdit.EchoMode.Password  # masked until revealed
    qtbot.mouseClick(text_card.reveal_button, Qt.MouseButton.LeftButton)
    assert text_card.revealed and text_card.field.text() == text_card.key.serial
    assert len(text_card.key.serial) >= 10
    assert image_card.image is not None and image_card.error is None
    assert image_card.picture.pixmap().width() > 100
    qtbot.mouseClick(text_card.copy_button, Qt.MouseButton.LeftButton)
    from PySide6.QtGui import QGuiApplication

    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text() == text_card.key.serial
    assert bytes(mime.data("x-kde-passwordManagerHint")) == b"secret"
    # the purchase is in the panel, completed
    qtbot.waitUntil(lambda: window.purchases.operations[0].state is OpState.COMPLETED)


def test_provider_refusal_is_shown_at_the_price_field(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.buy_action.trigger()
    dialog = window.keys.dialog
    qtbot.keyClicks(dialog.rows[0].product, "5")
    qtbot.keyClicks(dialog.rows[0].price, "1.00")
    qtbot.keyClick(dialog.rows[0].price, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.purchaseFinished, timeout=10000) as finished:
        click_choice(qtbot, dialog.confirm_box, "Buy for up to 1.00 EUR")
    assert finished.args[1] == OpState.FAILED.value
    assert dialog.isVisible()
    assert dialog.rows[0].price_error.isVisible()
    assert "current price" in dialog.rows[0].price_error.text()
    assert dialog.buy_button.isEnabled()  # the form is kept, nothing is lost


def test_startup_resumes_a_purchase_whose_answer_was_lost(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    keys = window.ctx.keys
    line = KeyLine(product_id=1618, quantity=1, max_price=Decimal("11.20"))

    async def crashed_mid_purchase() -> str:
        op = await keys.begin([line])
        await window.ctx.store.run(
            lambda s: s.journal_transition(op.operation_id, OpState.SENDING, sent_at=ts_precise())
        )
        await keys.client.place_order([line])  # Kinguin got it; the console died
        return op.operation_id

    operation_id = arun(crashed_mid_purchase())
    before = sandbox_order_count(window, 1618)
    start(window, qtbot)
    op = arun(window.ctx.store.run(lambda s: s.journal_get(operation_id)))
    assert op.state is OpState.COMPLETED
    assert sandbox_order_count(window, 1618) == before  # nothing bought again
    assert window.purchases.operations[0].operation_id == operation_id
    assert "1 purchase" in window.purchases.summary.text()


def test_window_without_providers_explains_what_to_do(qtbot, arun, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fulfildesk.config import Settings
    from fulfildesk.context import AppContext
    from fulfildesk.ui.main_window import MainWindow

    ctx = AppContext.open(Settings(data_dir=tmp_path / "empty"))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    assert not w.buy_action.isEnabled()
    qtbot.waitUntil(lambda: "Settings" in w.orders.empty_hint.text())
    assert "not configured" in w.provider_label.toolTip()
    w.model.close()
    arun(ctx.aclose())


def test_no_two_actions_share_a_shortcut(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            key = sequence.toString()
            if key:
                assert key not in seen, f"{key}: {seen.get(key)} and {action.text()}"
                seen[key] = action.text()
    assert {"Ctrl+B", "Ctrl+I", "Ctrl+E", "F5"} <= set(seen)
