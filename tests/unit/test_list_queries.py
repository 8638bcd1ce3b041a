"""Keyset paging gives every row exactly once, in order, under every sort and filter."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from fulfildesk.domain.models import Money, Order, OrderLine, OrderStatus, Provider
from fulfildesk.store.db import Store
from fulfildesk.store.queries import (
    SORTS,
    OrderFilter,
    Sort,
    count_orders,
    iter_orders,
    position_of,
    query_orders,
)
from fulfildesk.store.vault import Vault


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    rng = random.Random(5)
    s = Store(Path(tmp_path_factory.mktemp("list")) / "cache.sqlite", Vault.generate())
    start = datetime(2024, 1, 1, tzinfo=UTC)
    orders = []
    for i in range(1500):
        provider = rng.choice(list(Provider))
        orders.append(
            Order(
                provider=provider,
                provider_order_id=f"{provider.value}-{i}",
                status=rng.choice([OrderStatus.COMPLETED, OrderStatus.FAILED, OrderStatus.PENDING]),
                provider_status="x",
                # many equal timestamps and totals: ties must be broken by id
                created_at=start + timedelta(hours=rng.randint(0, 200)),
                establishment=rng.choice([None, "North", "Madrid"]),
                lines=[OrderLine(product_id="1", name=rng.choice(["Anno", "Hades", "Poster"]))],
                total=(
                    Money(amount=Decimal(rng.choice(["3.59", "10", "25.50"])), currency="EUR")
                    if rng.random() > 0.1
                    else None
                ),
                email=f"p{i % 50}@example.com",
            )
        )
    s.upsert_orders(orders)
    return s


FILTERS = [
    OrderFilter(),
    OrderFilter(statuses=["completed"]),
    OrderFilter(providers=["kinguin", "plum"], establishment="Madrid"),
    OrderFilter(search="hades"),
    OrderFilter(date_from="2024-01-03T00:00:00Z", date_to="2024-01-06T00:00:00Z"),
]


@pytest.mark.parametrize("key", list(SORTS))
@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize(
    "filt", FILTERS, ids=["all", "status", "provider+place", "search", "dates"]
)
def test_keyset_pages_cover_every_row_once_in_order(
    store: Store, key: str, descending: bool, filt: OrderFilter
) -> None:
    sort = Sort(key, descending)
    conn = store.db.conn
    expected = [
        row[0]
        for row in conn.execute(
            f"SELECT id FROM orders{filt.where()[0]} ORDER BY {sort.order_by()}", filt.where()[1]
        ).fetchall()
    ]
    assert len(expected) == count_orders(conn, filt)
    seen: list[int] = []
    after = None
    offset = 0
    while True:
        page = query_orders(conn, filt, limit=97, after=after, offset=offset, sort=sort)
        seen += [r["id"] for r in page]
        if len(page) < 97:
            break
        last = sort.key_of(page[-1])
        if last[0] is None:
            after, offset = None, len(seen)
        else:
            after = last
    assert seen == expected
    assert [r["id"] for r in iter_orders(conn, filt, sort, page=113)] == expected
    # position_of agrees with the order (for rows with a sort value)
    for index in (0, len(expected) // 2):
        if index < len(expected):
            position = position_of(conn, filt, sort, expected[index])
            assert position is None or position == index


def test_search_covers_email_reference_and_tracking(store: Store) -> None:
    conn = store.db.conn
    assert count_orders(conn, OrderFilter(search="p7@example")) > 0
    assert count_orders(conn, OrderFilter(search="Poster")) > 0
    assert count_orders(conn, OrderFilter(search="nothing-like-this")) == 0
