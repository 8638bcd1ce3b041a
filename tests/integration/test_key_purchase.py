"""Buying keys through the journal against the sandbox, including lost answers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from fulfildesk.domain.models import KeyLine
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.kinguin import KinguinClient, OrderQuery
from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.services.keys import KeyPurchaseService
from fulfildesk.store.db import AsyncStore, Store, ts_precise
from fulfildesk.store.journal import OpState
from fulfildesk.store.vault import Vault
from helpers import closing, eventually_async

ANNO = KeyLine(product_id=5, quantity=2, max_price=Decimal("3.59"), name="Anno")
ALIENS_IMAGE = KeyLine(product_id=409, quantity=1, max_price=Decimal("7.49"))


@pytest.fixture
async def store(tmp_path: Path):
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


def service(
    url: str,
    token: str,
    store: AsyncStore,
    read_timeout: float = 10.0,
) -> KeyPurchaseService:
    policy = HttpPolicy(read_timeout=read_timeout, placement_read_timeout=read_timeout)
    return KeyPurchaseService(
        KinguinClient(url, token, policy=policy),
        store,
        poll_interval=0.02,
        reconcile_attempts=2,
        ready_timeout=10,
    )


async def provider_orders(url: str, token: str, product_id: int) -> list[str]:
    async with closing(KinguinClient(url, token)) as client:
        page = await client.list_orders(
            OrderQuery(
                limit=100, kinguin_id=product_id, statuses=["pending", "processing", "completed"]
            )
        )
    return [
        o.provider_order_id
        for o in page.orders
        if o.created_at and o.created_at.year >= 2026 and not o.raw.get("_demo")
    ]


async def test_buy_text_and_image_keys(kinguin_url: str, token: str, store: AsyncStore) -> None:
    svc = service(kinguin_url, token, store)
    seen: list[OpState] = []
    outcome = await svc.buy([ANNO, ALIENS_IMAGE], lambda _op, state, _t: seen.append(state))
    assert outcome.completed, outcome.message
    assert [k.content_type for k in outcome.keys] == ["text/plain", "text/plain", "image/jpeg"]
    assert (
        seen[:4] == [OpState.INTENT, OpState.PLACED, OpState.DISPATCHED, OpState.DISPATCHED]
        or OpState.DISPATCHED in seen
    )
    events = await store.run(lambda s: s.journal_events(outcome.operation.operation_id))
    assert [e["state"] for e in events] == [
        "intent",
        "sending",
        "placed",
        "dispatched",
        "completed",
    ]
    cached = await store.run(lambda s: s.get_order("kinguin", outcome.order.provider_order_id))
    assert cached is not None and cached.dispatch_id
    await svc.client.aclose()


async def test_refused_purchase_fails_with_field_message(
    kinguin_url: str, token: str, store: AsyncStore
) -> None:
    svc = service(kinguin_url, token, store)
    outcome = await svc.buy([KeyLine(product_id=5, quantity=1, max_price=Decimal("1.00"))])
    assert outcome.operation.state is OpState.FAILED
    assert "current price" in outcome.message
    assert "price" in outcome.field_errors
    await svc.client.aclose()


async def test_timeout_after_the_provider_created_the_order_is_reconciled(
    kinguin_url: str, token: str, store: AsyncStore, sandbox_config: SandboxConfig
) -> None:
    sandbox_config.kinguin_place_delay = 1.5  # the order exists; the answer comes too late
    svc = service(kinguin_url, token, store, read_timeout=0.3)
    outcome = await svc.buy([ANNO])
    assert outcome.completed, outcome.message
    sandbox_config.kinguin_place_delay = 0
    events = await store.run(lambda s: s.journal_events(outcome.operation.operation_id))
    assert any("outcome was unknown" in e["detail"] for e in events)
    ours = [
        o
        for o in await provider_orders(kinguin_url, token, 5)
        if o == outcome.order.provider_order_id
    ]
    assert len(ours) == 1
    assert len(outcome.keys) == 2
    await svc.client.aclose()


async def test_crash_after_sending_is_adopted_on_resume(
    kinguin_url: str, token: str, store: AsyncStore
) -> None:
    svc = service(kinguin_url, token, store)
    # The console crashed after committing "sending" and after Kinguin created the order.
    op = await svc.begin([ANNO])
    await store.run(
        lambda s: s.journal_transition(op.operation_id, OpState.SENDING, sent_at=ts_precise())
    )
    order_id = await svc.client.place_order([ANNO])
    outcomes = await svc.resume_all()
    assert len(outcomes) == 1 and outcomes[0].completed
    assert outcomes[0].operation.provider_order_id == order_id
    assert len(outcomes[0].keys) == 2
    await svc.client.aclose()


async def test_crash_before_sending_sends_once(
    kinguin_url: str, token: str, store: AsyncStore
) -> None:
    svc = service(kinguin_url, token, store)
    op = await svc.begin([ALIENS_IMAGE])  # intent committed, nothing sent
    before = await provider_orders(kinguin_url, token, 409)
    [outcome] = await svc.resume_all()
    assert outcome.completed and outcome.operation.operation_id == op.operation_id
    after = await provider_orders(kinguin_url, token, 409)
    assert len(after) == len(before) + 1
    await svc.client.aclose()


async def test_lost_answer_with_no_order_needs_review_and_buys_nothing(
    kinguin_url: str, token: str, store: AsyncStore
) -> None:
    svc = service(kinguin_url, token, store)
    op = await svc.begin([KeyLine(product_id=1342, quantity=3, max_price=Decimal("7.19"))])
    await store.run(
        lambda s: s.journal_transition(op.operation_id, OpState.SENDING, sent_at=ts_precise())
    )
    before = await provider_orders(kinguin_url, token, 1342)
    [outcome] = await svc.resume_all()
    assert outcome.operation.state is OpState.NEEDS_REVIEW
    assert "probably not placed" in outcome.message
    assert await provider_orders(kinguin_url, token, 1342) == before
    assert await svc.resume_all() == []  # never retried automatically
    dismissed = await svc.dismiss(op.operation_id, "checked")
    assert dismissed.state is OpState.ABANDONED
    await svc.client.aclose()


async def test_two_candidates_need_review(kinguin_url: str, token: str, store: AsyncStore) -> None:
    svc = service(kinguin_url, token, store)
    op = await svc.begin([ANNO])
    await store.run(
        lambda s: s.journal_transition(op.operation_id, OpState.SENDING, sent_at=ts_precise())
    )
    first = await svc.client.place_order([ANNO])
    second = await svc.client.place_order([ANNO])  # e.g. another workstation, same account
    [outcome] = await svc.resume_all()
    assert outcome.operation.state is OpState.NEEDS_REVIEW
    assert first in outcome.message and second in outcome.message
    # a person proves which one it was: the purchase carries on to its keys
    adopted = await svc.adopt(op.operation_id, second)
    assert adopted.completed and len(adopted.keys) == 2
    await svc.client.aclose()


async def test_orders_claimed_by_other_purchases_are_not_adopted(
    kinguin_url: str, token: str, store: AsyncStore
) -> None:
    svc = service(kinguin_url, token, store)
    done = await svc.buy([ANNO])
    assert done.completed
    op = await svc.begin([ANNO])
    await store.run(
        lambda s: s.journal_transition(op.operation_id, OpState.SENDING, sent_at=ts_precise())
    )
    [outcome] = await svc.resume_all()
    assert outcome.operation.state is OpState.NEEDS_REVIEW  # the only match is already owned
    await svc.client.aclose()


async def test_resume_from_placed_and_dispatched(
    kinguin_url: str, token: str, store: AsyncStore
) -> None:
    svc = service(kinguin_url, token, store)
    placed = await svc.begin([ANNO])
    order_id = await svc.client.place_order([ANNO])
    await store.run(
        lambda s: s.journal_transition(
            placed.operation_id, OpState.PLACED, provider_order_id=order_id
        )
    )
    dispatched = await svc.begin([ALIENS_IMAGE])
    order2 = await svc.client.place_order([ALIENS_IMAGE])

    async def completed() -> bool:
        return (await svc.client.get_order(order2)).provider_status == "completed"

    await eventually_async(completed, what="the second order completing")
    dispatch_id = await svc.client.dispatch(order2)
    await store.run(
        lambda s: s.journal_transition(
            dispatched.operation_id,
            OpState.DISPATCHED,
            provider_order_id=order2,
            dispatch_id=str(dispatch_id),
        )
    )
    outcomes = await svc.resume_all()
    assert [o.operation.state for o in outcomes] == [OpState.COMPLETED, OpState.COMPLETED]
    assert [len(o.keys) for o in outcomes] == [2, 1]
    await svc.client.aclose()
