"""Pull provider order lists into the cache (Kinguin for now; issue 6 widens it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fulfildesk.providers.kinguin import KinguinClient, OrderPage, OrderQuery
from fulfildesk.store.db import AsyncStore


@dataclass
class SyncReport:
    provider: str
    pages: int = 0
    orders: int = 0
    error: str | None = None


async def search_kinguin(
    client: KinguinClient, store: AsyncStore, filters: dict[str, Any]
) -> OrderPage:
    """One page of Kinguin's order search (filters: OrderQuery's fields); results are cached."""
    page = await client.list_orders(OrderQuery(**filters))
    if page.orders:
        await store.run(lambda s: s.upsert_orders(page.orders))
    return page


async def sync_kinguin(
    client: KinguinClient,
    store: AsyncStore,
    *,
    max_pages: int = 1000,
    progress: Callable[[SyncReport], None] | None = None,
) -> SyncReport:
    report = SyncReport("kinguin")
    page = 1
    while page <= max_pages:
        result = await client.list_orders(
            OrderQuery(page=page, limit=100, sort_by="createdAt", sort_type="desc")
        )
        orders = result.orders
        if orders:
            await store.run(lambda s, batch=orders: s.upsert_orders(batch))
        report.pages += 1
        report.orders += len(orders)
        if progress:
            progress(report)
        if not result.orders and not result.anonymous:
            break
        if page * 100 >= result.item_count:
            break
        page += 1
    return report
