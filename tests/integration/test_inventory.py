"""Inventory orders against the sandbox over loopback: entry types, rollback, 202, repeats."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from fulfildesk.providers.errors import AuthenticationError, NotFoundError, RequestRejected
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.inventory import InventoryClient, OrderCreateWire
from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.services.inventory import EntryDraft, InventoryOrderDraft, InventoryService
from fulfildesk.store.db import AsyncStore, Store, ts_precise
from fulfildesk.store.journal import OpState
from fulfildesk.store.vault import Vault
from helpers import closing, eventually_async


@pytest.fixture
def fast_async(sandbox_config: SandboxConfig) -> SandboxConfig:
    sandbox_config.inventory_async_delay = 0.2
    return sandbox_config


@pytest.fixture
async def client(sandbox, fast_async):  # type: ignore[no-untyped-def]
    c = InventoryClient(sandbox.base_url("inventory"), "sandbox-token")
    yield c
    await c.aclose()


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


def order(*entries: EntryDraft, transaction: bool = False, order_id: str = "") -> OrderCreateWire:
    draft = InventoryOrderDraft(player_id=7, entries=list(entries), is_transaction=transaction)
    return draft.wire(order_id or None, None)  # type: ignore[arg-type]


def gold(result) -> int:  # type: ignore[no-untyped-def]
    return next(c.after for e in result.entries for c in e.changes if c.item_id == 1)


async def test_entry_types_and_results(client: InventoryClient) -> None:
    result = await client.create_order(
        42,
        order(
            EntryDraft(type="purchase_loot", loot_id=3, quantity=2, price_item_id=1, price=150),
            EntryDraft(type="fill_loot", loot_id=5),
            EntryDraft(type="promotion_code", external_tran_id="WELCOME2026"),
            EntryDraft(type="create_new_persistent_inventory", item_id=502, quantity=1),
            EntryDraft(type="fill_loot", loot_id=999999),
        ),
    )
    assert [e.result for e in result.entries] == [
        "success",
        "success",
        "success",
        "success",
        "loot_not_found",
    ]
    assert gold(result) == 1000 - 300  # 2 x 150 Gold
    assert result.order.provider_status == "partial"
    again = await client.create_order(
        42,
        order(
            EntryDraft(type="promotion_code", external_tran_id="WELCOME2026"),
            EntryDraft(type="promotion_code", external_tran_id="SPRING2024"),
            EntryDraft(type="purchase_loot", loot_id=15, quantity=100, price_item_id=1, price=750),
            EntryDraft(type="purchase_loot", loot_id=3, price_item_id=1, price=1),
            EntryDraft(type="fill_loot", loot_id=2, quantity=101),
        ),
    )
    assert [e.result for e in again.entries] == [
        "promotion_claimed_already",
        "promotion_expired",
        "cannot_afford_price",
        "price_does_not_match",
        "quantity_not_allowed",
    ]
    # updating a record found in the first order's details
    record = next(c.inventory_id for e in result.entries for c in e.changes if c.item_id == 502)
    updated = await client.create_order(
        42,
        order(
            EntryDraft(
                type="update_existing_persistent_inventory",
                inventory_id=record,
                inventory_operation="add",
                quantity=4,
            )
        ),
    )
    assert updated.entries[0].changes[0].before == 1
    assert updated.entries[0].changes[0].after == 5


async def test_transaction_rolls_back_every_entry(client: InventoryClient) -> None:
    result = await client.create_order(
        43,
        order(
            EntryDraft(type="purchase_loot", loot_id=2, price_item_id=1, price=100),
            EntryDraft(type="fill_loot", loot_id=999999),
            transaction=True,
        ),
    )
    assert [e.result for e in result.entries] == ["rollback", "loot_not_found"]
    after = await client.create_order(
        43, order(EntryDraft(type="purchase_loot", loot_id=1, price_item_id=1, price=50))
    )
    assert gold(after) == 950  # the rolled-back purchase took nothing


async def test_more_than_five_entries_answer_202_then_finish(client: InventoryClient) -> None:
    entries = [EntryDraft(type="fill_loot", loot_id=n) for n in range(1, 7)]
    accepted = await client.create_order(44, order(*entries, order_id="big-order"))
    assert accepted.pending and all(e.result == "not_started" for e in accepted.entries)

    async def finished():  # type: ignore[no-untyped-def]
        polled = await client.get_order(44, "big-order")
        return None if polled.pending else polled

    polled = await eventually_async(finished, what="the 202 order finishing")
    assert [e.result for e in polled.entries] == ["success"] * 6


async def test_repeated_order_id_is_not_applied_twice(client: InventoryClient) -> None:
    first = await client.create_order(
        45,
        order(
            EntryDraft(type="purchase_loot", loot_id=1, price_item_id=1, price=50), order_id="once"
        ),
    )
    second = await client.create_order(
        45,
        order(
            EntryDraft(type="purchase_loot", loot_id=1, price_item_id=1, price=50), order_id="once"
        ),
    )
    assert gold(first) == gold(second) == 950
    listing = await client.list_orders(45)
    assert [o.order.provider_order_id for o in listing.orders] == ["once"]
    with pytest.raises(RequestRejected) as other_player:
        await client.create_order(
            46, order(EntryDraft(type="fill_loot", loot_id=1), order_id="once")
        )
    assert "order_id" in other_player.value.field_errors


async def test_errors(client: InventoryClient, sandbox) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RequestRejected) as invalid:
        await client.create_order(47, order(EntryDraft(type="fill_loot", loot_id=1, quantity=0)))
    assert "entries.0.quantity" in invalid.value.field_errors
    with pytest.raises(RequestRejected) as promo:
        await client.create_order(
            47,
            OrderCreateWire.model_validate(
                {"entries": [{"type": "promotion_code", "quantity": 1}]}
            ),
        )
    assert "entries.0.external_tran_id" in promo.value.field_errors
    with pytest.raises(NotFoundError):
        await client.get_order(47, "no-such-order")
    async with closing(InventoryClient(sandbox.base_url("inventory"), "wrong")) as bad:
        with pytest.raises(AuthenticationError) as forbidden:
            await bad.list_orders(47)
    assert forbidden.value.status == 403 and forbidden.value.code == "invalid_token"
    answer = httpx.get(
        f"{sandbox.base_url('inventory')}/inventory/v1/player/-1/order",
        headers={"Authorization": "Bearer sandbox-token"},
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["path", "player_id"]


async def test_cursor_paging_lists_every_order_once(client: InventoryClient) -> None:
    for n in range(7):
        await client.create_order(48, order(EntryDraft(type="fill_loot", loot_id=1 + n)))
    seen: list[str] = []
    cursor = None
    while True:
        page = await client.list_orders(48, cursor=cursor, limit=3, sort="asc")
        seen += [o.order.provider_order_id for o in page.orders]
        cursor = page.cursor
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 7


async def test_service_journals_and_polls_202(sandbox, fast_async, store: AsyncStore) -> None:  # type: ignore[no-untyped-def]
    client = InventoryClient(sandbox.base_url("inventory"), "sandbox-token")
    svc = InventoryService(client, store, poll_interval=0.05)
    draft = InventoryOrderDraft(
        player_id=50, entries=[EntryDraft(type="fill_loot", loot_id=n) for n in range(1, 8)]
    )
    outcome = await svc.submit(draft)
    assert outcome.pending and outcome.result is not None and outcome.result.pending
    final = await svc.wait_for(outcome.operation.operation_id)
    assert final.completed
    assert final.result is not None and all(e.succeeded for e in final.result.entries)
    cached = await store.run(
        lambda s: s.get_order("inventory", final.operation.payload["order_id"])
    )
    assert cached is not None and cached.status.value == "completed"
    await client.aclose()


async def test_service_after_a_timeout_or_crash_applies_once(
    sandbox,
    fast_async,  # type: ignore[no-untyped-def]
    store: AsyncStore,
) -> None:
    client = InventoryClient(
        sandbox.base_url("inventory"), "sandbox-token", policy=HttpPolicy(backoff_base=0.01)
    )
    svc = InventoryService(client, store, poll_interval=0.05)
    draft = InventoryOrderDraft(
        player_id=51,
        entries=[EntryDraft(type="purchase_loot", loot_id=1, price_item_id=1, price=50)],
    )
    # crashed after the provider applied it: found by order_id
    op = await svc.begin(draft)
    await store.run(
        lambda s: s.journal_transition(op.operation_id, OpState.SENDING, sent_at=ts_precise())
    )
    await client.create_order(
        51, draft.wire(op.payload["order_id"], op.payload["client_order_ref_id"])
    )
    # crashed before the request reached the provider: sent again with the same order_id
    op2 = await svc.begin(draft)
    await store.run(
        lambda s: s.journal_transition(op2.operation_id, OpState.SENDING, sent_at=ts_precise())
    )
    outcomes = await svc.resume_all()
    assert [o.operation.state for o in outcomes] == [OpState.COMPLETED, OpState.COMPLETED]
    listing = await svc.player_orders(51)
    assert len(listing) == 2
    assert gold(listing[0]) == 900  # two purchases of 50 Gold, each applied once
    await client.aclose()


async def test_service_refusal_keeps_field_errors(sandbox, store: AsyncStore) -> None:  # type: ignore[no-untyped-def]
    client = InventoryClient(sandbox.base_url("inventory"), "sandbox-token")
    svc = InventoryService(client, store)
    draft = InventoryOrderDraft(player_id=52, entries=[EntryDraft(type="fill_loot", loot_id=1)])
    op = await svc.begin(draft)
    payload = {**op.payload, "entries": [{**op.payload["entries"][0], "quantity": 0}]}
    await store.run(
        lambda s: s.journal_transition(op.operation_id, OpState.INTENT, payload=payload)
    )
    outcome = await svc.drive(op.operation_id)
    assert outcome.operation.state is OpState.FAILED
    assert "entries.0.quantity" in outcome.field_errors
    await client.aclose()
