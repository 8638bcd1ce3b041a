"""Unknown means unknown, per provider, over loopback: the sandbox carries the purchase out and
then answers 200 with an HTML page (`SandboxConfig.unreadable_after_action`). The console must
not record "failed": the operation stays outcome-unknown and a lookup settles it, with exactly one
order at the provider for the one intent."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from fulfildesk.domain.models import KeyLine
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.inventory import InventoryClient
from fulfildesk.providers.kinguin import KinguinClient, OrderQuery
from fulfildesk.providers.plum import PlumClient
from fulfildesk.providers.powerplugin import PowerPluginClient
from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT
from fulfildesk.services.inventory import EntryDraft, InventoryOrderDraft, InventoryService
from fulfildesk.services.keys import KeyPurchaseService
from fulfildesk.services.shipping import ReservationRequest, ShippingService
from fulfildesk.services.vouchers import VoucherRequest, VoucherService
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.journal import OpState
from fulfildesk.store.vault import Vault

POLICY = HttpPolicy(backoff_base=0.01)
HOODIE = "0b6f2a8e-3c44-4f1a-9d2e-5b7c8a9d0e11"


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


async def events(store: AsyncStore, operation_id: str) -> list[str]:
    found = await store.run(Store.journal_events, operation_id)
    return [f"{e['state']}: {e['detail']}" for e in found]


async def test_kinguin_unreadable_2xx_is_settled_by_lookup(
    sandbox, sandbox_config: SandboxConfig, store: AsyncStore, open_client
) -> None:  # type: ignore[no-untyped-def]
    url = sandbox.base_url("kinguin")
    client = open_client(KinguinClient, url, "sandbox-token", policy=POLICY)
    svc = KeyPurchaseService(
        client, store, poll_interval=0.02, reconcile_attempts=2, ready_timeout=10
    )
    query = OrderQuery(limit=100, kinguin_id=5)
    before = {o.provider_order_id for o in (await client.list_orders(query)).orders}
    sandbox_config.unreadable_after_action["kinguin"] = 1
    outcome = await svc.buy([KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"))])
    assert sandbox_config.unreadable_after_action["kinguin"] == 0  # the fault fired
    assert outcome.completed, outcome.message
    assert len(outcome.keys) == 1
    history = await events(store, outcome.operation.operation_id)
    assert not any(line.startswith("failed") for line in history), history
    assert any("outcome was unknown" in line for line in history), history
    after = {o.provider_order_id for o in (await client.list_orders(query)).orders}
    assert after - before == {outcome.operation.provider_order_id}  # one order, adopted


async def test_plum_unreadable_2xx_is_settled_by_lookup(
    sandbox, sandbox_config: SandboxConfig, store: AsyncStore, open_client
) -> None:  # type: ignore[no-untyped-def]
    client = open_client(PlumClient, sandbox.base_url("plum"), "sandbox-token", policy=POLICY)
    svc = VoucherService(client, store, poll_interval=0.02, min_interval=0)
    before = sandbox.sandbox.db.conn.execute("SELECT count(*) FROM p_orders").fetchone()[0]
    sandbox_config.unreadable_after_action["plum"] = 1
    outcome = await svc.buy(VoucherRequest(product_id=29877, denomination=Decimal("25")))
    assert sandbox_config.unreadable_after_action["plum"] == 0
    assert outcome.completed, outcome.message
    assert len(outcome.vouchers) == 1
    assert int(outcome.operation.payload["attempts"]) == 1  # found by PO, not placed again
    after = sandbox.sandbox.db.conn.execute("SELECT count(*) FROM p_orders").fetchone()[0]
    assert after == before + 1
    history = await events(store, outcome.operation.operation_id)
    assert any("found by PO" in line for line in history)
    assert not any(line.startswith("failed") for line in history)


async def test_inventory_unreadable_2xx_is_settled_by_lookup(
    sandbox, sandbox_config: SandboxConfig, store: AsyncStore, open_client
) -> None:  # type: ignore[no-untyped-def]
    client = open_client(
        InventoryClient, sandbox.base_url("inventory"), "sandbox-token", policy=POLICY
    )
    svc = InventoryService(client, store, poll_interval=0.02)
    draft = InventoryOrderDraft(
        player_id=61,
        entries=[EntryDraft(type="purchase_loot", loot_id=1, price_item_id=1, price=50)],
    )
    sandbox_config.unreadable_after_action["inventory"] = 1
    outcome = await svc.submit(draft)
    assert sandbox_config.unreadable_after_action["inventory"] == 0
    assert outcome.completed, outcome.message
    assert int(outcome.operation.payload["attempts"]) == 1
    listing = await svc.player_orders(61)
    assert len(listing) == 1  # applied once
    history = await events(store, outcome.operation.operation_id)
    assert not any(line.startswith("failed") for line in history)


async def test_warehouse_unreadable_2xx_is_settled_by_lookup(
    sandbox, sandbox_config: SandboxConfig, store: AsyncStore, open_client
) -> None:  # type: ignore[no-untyped-def]
    client = open_client(
        PowerPluginClient, sandbox.base_url("powerplugin"), "sandbox-token", policy=POLICY
    )
    svc = ShippingService(client, store)
    sandbox_config.unreadable_after_action["powerplugin"] = 1
    outcome = await svc.reserve(ReservationRequest("garbled", HOODIE, SEED_ESTABLISHMENT))
    assert sandbox_config.unreadable_after_action["powerplugin"] == 0
    assert outcome.completed, outcome.message
    reservations = [s for s in await client.player_orders("garbled") if s.stage == "reserved"]
    assert [s.transaction_id for s in reservations] == [outcome.operation.provider_order_id]
    history = await events(store, outcome.operation.operation_id)
    assert any("found in the player's orders" in line for line in history)


async def test_explicit_refusal_is_still_failed(sandbox, store: AsyncStore, open_client) -> None:  # type: ignore[no-untyped-def]
    client = open_client(PlumClient, sandbox.base_url("plum"), "sandbox-token", policy=POLICY)
    svc = VoucherService(client, store, poll_interval=0.02, min_interval=0)
    outcome = await svc.buy(VoucherRequest(product_id=29877, denomination=Decimal("30")))
    assert outcome.operation.state is OpState.FAILED
    assert "denomination" in outcome.field_errors
