"""One wording for provider errors (domain/texts.py) and one vocabulary (domain/vocabulary.py)."""

from __future__ import annotations

import pytest

from fulfildesk.domain.models import OrderStatus, Provider
from fulfildesk.domain.texts import error_text, plain, plain_field_message, tidy
from fulfildesk.domain.vocabulary import (
    ENTRY_TYPE_NAMES,
    PROVIDER_NAMES,
    STATUS_NAMES,
    entry_type_name,
    products_text,
    provider_name,
    status_name,
)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("Input should be greater than or equal to 1", "Must be at least 1."),
        ("Input should be less than or equal to 100", "Must be at most 100."),
        ("Field required", "Is required."),
        ("Input should be a valid integer, unable to parse string", "Must be a whole number."),
        ("String should have at most 12 characters", "Must be at most 12 characters."),
        ("Enter the loot id.", "Enter the loot id."),
    ],
)
def test_library_wording_becomes_plain_words(raw: str, expected: str) -> None:
    assert plain_field_message(raw) == expected


def test_provider_named_once_whatever_the_layers_added() -> None:
    text = error_text("kinguin", "Kinguin: Kinguin: kinguin: The price went up.", "E42")
    assert text == "Kinguin: The price went up. (code E42)"
    assert error_text("powerplugin", "Physical goods provider: unknown productId") == (
        "Physical goods: unknown productId"
    )
    assert tidy("Inventory provider: Inventory: quantity: Input should be greater than 0") == (
        "Inventory: quantity must be more than 0."
    )
    assert plain("Refused. Refused.") == "Refused."
    assert "Input should" not in error_text("inventory", "Input should be a valid integer")


def test_one_name_for_every_provider_status_and_entry_type() -> None:
    assert set(PROVIDER_NAMES) == {p.value for p in Provider}
    assert set(STATUS_NAMES) == {s.value for s in OrderStatus}
    assert provider_name("powerplugin") == "Physical goods"
    assert status_name("out_of_stock") == "Out of stock"
    assert status_name("completed", "inventory", "partial") == "Partly applied"
    assert status_name("completed", "inventory", "success") == "Completed"
    assert entry_type_name("fill_loot") == ENTRY_TYPE_NAMES["fill_loot"] == "Grant loot"
    assert products_text("inventory", "2 × purchase loot, 1 × fill loot") == (
        "2 × Sell loot (player pays), 1 × Grant loot"
    )
    assert products_text("kinguin", "2 × purchase loot") == "2 × purchase loot"
    for name in (*PROVIDER_NAMES.values(), *STATUS_NAMES.values(), *ENTRY_TYPE_NAMES.values()):
        assert "_" not in name


def test_an_order_owned_by_another_purchase_reads_as_words() -> None:
    from fulfildesk.domain.texts import assign_refused_text, order_owned_text

    text = order_owned_text("kinguin", "20549751", "op-1")
    assert text.startswith("Kinguin: order 20549751 already belongs to purchase op-1")
    assert "one purchase only" in text and text.endswith("check the order number")
    assert "another purchase" in order_owned_text("kinguin", "7")
    assert assign_refused_text("kinguin", "completed").startswith(
        "Kinguin: only a purchase that needs review can be assigned an order; this one is "
        "completed."
    )
