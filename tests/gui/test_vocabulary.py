"""Issue 13.4: one display name per provider, status and entry type, from domain/vocabulary.py,
on every screen; a partial outcome reads as partial; no raw code shows through."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from fulfildesk.domain.models import Money, Order, OrderStatus, Provider
from fulfildesk.domain.vocabulary import PROVIDER_NAMES, STATUS_NAMES
from fulfildesk.ui.models.orders import Columns


def seed(window, arun, qtbot) -> None:  # type: ignore[no-untyped-def]
    orders = [
        Order(
            provider=Provider.KINGUIN,
            provider_order_id="K-OOS",
            status=OrderStatus.OUT_OF_STOCK,
            provider_status="out_of_stock",
            total=Money(amount=Decimal("3.50"), currency="EUR"),
        ),
        Order(
            provider=Provider.INVENTORY,
            provider_order_id="I-PART",
            status=OrderStatus.COMPLETED,
            provider_status="partial",
            player_id="7",
        ),
        Order(
            provider=Provider.POWERPLUGIN,
            provider_order_id="P-SHIP",
            status=OrderStatus.SHIPPED,
            provider_status="Acquisition Shipped",
        ),
    ]
    arun(window.ctx.store.run(lambda s: s.upsert_orders(orders)))
    window.orders.refresh()
    # the reader thread re-reads the list; wait until the seeded orders are in it
    qtbot.waitUntil(lambda: window.model.find("powerplugin", "P-SHIP") is not None, timeout=5000)


def shown(window, provider: str, order_id: str, column: Columns) -> str:  # type: ignore[no-untyped-def]
    row = window.model.find(provider, order_id)
    return window.model.index(row, column).data(Qt.ItemDataRole.DisplayRole)


def test_list_detail_and_filters_use_one_vocabulary(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    seed(window, arun, qtbot)
    assert shown(window, "kinguin", "K-OOS", Columns.STATUS) == "Out of stock"
    assert shown(window, "inventory", "I-PART", Columns.STATUS) == "Partly applied"
    assert shown(window, "powerplugin", "P-SHIP", Columns.PROVIDER) == "Physical goods"
    # the filters offer the same names
    providers = [
        window.orders.provider_filter.itemText(i)
        for i in range(1, window.orders.provider_filter.count())
    ]
    assert providers == list(PROVIDER_NAMES.values())
    statuses = [
        window.orders.status_filter.itemText(i)
        for i in range(1, window.orders.status_filter.count())
    ]
    assert statuses == list(STATUS_NAMES.values())
    # the detail pane too
    window.select_order("inventory", "I-PART")
    qtbot.waitUntil(lambda: window.detail.row is not None, timeout=5000)
    assert window.detail.fields["status"].text().startswith("Partly applied")
    assert window.detail.fields["provider"].text() == "Inventory"
    # and the status bar's provider line
    assert "Physical goods:" in window.provider_label.toolTip()
    assert "Warehouse" not in window.provider_label.toolTip()
