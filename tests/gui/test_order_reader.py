"""The order list reads on its reader thread: newer views supersede older ones, jumps use anchors.

Deterministic: the reader thread is held on an event (its query hook) while the filter changes,
so the race the window meets at a million rows happens here on a few thousand.
"""

from __future__ import annotations

import random
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractItemView, QTableView

from fulfildesk.domain.models import Money, Order, OrderLine, OrderStatus, Provider
from fulfildesk.store.db import Store
from fulfildesk.store.queries import OrderFilter, Sort
from fulfildesk.store.vault import Vault
from fulfildesk.ui.models.orders import BLOCK, Columns, OrdersModel

ROWS = 6000
STATUSES = [OrderStatus.COMPLETED, OrderStatus.FAILED, OrderStatus.PROCESSING]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = Path(tmp_path_factory.mktemp("reader")) / "cache.sqlite"
    store = Store(path, Vault.generate())
    rng = random.Random(11)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    store.upsert_orders(
        Order(
            provider=rng.choice(list(Provider)),
            provider_order_id=f"o-{i}",
            status=rng.choice(STATUSES),
            provider_status="x",
            created_at=start + timedelta(minutes=rng.randint(0, 90_000)),
            lines=[OrderLine(product_id="1", name=rng.choice(["Anno", "Hades", "Poster"]))],
            total=Money(amount=Decimal(rng.randint(100, 9000)) / 100, currency="EUR"),
        )
        for i in range(ROWS)
    )
    store.close()
    return path


def truth(path: Path, filt: OrderFilter, sort: Sort) -> list[str]:
    """The view's order ids in order, read by plain SQL."""
    conn = sqlite3.connect(path)
    where, args = filt.where()
    ids = [
        r[0]
        for r in conn.execute(
            f"SELECT provider_order_id FROM orders{where} ORDER BY {sort.order_by()}",
            args,
        )
    ]
    conn.close()
    return ids


def shown_rows(model: OrdersModel) -> list[tuple[str, str]]:
    """(order id, status) of every row the model would paint now (None: not read yet)."""
    rows = []
    for i in range(model.rowCount()):
        order = model.data(model.index(i, Columns.ORDER))
        status = model.data(model.index(i, Columns.STATUS))
        if order is not None:
            rows.append((order, status))
    return rows


def test_a_newer_filter_supersedes_stale_queries_and_old_rows_never_show(
    cache: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    hold = {"from": 10**9}
    held: list[tuple[int, str]] = []

    def hook(generation: int, kind: str) -> None:
        if generation >= hold["from"]:
            held.append((generation, kind))
            assert gate.wait(10), "the test never released the reader"

    model = OrdersModel(cache, reader_hook=hook)
    view = QTableView()
    view.setModel(model)
    view.resize(900, 600)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: model.count_known, timeout=5000)
    assert model.rowCount() == ROWS

    # from the next view on, everything the model shows is recorded, at every change
    seen: list[tuple[str, str]] = []

    def record(*_args: object) -> None:
        seen.extend(shown_rows(model))

    for sig in (model.modelReset, model.rowsInserted, model.dataChanged, model.blockShown):
        sig.connect(record)

    hold["from"] = model.generation + 1
    model.set_filter(OrderFilter(statuses=["failed"]))  # the reader takes it and is held
    qtbot.waitUntil(lambda: len(held) == 1, timeout=5000)
    model.set_filter(OrderFilter(statuses=["processing"]))  # superseded while still pending
    model.set_filter(OrderFilter(statuses=["completed"]))  # the one the window shows
    final = model.generation
    assert model.rowCount() == 0  # emptied at once: no row of an older filter stays up
    gate.set()
    qtbot.waitUntil(lambda: model.count_known, timeout=5000)
    view.viewport().repaint()

    expected = truth(cache, OrderFilter(statuses=["completed"]), Sort())
    assert model.rowCount() == len(expected)
    assert seen, "the model never showed the final view"
    assert {status for _order, status in seen} == {"Completed"}
    assert [model.row(i)["provider_order_id"] for i in range(BLOCK)] == expected[:BLOCK]
    # the held view's query was dropped when released; the superseded one never ran at all
    ran = model.reader.queries
    assert held[0][0] == hold["from"]
    assert not [q for q in ran if q[0] == hold["from"]]
    assert not [q for q in ran if hold["from"] < q[0] < final]
    assert ("first" in {kind for gen, kind in ran if gen == final}) and (final, "count") in ran
    model.close()


@pytest.mark.parametrize(
    "filt",
    [OrderFilter(statuses=["completed", "processing"]), OrderFilter(search="hades")],
    ids=["statuses", "search"],
)
def test_a_jump_reads_real_rows_by_keyset_anchor(cache: Path, qtbot, filt: OrderFilter) -> None:  # type: ignore[no-untyped-def]
    model = OrdersModel(cache)
    view = QTableView()
    view.setModel(model)
    view.resize(900, 600)
    qtbot.addWidget(view)
    view.show()
    model.set_filter(filt)
    qtbot.waitUntil(lambda: model.count_known, timeout=5000)
    expected = truth(cache, filt, Sort())
    assert model.rowCount() == len(expected)
    # the anchors arrive in the background: one per block
    qtbot.waitUntil(lambda: len(model._anchors) >= -(-len(expected) // BLOCK), timeout=5000)
    rng = random.Random(3)
    for target in [len(expected) - 1, *rng.sample(range(len(expected)), 5)]:
        index = model.index(target, Columns.ORDER)
        view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        qtbot.waitUntil(lambda index=index: model.data(index) is not None, timeout=5000)
        block = target // BLOCK
        first, last = block * BLOCK, min((block + 1) * BLOCK, len(expected))
        painted = [model.data(model.index(i, Columns.ORDER)) for i in range(first, last)]
        assert painted == expected[first:last]
    model.close()


def test_typing_supersedes_stale_searches_and_rows_of_an_old_search_never_show(
    cache: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """Search as you type: each character is a new view. The reader is held on the first
    search's full-text match; two more searches arrive; only the last one's rows ever show, the
    held search is dropped when released and the middle one never runs a query."""
    gate = threading.Event()
    hold = {"from": 10**9}
    held: list[tuple[int, str]] = []

    def hook(generation: int, kind: str) -> None:
        if generation >= hold["from"]:
            held.append((generation, kind))
            assert gate.wait(10), "the test never released the reader"

    model = OrdersModel(cache, reader_hook=hook)
    view = QTableView()
    view.setModel(model)
    view.resize(900, 600)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: model.count_known, timeout=5000)

    seen: list[str] = []

    def record(*_args: object) -> None:
        for i in range(model.rowCount()):
            products = model.data(model.index(i, Columns.PRODUCTS))
            if products is not None:
                seen.append(products)

    for sig in (model.modelReset, model.rowsInserted, model.dataChanged, model.blockShown):
        sig.connect(record)

    hold["from"] = model.generation + 1
    model.set_filter(OrderFilter(search="hades"))  # held on its full-text match
    qtbot.waitUntil(lambda: len(held) == 1, timeout=5000)
    assert held[0][1] == "match"
    model.set_filter(OrderFilter(search="anno"))  # superseded while pending
    model.set_filter(OrderFilter(search="post"))  # the one the window shows ("Poster")
    final = model.generation
    assert model.rowCount() == 0  # emptied at once
    gate.set()
    qtbot.waitUntil(lambda: model.count_known, timeout=5000)
    view.viewport().repaint()

    expected = truth(cache, OrderFilter(search="post"), Sort())
    assert expected and model.rowCount() == len(expected)
    assert seen, "the model never showed the final search"
    assert all("Poster" in products for products in seen), "a row of an older search showed"
    assert [model.row(i)["provider_order_id"] for i in range(BLOCK)] == expected[:BLOCK]
    ran = model.reader.queries
    assert not [q for q in ran if q[0] == hold["from"]]  # the held search was dropped
    assert not [q for q in ran if hold["from"] < q[0] < final]  # the middle one never ran
    kinds = [kind for gen, kind in ran if gen == final]
    assert kinds.count("match") == 1, kinds  # the full-text match evaluated once per search
    model.close()
