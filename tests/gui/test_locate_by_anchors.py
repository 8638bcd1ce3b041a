"""Placing an order in a big view never counts the rows above it on the GUI thread.

The window selects the order it showed again after a filter change, a sort or a refresh. Its row
number used to be a count of every row above it, on the GUI thread: 0.1 s for the last order of
1,000,000, 0.8 s with a status filter. Now the model places it from the view's keyset anchors
(the blocks above it by bisection, then at most one block's rows), and a big view waits for its
anchors before re-selecting.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from fulfildesk.domain.models import Money, Order, OrderLine, OrderStatus, Provider
from fulfildesk.store.db import Store
from fulfildesk.store.queries import OrderFilter, Sort, position_of
from fulfildesk.store.vault import Vault
from fulfildesk.ui.models import orders as orders_module
from fulfildesk.ui.models.orders import OrdersModel

ROWS = 1500
STATUSES = [OrderStatus.COMPLETED, OrderStatus.FAILED, OrderStatus.PROCESSING]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = Path(tmp_path_factory.mktemp("locate")) / "cache.sqlite"
    store = Store(path, Vault.generate())
    rng = random.Random(5)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    store.upsert_orders(
        Order(
            provider=rng.choice(list(Provider)),
            provider_order_id=f"o-{i}",
            status=rng.choice(STATUSES),
            provider_status="x",
            # ties on purpose: many orders share a minute, so the id decides their order
            created_at=start + timedelta(minutes=rng.randint(0, 300)),
            lines=[OrderLine(product_id="1", name="Anno")],
            total=(
                None
                if i % 13 == 0
                else Money(amount=Decimal(rng.randint(0, 40)), currency=rng.choice(["EUR", "USD"]))
            ),
        )
        for i in range(ROWS)
    )
    store.close()
    return path


@pytest.mark.parametrize("key", ["created", "status", "total"])
@pytest.mark.parametrize("descending", [True, False])
def test_the_anchors_place_every_order_where_counting_does(
    cache: Path, qtbot, key: str, descending: bool
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    model = OrdersModel(cache)
    try:
        model.set_filter(OrderFilter(statuses=["completed", "failed"]))
        model._sort = Sort(key, descending)
        model._open(keep_rows=False)
        qtbot.waitUntil(lambda: model.count_known and model._anchors_done, timeout=10000)
        conn = sqlite3.connect(cache)
        rows = conn.execute("SELECT id, provider, provider_order_id FROM orders").fetchall()
        filt, sort = OrderFilter(statuses=["completed", "failed"]), Sort(key, descending)
        for row_id, provider, order_id in random.Random(1).sample(rows, 120):
            assert model.find(provider, order_id) == position_of(conn, filt, sort, row_id)
        conn.close()
    finally:
        model.close()


def test_a_big_view_reselects_the_shown_order_after_its_anchors_without_counting(
    ctx, qtbot, arun, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """With a view counted as "big", a filter change with an order shown never places it by
    counting: the order is selected again once the view's anchors are read."""
    from fulfildesk.ui.main_window import MainWindow

    monkeypatch.setattr(orders_module, "FIND_BY_COUNTING", 10)
    counted: list[int] = []
    real = orders_module.position_of

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        counted.append(args[3])
        return real(*args, **kwargs)

    monkeypatch.setattr(orders_module, "position_of", counting)
    rng = random.Random(9)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    ctx.store.store.upsert_orders(
        Order(
            provider=Provider.KINGUIN,
            provider_order_id=f"k-{i}",
            status=rng.choice(STATUSES),
            provider_status="x",
            created_at=start + timedelta(minutes=i),
        )
        for i in range(ROWS)
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    try:
        view = window.orders
        qtbot.waitUntil(
            lambda: view.model.count_known and view.model.locates_quickly, timeout=10000
        )
        target = view.model.row(50)  # far enough down that the filter moves it
        assert target is not None
        assert view.select_order(target["provider"], target["provider_order_id"])
        qtbot.waitUntil(lambda: view.detail.row is not None, timeout=5000)
        counted.clear()
        view.status_filter.setCurrentIndex(view.status_filter.findData(target["status"]))
        qtbot.waitUntil(lambda: view.model.count_known, timeout=10000)
        qtbot.waitUntil(lambda: bool(view.table.selectionModel().selectedRows()), timeout=10000)
        selected = view.model.row(view.table.selectionModel().selectedRows()[0].row())
        assert selected is not None
        assert selected["provider_order_id"] == target["provider_order_id"]
        assert view.detail.row is not None
        assert view.detail.row["provider_order_id"] == target["provider_order_id"]
        assert counted == []  # placed from the anchors, never by counting the rows above
    finally:
        arun(window.runner.cancel_all())
        window.model.close()
