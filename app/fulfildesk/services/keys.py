"""Buying game keys from Kinguin through the purchase journal, crash-safe, for both API
generations.

The journal commits `sending` (with the time) before the request, so after a timeout, a crash or a
kill the console knows the outcome is unknown and settles it before anything is sent again:

- current API: every order carries `orderExternalId` = the journal's operation id (committed
  before the POST). A lost answer is settled by searching that reference, a few times with a
  small backoff (the search may lag): found means the order is adopted, absent means nothing was
  bought (the purchase fails and is safe to buy again). Several orders with it: needs review.
- v1 (no client reference): an order created in the window with the same products that no other
  journal entry owns is adopted, but only when exactly one fits and no other purchase of those
  products is still being sent; the journal's UNIQUE index on the owned order id makes two
  processes sharing the data dir unable to adopt one order twice. The history says why.

Keys (current API) are stored as they arrive, each once by its Kinguin key id; a purchase left
half-delivered resumes and stores only what is missing. Keys can be returned (current API, within
24 h), journaled like a purchase. Before anything is journaled the limits (9 per product, 10
products), the Kinguin balance and the installation's daily spend limit are checked.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from fulfildesk.domain.journal import JournalConflict, OrderAlreadyOwned
from fulfildesk.domain.models import (
    KeyLine,
    Money,
    Order,
    OrderStatus,
    Provider,
    SerialKey,
    utcnow,
)
from fulfildesk.domain.texts import assign_refused_text, order_owned_text
from fulfildesk.domain.validation import FieldProblems, id_problem, length_problem
from fulfildesk.providers.errors import ProviderError, ResponseInvalid
from fulfildesk.providers.kinguin import (
    KinguinClient,
    KinguinOrder,
    OrderFailed,
    OrderQuery,
    ResourceLock,
    check_order_limits,
    form_field,
)
from fulfildesk.services.contract import (
    Changes,
    Interrupted,
    Outcome,
    Progress,
    PurchaseService,
    Sleep,
    outcome_unknown,
)
from fulfildesk.store.db import AsyncStore, Store, lease_holder_alive, parse_ts, ts_precise
from fulfildesk.store.journal import Operation, OpState

log = logging.getLogger(__name__)

PROVIDER = Provider.KINGUIN.value
KIND = "buy_keys"
RETURN_KIND = "return_keys"
NOT_READY = "1102"
CURRENCY = "EUR"
#: Kinguin takes keys back within this time of delivery (current API)
RETURN_WINDOW = timedelta(hours=24)
DELIVERED = "DELIVERED"
#: key statuses of a key that is neither delivered nor on its way any more
ENDED_KEY_STATUSES = frozenset({"RETURNED", "REFUNDED", "CANCELED"})
#: a key's status only moves forward: PENDING -> PROCESSING -> DELIVERED -> an ended one
_KEY_STATUS_RANK = {"PENDING": 0, "PROCESSING": 1, "DELIVERED": 2}
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
    #: keys delivered so far and keys the order has (current API; 0 when unknown)
    delivered: int = 0
    expected: int = 0


class PurchaseRefused(FieldProblems):
    """Refused before anything was journaled or sent (a limit, the balance, the daily spend
    limit, a return that cannot be asked). `field_errors`: form field -> message."""

    def __init__(self, message: str, field_errors: dict[str, str] | None = None) -> None:
        ValueError.__init__(self, message)
        self.message = message
        self.field_errors = dict(field_errors or {})


class AssignRefused(PurchaseRefused):
    """A person's assignment of a provider order to a reviewed purchase was refused (the order
    belongs to another purchase, or the purchase is not in review); nothing changed."""


class SpendRefused(PurchaseRefused):
    """Over the Kinguin balance or the installation's daily spend limit."""


class ProfileLimitExceeded(SpendRefused):
    """Over the daily spend limit of the workstation's profile (issue 14, services/profiles.py):
    refused until the person confirms (`begin(..., over_profile_limit=True)`)."""


def delivery_text(delivered: int, expected: int) -> str:
    """'3 of 5 keys delivered' (what the window shows while keys are pending)."""
    if expected <= 0:
        return f"{delivered} key{'s' if delivered != 1 else ''} delivered"
    return f"{delivered} of {expected} key{'s' if expected != 1 else ''} delivered"


def form_errors(field_errors: dict[str, str]) -> dict[str, str]:
    """Provider field errors keyed for the buy form: Kinguin's propertyPath
    (``products[2].qty``) becomes ``quantity[2]``; ``products`` stays; the v1 names (product,
    price, quantity: the first line) stay as they are."""
    out: dict[str, str] = {}
    for path, message in field_errors.items():
        if path in ("product", "price", "quantity", "products", "total"):
            out[path] = message
            continue
        where = form_field(path)
        if where is None:  # a path the form does not show: said for the whole order
            out.setdefault("products", message)
        elif where[1] is None:
            out[where[0]] = message
        else:
            out[f"{where[0]}[{where[1]}]"] = message
    return out


def max_total(lines: list[KeyLine]) -> Decimal:
    """The most these lines can cost (each key at its accepted price)."""
    return sum((line.max_price * line.quantity for line in lines), Decimal(0))


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


def line_problems(lines: list[KeyLine]) -> dict[str, str]:
    """What Kinguin cannot take, by form field (lines.N.product_id, ...), before anything is
    recorded or sent: an id beyond 64 bits would be answered 500 and read as outcome unknown."""
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        if problem := id_problem(line.product_id, "product id"):
            found[f"lines.{index}.product_id"] = problem
        if problem := length_problem(line.name, "product name"):
            found[f"lines.{index}.name"] = problem
    return found


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


def _same_lines(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def key(payload: dict[str, Any]) -> Counter[tuple[str, int]]:
        return Counter((str(i["product_id"]), int(i["quantity"])) for i in payload["lines"])

    return key(a) == key(b)


def _payload_cost(payload: dict[str, Any]) -> Decimal:
    charged = payload.get("charged")
    if charged is not None:
        return Decimal(str(charged))
    return max_total(lines_from_payload(payload))


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
        clock_tolerance: timedelta = timedelta(seconds=2),
        reconcile_attempts: int = 3,
        reconcile_backoff: float = 0.5,
        daily_limit: Decimal | None = None,
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
        #: Kinguin's clock against ours, and its times in whole seconds: an order created this
        #: much before a purchase was sent may still be its order (v1 lost answers)
        self.clock_tolerance = clock_tolerance
        self.reconcile_attempts = max(1, reconcile_attempts)
        #: first pause between two searches by orderExternalId; doubled each time
        self.reconcile_backoff = reconcile_backoff
        #: the most this installation may spend per UTC day (None: no limit)
        self.daily_limit = daily_limit
        self._progress: dict[str, Progress] = {}

    @property
    def api(self) -> str:
        return self.client.api

    # ------------------------------------------------------------------ entry points

    #: issue 14: the workstation profile and its daily limit (services/profiles.py)
    profile: str = "all"
    profile_limit: Decimal | None = None

    async def begin(self, lines: list[KeyLine], *, over_profile_limit: bool = False) -> Operation:
        """Check the limits, the balance and the daily spend limit (PurchaseRefused, nothing
        journaled), then record the intent (committed) and return it; nothing is sent yet.
        Over the profile's limit: ProfileLimitExceeded unless `over_profile_limit` (confirmed)."""
        if not lines:
            raise PurchaseRefused(
                "A purchase needs at least one product.", {"products": "Add a product."}
            )
        problems = line_problems(lines)
        if problems:
            raise PurchaseRefused("; ".join(problems.values()), problems)
        try:
            check_order_limits(lines)
        except ProviderError as exc:
            raise PurchaseRefused(exc.message, form_errors(exc.field_errors)) from exc
        await self.check_spend(max_total(lines), over_profile_limit=over_profile_limit)
        return await self.create({"lines": lines_payload(lines), "operator": self.operator})

    async def buy(
        self,
        lines: list[KeyLine],
        progress: Progress | None = None,
        *,
        over_profile_limit: bool = False,
    ) -> PurchaseOutcome:
        op = await self.begin(lines, over_profile_limit=over_profile_limit)
        return await self.drive(op.operation_id, progress)

    async def drive(
        self, operation_id: str, progress: Progress | None = None, *, wait: bool = True
    ) -> PurchaseOutcome:
        if progress is not None and operation_id not in self._active:
            self._progress[operation_id] = progress
        try:
            return await super().drive(operation_id, progress, wait=wait)
        finally:
            if operation_id not in self._active:
                self._progress.pop(operation_id, None)

    async def resume_all(self, progress: Progress | None = None) -> list[PurchaseOutcome]:
        """Purchases and key returns, oldest first."""
        ops = await self.store.run(Store.journal_list, list(self.resume_states), self.provider)
        return [
            await self.drive(op.operation_id, progress)
            for op in ops
            if op.kind in (KIND, RETURN_KIND)
        ]

    # ------------------------------------------------------------------ balance and spend

    async def balance(self) -> Money | None:
        """The Kinguin balance (current API); None with v1, which has no balance endpoint."""
        if not self.client.is_current:
            return None
        return await self.client.balance()

    async def spent_today(self, exclude: str | None = None) -> Decimal:
        """What key purchases of this installation spent since 00:00 UTC, from the journal: the
        charged total once known, else the most the purchase could cost. Failed and dismissed
        purchases count nothing."""
        now = self._clock()
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        ops = await self.store.run(Store.journal_since, PROVIDER, KIND, ts_precise(start))
        return sum(
            (
                _payload_cost(op.payload)
                for op in ops
                if op.operation_id != exclude
                and op.state not in (OpState.FAILED, OpState.ABANDONED)
            ),
            Decimal(0),
        )

    async def check_spend(
        self, total: Decimal, *, exclude: str | None = None, over_profile_limit: bool = True
    ) -> None:
        """Refuse (SpendRefused) an order that could cost more than the daily limit leaves or
        (current API) more than the Kinguin balance; with over_profile_limit=False, also one
        over the profile's limit (ProfileLimitExceeded: the person may confirm it)."""
        if not over_profile_limit and exclude is None and self.profile_limit is not None:
            spent = await self.spent_today()
            if spent + total > self.profile_limit:
                left = max(self.profile_limit - spent, Decimal(0))
                raise ProfileLimitExceeded(
                    f"This order could cost up to {total:.2f} {CURRENCY}; the daily limit of "
                    f"the {self.profile.replace('_', ' ')} profile is "
                    f"{self.profile_limit:.2f} {CURRENCY} and {spent:.2f} {CURRENCY} were "
                    f"already spent today (UTC); {left:.2f} {CURRENCY} are left. Nothing was "
                    "sent to Kinguin.",
                    {"total": f"Over the profile's limit: {left:.2f} {CURRENCY} left today."},
                )
        if self.daily_limit is not None:
            spent = await self.spent_today(exclude)
            if spent + total > self.daily_limit:
                left = max(self.daily_limit - spent, Decimal(0))
                raise SpendRefused(
                    f"This order could cost up to {total:.2f} {CURRENCY}, but the daily spend "
                    f"limit of this installation is {self.daily_limit:.2f} {CURRENCY} and "
                    f"{spent:.2f} {CURRENCY} were already spent today (UTC); "
                    f"{left:.2f} {CURRENCY} are left. Nothing was sent to Kinguin.",
                    {"total": f"Over the daily limit: {left:.2f} {CURRENCY} left today."},
                )
        if exclude is None and self.client.is_current:
            try:
                balance = await self.client.balance()
            except ProviderError as exc:
                log.warning("balance unavailable before a purchase: %s", exc.message)
                return  # Kinguin itself refuses an order the balance cannot pay
            if total > balance.amount:
                raise SpendRefused(
                    f"This order could cost up to {total:.2f} {CURRENCY}, more than the Kinguin "
                    f"balance of {balance.amount:.2f} {CURRENCY}. Top up the account or order "
                    "less. Nothing was sent to Kinguin.",
                    {
                        "total": f"More than the balance ({balance.amount:.2f} {CURRENCY}).",
                    },
                )

    # ------------------------------------------------------------------ the state machine

    def advances(self, state: OpState, *, wait: bool) -> bool:
        return state in (OpState.INTENT, OpState.SENDING, OpState.PLACED, OpState.DISPATCHED)

    async def step(self, op: Operation) -> None:
        if op.kind == RETURN_KIND:
            await self._return_step(op)
        elif op.state is OpState.INTENT:
            await self._send(op)
        elif op.state is OpState.SENDING:
            await self._reconcile(op)
        elif op.state is OpState.PLACED:
            if self.client.is_current:
                await self._collect_current(op)
            else:
                await self._dispatch(op)
        elif op.state is OpState.DISPATCHED:
            await self._collect(op)

    def state_text(self, op: Operation) -> str:
        return _state_text(op)

    def _report(self, op: Operation, text: str) -> None:
        progress = self._progress.get(op.operation_id)
        if progress is not None:
            progress(op.operation_id, op.state, text)

    async def _send(self, op: Operation) -> Operation:
        lines = lines_from_payload(op.payload)
        if self.daily_limit is not None:
            try:  # an intent recorded earlier (a crash before sending) is checked again
                await self.check_spend(max_total(lines), exclude=op.operation_id)
            except SpendRefused as refused:
                self._refused(op, refused.field_errors)
                return await self._transition(
                    op, OpState.FAILED, "over the daily spend limit", error=refused.message
                )
        if not self.client.is_current:
            # v1 orders carry no reference: an earlier purchase of these products whose answer
            # was lost is settled first, so that its order cannot be confused with this one's
            left = await self._settle_earlier(op)
            if left:
                raise Interrupted(
                    f"An earlier purchase of the same products ({', '.join(left)}) is still "
                    "waiting for its outcome; this one is sent once that is settled, so that "
                    "their Kinguin orders cannot be confused. Nothing was sent yet."
                )
        # Committed before the request: from here on a crash means "outcome unknown".
        op = await self._transition(
            op, OpState.SENDING, "sending the order to Kinguin", sent_at=ts_precise(self._clock())
        )
        try:
            if self.client.is_current:
                placed = await self.client.create_order(lines, op.operation_id)
            else:
                order_id = await self.client.place_order(lines)
        except ProviderError as exc:
            if isinstance(exc, OrderFailed) and self.client.is_current:
                # "Unable to create an order", yet listed as retryable ("not completed yet"):
                # the documents do not prove nothing was bought, so the reference settles it
                log.warning(
                    "purchase %s: Kinguin answered OrderFailed (%s); looking the reference up",
                    op.operation_id,
                    exc.message,
                )
                return await self._reconcile_by_reference(op, failed=exc)
            if outcome_unknown(exc):  # only an explicit refusal proves nothing was bought
                log.warning(
                    "purchase %s: outcome unknown (%s); reconciling", op.operation_id, exc.message
                )
                return await self._reconcile(op)
            self._refused(op, form_errors(exc.field_errors))
            return await self._transition(
                op, OpState.FAILED, "Kinguin refused the order", error=exc.user_message
            )
        if self.client.is_current:
            return await self._placed(op, placed, f"Kinguin order {placed.order_id} placed")
        return await self._transition(
            op, OpState.PLACED, f"Kinguin order {order_id} placed", provider_order_id=order_id
        )

    async def _placed(self, op: Operation, placed: KinguinOrder, detail: str) -> Operation:
        payload = dict(op.payload)
        if placed.order.total is not None:
            payload["charged"] = str(placed.order.total.amount)
        payload["expected"] = placed.key_count or sum(x.quantity for x in placed.order.lines)
        return await self._transition(
            op,
            OpState.PLACED,
            detail,
            orders=[placed.order],
            provider_order_id=placed.order_id,
            payload=payload,
        )

    async def _reconcile(self, op: Operation) -> Operation:
        if self.client.is_current:
            return await self._reconcile_by_reference(op)
        return await self._reconcile_by_window(op)

    async def _reconcile_by_reference(
        self, op: Operation, failed: ProviderError | None = None
    ) -> Operation:
        """Settle a lost answer (or an OrderFailed answer, `failed`) exactly: the order carrying
        orderExternalId = operation id."""
        reference = op.operation_id
        said = "the answer to this purchase was lost"
        if failed is not None:
            said = f"{failed.message.rstrip('.')} (code {failed.code or 'OrderFailed'})"
        for attempt in range(self.reconcile_attempts):
            try:
                found = await self.client.find_by_external_id(reference)
            except ResponseInvalid as exc:
                return await self._transition(
                    op,
                    OpState.NEEDS_REVIEW,
                    "several orders carry this purchase's reference",
                    error=f"{said[0].upper()}{said[1:]}, and {exc.message}. Check "
                    "which one is this purchase in the Kinguin account; nothing was bought "
                    "again.",
                )
            except ProviderError as exc:
                raise Interrupted(
                    f"Could not check at Kinguin whether the order went through "
                    f"({exc.user_message}). It will be checked again; nothing is bought twice."
                ) from exc
            if found is not None:
                why = "outcome was unknown" if failed is None else "Kinguin answered OrderFailed"
                try:
                    return await self._placed(
                        op,
                        found,
                        f"{why}; adopted Kinguin order {found.order_id}: it carries "
                        f"this purchase's reference (orderExternalId {reference})",
                    )
                except (sqlite3.IntegrityError, OrderAlreadyOwned):
                    return await self._transition(
                        op,
                        OpState.NEEDS_REVIEW,
                        "order already owned",
                        error=f"Kinguin order {found.order_id} carries this purchase's "
                        "reference but another journal entry already owns it. Check the "
                        "Kinguin account; nothing was bought again.",
                    )
            if attempt < self.reconcile_attempts - 1:
                await self._sleep(self.reconcile_backoff * 2**attempt)
        if failed is not None:
            self._refused(op, form_errors(failed.field_errors))
        why = "outcome was unknown" if failed is None else "Kinguin answered OrderFailed"
        return await self._transition(
            op,
            OpState.FAILED,
            f"{why}; no Kinguin order carries the reference {reference} "
            f"(searched {self.reconcile_attempts} times): nothing was bought",
            error=f"{said[0].upper()}{said[1:]}, and Kinguin has no order with this purchase's "
            f"reference {reference}, so nothing was bought. It is safe to buy again.",
        )

    async def _reconcile_by_window(self, op: Operation) -> Operation:
        """v1 has no client reference (seed 003: an order carries only its products, prices,
        status and times), so a lost answer is settled from what can be proven:

        - only orders created after this purchase was sent (less `clock_tolerance`: Kinguin's
          times have whole seconds and its clock is not ours) and owned by no journal entry
          (the UNIQUE index) can be its order;
        - alone (no other purchase of the same products waiting for its answer or needing
          review within `reconcile_margin`), exactly one such order is adopted;
        - with others waiting, none of them still in flight in a live process, and exactly as
          many such orders as waiting purchases (each bought at most one, and orders with the
          same products and quantities are interchangeable), every one of them bought one: they
          are paired in time order (first sent, first created) and this one adopts its pair.
        Anything else (fewer orders than purchases, more than can be explained) cannot be proven:
        it is looked up again while another purchase is in flight, else it needs review."""
        lines = lines_from_payload(op.payload)
        sent_at = parse_ts(op.sent_at) or parse_ts(op.created_at) or self._clock()
        group = await self._waiting_group(op, sent_at)
        first = min([sent_at, *(_sent(g) or sent_at for g in group)])
        start = first - self.clock_tolerance
        waiting: list[Operation] = []
        found: list[Order] = []
        pool: list[Order] = []
        end = self._clock()
        for attempt in range(self.reconcile_attempts):
            end = self._clock() + self.reconcile_margin
            try:
                candidates = await self._orders_in_window(start, end, lines[0].product_id)
            except ProviderError as exc:
                raise Interrupted(
                    f"Could not check at Kinguin whether the order went through "
                    f"({exc.user_message}). It will be checked again; nothing is bought "
                    "twice."
                ) from exc
            # read after the listing: an order listed was made by an entry already `sending`
            claimed = await self.store.run(Store.claimed_order_ids, PROVIDER)
            claimed |= await self._owned_elsewhere(op)  # team mode: other seats' orders
            group = await self._waiting_group(op, sent_at)
            pool = sorted(
                (
                    o
                    for o in candidates
                    if o.provider_order_id not in claimed
                    and o.created_at is not None
                    and o.created_at >= start
                    and any(self._could_own(g, o) for g in [op, *group])
                ),
                key=_creation_order,
            )
            # a purchase that cannot own any of these orders made none of them
            waiting = [g for g in group if any(self._could_own(g, o) for o in pool)]
            found = [o for o in pool if self._could_own(op, o)]
            if not waiting:
                if len(found) == 1:
                    order = found[0]
                    adopted = await self._adopt_found(
                        op,
                        order,
                        f"outcome was unknown (Kinguin v1 takes no client reference); adopted "
                        f"Kinguin order {order.provider_order_id}: the only order created "
                        f"between {_hm(sent_at - self.clock_tolerance)} and {_hm(end)} UTC "
                        "(after this purchase was sent) with the same products and quantities "
                        "at no more than the accepted prices, owned by no other journal entry, "
                        "while no other purchase of these products was waiting for its answer",
                    )
                    if adopted is not None:
                        return adopted
                elif len(found) > 1:
                    return await self._several(op, found)
            else:
                paired = self._pair(op, waiting, pool)
                if paired is not None:
                    order, members = paired
                    adopted = await self._adopt_found(
                        op,
                        order,
                        f"outcome was unknown (Kinguin v1 takes no client reference); "
                        f"{len(members)} purchases of the same products were waiting for their "
                        f"answers ({', '.join(m.operation_id for m in members)}) and exactly "
                        f"{len(members)} matching orders owned by no journal entry were created "
                        f"since the first was sent (between {_hm(start)} and {_hm(end)} UTC): "
                        "each of them bought one; the orders are interchangeable (same products "
                        "and quantities), paired in time order; adopted Kinguin order "
                        f"{order.provider_order_id}",
                    )
                    if adopted is not None:
                        return adopted
            if attempt < self.reconcile_attempts - 1:
                await self._sleep(self.poll_interval)
        if waiting:
            live = [g.operation_id for g in waiting if self._in_flight(g)]
            if live:
                raise Interrupted(
                    "The answer to this purchase was lost while another purchase of the same "
                    f"products ({', '.join(live)}) is still waiting for its answer; it is "
                    "checked again once that one is settled. Nothing was bought again."
                )
            if found:
                others = ", ".join(g.operation_id for g in waiting)
                orders = ", ".join(o.provider_order_id for o in pool)
                return await self._transition(
                    op,
                    OpState.NEEDS_REVIEW,
                    "another purchase of the same products is unsettled",
                    payload=_seen(op, found),
                    error="The answer to this purchase was lost while another purchase of the "
                    f"same products ({others}) was also waiting for its answer, and the "
                    f"Kinguin orders made since ({orders or 'none'}) do not prove which is "
                    "whose. Check the Kinguin account; nothing was bought again.",
                )
        if len(found) > 1:
            return await self._several(op, found)
        return await self._transition(
            op,
            OpState.NEEDS_REVIEW,
            "no candidate order",
            payload=_seen(op, []),
            error="The answer to this purchase was lost and no matching Kinguin order was "
            "found, so it was probably not placed. Check the Kinguin account, then buy again "
            "or dismiss this entry; nothing was bought again automatically.",
        )

    async def _adopt_found(self, op: Operation, order: Order, detail: str) -> Operation | None:
        """Adopt `order` for `op`; None when another process adopted it first (look again)."""
        try:
            return await self._transition(
                op,
                OpState.PLACED,
                detail,
                orders=[order],
                provider_order_id=order.provider_order_id,
            )
        except (sqlite3.IntegrityError, OrderAlreadyOwned):
            log.info("order %s was adopted elsewhere; looking again", order.provider_order_id)
            return None

    async def _several(self, op: Operation, found: list[Order]) -> Operation:
        ids = ", ".join(o.provider_order_id for o in found)
        return await self._transition(
            op,
            OpState.NEEDS_REVIEW,
            "several candidate orders",
            payload=_seen(op, found),
            error=f"The answer to this purchase was lost and {len(found)} Kinguin "
            f"orders match it ({ids}). Check which one is this purchase in the Kinguin "
            "account; nothing was bought again.",
        )

    async def _waiting_group(self, op: Operation, sent_at: datetime) -> list[Operation]:
        """Other purchases of the same products that may own an order made since `op` was sent
        (within `reconcile_margin` of it): waiting for their answer (`sending`) or needing
        review without an order."""
        listed = await self.store.run(
            Store.journal_list, [OpState.SENDING, OpState.NEEDS_REVIEW], PROVIDER
        )
        horizon = sent_at - self.reconcile_margin
        return [
            g
            for g in listed
            if g.kind == KIND
            and g.operation_id != op.operation_id
            and not g.provider_order_id
            and _same_lines(g.payload, op.payload)
            and (_sent(g) or horizon) >= horizon
        ]

    def _in_flight(self, other: Operation) -> bool:
        """Is `other` being driven right now (here, or by a live process holding its lease)?"""
        if other.operation_id in self._active:
            return True
        holder = other.lease_owner
        if not holder or holder == self.lease_owner or other.state is not OpState.SENDING:
            return False
        if other.lease_until is None or other.lease_until < ts_precise(self._now_utc()):
            return False
        return lease_holder_alive(holder)

    def _now_utc(self) -> datetime:
        now = self._clock()
        return now if now.tzinfo else now.replace(tzinfo=UTC)

    def _could_own(self, member: Operation, order: Order) -> bool:
        """Can `order` be the one `member` created? Same products and quantities at no more than
        its prices, created after it was sent; for a purchase in review, only an order its last
        lookup saw (`candidates`), or (older entries) one created before it went to review."""
        if order.created_at is None or not matches(order, lines_from_payload(member.payload)):
            return False
        sent = _sent(member)
        if sent is None or order.created_at < sent - self.clock_tolerance:
            return False
        if member.state is OpState.NEEDS_REVIEW:
            seen = member.payload.get("candidates")
            if isinstance(seen, list):
                return order.provider_order_id in {str(x) for x in seen}
            reviewed = parse_ts(member.updated_at)
            return reviewed is None or order.created_at <= reviewed + self.clock_tolerance
        return True

    def _pair(
        self, op: Operation, waiting: list[Operation], pool: list[Order]
    ) -> tuple[Order, list[Operation]] | None:
        """(the order of `op`, the purchases paired) when the waiting purchases and the orders
        pair up one to one in time order, else None."""
        if any(self._in_flight(g) for g in waiting):
            return None
        members = sorted([op, *waiting], key=lambda g: (_sent(g) or self._clock(), g.created_at))
        if len(members) != len(pool):
            return None
        mine: Order | None = None
        for member, order in zip(members, pool, strict=True):
            if not self._could_own(member, order):
                return None
            if member.operation_id == op.operation_id:
                mine = order
        return (mine, members) if mine is not None else None

    async def _settle_earlier(self, op: Operation) -> list[str]:
        """v1: before a purchase is sent, settle earlier purchases of the same products whose
        answer was lost and that nobody drives now (a console killed mid-purchase): their
        orders could not be told from this one's otherwise. Returns those still unsettled."""
        listed = await self.store.run(Store.journal_list, [OpState.SENDING], PROVIDER)
        stale = [
            g
            for g in listed
            if g.kind == KIND
            and g.operation_id != op.operation_id
            and _same_lines(g.payload, op.payload)
            and not self._in_flight(g)
        ]
        left: list[str] = []
        for other in stale:
            try:
                outcome = await self.drive(other.operation_id)
            except Exception as exc:  # whatever stops it, this one waits
                log.warning("settling %s first failed: %s", other.operation_id, exc)
                left.append(other.operation_id)
                continue
            if outcome.operation.state is OpState.SENDING:
                left.append(other.operation_id)
        return left

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

    # ------------------------------------------------------------------ current: keys arrive

    async def _details(self, order_id: str) -> KinguinOrder:
        try:
            return await self.client.order_details(order_id)
        except ProviderError as exc:
            raise Interrupted(
                f"Kinguin order {order_id} is placed; reading its status failed "
                f"({exc.user_message}). It will be tried again."
            ) from exc

    async def _store_delivered(
        self, order: KinguinOrder, operation_id: str | None
    ) -> tuple[int, int]:
        """Fetch the keys when Kinguin delivered more than is stored; store the new ones and
        every key's status. Returns (delivered stored, expected)."""
        order_id = order.order_id
        stored = await self.store.run(Store.keys_for_order, PROVIDER, order_id)
        have = {k.key_id for k in stored if k.key_id}
        delivered_ids = {k.key_id for k in order.keys if k.status == DELIVERED}
        expected = order.key_count or sum(line.quantity for line in order.order.lines)
        # only when Kinguin reports a delivered key not stored yet; an order object that lists
        # no keys is asked until everything it has is stored
        unlisted = not order.keys and len(stored) < expected
        if delivered_ids - have or unlisted:
            keys = await self.client.get_keys(order_id)
            await self.store.run(Store.store_new_keys, keys, operation_id)
        statuses = {k.key_id: k.status for k in order.keys}
        if statuses:
            await self.store.run(Store.set_key_statuses, PROVIDER, order_id, statuses)
        count = await self.store.run(Store.count_keys, PROVIDER, order_id)
        return count, expected

    async def _collect_current(self, op: Operation) -> None:
        order_id = op.provider_order_id or ""
        deadline = self._clock() + timedelta(seconds=self.ready_timeout)
        last = (int(op.payload.get("delivered", -1)), int(op.payload.get("expected", 0)))
        while True:
            order = await self._details(order_id)
            try:
                delivered, expected = await self._store_delivered(order, op.operation_id)
            except ProviderError as exc:
                raise Interrupted(
                    f"Kinguin order {order_id} is placed; fetching its keys failed "
                    f"({exc.user_message}). They will be fetched again."
                ) from exc
            text = delivery_text(delivered, expected)
            # settled: the order is final, or it lists its keys and none is still on its way
            # (an order that lists no key yet is not taken as delivered)
            if order.order.status.is_final or (order.keys and order.pending_count == 0):
                if delivered == 0 and order.order.status in CLOSED_STATUSES:
                    await self._transition(
                        op,
                        OpState.FAILED,
                        f"order ended {order.order.provider_status}",
                        orders=[order.order],
                        error=f"Kinguin order {order_id} ended '{order.order.provider_status}' "
                        f"without keys: {order.order.status.explanation}",
                    )
                    return
                note = f"{delivered} key(s) stored"
                if expected and delivered < expected:
                    note += f"; Kinguin delivered {delivered} of {expected}"
                if order.order.status in CLOSED_STATUSES:
                    note += f"; the order ended '{order.order.provider_status}'"
                await self._transition(op, OpState.COMPLETED, note, orders=[order.order])
                self._note(op, note)
                return
            if (delivered, expected) != last:
                last = (delivered, expected)
                op = await self._transition(
                    op,
                    OpState.PLACED,
                    text,
                    orders=[order.order],
                    payload={**op.payload, "delivered": delivered, "expected": expected},
                )
                self._report(op, f"Kinguin order {order_id}: {text}…")
            if self._clock() >= deadline:
                raise Interrupted(
                    f"Kinguin order {order_id}: {text}. The rest are fetched when Kinguin "
                    "delivers them (the console keeps checking)."
                )
            await self._sleep(self.poll_interval)

    # ------------------------------------------------------------------ v1: dispatch

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
                    if exc.code == NOT_READY or outcome_unknown(exc):
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
        await self.store.run(
            Store.journal_complete_with_keys,
            op.operation_id,
            order,
            keys,
            note,
            expect=op.state,
            owner=self.lease_owner,
        )
        self._note(op, note)
        self._note_change(op.operation_id, Changes.of_orders([order]))

    async def finish(self, op: Operation, message: str) -> PurchaseOutcome:
        order, keys = None, []
        if op.provider_order_id:
            order = await self.store.run(Store.get_order, PROVIDER, op.provider_order_id)
            keys = await self.store.run(Store.keys_for_order, PROVIDER, op.provider_order_id)
        expected = int(op.payload.get("expected", 0) or 0) or key_count(order)
        delivered = sum(1 for k in keys if (k.status or DELIVERED) == DELIVERED)
        return self.outcome(
            op, message, order=order, keys=keys, delivered=delivered, expected=expected
        )

    # ------------------------------------------------------------------ review and keys

    async def adopt(self, operation_id: str, order_id: str) -> PurchaseOutcome:
        """A person proved which provider order a reviewed purchase created: carry it on.
        AssignRefused (nothing changed) when the purchase is not in review or the order already
        belongs to another journal entry."""
        op = await self._get(operation_id)
        if op.state is not OpState.NEEDS_REVIEW:
            raise AssignRefused(
                assign_refused_text(PROVIDER, op.state.value.replace("_", " ")),
                {"order": "This purchase does not need review."},
            )
        try:
            await self._transition(
                op,
                OpState.PLACED,
                f"assigned to order {order_id} by a person",
                provider_order_id=order_id,
            )
        except (OrderAlreadyOwned, sqlite3.IntegrityError) as exc:
            owner = await self.store.run(Store.operation_for_order, PROVIDER, order_id)
            text = order_owned_text(PROVIDER, order_id, owner.operation_id if owner else "")
            raise AssignRefused(
                text, {"order": f"Order {order_id} already belongs to another purchase."}
            ) from exc
        except JournalConflict as exc:
            now = await self._get(operation_id)
            raise AssignRefused(
                assign_refused_text(PROVIDER, now.state.value.replace("_", " ")),
                {"order": "Another window or process moved this purchase on."},
            ) from exc
        return await self.drive(operation_id)

    async def fetch_keys(self, order: Order) -> list[SerialKey]:
        """The keys of an order (bought here or elsewhere): GET is safe to repeat; new keys are
        stored once each, then every stored key of the order is returned."""
        if self.client.is_current:
            details = await self.client.order_details(order.provider_order_id)
            await self.store.run(Store.upsert_orders, [details.order])
            keys = await self.client.get_keys(order.provider_order_id)
            await self.store.run(Store.store_new_keys, keys, None)
            statuses = {k.key_id: k.status for k in details.keys}
            if statuses:
                await self.store.run(
                    Store.set_key_statuses, PROVIDER, order.provider_order_id, statuses
                )
            return await self.store.run(Store.keys_for_order, PROVIDER, order.provider_order_id)
        if not order.dispatch_id:
            raise ValueError("this order has no dispatch yet")
        keys = await self.client.get_keys(int(order.dispatch_id), order.provider_order_id)
        dispatch_id = order.dispatch_id
        await self.store.run(Store.store_keys, keys, dispatch_id)
        return await self.store.run(Store.keys_for_order, PROVIDER, order.provider_order_id)

    async def current_keys(self, order_id: str) -> list[SerialKey]:
        """The stored keys of an order with the newest status known for each: the cached order
        (refreshed by a sync) may know that Kinguin refunded or canceled a key before the
        stored key does. A key's status only moves forward, so the later of the two wins, and
        is stored."""
        order = await self.store.run(Store.get_order, PROVIDER, order_id)
        keys = await self.store.run(Store.keys_for_order, PROVIDER, order_id)
        reported = cached_key_statuses(order)
        newer = {
            k.key_id: reported[k.key_id]
            for k in keys
            if k.key_id
            and k.key_id in reported
            and later_status((k.status or DELIVERED).upper(), reported[k.key_id])
            != (k.status or DELIVERED).upper()
        }
        if not newer:
            return keys
        await self.store.run(Store.set_key_statuses, PROVIDER, order_id, newer)
        return await self.store.run(Store.keys_for_order, PROVIDER, order_id)

    async def delivery(self, order_id: str) -> tuple[int, int]:
        """(keys delivered and stored, keys still expected) from what this console stored. A
        key that ended without staying delivered (RETURNED, REFUNDED, CANCELED: in the stored
        keys or the cached order's key list) is neither delivered nor expected, so an order
        reads "3 of 5 keys delivered" only while keys are still on their way (PENDING or
        PROCESSING)."""
        order = await self.store.run(Store.get_order, PROVIDER, order_id)
        keys = await self.store.run(Store.keys_for_order, PROVIDER, order_id)
        expected = max(key_count(order), len(keys))
        statuses = cached_key_statuses(order)
        unnamed = delivered = 0
        for k in keys:
            stored = (k.status or DELIVERED).upper()
            if k.key_id:
                statuses[k.key_id] = later_status(statuses.get(k.key_id, stored), stored)
                delivered += statuses[k.key_id] == DELIVERED
            elif stored in ENDED_KEY_STATUSES:
                unnamed += 1
            else:
                delivered += stored == DELIVERED
        ended = unnamed + sum(1 for s in statuses.values() if s in ENDED_KEY_STATUSES)
        return delivered, max(expected - ended, delivered)

    # ------------------------------------------------------------------ key return

    def can_return(self, order: Order | None, keys: list[SerialKey]) -> str:
        """'' when the keys of `order` may be asked back, else why not (in words)."""
        if not self.client.is_current:
            return "Returning keys needs Kinguin's current API (Settings: API generation)."
        if order is None:
            return "This order is not in the console's cache; sync first."
        returnable = [k for k in keys if (k.status or DELIVERED) == DELIVERED]
        if not returnable:
            return "No delivered key of this order is stored here to return."
        placed = order.created_at
        if placed is not None and self._clock() - placed > RETURN_WINDOW:
            return (
                "Kinguin takes keys back only within 24 hours of delivery; this order was "
                f"placed {placed:%Y-%m-%d %H:%M} UTC."
            )
        return ""

    def refund_estimate(
        self, order: Order, keys: list[SerialKey], *, returned: bool = False
    ) -> Decimal:
        """What returning `keys` gives back: each key's price on the order (keys already
        returned count nothing unless `returned`)."""
        prices = {line.product_id: line.unit_price or Decimal(0) for line in order.lines}
        for raw in _raw_products(order):
            # the cache keeps the order as Kinguin sent it; keys name their product by kinguinId
            # (or productId)
            price = _decimal(raw.get("price"))
            for name in ("kinguinId", "productId"):
                if raw.get(name) is not None and price is not None:
                    prices.setdefault(str(raw[name]), price)
        return sum(
            (
                prices.get(k.product_id or "", Decimal(0))
                for k in keys
                if returned or k.status not in ("RETURNED", "REFUNDED")
            ),
            Decimal(0),
        )

    async def begin_return(self, order_id: str) -> Operation:
        """Journal the return of an order's delivered keys (PurchaseRefused when it cannot be
        asked); nothing is sent yet."""
        order = await self.store.run(Store.get_order, PROVIDER, order_id)
        keys = await self.store.run(Store.keys_for_order, PROVIDER, order_id)
        why = self.can_return(order, keys)
        if why:
            raise PurchaseRefused(why)
        assert order is not None
        returnable = [k for k in keys if (k.status or DELIVERED) == DELIVERED]
        payload = {
            "order_id": order_id,
            "keys": [{"key_id": k.key_id, "name": k.name} for k in returnable],
            "refund": str(self.refund_estimate(order, returnable)),
            "operator": self.operator,
        }
        op = await self.store.run(Store.journal_create, PROVIDER, RETURN_KIND, payload)
        self._note_change(op.operation_id, Changes(journal=True))
        return op

    async def return_keys(self, order_id: str, progress: Progress | None = None) -> PurchaseOutcome:
        op = await self.begin_return(order_id)
        return await self.drive(op.operation_id, progress)

    async def _return_step(self, op: Operation) -> None:
        order_id = str(op.payload["order_id"])
        if op.state is OpState.INTENT:
            try:
                op = await self._transition(
                    op,
                    OpState.SENDING,
                    f"asking Kinguin to take back the keys of order {order_id}",
                    sent_at=ts_precise(self._clock()),
                    provider_order_id=order_id,
                )
            except OrderAlreadyOwned as exc:
                # one return per order (the journal's unique index), as Kinguin takes one
                # return request per order; nothing was sent
                await self._transition(
                    op,
                    OpState.FAILED,
                    "another return of this order was already asked",
                    error=f"A key return of order {order_id} was already asked "
                    f"(purchase journal entry {str(exc).rsplit(' ', 1)[-1]}); Kinguin takes one "
                    "return request per order. Nothing was sent.",
                )
                return
            try:
                returned = await self.client.return_keys(order_id)
            except ProviderError as exc:
                if not exc.outcome_unknown:
                    self._refused(op, form_errors(exc.field_errors))
                    if isinstance(exc, ResourceLock):
                        # retryable: nothing changed, and a refused return frees the order for
                        # the next request (the journal's one-return-per-order index)
                        await self._transition(
                            op,
                            OpState.FAILED,
                            "Kinguin was busy with the order (ResourceLock); nothing returned",
                            error=f"{exc.user_message}. Nothing was returned; ask for the "
                            "return again in a moment.",
                        )
                        return
                    await self._transition(
                        op, OpState.FAILED, "Kinguin refused the return", error=exc.user_message
                    )
                    return
                returned = None
            if returned is not None:
                await self._returned(op, order_id, {r.key_id: r.status for r in returned})
                return
        # SENDING: the answer was lost; the order's keys say whether they went back
        details = await self._details(order_id)
        statuses = {k.key_id: k.status for k in details.keys}
        if any(s in ("RETURNED", "REFUNDED") for s in statuses.values()):
            await self._returned(op, order_id, statuses, orders=[details.order])
            return
        await self._transition(
            op,
            OpState.NEEDS_REVIEW,
            "return outcome unknown",
            orders=[details.order],
            error=f"The answer to the key return of order {order_id} was lost and Kinguin "
            "shows no returned key yet. Check the order at Kinguin before asking again.",
        )

    async def _returned(
        self,
        op: Operation,
        order_id: str,
        statuses: dict[str, str],
        orders: list[Order] | None = None,
    ) -> None:
        await self.store.run(Store.set_key_statuses, PROVIDER, order_id, statuses)
        back = [k for k, s in statuses.items() if s in ("RETURNED", "REFUNDED")]
        names = {k["key_id"]: k.get("name") or "key" for k in op.payload.get("keys", [])}
        order = await self.store.run(Store.get_order, PROVIDER, order_id)
        keys = await self.store.run(Store.keys_for_order, PROVIDER, order_id)
        refund = (
            self.refund_estimate(order, [k for k in keys if k.key_id in back], returned=True)
            if order is not None
            else Decimal(0)
        )
        listed = ", ".join(names.get(k, k) for k in back) or "none"
        note = (
            f"Kinguin took back {len(back)} key(s) of order {order_id} ({listed}); "
            f"about {refund:.2f} {CURRENCY} go back to the balance"
        )
        await self._transition(op, OpState.COMPLETED, note, orders=orders)
        self._note(op, note + ".")
        self._note_change(op.operation_id, Changes.of_orders(orders or [], journal=True))


def _raw_products(order: Order) -> list[dict[str, Any]]:
    products = order.raw.get("products") if isinstance(order.raw, dict) else None
    return [p for p in products or [] if isinstance(p, dict)]


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except ArithmeticError:
        return None


def later_status(a: str, b: str) -> str:
    """The later of two statuses of one key (statuses only move forward; of two ended ones,
    the first is kept)."""
    rank_a = _KEY_STATUS_RANK.get(a, 3)
    rank_b = _KEY_STATUS_RANK.get(b, 3)
    return b if rank_b > rank_a else a


def cached_key_statuses(order: Order | None) -> dict[str, str]:
    """Key id -> status as the cached order (what Kinguin last sent) lists them."""
    statuses: dict[str, str] = {}
    for raw in _raw_products(order) if order is not None else []:
        for item in raw.get("keys") or []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                status = str(item.get("status") or "").strip().upper()
                if status:
                    statuses[item["id"]] = status
    return statuses


def key_count(order: Order | None) -> int:
    """How many keys an order has: its lines, or (a cached order) the products Kinguin sent."""
    if order is None:
        return 0
    if order.lines:
        return sum(line.quantity for line in order.lines)
    total = 0
    for raw in _raw_products(order):
        try:
            total += int(raw.get("qty", 0) or 0)
        except (TypeError, ValueError):
            continue
    return total


def _seen(op: Operation, found: list[Order]) -> dict[str, Any]:
    """The payload of a purchase sent to review, with the orders its last lookup saw that could
    be its own (so later lookups know which orders it may still own)."""
    return {**op.payload, "candidates": [o.provider_order_id for o in found]}


def _sent(op: Operation) -> datetime | None:
    return parse_ts(op.sent_at)


def _creation_order(order: Order) -> tuple[datetime, int, str]:
    oid = order.provider_order_id
    return (order.created_at or datetime.min.replace(tzinfo=UTC), len(oid), oid)


def _hm(value: datetime) -> str:
    return f"{value:%H:%M:%S}"


def _state_text(op: Operation) -> str:
    if op.kind == RETURN_KIND:
        order_id = op.payload.get("order_id", "")
        return {
            OpState.INTENT: f"Recorded; asking Kinguin to take back the keys of {order_id}…",
            OpState.SENDING: f"Waiting for Kinguin to confirm the return of {order_id}…",
            OpState.COMPLETED: f"Keys of order {order_id} returned.",
            OpState.FAILED: op.error or "Kinguin refused the return.",
            OpState.NEEDS_REVIEW: op.error or "This return needs review.",
            OpState.ABANDONED: "Dismissed after review.",
        }.get(op.state, op.state.value)
    placed = f"Order {op.provider_order_id} placed; waiting to dispatch…"
    if "expected" in op.payload:
        delivered = int(op.payload.get("delivered", 0) or 0)
        placed = (
            f"Order {op.provider_order_id} placed; "
            f"{delivery_text(delivered, int(op.payload['expected']))}…"
        )
    return {
        OpState.INTENT: "Recorded; sending the order to Kinguin…",
        OpState.SENDING: "Waiting for Kinguin to confirm the order…",
        OpState.PLACED: placed,
        OpState.DISPATCHED: f"Order {op.provider_order_id} dispatched; fetching keys…",
        OpState.COMPLETED: f"Order {op.provider_order_id} complete; keys stored.",
        OpState.FAILED: op.error or "The purchase failed.",
        OpState.NEEDS_REVIEW: op.error or "This purchase needs review.",
        OpState.ABANDONED: "Dismissed after review.",
    }[op.state]
