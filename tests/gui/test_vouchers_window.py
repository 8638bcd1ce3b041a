"""Vouchers through the window against the Plum sandbox: buy, views, lookup, resend, bulk."""

from __future__ import annotations

from gui_helpers import click_choice
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from fulfildesk.store.journal import OpState
from fulfildesk.ui.widgets.voucher_viewer import safe_link


def open_with_products(window, qtbot, opener):  # type: ignore[no-untyped-def]
    dialog = opener()
    assert dialog is not None
    qtbot.waitUntil(lambda: len(dialog.picker.products) > 5, timeout=5000)
    return dialog


def test_buy_code_pin_vouchers_with_confirmation(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_with_products(window, qtbot, window.vouchers.open_dialog)
    # nothing chosen: messages at the fields, nothing asked
    dialog.review()
    assert dialog.picker.product_error.isVisible()
    assert dialog.confirm_box is None
    assert dialog.picker.select(28543)
    dialog.picker.denomination.setCurrentIndex(dialog.picker.denomination.findData("10"))
    dialog.quantity.setValue(3)
    # 3 x 10 INR x 0.012 = 0.36 USD, less 2 % = 0.35
    assert "0.35 USD" in dialog.total_label.text()
    assert dialog.buy_button.text() == "Buy for about 0.35 USD…"
    dialog.notify_receiver.setChecked(True)
    qtbot.keyClicks(dialog.email, "not an email")
    qtbot.keyClicks(dialog.contact, "12")
    dialog.review()
    assert "not an email address" in dialog.email_error.text()
    assert "not a mobile number" in dialog.contact_error.text()
    assert dialog.confirm_box is None
    dialog.email.setText("player@example.com")
    dialog.contact.setText("+91-9876543210")
    dialog.review()
    box = dialog.confirm_box
    assert box is not None and "0.35 USD" in box.text() and "player@example.com" in box.text()
    with qtbot.waitSignal(window.purchaseFinished, timeout=15000) as finished:
        click_choice(qtbot, box, "Buy")
    assert finished.args[1] == OpState.COMPLETED.value
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: len(window.detail.vouchers.cards) == 3, timeout=5000)
    assert window.detail.secrets_box.title() == "Vouchers"
    card = window.detail.vouchers.cards[0]
    assert card.voucher.kind_label == "Code + PIN"
    assert card.code.field.echoMode() == QLineEdit.EchoMode.Password
    assert card.pin is not None and card.pin.field.echoMode() == QLineEdit.EchoMode.Password
    qtbot.mouseClick(card.pin.reveal_button, Qt.MouseButton.LeftButton)
    assert card.pin.field.text().startswith("key_")
    assert window.detail.resend_button.isVisible()


def test_refusal_is_shown_at_the_product(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_with_products(window, qtbot, window.vouchers.open_dialog)
    dialog.picker.select(30001)  # Amazon: KYC not approved
    dialog.review()
    with qtbot.waitSignal(window.purchaseFinished, timeout=15000) as finished:
        click_choice(qtbot, dialog.confirm_box, "Buy")
    assert finished.args[1] == OpState.FAILED.value
    assert dialog.isVisible()
    assert "KYC" in dialog.picker.product_error.text()
    assert dialog.buy_button.isEnabled()


def test_url_voucher_view_and_lookup_by_po_then_resend(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_with_products(window, qtbot, window.vouchers.open_dialog)
    dialog.picker.select(555)
    dialog.email.setText("fan@example.com")
    dialog.review()
    with qtbot.waitSignal(window.purchaseFinished, timeout=15000):
        click_choice(qtbot, dialog.confirm_box, "Buy")
    qtbot.waitUntil(lambda: bool(window.purchases.operations))
    op = window.purchases.operations[0]
    po = op.payload["po_number"]
    lookup = window.vouchers.open_lookup()
    lookup.value.setText("PO-that-does-not-exist")
    lookup.kind.setCurrentIndex(lookup.kind.findData("po"))
    lookup.submit()
    qtbot.waitUntil(lambda: lookup.value_error.isVisible(), timeout=5000)
    assert "no order with this id or PO number" in lookup.value_error.text()
    lookup.value.setText(po)
    lookup.submit()
    qtbot.waitUntil(lambda: len(lookup.vouchers.cards) == 1, timeout=5000)
    card = lookup.vouchers.cards[0]
    assert card.voucher.is_url and card.open_button is not None
    assert card.open_button.isEnabled() and card.pin is not None
    assert po in lookup.summary.text()
    lookup.resend_button.click()
    qtbot.waitUntil(lambda: "emailed the vouchers" in lookup.summary.text(), timeout=5000)


def test_bulk_issue_with_preview_pause_and_summary(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.ctx.vouchers.min_interval = 0.05
    dialog = open_with_products(window, qtbot, window.vouchers.open_bulk)
    dialog.picker.select(29877)
    dialog.load_text(
        "email,contact,tag\na@example.com,,x\nbad-address,,\nb@example.com,,\n"
        "c@example.com,+1-5550001111,\n",
        "recipients.csv",
    )
    assert dialog.table.rowCount() == 4
    assert "2 of" not in dialog.summary_label.text()
    assert (
        "3 voucher(s) will be issued; 1 row(s) with problems are skipped"
        in dialog.summary_label.text()
    )
    assert dialog.table.item(1, 4).text().startswith("'bad-address' is not an email")
    dialog.start()  # asks first
    box = dialog.confirm_box
    assert "3 new Plum orders" in box.text() and "a@example.com" in box.text()
    assert box.defaultButton().text() == "Don't issue" == box.escapeButton().text()
    click_choice(qtbot, box, "Issue 3 vouchers")
    dialog.pause_button.setChecked(True)
    assert window.vouchers.bulk_running is not None and not window.vouchers.bulk_running.is_set()
    qtbot.wait(200)
    dialog.pause_button.setChecked(False)
    qtbot.waitUntil(lambda: dialog.summary.isVisible(), timeout=15000)
    assert "3 of 3 vouchers issued" in dialog.summary.toPlainText()
    assert dialog.table.item(0, 4).text() == "issued"
    qtbot.waitUntil(
        lambda: sum(o.state is OpState.COMPLETED for o in window.purchases.operations) == 3,
        timeout=5000,
    )


def test_only_web_links_are_opened() -> None:
    assert safe_link("https://vouchers.example.com/e?id=1") is not None
    for bad in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://x.example.com/",
        "not a link",
        "https://",
    ):
        assert safe_link(bad) is None, bad
