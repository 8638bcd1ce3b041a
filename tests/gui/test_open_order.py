"""Every signal that opens an order ends with that order selected in the list and shown in the
detail pane: the purchases panel (each provider), Kinguin search results, the shipping queue and
a player's inventory orders."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget

from fulfildesk.domain.models import KeyLine
from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT
from fulfildesk.services.inventory import EntryDraft, InventoryOrderDraft
from fulfildesk.services.shipping import ReservationRequest
from fulfildesk.services.vouchers import VoucherRequest
from fulfildesk.ui.controllers.base import Changes

HOODIE = "0b6f2a8e-3c44-4f1a-9d2e-5b7c8a9d0e11"


def double_click(qtbot, table: QTableWidget, row: int) -> None:  # type: ignore[no-untyped-def]
    item = table.item(row, 0)
    assert item is not None
    table.scrollToItem(item)
    centre = table.visualItemRect(item).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def shown(window) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    row = window.detail.row
    return (row["provider"], row["provider_order_id"]) if row else None


def forget_selection(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.orders.table.clearSelection()
    qtbot.waitUntil(lambda: window.detail.row is None, timeout=5000)


def make_purchase(window, qtbot, arun, provider: str) -> None:  # type: ignore[no-untyped-def]
    if provider == "powerplugin":
        assert window.ctx.shipping is not None
        request = ReservationRequest("open-test", HOODIE, SEED_ESTABLISHMENT, "p@example.com")
        arun(window.ctx.shipping.reserve(request))
        window.apply(Changes.orders("powerplugin", journal=True))
        return
    with qtbot.waitSignal(window.purchaseFinished, timeout=20000) as finished:
        if provider == "kinguin":
            line = KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"))
            window.keys.start_purchase([line])
        elif provider == "plum":
            request = VoucherRequest(29877, Decimal("25"), email="p@example.com")
            window.vouchers.start_purchase(request)
        else:
            draft = InventoryOrderDraft(
                player_id=7, entries=[EntryDraft(type="fill_loot", loot_id=1)]
            )
            window.inventory.start_order(draft)
    assert finished.args[1] == "completed"


@pytest.mark.parametrize("provider", ["kinguin", "plum", "inventory", "powerplugin"])
def test_double_clicking_a_purchase_shows_its_order(window, qtbot, arun, provider) -> None:  # type: ignore[no-untyped-def]
    make_purchase(window, qtbot, arun, provider)
    panel = window.purchases

    def row_of_purchase() -> int | None:
        for row, op in enumerate(panel.operations):
            if op.provider == provider and op.provider_order_id:
                return row
        return None

    qtbot.waitUntil(lambda: row_of_purchase() is not None, timeout=5000)
    row = row_of_purchase()
    assert row is not None
    order_id = panel.operations[row].provider_order_id
    qtbot.waitUntil(lambda: window.model.find(provider, order_id) is not None, timeout=5000)
    forget_selection(window, qtbot)
    double_click(qtbot, panel.table, row)
    qtbot.waitUntil(lambda: shown(window) == (provider, order_id), timeout=5000)
    selected = window.orders.table.selectionModel().selectedRows()
    assert [i.row() for i in selected] == [window.model.find(provider, order_id)]


def test_double_clicking_a_search_result_shows_the_order(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.kinguin_search.open_dialog()
    dialog.search()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 2, timeout=5000)
    order_id = dialog.table.item(2, 0).text()
    qtbot.waitUntil(lambda: window.model.find("kinguin", order_id) is not None, timeout=5000)
    forget_selection(window, qtbot)
    double_click(qtbot, dialog.table, 2)
    qtbot.waitUntil(lambda: shown(window) == ("kinguin", order_id), timeout=5000)


def test_double_clicking_in_the_shipping_queue_shows_the_order(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    make_purchase(window, qtbot, arun, "powerplugin")
    queue = window.shipping_queue
    qtbot.waitUntil(lambda: queue.table.rowCount() == 1, timeout=5000)
    tx = queue.rows["to_ship"][0]["provider_order_id"]
    forget_selection(window, qtbot)
    with qtbot.waitSignal(window.warehouse.openOrder, timeout=5000) as opened:
        double_click(qtbot, queue.table, 0)
    assert opened.args == ["powerplugin", tx]
    qtbot.waitUntil(lambda: shown(window) == ("powerplugin", tx), timeout=5000)
    # the warehouse history and actions come with it
    qtbot.waitUntil(
        lambda: "details" in getattr(window.detail, "warehouse_action_buttons", {}), timeout=5000
    )


def test_double_clicking_a_players_inventory_order_shows_it(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    make_purchase(window, qtbot, arun, "inventory")  # player 7 has an order
    dialog = window.inventory.open_player_dialog()
    dialog.player.setText("7")
    dialog.fetch()
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 1, timeout=5000)
    order_id = dialog.table.item(0, 0).text()
    qtbot.waitUntil(lambda: window.model.find("inventory", order_id) is not None, timeout=5000)
    forget_selection(window, qtbot)
    double_click(qtbot, dialog.table, 0)
    qtbot.waitUntil(lambda: shown(window) == ("inventory", order_id), timeout=5000)
