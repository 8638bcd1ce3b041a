"""Start-up resumes every service of `ctx.purchase_services` (the list `fulfildesk reconcile`
resumes too), the warehouse included: an operation of each, interrupted, is finished by the
window's start-up against the sandbox."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal

from fulfildesk.domain.journal import OpState
from fulfildesk.domain.models import KeyLine
from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT
from fulfildesk.services.inventory import EntryDraft, InventoryOrderDraft
from fulfildesk.services.shipping import ReservationRequest
from fulfildesk.services.vouchers import VoucherRequest
from fulfildesk.store.db import Store, ts_precise

HOODIE = "0b6f2a8e-3c44-4f1a-9d2e-5b7c8a9d0e11"


def test_startup_resumes_an_operation_of_every_purchase_service(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    ctx = window.ctx
    assert {s.provider for s in ctx.purchase_services} == {
        "kinguin",
        "plum",
        "inventory",
        "powerplugin",
    }

    async def interrupted() -> tuple[list[str], str, str]:
        assert ctx.keys and ctx.vouchers and ctx.inventory and ctx.shipping
        recorded = [
            (
                await ctx.keys.begin(
                    [KeyLine(product_id=1618, quantity=1, max_price=Decimal("20"))]
                )
            ).operation_id,
            (
                await ctx.vouchers.begin(
                    VoucherRequest(product_id=15365, denomination=Decimal("20"))
                )
            ).operation_id,
            (
                await ctx.inventory.begin(
                    InventoryOrderDraft(
                        player_id=7, entries=[EntryDraft(type="fill_loot", loot_id=5)]
                    )
                )
            ).operation_id,
        ]
        # a reservation whose answer was lost: the warehouse holds it, the journal says sending
        request = ReservationRequest("startup-player", HOODIE, SEED_ESTABLISHMENT)
        op = await ctx.shipping.create({**asdict(request), "operator": "t", "attempts": 1})
        await ctx.store.run(
            Store.journal_transition, op.operation_id, OpState.SENDING, sent_at=ts_precise()
        )
        made = await ctx.shipping.client.reserve("startup-player", HOODIE, SEED_ESTABLISHMENT)
        return recorded, op.operation_id, made.transaction_id

    recorded, reservation, transaction_id = arun(interrupted())
    with qtbot.waitSignal(window.startupFinished, timeout=30000):
        window.start()
    for operation_id in recorded:
        op = arun(ctx.store.run(Store.journal_get, operation_id))
        assert op.state is OpState.COMPLETED, (op.provider, op.state, op.error)
    op = arun(ctx.store.run(Store.journal_get, reservation))
    assert op.state is OpState.COMPLETED and op.provider_order_id == transaction_id
