"""Every key status and error kind Kinguin documents, produced by the sandbox's /kinguin-current
and handled by the console, over real loopback HTTP: PROCESSING keys (delivered next, not yet
delivered), REFUNDED keys (Kinguin refunds them itself), OrderFailed (nothing created, or created
anyway: settled by the reference), ResourceLock (another request holds the order) and
OrderNotSupported (an order from Kinguin's old platform)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from fulfildesk.domain.models import KeyLine, OrderStatus
from fulfildesk.providers import kinguin
from fulfildesk.providers.kinguin import KinguinClient
from fulfildesk.sandbox.config import DEFAULT_TOKEN
from fulfildesk.sandbox.kinguin_current import (
    ORDER_FAILED_CREATED_ID,
    ORDER_FAILED_ID,
    _hex_id,
)
from fulfildesk.sandbox.server import RunningSandbox
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.journal import OpState
from fulfildesk.store.vault import Vault
from fulfildesk.ui.widgets.key_viewer import status_note
from helpers import eventually_async
from helpers.kinguin_current import PREFIX, Recording, make_service, start

HEADERS = {"X-Api-Key": DEFAULT_TOKEN}
WITCHER = KeyLine(product_id=1021, quantity=3, max_price=Decimal("9.99"), name="Witcher 3")


@pytest.fixture
def running(tmp_path: Path) -> Iterator[RunningSandbox]:
    sandbox = start(tmp_path)
    yield sandbox
    sandbox.stop()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[AsyncStore]:
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


def control(sandbox: RunningSandbox, order_id: str, action: str, **kwargs: Any) -> Any:
    """A sandbox-only control (`/_sandbox/order/{id}/...`): Kinguin's side of the story."""
    answer = httpx.post(
        f"{sandbox.base_url(PREFIX)}/_sandbox/order/{order_id}/{action}", headers=HEADERS, **kwargs
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def assert_error_shape(answer: httpx.Response, kind: str, status: int, path_end: str) -> None:
    """Kinguin's documented error object: {kind, status, title, detail, path, method, timestamp}."""
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["kind"] == kind and body["status"] == status
    assert body["title"] and body["detail"] and body["timestamp"]
    assert body["path"].endswith(path_end) and body["method"] == "POST"


# --------------------------------------------------------------------------- PROCESSING


async def test_keys_pass_through_processing_and_the_console_keeps_waiting(
    tmp_path: Path, store: AsyncStore
) -> None:
    """A key is PENDING, then PROCESSING for half a step, then DELIVERED. The console counts a
    PROCESSING key as not delivered yet ("1 of 2 keys delivered") and keeps polling. The
    sandbox's slow-seller control holds the second key in PROCESSING for as long as the test
    reads it (no race with the clock)."""
    sandbox = start(tmp_path, kinguin_current_key_step=2.0)
    svc = make_service(sandbox, store, ready_timeout=0)
    try:
        first = await svc.buy([KeyLine(product_id=4, quantity=2, max_price=Decimal("5.49"))])
        assert first.state is OpState.PLACED
        order_id = first.operation.provider_order_id
        assert order_id
        # the first key is due 2 s after the order, the second after 4: the hold lands before
        control(sandbox, order_id, "hold", params={"after": "1"})
        seen: set[tuple[str, ...]] = set()

        async def second_key_processing() -> kinguin.KinguinOrder | None:
            details = await svc.client.order_details(order_id)
            statuses = tuple(k.status for k in details.keys)
            seen.add(statuses)
            return details if statuses == ("DELIVERED", "PROCESSING") else None

        during = await eventually_async(second_key_processing)
        assert during.order.status is OrderStatus.PROCESSING  # still `processing`
        assert during.delivered_count == 1 and during.pending_count == 1
        assert not during.settled
        # the keys endpoint lists the delivered key only
        assert len(await svc.client.get_keys(order_id)) == 1

        second = await svc.drive(first.operation.operation_id)
        still = await svc.client.order_details(order_id)
        assert [k.status for k in still.keys] == ["DELIVERED", "PROCESSING"]  # held
        assert second.state is OpState.PLACED  # not taken as delivered: keeps waiting
        assert second.delivered == 1 and second.expected == 2
        assert "1 of 2 keys delivered" in second.message
        assert await svc.delivery(order_id) == (1, 2)

        control(sandbox, order_id, "hold", params={"release": "1"})
        svc.ready_timeout = 30
        done = await svc.drive(first.operation.operation_id)
        assert done.completed and done.delivered == done.expected == 2
        # every key went PENDING -> PROCESSING -> DELIVERED, never backwards
        assert ("DELIVERED", "PROCESSING") in seen
        assert all(statuses[0] != "PENDING" or statuses[1] == "PENDING" for statuses in seen)
    finally:
        await svc.client.aclose()
        sandbox.stop()


async def test_a_canceled_order_cancels_processing_keys_too(tmp_path: Path) -> None:
    sandbox = start(tmp_path, kinguin_current_key_step=2.0)
    c = KinguinClient(sandbox.base_url(PREFIX), DEFAULT_TOKEN, api="current")
    try:
        placed = await c.create_order(
            [KeyLine(product_id=4, quantity=1, max_price=Decimal(6))], "op-x"
        )

        async def processing() -> bool:
            order = await c.order_details(placed.order_id)
            return [k.status for k in order.keys] == ["PROCESSING"]

        await eventually_async(processing)
        before = (await c.balance()).amount
        assert [k["status"] for k in control(sandbox, placed.order_id, "cancel")] == ["CANCELED"]
        order = await c.order_details(placed.order_id)
        assert order.order.provider_status == "canceled" and order.settled
        assert (await c.balance()).amount == before + Decimal("5.49")
    finally:
        await c.aclose()
        sandbox.stop()


# --------------------------------------------------------------------------- REFUNDED


async def test_kinguin_refunds_keys_and_the_console_counts_them_neither_delivered_nor_pending(
    running: RunningSandbox, store: AsyncStore
) -> None:
    svc = make_service(running, store)
    try:
        outcome = await svc.buy([WITCHER])
        assert outcome.completed and outcome.order is not None
        order_id = outcome.order.provider_order_id
        before = await svc.balance()
        assert before is not None
        first_key = outcome.keys[0].key_id
        assert first_key

        answer = control(running, order_id, "refund", json={"keys": [first_key]})
        assert [k["status"] for k in answer] == ["REFUNDED", "DELIVERED", "DELIVERED"]
        after = await svc.balance()
        assert after is not None and after.amount == before.amount + Decimal("9.99")

        cached = await store.run(Store.get_order, "kinguin", order_id)
        assert cached is not None
        keys = await svc.fetch_keys(cached)
        by_id = {k.key_id: k for k in keys}
        assert by_id[first_key].status == "REFUNDED"
        assert status_note(by_id[first_key]) == "  ·  refunded"  # the key list says so
        assert sum(1 for k in keys if k.status == "DELIVERED") == 2
        # 2 delivered of the 2 still expected: nothing pending, nothing to wait for
        assert await svc.delivery(order_id) == (2, 2)
        details = await svc.client.order_details(order_id)
        assert details.order.provider_status == "completed" and details.settled
        assert details.delivered_count == 2 and details.pending_count == 0
        assert len(await svc.client.get_keys(order_id)) == 2  # a refunded key is not listed

        # the rest, learned from a sync (the cached order), not from fetching keys: the order
        # ends `refunded`, and the keys the detail pane shows say so
        control(running, order_id, "refund")
        synced = await svc.client.order_details(order_id)
        await store.run(Store.upsert_orders, [synced.order])
        stored = await store.run(Store.keys_for_order, "kinguin", order_id)
        assert [k.status for k in stored] == ["REFUNDED", "DELIVERED", "DELIVERED"]
        assert await svc.delivery(order_id) == (0, 0)  # the cached order already tells
        keys = await svc.current_keys(order_id)
        assert [k.status for k in keys] == ["REFUNDED"] * 3
        stored = await store.run(Store.keys_for_order, "kinguin", order_id)
        assert [k.status for k in stored] == ["REFUNDED"] * 3  # and they are stored
        assert await svc.delivery(order_id) == (0, 0)
        cached = await store.run(Store.get_order, "kinguin", order_id)
        assert cached is not None and cached.status is OrderStatus.REFUNDED
        assert "No delivered key" in svc.can_return(cached, keys)
    finally:
        await svc.client.aclose()


async def test_a_returned_key_no_longer_counts_as_expected(
    running: RunningSandbox, store: AsyncStore
) -> None:
    svc = make_service(running, store)
    try:
        outcome = await svc.buy([WITCHER])
        assert outcome.completed and outcome.order is not None
        order_id = outcome.order.provider_order_id
        back = await svc.return_keys(order_id)
        assert back.completed, back.message
        assert await svc.delivery(order_id) == (0, 0)  # not "0 of 3 keys delivered"
    finally:
        await svc.client.aclose()


# --------------------------------------------------------------------------- OrderFailed


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_order_failed_scenarios_on_both_order_endpoints(
    running: RunningSandbox, version: str
) -> None:
    url = running.base_url(PREFIX)
    field = "kinguinId" if version == "v1" else "productId"

    def product(kinguin_id: int) -> int | str:
        return kinguin_id if version == "v1" else _hex_id(f"product:{kinguin_id}")

    def balance() -> Decimal:
        return Decimal(str(httpx.get(f"{url}/v1/balance", headers=HEADERS).json()["balance"]))

    def with_reference(reference: str) -> list[dict[str, Any]]:
        found = httpx.get(f"{url}/v1/order", params={"orderExternalId": reference}, headers=HEADERS)
        assert found.status_code == 200
        results: list[dict[str, Any]] = found.json()["results"]
        return results

    start_balance = balance()
    nothing = httpx.post(
        f"{url}/{version}/order",
        headers=HEADERS,
        json={
            "products": [{field: product(ORDER_FAILED_ID), "qty": 1, "price": 1}],
            "orderExternalId": f"fail-{version}",
        },
    )
    assert_error_shape(nothing, "OrderFailed", 422, f"/{version}/order")
    assert balance() == start_balance and with_reference(f"fail-{version}") == []

    created = httpx.post(
        f"{url}/{version}/order",
        headers=HEADERS,
        json={
            "products": [{field: product(ORDER_FAILED_CREATED_ID), "qty": 2, "price": 1}],
            "orderExternalId": f"made-{version}",
        },
    )
    assert_error_shape(created, "OrderFailed", 422, f"/{version}/order")
    assert "orderId" not in created.json()  # the answer does not say the order exists
    orders = with_reference(f"made-{version}")
    assert len(orders) == 1 and orders[0]["totalPrice"] == 2
    assert balance() == start_balance - 2


async def test_order_failed_with_no_order_is_not_placed_after_a_lookup(
    running: RunningSandbox, store: AsyncStore
) -> None:
    recording = Recording()
    svc = make_service(running, store, transport=recording)
    try:
        before = await svc.balance()
        outcome = await svc.buy(
            [KeyLine(product_id=ORDER_FAILED_ID, quantity=1, max_price=Decimal(1))]
        )
        assert outcome.failed, outcome.message
        reference = outcome.operation.operation_id
        assert "could not create the order" in outcome.message
        assert "OrderFailed" in outcome.message and "nothing was bought" in outcome.message
        assert "safe to buy again" in outcome.message
        # settled by looking the reference up, not by trusting the refusal
        searched = [
            r.url
            for r in recording.requests
            if r.method == "GET" and r.url.path.endswith("/v1/order")
        ]
        assert searched and all(u.params.get("orderExternalId") == reference for u in searched)
        assert await svc.balance() == before
        assert await svc.client.find_by_external_id(reference) is None
    finally:
        await svc.client.aclose()


async def test_order_failed_after_the_order_was_created_adopts_it_and_buys_nothing_twice(
    running: RunningSandbox, store: AsyncStore
) -> None:
    svc = make_service(running, store)
    try:
        before = await svc.balance()
        assert before is not None
        outcome = await svc.buy(
            [KeyLine(product_id=ORDER_FAILED_CREATED_ID, quantity=2, max_price=Decimal(1))]
        )
        assert outcome.completed, outcome.message
        assert outcome.order is not None and len(outcome.keys) == 2
        reference = outcome.operation.operation_id
        orders = await svc.client.search_by_external_id(reference)
        assert [o.order_id for o in orders] == [outcome.order.provider_order_id]
        after = await svc.balance()
        assert after is not None and before.amount - after.amount == Decimal(2)
        history = [
            e["detail"] for e in await store.run(Store.journal_events, reference) if e["detail"]
        ]
        assert any("OrderFailed" in d and "adopted" in d for d in history)
    finally:
        await svc.client.aclose()


# --------------------------------------------------------------------------- ResourceLock


async def test_a_locked_order_answers_resource_lock_and_the_return_can_be_asked_again(
    running: RunningSandbox, store: AsyncStore
) -> None:
    svc = make_service(running, store)
    try:
        outcome = await svc.buy([WITCHER])
        assert outcome.completed and outcome.order is not None
        order_id = outcome.order.provider_order_id
        before = await svc.balance()
        assert before is not None

        control(running, order_id, "lock", params={"seconds": "60"})
        raw = httpx.post(
            f"{running.base_url(PREFIX)}/v2/order/{order_id}/keys/return", headers=HEADERS
        )
        assert_error_shape(raw, "ResourceLock", 409, "/keys/return")

        refused = await svc.return_keys(order_id)
        assert refused.failed
        assert "being modified by another request" in refused.message  # the provider's words
        assert "ask for the return again" in refused.message
        assert await svc.balance() == before
        keys = await store.run(Store.keys_for_order, "kinguin", order_id)
        assert [k.status for k in keys] == ["DELIVERED"] * 3  # nothing changed

        control(running, order_id, "lock", params={"seconds": "0"})  # the other request ends
        again = await svc.return_keys(order_id)
        assert again.completed, again.message
        after = await svc.balance()
        assert after is not None and after.amount == before.amount + Decimal("29.97")
    finally:
        await svc.client.aclose()


async def test_a_return_in_progress_holds_the_order(tmp_path: Path) -> None:
    # the first return holds the order for 3 s: the second request, sent at once beside it,
    # lands well inside that even on a loaded machine
    sandbox = start(tmp_path, kinguin_current_return_delay=3.0)
    url = sandbox.base_url(PREFIX)
    c = KinguinClient(url, DEFAULT_TOKEN, api="current")
    try:
        placed = await c.create_order(
            [KeyLine(product_id=4, quantity=1, max_price=Decimal(6))], "op-x"
        )

        async def delivered() -> bool:
            return (await c.order_details(placed.order_id)).delivered_count == 1

        await eventually_async(delivered)
        async with httpx.AsyncClient(headers=HEADERS) as http:
            answers = await asyncio.gather(
                *(http.post(f"{url}/v2/order/{placed.order_id}/keys/return") for _ in range(2))
            )
        assert sorted(a.status_code for a in answers) == [200, 409]
        locked = next(a for a in answers if a.status_code == 409)
        assert locked.json()["kind"] == "ResourceLock"
        order = await c.order_details(placed.order_id)
        assert [k.status for k in order.keys] == ["RETURNED"]  # returned once
    finally:
        await c.aclose()
        sandbox.stop()


# --------------------------------------------------------------------------- OrderNotSupported


async def test_a_legacy_order_cannot_return_keys_and_the_console_says_why(
    running: RunningSandbox, store: AsyncStore
) -> None:
    svc = make_service(running, store)
    try:
        outcome = await svc.buy([WITCHER])
        assert outcome.completed and outcome.order is not None
        order_id = outcome.order.provider_order_id
        before = await svc.balance()
        control(running, order_id, "legacy")

        with pytest.raises(kinguin.OrderNotSupported) as raw:
            await svc.client.return_keys(order_id)
        assert raw.value.code == "OrderNotSupported" and not raw.value.retryable

        refused = await svc.return_keys(order_id)
        assert refused.failed
        assert "legacy" in refused.message and "OrderNotSupported" in refused.message
        assert await svc.balance() == before
        # the order is still readable and its keys still fetched
        details = await svc.client.order_details(order_id)
        assert details.delivered_count == 3
        assert len(await svc.client.get_keys(order_id)) == 3
    finally:
        await svc.client.aclose()
