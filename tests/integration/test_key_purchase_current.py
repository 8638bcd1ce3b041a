"""Buying keys through the journal against the sandbox's current Kinguin generation over loopback:
orderExternalId reconciliation (no window guessing), keys as they arrive and resume, key return
and its refusals, the balance and the daily spend guard; and, for v1, the journal's UNIQUE owned
order and the "still sending" rule."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from fulfildesk.domain.journal import OrderAlreadyOwned
from fulfildesk.domain.models import KeyLine, utcnow
from fulfildesk.providers.kinguin import KinguinClient
from fulfildesk.sandbox.config import DEFAULT_TOKEN
from fulfildesk.sandbox.server import RunningSandbox
from fulfildesk.services.keys import KeyPurchaseService, PurchaseRefused, SpendRefused
from fulfildesk.store.db import AsyncStore, Store, ts_precise
from fulfildesk.store.journal import OpState
from fulfildesk.store.vault import Vault
from helpers import closing, eventually_async
from helpers.kinguin_current import PREFIX, Recording, make_service, start

ANNO = KeyLine(product_id=5, quantity=3, max_price=Decimal("3.59"), name="Anno")


@pytest.fixture
def sandbox_current(tmp_path: Path) -> Iterator[RunningSandbox]:
    running = start(tmp_path)
    yield running
    running.stop()


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


def raw_client(running: RunningSandbox) -> KinguinClient:
    return KinguinClient(running.base_url(PREFIX), DEFAULT_TOKEN, api="current")


async def events(store: AsyncStore, operation_id: str) -> list[dict[str, str]]:
    return await store.run(Store.journal_events, operation_id)


# ------------------------------------------------------------------------- purchase


async def test_buy_end_to_end_with_the_reference_and_keys_with_ids(
    sandbox_current: RunningSandbox, store: AsyncStore
) -> None:
    svc = make_service(sandbox_current, store)
    seen: list[str] = []
    try:
        before = await svc.balance()
        outcome = await svc.buy([ANNO], lambda _op, _state, text: seen.append(text))
        assert outcome.completed, outcome.message
        assert outcome.order is not None
        op = outcome.operation
        assert len(outcome.keys) == 3 and outcome.delivered == outcome.expected == 3
        assert all(k.key_id and k.status == "DELIVERED" for k in outcome.keys)
        assert len({k.key_id for k in outcome.keys}) == 3
        assert [k.position for k in outcome.keys] == [0, 1, 2]
        # the order carries the journal's operation id as orderExternalId
        found = await svc.client.find_by_external_id(op.operation_id)
        assert found is not None and found.order_id == outcome.order.provider_order_id
        after = await svc.balance()
        assert before is not None and after is not None
        assert before.amount - after.amount == Decimal("10.77")
        assert op.payload["charged"] == "10.77"
        states = [e["state"] for e in await events(store, op.operation_id)]
        assert states[:3] == ["intent", "sending", "placed"] and states[-1] == "completed"
        assert any("keys delivered" in text for text in seen)
        assert await svc.spent_today() == Decimal("10.77")
    finally:
        await svc.client.aclose()


async def test_limits_are_refused_before_anything_is_journaled(
    sandbox_current: RunningSandbox, store: AsyncStore
) -> None:
    recording = Recording()
    svc = make_service(sandbox_current, store, transport=recording)
    try:
        with pytest.raises(PurchaseRefused) as many:
            await svc.begin([KeyLine(product_id=5, quantity=10, max_price=Decimal("3.59"))])
        assert "at most 9" in many.value.message
        assert list(many.value.field_errors) == ["quantity[0]"]
        eleven = [KeyLine(product_id=p, quantity=1, max_price=Decimal("30")) for p in range(1, 12)]
        with pytest.raises(PurchaseRefused) as products:
            await svc.begin(eleven)
        assert list(products.value.field_errors) == ["products"]
        assert await store.run(Store.journal_list) == []
        assert recording.requests == []
    finally:
        await svc.client.aclose()


async def test_provider_refusal_in_the_current_shape_points_at_the_line(
    sandbox_current: RunningSandbox, store: AsyncStore
) -> None:
    svc = make_service(sandbox_current, store)
    try:
        outcome = await svc.buy(
            [ANNO, KeyLine(product_id=4, quantity=1, max_price=Decimal("1.00"))]
        )
        assert outcome.failed
        assert list(outcome.field_errors) == ["price[1]"]
        assert "ProductUnavailable" in outcome.message
    finally:
        await svc.client.aclose()


# ------------------------------------------------------------------------- lost answers


async def test_timeout_is_settled_by_the_reference_without_window_guessing(
    tmp_path: Path, store: AsyncStore
) -> None:
    running = start(tmp_path, kinguin_place_delay=1.5)
    recording = Recording()
    svc = make_service(running, store, transport=recording, read_timeout=0.2, reconcile_backoff=0.2)
    try:
        outcome = await svc.buy([ANNO])
        assert outcome.completed, outcome.message
        op = outcome.operation
        assert len(outcome.keys) == 3
        history = [e["detail"] for e in await events(store, op.operation_id)]
        assert any(
            f"carries this purchase's reference (orderExternalId {op.operation_id})" in d
            for d in history
        ), history
        searches = recording.searches()
        assert searches and all(
            u.params.get("orderExternalId") == op.operation_id for u in searches
        )
        assert not any("createdAtFrom" in u.params for u in searches)  # no window match
        async with closing(raw_client(running)) as client:
            assert len(await client.search_by_external_id(op.operation_id)) == 1
    finally:
        await svc.client.aclose()
        running.stop()


async def test_absent_reference_means_nothing_was_bought(
    sandbox_current: RunningSandbox, store: AsyncStore
) -> None:
    recording = Recording()
    svc = make_service(sandbox_current, store, transport=recording)
    try:
        op = await svc.begin([ANNO])
        # the console died after committing `sending`, before the POST left
        await store.run(Store.journal_transition, op.operation_id, OpState.SENDING)
        before = await svc.balance()
        outcome = await svc.drive(op.operation_id)
        assert outcome.failed
        assert "nothing was bought" in outcome.message and "safe to buy again" in outcome.message
        searched = [u for u in recording.searches() if u.params.get("orderExternalId")]
        assert len(searched) == svc.reconcile_attempts  # searched a few times before concluding
        assert not any(r.method == "POST" for r in recording.requests)
        assert await svc.balance() == before
        # safe to buy again: a new purchase goes through
        again = await svc.buy([ANNO])
        assert again.completed
    finally:
        await svc.client.aclose()


async def test_two_orders_with_the_reference_need_review(
    sandbox_current: RunningSandbox, store: AsyncStore
) -> None:
    svc = make_service(sandbox_current, store)
    try:
        op = await svc.begin([ANNO])
        await store.run(Store.journal_transition, op.operation_id, OpState.SENDING)
        for _ in range(2):  # Kinguin does not enforce the reference's uniqueness
            await svc.client.create_order([ANNO], op.operation_id)
        outcome = await svc.drive(op.operation_id)
        assert outcome.needs_review and "several Kinguin orders" in outcome.message
    finally:
        await svc.client.aclose()


# ------------------------------------------------------------------------- keys as they arrive


async def test_partial_delivery_then_resume_fetches_only_what_is_missing(
    tmp_path: Path, store: AsyncStore
) -> None:
    running = start(tmp_path, kinguin_current_key_step=1.0)
    recording = Recording()
    svc = make_service(running, store, transport=recording, ready_timeout=0)
    try:
        first = await svc.buy([ANNO])
        assert first.state is OpState.PLACED
        assert "of 3 keys delivered" in first.message
        order_id = first.operation.provider_order_id
        assert order_id

        async def partly_delivered() -> bool:
            details = await svc.client.order_details(order_id)
            return 1 <= details.delivered_count < 3

        await eventually_async(partly_delivered)
        second = await svc.drive(first.operation.operation_id)
        assert second.state is OpState.PLACED  # still waiting for the rest
        assert 1 <= second.delivered < 3 and second.expected == 3
        assert f"{second.delivered} of 3 keys delivered" in second.message
        kept = {k.key_id: (k.serial, k.position) for k in second.keys}
        svc.ready_timeout = 30
        fetched_before = len([r for r in recording.requests if r.url.path.endswith("/keys")])
        done = await svc.drive(first.operation.operation_id)
        assert done.completed and len(done.keys) == 3
        assert len({k.key_id for k in done.keys}) == 3  # each key stored once
        for key in done.keys:  # what was stored before is unchanged
            if key.key_id in kept:
                assert (key.serial, key.position) == kept[key.key_id]
        # keys are fetched only when Kinguin reports more delivered than stored
        key_reads = len([r for r in recording.requests if r.url.path.endswith("/keys")])
        assert key_reads - fetched_before <= 3 - len(kept)
        history = [e["detail"] for e in await events(store, done.operation.operation_id)]
        assert any("of 3 keys delivered" in d for d in history)
    finally:
        await svc.client.aclose()
        running.stop()


async def test_get_keys_for_an_order_bought_elsewhere(
    sandbox_current: RunningSandbox, store: AsyncStore
) -> None:
    svc = make_service(sandbox_current, store)
    try:
        placed = await svc.client.create_order([ANNO], "bought-in-the-web-shop")

        async def delivered() -> bool:
            return (await svc.client.order_details(placed.order_id)).delivered_count == 3

        await eventually_async(delivered)
        keys = await svc.fetch_keys(placed.order)
        again = await svc.fetch_keys(placed.order)
        assert len(keys) == len(again) == 3
        assert [k.key_id for k in keys] == [k.key_id for k in again]
        assert await svc.delivery(placed.order_id) == (3, 3)
    finally:
        await svc.client.aclose()


# ------------------------------------------------------------------------- key return


async def test_key_return_is_journaled_and_refunds(
    sandbox_current: RunningSandbox, store: AsyncStore
) -> None:
    svc = make_service(sandbox_current, store)
    try:
        bought = await svc.buy([ANNO])
        assert bought.completed and bought.order is not None
        order_id = bought.order.provider_order_id
        before = await svc.balance()
        returned = await svc.return_keys(order_id)
        assert returned.completed, returned.message
        assert "took back 3 key(s)" in returned.message and "10.77 EUR" in returned.message
        after = await svc.balance()
        assert before is not None and after is not None
        assert after.amount - before.amount == Decimal("10.77")
        keys = await store.run(Store.keys_for_order, "kinguin", order_id)
        assert {k.status for k in keys} == {"RETURNED"}
        op = returned.operation
        assert op.kind == "return_keys" and op.provider_order_id == order_id
        states = [e["state"] for e in await events(store, op.operation_id)]
        assert states == ["intent", "sending", "completed"]
        # nothing left to return: refused in words before anything is sent
        with pytest.raises(PurchaseRefused, match="No delivered key"):
            await svc.begin_return(order_id)
    finally:
        await svc.client.aclose()


async def test_a_second_return_of_one_order_is_refused_before_sending(
    sandbox_current: RunningSandbox, store: AsyncStore
) -> None:
    """Two returns of one order asked at once (two windows): the journal's one-owner index
    lets one through; the other fails in words, and nothing is sent for it."""
    svc = make_service(sandbox_current, store)
    try:
        bought = await svc.buy([ANNO])
        assert bought.completed and bought.order is not None
        order_id = bought.order.provider_order_id
        first = await svc.begin_return(order_id)
        second = await svc.begin_return(order_id)  # asked before the first was sent
        assert (await svc.drive(first.operation_id)).completed
        refused = await svc.drive(second.operation_id)
        assert refused.failed and "already asked" in refused.message
        assert first.operation_id in refused.message and "Nothing was sent" in refused.message
        assert refused.operation.provider_order_id is None
    finally:
        await svc.client.aclose()


async def test_key_return_refusals_in_words(tmp_path: Path, store: AsyncStore) -> None:
    running = start(tmp_path)
    svc = make_service(running, store)
    try:
        bought = await svc.buy([ANNO])
        assert bought.order is not None
        order_id = bought.order.provider_order_id
        # a buyer redeemed the keys: Kinguin refuses, and says why
        httpx.post(
            f"{running.base_url(PREFIX)}/_sandbox/order/{order_id}/claim",
            headers={"X-Api-Key": DEFAULT_TOKEN},
        ).raise_for_status()
        refused = await svc.return_keys(order_id)
        assert refused.failed
        assert "No key of this order can be returned" in refused.message
        assert "claimed" in refused.message
        # past 24 hours: refused before anything is sent
        later = make_service(running, store, clock=lambda: utcnow() + timedelta(hours=25))
        with pytest.raises(PurchaseRefused, match="within 24 hours"):
            await later.begin_return(order_id)
        await later.client.aclose()
    finally:
        await svc.client.aclose()
        running.stop()


# ------------------------------------------------------------------------- spend guard


async def test_an_order_costing_more_than_the_balance_is_refused_before_sending(
    tmp_path: Path, store: AsyncStore
) -> None:
    running = start(tmp_path, kinguin_balance="10.00")
    recording = Recording()
    svc = make_service(running, store, transport=recording)
    try:
        with pytest.raises(SpendRefused) as refused:
            await svc.begin([KeyLine(product_id=1021, quantity=2, max_price=Decimal("9.99"))])
        assert "19.98 EUR" in refused.value.message and "10.00 EUR" in refused.value.message
        assert "total" in refused.value.field_errors
        assert not any(r.method == "POST" for r in recording.requests)
        assert await store.run(Store.journal_list) == []
        ok = await svc.buy([KeyLine(product_id=1021, quantity=1, max_price=Decimal("9.99"))])
        assert ok.completed
    finally:
        await svc.client.aclose()
        running.stop()


async def test_daily_spend_limit_is_enforced_by_the_service(
    sandbox_current: RunningSandbox, store: AsyncStore
) -> None:
    svc = make_service(sandbox_current, store, daily_limit=Decimal("12.00"))
    try:
        first = await svc.buy([ANNO])  # 10.77
        assert first.completed
        with pytest.raises(SpendRefused) as refused:
            await svc.begin([KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"))])
        assert "daily spend limit" in refused.value.message
        assert "10.77 EUR were already spent today" in refused.value.message
        assert "1.23 EUR are left" in refused.value.message
        # an intent recorded earlier (say, before the limit was lowered) is checked again
        # before it is sent, and fails without sending
        op = await svc.create(
            {
                "lines": [{"product_id": 5, "quantity": 1, "max_price": "3.59", "name": "Anno"}],
                "operator": "",
            }
        )
        resumed = await svc.drive(op.operation_id)
        assert resumed.failed and "daily spend limit" in resumed.message
        assert "total" in resumed.field_errors
        # failed purchases count nothing
        assert await svc.spent_today() == Decimal("10.77")
        # without a limit (the default) the same purchase goes through
        svc.daily_limit = None
        assert (
            await svc.buy([KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"))])
        ).completed
        assert await svc.spent_today() == Decimal("14.36")
    finally:
        await svc.client.aclose()


# ------------------------------------------------------------------------- v1: owned orders


def test_one_order_cannot_be_owned_by_two_purchases_across_processes(tmp_path: Path) -> None:
    vault = Vault.generate()
    one = Store(tmp_path / "cache.sqlite", vault)
    two = Store(tmp_path / "cache.sqlite", vault)  # a second process on the same data dir
    try:
        a = one.journal_create("kinguin", "buy_keys", {"lines": []})
        b = two.journal_create("kinguin", "buy_keys", {"lines": []})
        one.journal_transition(a.operation_id, OpState.PLACED, provider_order_id="K-1")
        with pytest.raises((sqlite3.IntegrityError, OrderAlreadyOwned)):
            two.journal_transition(b.operation_id, OpState.PLACED, provider_order_id="K-1")
        assert two.journal_get(b.operation_id).state is OpState.INTENT
        # a key return of that order is no second owner
        r = two.journal_create("kinguin", "return_keys", {"order_id": "K-1"})
        two.journal_transition(r.operation_id, OpState.SENDING, provider_order_id="K-1")
    finally:
        one.close()
        two.close()


async def test_v1_window_match_says_why_and_waits_for_other_senders(
    sandbox, store: AsyncStore
) -> None:  # type: ignore[no-untyped-def]
    client = KinguinClient(sandbox.base_url("kinguin"), DEFAULT_TOKEN)
    svc = KeyPurchaseService(
        client, store, poll_interval=0.02, ready_timeout=10, reconcile_attempts=2
    )
    line = KeyLine(product_id=1342, quantity=1, max_price=Decimal("7.19"))
    try:
        # another purchase of the same products is still being sent: no adoption
        other = await svc.begin([line])
        await store.run(
            Store.journal_transition, other.operation_id, OpState.SENDING, sent_at=ts_precise()
        )
        mine = await svc.begin([line])
        await store.run(
            Store.journal_transition, mine.operation_id, OpState.SENDING, sent_at=ts_precise()
        )
        await client.place_order([line])  # one of the two reached Kinguin
        waiting = await svc.drive(mine.operation_id)
        assert waiting.needs_review and other.operation_id in waiting.message
        # alone, the same situation is adopted, and the history says why
        third = await svc.begin([KeyLine(product_id=1455, quantity=1, max_price=Decimal("4.49"))])
        await store.run(
            Store.journal_transition, third.operation_id, OpState.SENDING, sent_at=ts_precise()
        )
        await client.place_order([KeyLine(product_id=1455, quantity=1, max_price=Decimal("4.49"))])
        adopted = await svc.drive(third.operation_id)
        assert adopted.completed, adopted.message
        history = [e["detail"] for e in await events(store, third.operation_id)]
        assert any(
            "the only order created between" in d and "owned by no other journal entry" in d
            for d in history
        ), history
    finally:
        await client.aclose()
