"""Buying vouchers through the journal: timeouts, 5xx after creation, crashes, bulk issue."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import pytest

from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.plum import PlumClient
from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.services.vouchers import (
    VoucherRequest,
    VoucherService,
    estimate_charge,
    parse_recipients_csv,
)
from fulfildesk.store.db import AsyncStore, Store, ts_precise
from fulfildesk.store.journal import OpState
from fulfildesk.store.vault import Vault

VISA = VoucherRequest(
    product_id=29877,
    denomination=Decimal("25"),
    quantity=2,
    email="player@example.com",
    notify_receiver=True,
)


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


def service(sandbox, store: AsyncStore, read_timeout: float = 10.0) -> VoucherService:  # type: ignore[no-untyped-def]
    policy = HttpPolicy(
        read_timeout=read_timeout, placement_read_timeout=read_timeout, backoff_base=0.01
    )
    client = PlumClient(sandbox.base_url("plum"), "sandbox-token", policy=policy)
    return VoucherService(client, store, poll_interval=0.02, min_interval=0)


def plum_orders(sandbox) -> int:  # type: ignore[no-untyped-def]
    return sandbox.sandbox.db.conn.execute("SELECT count(*) FROM p_orders").fetchone()[0]


async def test_buy_and_keep_vouchers_encrypted(sandbox, store: AsyncStore) -> None:  # type: ignore[no-untyped-def]
    svc = service(sandbox, store)
    outcome = await svc.buy(VISA)
    assert outcome.completed, outcome.message
    assert len(outcome.vouchers) == 2 and all(v.code for v in outcome.vouchers)
    po = outcome.operation.payload["po_number"]
    cached = await store.run(lambda s: s.get_order("plum", outcome.operation.provider_order_id))
    assert cached is not None and cached.reference == po
    raw = await store.run(
        lambda s: s.journal_db.execute("SELECT code_enc FROM vouchers").fetchone()[0]
    )
    assert outcome.vouchers[0].code.encode() not in raw
    await svc.client.aclose()


async def test_timeout_after_creation_finds_the_order_by_po(
    sandbox, store: AsyncStore, sandbox_config: SandboxConfig
) -> None:  # type: ignore[no-untyped-def]
    sandbox_config.plum_delay = 1.5
    svc = service(sandbox, store, read_timeout=0.3)
    before = plum_orders(sandbox)
    outcome = await svc.buy(VISA)
    sandbox_config.plum_delay = 0
    assert outcome.completed, outcome.message
    assert plum_orders(sandbox) == before + 1  # never two orders for one intent
    events = await store.run(lambda s: s.journal_events(outcome.operation.operation_id))
    assert any("found by PO" in e["detail"] for e in events)
    await svc.client.aclose()


async def test_5xx_after_creation_finds_the_order_by_po(
    sandbox, store: AsyncStore, sandbox_config: SandboxConfig
) -> None:  # type: ignore[no-untyped-def]
    sandbox_config.plum_fail_after_create = 1
    svc = service(sandbox, store)
    before = plum_orders(sandbox)
    outcome = await svc.buy(VISA)
    assert outcome.completed, outcome.message
    assert plum_orders(sandbox) == before + 1
    await svc.client.aclose()


async def test_crash_before_the_request_reached_plum_places_once(
    sandbox, store: AsyncStore
) -> None:  # type: ignore[no-untyped-def]
    svc = service(sandbox, store)
    op = await svc.begin(VISA)
    await store.run(
        lambda s: s.journal_transition(op.operation_id, OpState.SENDING, sent_at=ts_precise())
    )
    before = plum_orders(sandbox)
    [outcome] = await svc.resume_all()
    assert outcome.completed
    assert plum_orders(sandbox) == before + 1
    events = await store.run(lambda s: s.journal_events(op.operation_id))
    assert any("not found at Plum: placing again" in e["detail"] for e in events)
    await svc.client.aclose()


async def test_refusal_keeps_field_messages_and_is_not_retried(
    sandbox,
    store: AsyncStore,  # type: ignore[no-untyped-def]
) -> None:
    svc = service(sandbox, store)
    outcome = await svc.buy(VoucherRequest(product_id=29877, denomination=Decimal("30")))
    assert outcome.operation.state is OpState.FAILED
    assert "denomination" in outcome.field_errors
    unavailable = await svc.buy(VoucherRequest(product_id=30555, denomination=Decimal("10")))
    assert unavailable.operation.state is OpState.FAILED
    assert "no vouchers available" in unavailable.message
    assert int(unavailable.operation.payload["attempts"]) == 1
    await svc.client.aclose()


async def test_local_validation_before_anything_is_sent(sandbox, store: AsyncStore) -> None:  # type: ignore[no-untyped-def]
    svc = service(sandbox, store)
    with pytest.raises(ValueError, match="1 to 10"):
        await svc.begin(VoucherRequest(product_id=29877, denomination=Decimal("25"), quantity=11))
    bad = VoucherRequest(
        product_id=29877,
        denomination=Decimal("25"),
        email="nope",
        notify_receiver=True,
        contact="12",
    )
    assert set(bad.problems()) == {"email", "contact"}
    await svc.client.aclose()


async def test_lookup_and_resend(sandbox, store: AsyncStore) -> None:  # type: ignore[no-untyped-def]
    svc = service(sandbox, store)
    bought = await svc.buy(VISA)
    po = bought.operation.payload["po_number"]
    found, vouchers = await svc.lookup(po_number=po)
    assert found.order.provider_order_id == bought.operation.provider_order_id
    assert [v.code for v in vouchers] == [v.code for v in bought.vouchers]
    resent = await svc.resend(found.order.provider_order_id)
    assert resent.delivery_status == "delivered"
    await svc.client.aclose()


async def test_bulk_issue_with_pause_and_summary(sandbox, store: AsyncStore) -> None:  # type: ignore[no-untyped-def]
    svc = service(sandbox, store)
    rows = parse_recipients_csv(
        "email,contact,tag\na@example.com,,t1\nb@example.com,+1-5551234567,"
        "\nnot-an-email,,\n\nc@example.com,,t3\n"
    )
    assert [r.ok for r in rows] == [True, True, False, True]
    requests = [
        VoucherRequest(
            product_id=29877,
            denomination=Decimal("10"),
            email=r.email,
            contact=r.contact,
            tag=r.tag,
            notify_receiver=True,
        )
        for r in rows
        if r.ok
    ]
    requests.insert(1, VoucherRequest(product_id=29877, denomination=Decimal("11")))  # refused
    running = asyncio.Event()
    running.set()
    seen: list[int] = []

    def progress(p) -> None:  # type: ignore[no-untyped-def]
        seen.append(p.done)
        if p.done == 2:
            running.clear()
            asyncio.get_running_loop().call_later(0.2, running.set)  # resume after a pause

    summary = await svc.bulk_issue(requests, progress, running)
    assert len(summary.succeeded) == 3 and len(summary.failed) == 1
    assert "3 of 4 vouchers issued" in summary.text() and "row 2" in summary.text()
    assert seen[-1] == 4
    pos = {i.operation_id for i in summary.succeeded}
    assert len(pos) == 3
    await svc.client.aclose()


def test_csv_needs_an_email_column() -> None:
    with pytest.raises(ValueError, match="email"):
        parse_recipients_csv("name\nbob\n")


async def test_estimate_matches_what_plum_charges(sandbox, store: AsyncStore) -> None:  # type: ignore[no-untyped-def]
    svc = service(sandbox, store)
    product = {p.product_id: p for p in await svc.products()}[28543]
    estimate = estimate_charge(product, Decimal("10"), 3)
    outcome = await svc.buy(
        VoucherRequest(product_id=28543, denomination=Decimal("10"), quantity=3)
    )
    cached = await store.run(lambda s: s.get_order("plum", outcome.operation.provider_order_id))
    assert cached is not None and cached.total is not None
    assert cached.total.amount == estimate
    await svc.client.aclose()
