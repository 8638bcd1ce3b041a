"""The buy form validates every field before anything is sent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from gui_helpers import click_choice
from PySide6.QtCore import Qt

from fulfildesk.ui.dialogs.buy_keys import BuyKeysDialog, parse_price, parse_product_id


@pytest.fixture
def dialog(qtbot):  # type: ignore[no-untyped-def]
    d = BuyKeysDialog()
    qtbot.addWidget(d)
    d.show()
    return d


def test_empty_form_shows_messages_and_sends_nothing(dialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.assertNotEmitted(dialog.submitted):
        qtbot.mouseClick(dialog.buy_button, Qt.MouseButton.LeftButton)
    row = dialog.rows[0]
    assert row.product_error.isVisible() and "product id" in row.product_error.text()
    assert row.price_error.isVisible() and "most you will pay" in row.price_error.text()
    assert "Fill in every product" in dialog.total_label.text()


def test_typing_clears_the_message_of_that_row(dialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog.submit()
    qtbot.keyClicks(dialog.rows[0].product, "5")
    assert not dialog.rows[0].product_error.isVisible()


@pytest.mark.parametrize(
    "text,ok",
    [
        ("3.59", True),
        ("3,59", True),
        ("0", False),
        ("-1", False),
        ("abc", False),
        ("3.599", False),
        ("NaN", False),
        ("1e3", True),
        ("20000", False),
        ("", False),
    ],
)
def test_price_rules(text: str, ok: bool) -> None:
    value, error = parse_price(text)
    assert (value is not None) is ok and bool(error) is not ok


@pytest.mark.parametrize(
    "text,ok",
    [("5", True), ("0", False), ("-5", False), ("5.5", False), ("", False), ("99999999999", False)],
)
def test_product_id_rules(text: str, ok: bool) -> None:
    value, error = parse_product_id(text)
    assert (value is not None) is ok and bool(error) is not ok


def test_valid_lines_are_submitted_with_decimals(dialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.rows[0].product, "18")
    qtbot.keyClicks(dialog.rows[0].price, "13.50")
    dialog.rows[0].quantity.setValue(3)
    assert "40.50 EUR" in dialog.total_label.text()
    with qtbot.assertNotEmitted(dialog.submitted):
        qtbot.keyClick(dialog.rows[0].price, Qt.Key.Key_Return)  # Enter asks, via validation
    box = dialog.confirm_box
    assert "3 × product (product 18), at most 13.50 EUR each" in box.text()
    assert "at most 40.50 EUR" in box.text()
    with qtbot.waitSignal(dialog.submitted) as sent:
        click_choice(qtbot, box, "Buy for up to 40.50 EUR")
    [line] = sent.args[0]
    assert (line.product_id, line.quantity, line.max_price) == (18, 3, Decimal("13.50"))


def test_the_same_product_twice_is_refused(dialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        row = dialog.rows[-1]
        qtbot.keyClicks(row.product, "5")
        qtbot.keyClicks(row.price, "3.59")
        if len(dialog.rows) == 1:
            dialog.add_line()
    with qtbot.assertNotEmitted(dialog.submitted):
        dialog.submit()
    assert "already in the order" in dialog.rows[1].product_error.text()


def test_lines_can_be_removed_but_not_the_last(dialog) -> None:  # type: ignore[no-untyped-def]
    assert not dialog.rows[0].remove.isEnabled()
    row = dialog.add_line()
    assert len(dialog.rows) == 2 and row.remove.isEnabled()
    dialog.remove_line(row)
    assert len(dialog.rows) == 1
