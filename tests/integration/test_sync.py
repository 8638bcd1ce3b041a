"""Sync against the sandbox: every provider, incremental, cancelled, resumed, one failing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from fulfildesk.domain.models import Provider
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.inventory import InventoryClient
from fulfildesk.providers.kinguin import KinguinClient
from fulfildesk.providers.plum import PlumClient
from fulfildesk.providers.powerplugin import PowerPluginClient
from fulfildesk.sandbox.scale import seed_orders
from fulfildesk.services.sync import SyncService
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.vault import Vault


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


@pytest.fixture
async def clients(sandbox):  # type: ignore[no-untyped-def]
    made = {
        "kinguin": KinguinClient(sandbox.base_url("kinguin"), "sandbox-token"),
        "plum": PlumClient(sandbox.base_url("plum"), "sandbox-token"),
        "powerplugin": PowerPluginClient(sandbox.base_url("powerplugin"), "sandbox-token"),
        "inventory": InventoryClient(sandbox.base_url("inventory"), "sandbox-token"),
    }
    yield made
    for client in made.values():
        await client.aclose()


def count(store: AsyncStore, provider: str):  # type: ignore[no-untyped-def]
    return store.run(lambda s: s.count_orders(provider))


async def test_sync_every_provider(sandbox, store: AsyncStore, clients) -> None:  # type: ignore[no-untyped-def]
    seed_orders(sandbox.sandbox, 3000)
    # the console knows a few players and a Plum order
    await clients["powerplugin"].player_orders("29df8b26-a2c8-4a45-9601-07fec4c4242d")
    shipments = await clients["powerplugin"].player_orders("29df8b26-a2c8-4a45-9601-07fec4c4242d")
    await store.run(lambda s: s.upsert_orders([x.order for x in shipments]))
    inventory_player = (await clients["inventory"].list_orders(100_000)).orders
    await store.run(lambda s: s.upsert_orders([o.order for o in inventory_player][:1]))
    from decimal import Decimal

    from fulfildesk.providers.plum import PlaceOrderRequest

    bought = await clients["plum"].place_order(
        PlaceOrderRequest(
            product_id=29877, quantity=1, denomination=Decimal("10"), po_number="PO-SYNC"
        )
    )
    await store.run(lambda s: s.upsert_orders([bought.order]))
    seen = []
    service = SyncService(store, **clients)
    reports = await service.run(progress=lambda r: seen.append((r.provider, r.orders)))
    assert all(not r.failed for r in reports.values()), reports
    with_ids = sandbox.sandbox.db.conn.execute(
        "SELECT count(*) FROM k_orders WHERE status != 'error'"
    ).fetchone()[0]
    assert with_ids > 2000
    assert await count(store, "kinguin") == with_ids  # orders in error have no id
    assert reports["kinguin"].pages >= 21
    # Plum's order history lists every order of the last year, however it was placed
    in_history = sandbox.sandbox.db.conn.execute(
        "SELECT count(*) FROM p_orders WHERE created_at >= date('now', '-365 days')"
    ).fetchone()[0]
    assert in_history > 1 and await count(store, "plum") == in_history
    kept = await store.run(lambda s: s.get_order("plum", bought.order.provider_order_id))
    assert kept is not None and kept.reference == "PO-SYNC"
    assert await count(store, "powerplugin") >= len(shipments)
    assert await count(store, "inventory") >= len(inventory_player)
    assert {p for p, _ in seen} == {"kinguin", "plum", "powerplugin", "inventory"}
    state = await store.run(lambda s: s.sync_state("kinguin"))
    assert state["last_success_at"] and state["checkpoint"] is None


async def test_incremental_sync_fetches_only_what_changed(
    sandbox,
    store: AsyncStore,  # type: ignore[no-untyped-def]
    clients,
) -> None:
    seed_orders(sandbox.sandbox, 2000)
    service = SyncService(store, kinguin=clients["kinguin"])
    first = await service.run()
    second = await service.run()
    assert first["kinguin"].orders > 1000
    assert second["kinguin"].orders < 50  # only the last minutes, plus open orders re-read
    from decimal import Decimal

    from fulfildesk.domain.models import KeyLine

    new_id = await clients["kinguin"].place_order(
        [KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"))]
    )
    await service.run()
    cached = await store.run(lambda s: s.get_order("kinguin", new_id))
    assert cached is not None


async def test_cancelled_sync_resumes_from_its_checkpoint(
    sandbox,
    store: AsyncStore,  # type: ignore[no-untyped-def]
    clients,
    sandbox_config,
) -> None:
    seed_orders(sandbox.sandbox, 8000)
    sandbox_config.latency_ms = 0
    # windows of 10 pages (1,000 orders per transaction), so the cancel lands mid-sync
    service = SyncService(store, kinguin=clients["kinguin"], concurrency=2, batch_orders=1000)
    task = asyncio.ensure_future(service.run())
    while await count(store, "kinguin") < 2500:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    partial = await count(store, "kinguin")
    state = await store.run(lambda s: s.sync_state("kinguin"))
    assert state["last_success_at"] is None
    assert int(state["checkpoint"]) >= 9  # whole windows of pages are stored
    reports = await service.run()
    assert not reports["kinguin"].failed
    total = await count(store, "kinguin")
    with_ids = sandbox.sandbox.db.conn.execute(
        "SELECT count(*) FROM k_orders WHERE status != 'error'"
    ).fetchone()[0]
    assert total == with_ids and total > partial
    # the resumed run did not fetch the pages below the checkpoint again
    assert reports["kinguin"].pages < 56


async def test_one_failing_provider_does_not_stop_the_others(
    sandbox,
    store: AsyncStore,  # type: ignore[no-untyped-def]
    clients,
) -> None:
    broken = PlumClient(
        "http://127.0.0.1:9", "x", policy=HttpPolicy(max_attempts=1, connect_timeout=0.5)
    )
    order = (await clients["kinguin"].list_orders()).orders[0]
    await store.run(
        lambda s: s.upsert_orders(
            [order.model_copy(update={"provider": Provider.PLUM, "provider_order_id": "123"})]
        )
    )
    service = SyncService(store, kinguin=clients["kinguin"], plum=broken)
    reports = await service.run()
    assert not reports["kinguin"].failed and reports["kinguin"].orders > 10
    assert reports["plum"].failed or reports["plum"].errors
    await broken.aclose()


async def test_plum_history_sync_is_incremental_and_sees_orders_placed_elsewhere(
    sandbox,  # type: ignore[no-untyped-def]
    store: AsyncStore,
    clients,  # type: ignore[no-untyped-def]
) -> None:
    from decimal import Decimal

    from fulfildesk.providers.plum import PlaceOrderRequest

    plum = clients["plum"]
    service = SyncService(store, plum=plum)
    first = await service.run(["plum"])
    assert not first["plum"].failed and first["plum"].pages >= 12  # a year in 31-day windows
    before = await count(store, "plum")
    for n in range(3):  # placed by another tool on the same account
        await plum.place_order(PlaceOrderRequest(29877, 1, Decimal("10"), po_number=f"EXT-{n}"))
    second = await service.run(["plum"])
    assert second["plum"].pages <= 2  # only the days since the last sync
    assert await count(store, "plum") == before + 3
    refs = await store.run(
        lambda s: sorted(
            r["reference"]
            for r in s.db.query("SELECT reference FROM orders WHERE reference LIKE 'EXT-%'")
        )
    )
    assert refs == ["EXT-0", "EXT-1", "EXT-2"]


async def test_plum_sync_keeps_the_product_name_of_an_order_placed_here(
    sandbox,
    store: AsyncStore,  # type: ignore[no-untyped-def]
    clients,
) -> None:
    """Plum's history names a line by its amount only ('25 EUR voucher'); the console's order
    names the product it bought. A sync must not lose that name."""
    from decimal import Decimal

    from fulfildesk.services.vouchers import VoucherRequest, VoucherService

    service = VoucherService(clients["plum"], store, poll_interval=0.02, min_interval=0)
    outcome = await service.buy(
        VoucherRequest(product_id=29877, denomination=Decimal("25"), product_name="Amazon.de")
    )
    assert outcome.completed, outcome.message
    order_id = outcome.operation.provider_order_id

    def products(s) -> str:  # type: ignore[no-untyped-def]
        row = s.db.execute(
            "SELECT products FROM orders WHERE provider_order_id = ?", [order_id]
        ).fetchone()
        return str(row[0])

    placed = await store.run(products)
    assert placed.startswith("1 × Amazon.de"), placed
    report = (await SyncService(store, plum=clients["plum"]).run(["plum"]))["plum"]
    assert not report.failed and report.orders >= 1 and report.authenticated is True
    assert await store.run(products) == placed
    kept = await store.run(lambda s: s.get_order("plum", order_id))
    assert kept is not None and kept.reference == outcome.operation.payload["po_number"]
