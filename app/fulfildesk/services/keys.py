"""Buying game keys from Kinguin through the purchase journal, crash-safe.

Kinguin's POST /v1/order carries no client reference, so "did my order go through?" can only be
answered by listing orders. The journal commits `sending` (with the time) before the request, so
after a timeout, a crash or a kill the console knows the outcome is unknown and looks for an order
created in that window with the same products that no other journal entry owns. Exactly one such
order is adopted; none or several mean `needs_review`: a person decides, nothing is bought again.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from fulfildesk.domain.models import KeyLine, Order, OrderStatus, Provider, SerialKey, utcnow
from fulfildesk.providers.errors import ProviderError
from fulfildesk.providers.kinguin import KinguinClient, OrderQuery
from fulfildesk.services.contract import (
    Changes,
    Interrupted,
    Outcome,
    Progress,
    PurchaseService,
    Sleep,
)
from fulfildesk.store.db import AsyncStore, Store, parse_ts, ts_precise
from fulfildesk.store.journal import Operation, OpState

log = logging.getLogger(__name__)

PROVIDER = Provider.KINGUIN.value
KIND = "buy_keys"
NOT_READY = "1102"
CLOSED_STATUSES = (
    OrderStatus.OUT_OF_STOCK,
    OrderStatus.FAILED,
    OrderStatus.CANCELLED,
    OrderStatus.REFUNDED,
)


@dataclass(kw_only=True)
class PurchaseOutcome(Outcome):
    """A key purchase: the common outcome, plus the order and its stored keys."""

    order: Order | None = None
    keys: list[SerialKey] = field(default_factory=list)


#: kept for imports from before the purchase contract
PurchaseInterrupted = Interrupted


def lines_payload(lines: list[KeyLine]) -> list[dict[str, Any]]:
    return [
        {
            "product_id": line.product_id,
            "quantity": line.quantity,
            "max_price": str(line.max_price),
            "name": line.name,
        }
        for line in lines
    ]


def lines_from_payload(payload: dict[str, Any]) -> list[KeyLine]:
    return [
        KeyLine(
            product_id=item["product_id"],
            quantity=item["quantity"],
            max_price=Decimal(item["max_price"]),
            name=item.get("name", ""),
        )
        for item in payload["lines"]
    ]


def matches(order: Order, lines: list[KeyLine]) -> bool:
    """Is `order` what these lines would have created? Same products and quantities, each at
    no more than the price we accepted."""
    wanted = Counter((str(line.product_id), line.quantity) for line in lines)
    got = Counter((line.product_id, line.quantity) for line in order.lines)
    if wanted != got:
        return False
    limits = {str(line.product_id): line.max_price for line in lines}
    return all(
        line.unit_price is None or line.unit_price <= limits[line.product_id]
        for line in order.lines
    )


class KeyPurchaseService(PurchaseService[PurchaseOutcome]):
    provider = PROVIDER
    kind = KIND
    outcome_type = PurchaseOutcome

    def __init__(
        self,
        client: KinguinClient,
        store: AsyncStore,
        *,
        poll_interval: float = 1.0,
        ready_timeout: float = 300.0,
        reconcile_margin: timedelta = timedelta(minutes=5),
        reconcile_attempts: int = 3,
        operator: str = "",
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(
            store,
            poll_interval=poll_interval,
            ready_timeout=ready_timeout,
            operator=operator,
            sleep=sleep,
            clock=clock,
        )
        self.client = client
        self.reconcile_margin = reconcile_margin
        self.reconcile_attempts = reconcile_attempts

    # ------------------------------------------------------------------ entry points

    async def begin(self, lines: list[KeyLine]) -> Operation:
        """Record the intent (committed) and return it; nothing is sent yet."""
        if not lines:
            raise ValueError("a purchase needs at least one product")
        return await self.create({"lines": lines_payload(lines), "operator": self.operator})

    async def buy(self, lines: list[KeyLine], progress: Progress | None = None) -> PurchaseOutcome:
        op = await self.begin(lines)
        return await self.drive(op.operation_id, progress)

    # ------------------------------------------------------------------ the state machine

    def advances(self, state: OpState, *, wait: bool) -> bool:
        return state in (OpState.INTENT, OpState.SENDING, OpState.PLACED, OpState.DISPATCHED)

    async def step(self, op: Operation) -> None:
        if op.state is OpState.INTENT:
            await self._send(op)
        elif op.state is OpState.SENDING:
            await self._reconcile(op)
        elif op.state is OpState.PLACED:
            await self._dispatch(op)
        elif op.state is OpState.DISPATCHED:
            await self._collect(op)

    def state_text(self, op: Operation) -> str:
        return _state_text(op)

    async def _send(self, op: Operation) -> Operation:
        lines = lines_from_payload(op.payload)
        # Committed before the request: from here on a crash means "outcome unknown".
        op = await self._transition(
            op, OpState.SENDING, "sending the order to Kinguin", sent_at=ts_precise(self._clock())
        )
        try:
            order_id = await self.client.place_order(lines)
        except ProviderError as exc:
            if exc.outcome_unknown:
                log.warning(
                    "purchase %s: outcome unknown (%s); reconciling", op.operation_id, exc.message
                )
                return await self._reconcile(op)
            self._refused(op, exc.field_errors)
            return await self._transition(
                op, OpState.FAILED, "Kinguin refused the order", error=exc.user_message
            )
        return await self._transition(
            op, OpState.PLACED, f"Kinguin order {order_id} placed", provider_order_id=order_id
        )

    async def _reconcile(self, op: Operation) -> Operation:
        lines = lines_from_payload(op.payload)
        sent_at = parse_ts(op.sent_at) or parse_ts(op.created_at) or self._clock()
        for attempt in range(self.reconcile_attempts):
            try:
                candidates = await self._orders_in_window(
                    sent_at - self.reconcile_margin,
                    self._clock() + self.reconcile_margin,
                    lines[0].product_id,
                )
            except ProviderError as exc:
                raise Interrupted(
                    f"Could not check at Kinguin whether the order went through "
                    f"({exc.user_message}). It will be checked again; nothing is bought "
                    "twice."
                ) from exc
            claimed = await self.store.run(Store.claimed_order_ids, PROVIDER)
            claimed |= await self._owned_elsewhere(op)  # team mode: other seats' orders
            found = [
                o for o in candidates if o.provider_order_id not in claimed and matches(o, lines)
            ]
            if len(found) == 1:
                order = found[0]
                return await self._transition(
                    op,
                    OpState.PLACED,
                    f"outcome was unknown; found Kinguin order {order.provider_order_id} "
                    "created in the window with the same products",
                    orders=[order],
                    provider_order_id=order.provider_order_id,
                )
            if len(found) > 1:
                ids = ", ".join(o.provider_order_id for o in found)
                return await self._transition(
                    op,
                    OpState.NEEDS_REVIEW,
                    "several candidate orders",
                    error=f"The answer to this purchase was lost and {len(found)} Kinguin "
                    f"orders match it ({ids}). Check which one is this purchase in the Kinguin "
                    "account; nothing was bought again.",
                )
            if attempt < self.reconcile_attempts - 1:
                await self._sleep(self.poll_interval)
        return await self._transition(
            op,
            OpState.NEEDS_REVIEW,
            "no candidate order",
            error="The answer to this purchase was lost and no matching Kinguin order was "
            "found, so it was probably not placed. Check the Kinguin account, then buy again "
            "or dismiss this entry; nothing was bought again automatically.",
        )

    async def _orders_in_window(
        self, start: datetime, end: datetime, kinguin_id: int
    ) -> list[Order]:
        found: list[Order] = []
        page = 1
        while True:
            result = await self.client.list_orders(
                OrderQuery(
                    page=page,
                    limit=100,
                    sort_by="createdAt",
                    sort_type="asc",
                    created_at_from=start,
                    created_at_to=end,
                    kinguin_id=kinguin_id,
                )
            )
            found.extend(result.orders)
            if not result.orders or page * 100 >= result.item_count or page >= 50:
                return found
            page += 1

    async def _dispatch(self, op: Operation) -> Operation:
        order_id = op.provider_order_id or ""
        deadline = self._clock() + timedelta(seconds=self.ready_timeout)
        while True:
            order = await self._fetch_order(order_id)
            if order.dispatch_id:
                return await self._transition(
                    op,
                    OpState.DISPATCHED,
                    f"dispatch {order.dispatch_id} found on the order",
                    orders=[order],
                    dispatch_id=order.dispatch_id,
                )
            if order.status in CLOSED_STATUSES:
                return await self._transition(
                    op,
                    OpState.FAILED,
                    f"order ended {order.provider_status}",
                    orders=[order],
                    error=f"Kinguin order {order_id} ended '{order.provider_status}': "
                    f"{order.status.explanation}",
                )
            if order.status in (OrderStatus.PROCESSING, OrderStatus.COMPLETED):
                try:
                    dispatch_id = await self.client.dispatch(order_id)
                except ProviderError as exc:
                    if exc.code == NOT_READY or exc.outcome_unknown:
                        pass  # look at the order again: it shows a dispatch if one was made
                    elif exc.retryable:
                        raise Interrupted(f"Dispatch is waiting: {exc.user_message}") from exc
                    else:
                        return await self._transition(
                            op,
                            OpState.NEEDS_REVIEW,
                            "dispatch refused",
                            orders=[order],
                            error=f"Kinguin order {order_id} was placed but dispatch was "
                            f"refused: {exc.user_message}. Check the order at Kinguin.",
                        )
                else:
                    return await self._transition(
                        op,
                        OpState.DISPATCHED,
                        f"dispatch {dispatch_id} created",
                        orders=[order],
                        dispatch_id=str(dispatch_id),
                    )
            if self._clock() >= deadline:
                await self.store.run(Store.upsert_orders, [order])
                raise Interrupted(
                    f"Kinguin order {order_id} is still '{order.provider_status}'. The console "
                    "keeps it and collects the keys when it is ready."
                )
            await self._sleep(self.poll_interval)

    async def _fetch_order(self, order_id: str) -> Order:
        try:
            return await self.client.get_order(order_id)
        except ProviderError as exc:
            raise Interrupted(
                f"Kinguin order {order_id} is placed; reading its status failed "
                f"({exc.user_message}). It will be tried again."
            ) from exc

    async def _collect(self, op: Operation) -> None:
        order_id = op.provider_order_id or ""
        dispatch_id = int(op.dispatch_id or 0)
        deadline = self._clock() + timedelta(seconds=self.ready_timeout)
        while True:
            try:
                keys = await self.client.get_keys(dispatch_id, order_id)
                break
            except ProviderError as exc:
                if exc.code == NOT_READY and self._clock() < deadline:
                    await self._sleep(self.poll_interval)
                    continue
                raise Interrupted(
                    f"Kinguin order {order_id} is dispatched; fetching its keys failed "
                    f"({exc.user_message}). They will be fetched again."
                ) from exc
        order = await self._fetch_order(order_id)
        expected = sum(line.quantity for line in order.lines)
        note = f"{len(keys)} key(s) stored"
        if expected and len(keys) < expected:
            note += f"; Kinguin delivered {len(keys)} of {expected}"
        await self.store.run(Store.journal_complete_with_keys, op.operation_id, order, keys, note)
        self._note(op, note)
        self._note_change(op.operation_id, Changes.of_orders([order]))

    async def finish(self, op: Operation, message: str) -> PurchaseOutcome:
        order, keys = None, []
        if op.provider_order_id:
            order = await self.store.run(Store.get_order, PROVIDER, op.provider_order_id)
            keys = await self.store.run(Store.keys_for_order, PROVIDER, op.provider_order_id)
        return self.outcome(op, message, order=order, keys=keys)

    # ------------------------------------------------------------------ review and keys

    async def adopt(self, operation_id: str, order_id: str) -> PurchaseOutcome:
        """A person proved which provider order a reviewed purchase created: carry it on."""
        op = await self._get(operation_id)
        if op.state is not OpState.NEEDS_REVIEW:
            raise ValueError("only a purchase that needs review can be assigned an order")
        await self._transition(
            op,
            OpState.PLACED,
            f"assigned to order {order_id} by a person",
            provider_order_id=order_id,
        )
        return await self.drive(operation_id)

    async def fetch_keys(self, order: Order) -> list[SerialKey]:
        """Keys of an order dispatched earlier (GET is safe to repeat); stored, then returned."""
        if not order.dispatch_id:
            raise ValueError("this order has no dispatch yet")
        keys = await self.client.get_keys(int(order.dispatch_id), order.provider_order_id)
        dispatch_id = order.dispatch_id
        await self.store.run(Store.store_keys, keys, dispatch_id)
        return await self.store.run(Store.keys_for_order, PROVIDER, order.provider_order_id)


def _state_text(op: Operation) -> str:
    return {
        OpState.INTENT: "Recorded; sending the order to Kinguin…",
        OpState.SENDING: "Waiting for Kinguin to confirm the order…",
        OpState.PLACED: f"Order {op.provider_order_id} placed; waiting to dispatch…",
        OpState.DISPATCHED: f"Order {op.provider_order_id} dispatched; fetching keys…",
        OpState.COMPLETED: f"Order {op.provider_order_id} complete; keys stored.",
        OpState.FAILED: op.error or "The purchase failed.",
        OpState.NEEDS_REVIEW: op.error or "This purchase needs review.",
        OpState.ABANDONED: "Dismissed after review.",
    }[op.state]
