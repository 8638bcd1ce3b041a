"""Kinguin v1 lost answers when several identical purchases are unsettled at once (issue 12):
v1 orders carry no client reference, so an entry adopts an order only when it can be proven to
be its own (created after it was sent, owned by no other entry, and either the only candidate or
one of exactly as many interchangeable orders as waiting purchases); otherwise it waits or
needs review. Real sandbox over loopback, real SQLite journal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from fulfildesk.domain.models import KeyLine
from fulfildesk.providers.kinguin import KinguinClient
from fulfildesk.services.keys import AssignRefused, KeyPurchaseService
from fulfildesk.store.db import AsyncStore, Store, ts_precise
from fulfildesk.store.journal import Operation, OpState
from fulfildesk.store.vault import Vault

HOLLOW = KeyLine(product_id=1342, quantity=1, max_price=Decimal("7.19"))


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


@pytest.fixture
async def svc(kinguin_url: str, token: str, store: AsyncStore):  # type: ignore[no-untyped-def]
    service = KeyPurchaseService(
        KinguinClient(kinguin_url, token),
        store,
        poll_interval=0.02,
        reconcile_attempts=2,
        ready_timeout=10,
    )
    yield service
    await service.client.aclose()


async def sending(svc: KeyPurchaseService, line: KeyLine, sent: datetime | None = None) -> str:
    """A purchase whose console was killed after committing `sending` (its lease is free)."""
    op = await svc.begin([line])
    await svc.store.run(
        Store.journal_transition, op.operation_id, OpState.SENDING, sent_at=ts_precise(sent)
    )
    await svc.store.run(Store.journal_release, op.operation_id, svc.lease_owner)
    return op.operation_id


async def get(store: AsyncStore, operation_id: str) -> Operation:
    return await store.run(Store.journal_get, operation_id)


async def history(store: AsyncStore, operation_id: str) -> list[str]:
    return [e["detail"] for e in await store.run(Store.journal_events, operation_id)]


async def test_identical_lost_purchases_each_adopt_one_order(
    svc: KeyPurchaseService, store: AsyncStore
) -> None:
    first = await sending(svc, HOLLOW)
    one = await svc.client.place_order([HOLLOW])  # the first reached Kinguin, then was killed
    second = await sending(svc, HOLLOW)
    two = await svc.client.place_order([HOLLOW])  # so did the second
    outcomes = await svc.resume_all()
    assert [o.state for o in outcomes] == [OpState.COMPLETED, OpState.COMPLETED], [
        o.message for o in outcomes
    ]
    assert (await get(store, first)).provider_order_id == one
    assert (await get(store, second)).provider_order_id == two
    assert any("paired in time order" in d for d in await history(store, first))


async def test_fewer_orders_than_waiting_purchases_adopts_nothing(
    svc: KeyPurchaseService, store: AsyncStore
) -> None:
    first = await sending(svc, HOLLOW)  # killed before its request left
    second = await sending(svc, HOLLOW)
    only = await svc.client.place_order([HOLLOW])  # one order: whose is not provable
    outcomes = await svc.resume_all()
    assert all(o.state is OpState.NEEDS_REVIEW for o in outcomes), [o.message for o in outcomes]
    for operation_id in (first, second):
        op = await get(store, operation_id)
        assert op.provider_order_id is None
    assert only in (await get(store, first)).error or only in (await get(store, second)).error


async def test_an_order_created_before_the_purchase_was_sent_is_not_its_own(
    svc: KeyPurchaseService, store: AsyncStore
) -> None:
    await svc.client.place_order([HOLLOW])  # someone's earlier order, owned by no entry
    later = datetime.now(UTC) + timedelta(seconds=4)
    mine = await sending(svc, HOLLOW, sent=later)
    [outcome] = await svc.resume_all()
    assert outcome.needs_review and "probably not placed" in outcome.message
    assert (await get(store, mine)).payload["candidates"] == []


async def test_a_purchase_in_review_without_a_candidate_does_not_block_the_next(
    svc: KeyPurchaseService, store: AsyncStore
) -> None:
    lost = await sending(svc, HOLLOW)  # its request never reached Kinguin
    [reviewed] = await svc.resume_all()
    assert reviewed.needs_review and reviewed.operation.operation_id == lost
    mine = await sending(svc, HOLLOW)
    order = await svc.client.place_order([HOLLOW])
    [outcome] = await svc.resume_all()
    assert outcome.completed, outcome.message
    assert (await get(store, mine)).provider_order_id == order
    assert (await get(store, lost)).state is OpState.NEEDS_REVIEW


async def test_an_earlier_unsettled_purchase_is_settled_before_the_next_is_sent(
    svc: KeyPurchaseService, store: AsyncStore
) -> None:
    killed = await sending(svc, HOLLOW)
    theirs = await svc.client.place_order([HOLLOW])
    outcome = await svc.buy([HOLLOW])  # the same products again
    assert outcome.completed, outcome.message
    assert outcome.operation.provider_order_id != theirs
    earlier = await get(store, killed)
    assert earlier.state is OpState.COMPLETED and earlier.provider_order_id == theirs


async def test_a_purchase_waits_while_an_earlier_one_cannot_be_settled(
    svc: KeyPurchaseService, store: AsyncStore
) -> None:
    first = await sending(svc, HOLLOW)
    second = await sending(svc, HOLLOW)
    await svc.client.place_order([HOLLOW])
    await svc.client.place_order([HOLLOW])
    await svc.client.place_order([HOLLOW])  # one more than the two could have made
    outcome = await svc.buy([HOLLOW])
    # the earlier two went to review (three orders, two purchases: not provable); with them in
    # review the new one is sent
    for operation_id in (first, second):
        assert (await get(store, operation_id)).state is OpState.NEEDS_REVIEW
    assert outcome.completed, outcome.message


async def test_assigning_an_order_another_purchase_owns_is_refused_in_words(
    svc: KeyPurchaseService, store: AsyncStore
) -> None:
    done = await svc.buy([HOLLOW])
    assert done.completed, done.message
    taken = done.operation.provider_order_id or ""
    lost = await sending(svc, HOLLOW)
    [reviewed] = await svc.resume_all()
    assert reviewed.needs_review
    with pytest.raises(AssignRefused) as refused:
        await svc.adopt(lost, taken)
    text = refused.value.message
    assert text.startswith("Kinguin: ") and taken in text
    assert f"already belongs to purchase {done.operation.operation_id}" in text
    assert "Nothing was changed" in text and "Traceback" not in text
    assert refused.value.field_errors["order"]
    assert (await get(store, lost)).state is OpState.NEEDS_REVIEW  # nothing changed
    # a purchase that is not in review cannot be assigned an order either
    with pytest.raises(AssignRefused, match="only a purchase that needs review"):
        await svc.adopt(done.operation.operation_id, taken)
