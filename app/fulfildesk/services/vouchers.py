"""Buying Plum vouchers through the purchase journal, never paying twice.

Every purchase gets a poNumber that is committed with the intent before the request. Plum treats
the poNumber as the client's order reference, so after a timeout, a 5xx or a crash the console
asks getOrderDetails by poNumber: an order found is adopted; "not found" (PLE10016) proves nothing
was placed, and only then is it placed again (Plum's own guidance), at most MAX_ATTEMPTS times.

Plum's rate limit (placeOrder 20 a minute; the client paces itself) is a refusal: a placeOrder
answered `auth.request_limit_exceeded` placed nothing and charged nothing, so the purchase fails
as refused ("try again after ..."), never "outcome unknown"; trying again is a new purchase with a
new PO number, and the refused one can never be placed later.

The catalogue (getVouchers: 50 calls a minute, 500 a day, "refresh about 4 times a day") is
fetched at most once per CATALOGUE_TTL: kept in memory and, with `catalogue_path`, in a file of
the data directory shared by every process (the CLI's buys, a second window).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from fulfildesk.domain.models import Money, OrderLine, Provider, Voucher, VoucherProduct, utcnow
from fulfildesk.domain.validation import (
    FieldProblems,
    contact_problem,
    email_problem,
    id_problem,
    length_problem,
)
from fulfildesk.providers.errors import NotFoundError, ProviderError, RateLimitedError
from fulfildesk.providers.plum import PlaceOrderRequest, PlumClient, PlumOrder
from fulfildesk.services.contract import (
    Changes,
    Interrupted,
    Outcome,
    Progress,
    PurchaseService,
    Sleep,
    outcome_unknown,
)
from fulfildesk.services.keys import ProfileLimitExceeded
from fulfildesk.store.db import AsyncStore, Store, ts_precise
from fulfildesk.store.files import private_dir, private_file
from fulfildesk.store.journal import Operation, OpState

log = logging.getLogger(__name__)

PROVIDER = Provider.PLUM.value
KIND = "buy_vouchers"
MAX_ATTEMPTS = 3
NOT_FOUND = "PLE10016"
#: seconds the catalogue is used before it is fetched again (Plum: refresh about 4 times a day)
CATALOGUE_TTL = 6 * 3600.0


def new_po_number() -> str:
    return f"FD-{uuid.uuid4().hex[:20].upper()}"


#: the largest denomination sent to Plum (its catalogue's largest is far below)
MAX_DENOMINATION = Decimal(10**9)


@dataclass(frozen=True)
class VoucherRequest:
    product_id: int
    denomination: Decimal
    quantity: int = 1
    email: str = ""
    contact: str = ""
    tag: str = ""
    notify_receiver: bool = False
    notify_admin: bool = False
    product_name: str = ""

    def problems(self) -> dict[str, str]:
        """Field -> message for everything that would make Plum refuse the request."""
        found: dict[str, str] = {}
        if self.product_id <= 0:
            found["product"] = "Choose a product."
        elif problem := id_problem(self.product_id, "product id"):
            found["product"] = problem
        if not self.denomination.is_finite() or self.denomination <= 0:
            found["denomination"] = "Choose a denomination."
        elif self.denomination > MAX_DENOMINATION:
            found["denomination"] = f"Plum takes denominations up to {MAX_DENOMINATION:,}."
        if not 1 <= self.quantity <= 10:
            found["quantity"] = "Plum accepts 1 to 10 vouchers per order."
        if problem := email_problem(self.email, required=self.notify_receiver):
            found["email"] = problem
        if problem := contact_problem(self.contact):
            found["contact"] = problem
        if len(self.tag) > 100:
            found["tag"] = "Keep the tag under 100 characters."
        if problem := length_problem(self.product_name, "product name"):
            found["product_name"] = problem
        return found

    def payload(self, po_number: str) -> dict[str, Any]:
        data = asdict(self)
        data["denomination"] = str(self.denomination)
        data["po_number"] = po_number
        return data

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> VoucherRequest:
        fields = {k: payload[k] for k in cls.__dataclass_fields__ if k in payload}
        fields["denomination"] = Decimal(str(fields["denomination"]))
        return cls(**fields)


def product_problems(
    product: VoucherProduct, denomination: Decimal, quantity: int
) -> dict[str, str]:
    """What Plum would refuse about this product's amount and quantity: an open-value amount
    outside the product's min/max, or more vouchers than the product's own per-order limit
    (field -> message). A fixed denomination is chosen from the catalogue's list; one that is
    not on it is left to Plum, whose refusal (PLE10018) is shown at the field."""
    found: dict[str, str] = {}
    currency = product.currency
    if product.open_value:
        low, high = product.min_value, product.max_value
        if denomination != denomination.to_integral_value():
            found["denomination"] = f"Enter a whole amount in {currency}."
        elif (low is not None and denomination < low) or (high is not None and denomination > high):
            found["denomination"] = (
                f"Enter an amount from {_amount(low)} to {_amount(high)} {currency}: "
                "this product takes any whole amount between them."
            )
    limit = product.order_quantity_limit
    if limit and quantity > limit:
        found["quantity"] = (
            f"Plum sells at most {limit} of this product in one order; "
            f"choose {limit} or fewer (or place another order)."
        )
    return found


def balance_problem(charge: Decimal | None, balance: Money | None) -> str:
    """Why a charge cannot be paid from the Plum balance ("" when it can, or is unknown)."""
    if charge is None or balance is None or charge <= balance.amount:
        return ""
    return (
        f"This order costs about {charge:.2f} {balance.currency} but the Plum account holds "
        f"{balance.amount:.2f} {balance.currency}. Lower the amount or the quantity, or top up "
        "the Plum account first."
    )


def _amount(value: Decimal | None) -> str:
    if value is None:
        return "?"
    return f"{value.normalize():f}"


def estimate_charge(
    product: VoucherProduct, denomination: Decimal, quantity: int
) -> Decimal | None:
    """What Plum will charge in the account currency, from its catalogue rate and discount."""
    if product.exchange_rate is None:
        return None
    total = denomination * quantity * product.exchange_rate
    return (total * (100 - product.discount_percent) / 100).quantize(Decimal("0.01"))


@dataclass(kw_only=True)
class VoucherOutcome(Outcome):
    """A voucher purchase: the common outcome, plus the order and its stored vouchers."""

    order: PlumOrder | None = None
    vouchers: list[Voucher] = field(default_factory=list)


class VoucherService(PurchaseService[VoucherOutcome]):
    provider = PROVIDER
    kind = KIND
    outcome_type = VoucherOutcome
    resume_states = (OpState.INTENT, OpState.SENDING, OpState.PLACED)

    def __init__(
        self,
        client: PlumClient,
        store: AsyncStore,
        *,
        poll_interval: float = 1.0,
        ready_timeout: float = 120.0,
        min_interval: float = 0.6,
        operator: str = "",
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], datetime] = utcnow,
        catalogue_path: Path | None = None,
        catalogue_ttl: float = CATALOGUE_TTL,
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
        #: pause between bulk placements; the client keeps placeOrder within Plum's 20 a minute
        self.min_interval = min_interval
        self._products: list[VoucherProduct] | None = None
        #: when the catalogue in memory was fetched (time.time())
        self._products_at = 0.0
        self.catalogue_path = catalogue_path
        self.catalogue_ttl = catalogue_ttl

    #: issue 14: the workstation profile and its daily voucher limit in the Plum account
    #: currency (services/profiles.py; None: no limit of the profile's own)
    profile: str = "all"
    profile_limit: Decimal | None = None

    # ------------------------------------------------------------------ catalogue

    async def products(self, refresh: bool = False) -> list[VoucherProduct]:
        """The catalogue, fetched from Plum at most once per `catalogue_ttl` (getVouchers allows
        500 calls a day): from memory, else from the data directory's copy while it is fresh
        (another process fetched it), else from Plum (then saved for the others)."""
        now = time.time()
        fresh = self._products is not None and now - self._products_at < self.catalogue_ttl
        if fresh and not refresh:
            assert self._products is not None
            return self._products
        if not refresh:
            saved = await asyncio.to_thread(self._read_catalogue, now)
            if saved is not None:
                self._products, self._products_at = saved
                return saved[0]
        products = await self.client.get_vouchers()
        self._products, self._products_at = products, now
        await asyncio.to_thread(self._write_catalogue, products, now)
        return products

    def _catalogue_url(self) -> str:
        return self.client.http.base_url

    def _read_catalogue(self, now: float) -> tuple[list[VoucherProduct], float] | None:
        """The saved catalogue when it is of this Plum URL and fresh, else None."""
        path = self.catalogue_path
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            fetched = float(data["fetched_at"])
            if data.get("url") != self._catalogue_url() or not 0 <= now - fetched < (
                self.catalogue_ttl
            ):
                return None
            return [VoucherProduct.model_validate(p) for p in data["products"]], fetched
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged copy: fetch again
            log.warning("saved Plum catalogue unreadable (%s); fetching it", type(exc).__name__)
            return None

    def _write_catalogue(self, products: list[VoucherProduct], now: float) -> None:
        path = self.catalogue_path
        if path is None:
            return
        data = {
            "url": self._catalogue_url(),
            "fetched_at": now,
            "products": [p.model_dump(mode="json") for p in products],
        }
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            private_dir(path.parent)
            private_file(temporary)  # owner-only, as everything in the data directory
            temporary.write_text(json.dumps(data), encoding="utf-8")
            os.replace(temporary, path)
        except OSError as exc:  # the memory copy still serves this process
            log.warning("could not save the Plum catalogue (%s)", type(exc).__name__)
            temporary.unlink(missing_ok=True)

    async def product(self, product_id: int) -> VoucherProduct | None:
        """The catalogue's product (None when Plum does not list it)."""
        return next((p for p in await self.products() if p.product_id == product_id), None)

    async def balance(self) -> Money:
        """The Plum account balance (getBalance allows 10 calls a minute: the client answers
        from its cache, and an order placed here lowers the cached value by its charge)."""
        return await self.client.get_balance()

    async def check(self, request: VoucherRequest) -> tuple[VoucherProduct | None, dict[str, str]]:
        """Everything known before placing: the request's own fields, then the product's
        amount bounds and quantity limit, then the charge against the balance. A catalogue or
        a balance that cannot be read leaves that check to Plum (which refuses too)."""
        problems = request.problems()
        if problems:
            return None, problems
        try:
            product = await self.product(request.product_id)
        except ProviderError as exc:
            log.warning("catalogue unavailable (%s); Plum checks the amount", exc.message)
            return None, {}
        if product is None:
            return None, {}
        problems = product_problems(product, request.denomination, request.quantity)
        if problems:
            return product, problems
        charge = estimate_charge(product, request.denomination, request.quantity)
        try:
            balance = await self.balance() if charge is not None else None
        except ProviderError as exc:
            log.warning("balance unavailable (%s); Plum checks it", exc.message)
            balance = None
        if problem := balance_problem(charge, balance):
            return product, {"balance": problem}
        return product, {}

    # ------------------------------------------------------------------ buying

    async def begin(
        self, request: VoucherRequest, *, over_profile_limit: bool = False
    ) -> Operation:
        """Check the request, the catalogue's rules and the balance (FieldProblems), then the
        profile's daily limit (ProfileLimitExceeded unless `over_profile_limit`, confirmed);
        nothing journaled or sent when refused. Then record the intent and return it."""
        product, problems = await self.check(request)
        if problems:
            raise FieldProblems(problems)
        charge = (
            estimate_charge(product, request.denomination, request.quantity)
            if product is not None
            else None
        )
        if not over_profile_limit:
            await self.check_profile_spend([charge])
        payload = {**request.payload(new_po_number()), "attempts": 0, "operator": self.operator}
        if charge is not None:
            payload["charge"] = str(charge)  # account currency: the day's spend sums these
        if product is not None and product.delayed:
            payload["delayed"] = True  # its codes arrive later: no polling, a later lookup
        return await self.create(payload)

    async def buy(
        self,
        request: VoucherRequest,
        progress: Progress | None = None,
        *,
        over_profile_limit: bool = False,
    ) -> VoucherOutcome:
        op = await self.begin(request, over_profile_limit=over_profile_limit)
        return await self.drive(op.operation_id, progress)

    # ------------------------------------------------------------------ profile limit

    async def spent_today(self) -> Decimal:
        """What voucher purchases charged since 00:00 UTC, in the account currency, from the
        journal (the charge recorded with the intent; an older entry without one: the cached
        catalogue's estimate, else nothing). Failed and dismissed purchases count nothing."""
        start = self._clock().replace(hour=0, minute=0, second=0, microsecond=0)
        ops = await self.store.run(Store.journal_since, PROVIDER, KIND, ts_precise(start))
        total = Decimal(0)
        for op in ops:
            if op.state in (OpState.FAILED, OpState.ABANDONED):
                continue
            if op.payload.get("charge") is not None:
                total += Decimal(str(op.payload["charge"]))
                continue
            product = next(
                (p for p in self._products or [] if p.product_id == op.payload.get("product_id")),
                None,
            )
            if product is not None:
                request = VoucherRequest.from_payload(op.payload)
                total += estimate_charge(
                    product, request.denomination, request.quantity
                ) or Decimal(0)
        return total

    async def _account_currency(self) -> str:
        try:
            return (await self.balance()).currency
        except ProviderError:
            return ""

    async def check_profile_spend(self, charges: list[Decimal | None]) -> None:
        """Refuse (ProfileLimitExceeded: the person may confirm) purchases whose charges, with
        what was spent today, go over the profile's daily voucher limit. A charge the catalogue
        cannot estimate counts as over (the person decides)."""
        limit = self.profile_limit
        if limit is None or not charges:
            return
        spent = await self.spent_today()
        known = [c for c in charges if c is not None]
        total = sum(known, Decimal(0))
        if len(known) == len(charges) and spent + total <= limit:
            return
        currency = await self._account_currency()
        unit = f" {currency}" if currency else ""
        left = max(limit - spent, Decimal(0))
        what = "This order" if len(charges) == 1 else f"These {len(charges)} orders"
        cost = (
            f"{what} cost about {total:.2f}{unit}"
            if len(known) == len(charges)
            else f"{what} cost an amount the Plum catalogue cannot estimate"
        )
        raise ProfileLimitExceeded(
            f"{cost}; the daily voucher limit of the {self.profile.replace('_', ' ')} profile "
            f"is {limit:.2f}{unit} and {spent:.2f}{unit} were already spent today (UTC); "
            f"{left:.2f}{unit} are left. Nothing was sent to Plum.",
            {"balance": f"Over the profile's voucher limit: {left:.2f}{unit} left today."},
        )

    async def batch_charges(self, requests: list[VoucherRequest]) -> list[Decimal | None]:
        """Each request's estimated charge in the account currency (None: not estimable)."""
        try:
            products = {p.product_id: p for p in await self.products()}
        except ProviderError as exc:
            log.warning("catalogue unavailable (%s); charges not estimated", exc.message)
            products = {}
        charges: list[Decimal | None] = []
        for r in requests:
            product = products.get(r.product_id)
            charges.append(
                estimate_charge(product, r.denomination, r.quantity) if product else None
            )
        return charges

    def advances(self, state: OpState, *, wait: bool) -> bool:
        return state in (OpState.INTENT, OpState.SENDING, OpState.PLACED)

    async def step(self, op: Operation) -> None:
        if op.state is OpState.INTENT:
            await self._send(op)
        elif op.state is OpState.SENDING:
            await self._reconcile(op, place_again=True)
        elif op.state is OpState.PLACED:
            await self._await_vouchers(op)

    def state_text(self, op: Operation) -> str:
        return _state_text(op)

    def _place_request(self, op: Operation) -> PlaceOrderRequest:
        r = VoucherRequest.from_payload(op.payload)
        return PlaceOrderRequest(
            product_id=r.product_id,
            quantity=r.quantity,
            denomination=r.denomination,
            po_number=op.payload["po_number"],
            email=r.email.strip(),
            contact=r.contact.strip(),
            tag=r.tag,
            notify_receiver_email=r.notify_receiver,
            notify_admin_email=r.notify_admin,
        )

    async def _send(self, op: Operation) -> None:
        payload = {**op.payload, "attempts": int(op.payload.get("attempts", 0)) + 1}
        op = await self._transition(
            op,
            OpState.SENDING,
            f"placing with PO {payload['po_number']} (attempt {payload['attempts']})",
            sent_at=ts_precise(self._clock()),
            payload=payload,
        )
        try:
            result = await self.client.place_order(self._place_request(op))
        except ProviderError as exc:
            if outcome_unknown(exc):  # only an explicit refusal proves nothing was bought
                log.warning(
                    "voucher purchase %s: %s; looking up PO %s",
                    op.operation_id,
                    exc.message,
                    payload["po_number"],
                )
                # A 5xx, a timeout or an unreadable 2xx may hide a created order: place
                # again only if absent. A 4xx flagged unknown is checked once, then reported.
                place_again = exc.status is None or not 400 <= exc.status < 500
                op = await self._transition(
                    op, OpState.SENDING, "outcome unknown", error=exc.user_message
                )
                await self._reconcile(op, place_again=place_again, cause=exc)
                return
            self._refused(op, exc.field_errors)
            error = exc.user_message
            if isinstance(exc, RateLimitedError):  # a refusal: nothing placed, nothing charged
                error = rate_limited_text(exc.retry_after)
            await self._transition(op, OpState.FAILED, "Plum refused the order", error=error)
            return
        await self._record(op, result, "placed")

    async def _record(self, op: Operation, result: PlumOrder, how: str) -> None:
        name = op.payload.get("product_name") or ""
        lines = (
            [
                line.model_copy(update={"name": f"{name} {line.name}".strip()})
                for line in result.order.lines
            ]
            if name
            else result.order.lines
        )
        if not lines and name:
            # no vouchers yet (delivery pending): the line comes from the request, so the list
            # names the product before, and after, the vouchers arrive (sync keeps the name)
            lines = [
                OrderLine(
                    product_id=str(op.payload.get("product_id", "")),
                    name=f"{name} {op.payload.get('denomination', '')}".strip(),
                    quantity=int(op.payload.get("quantity") or 1),
                    unit_price=Decimal(str(op.payload["denomination"]))
                    if op.payload.get("denomination")
                    else None,
                )
            ]
        order = result.order.model_copy(
            update={
                "reference": op.payload["po_number"],
                "lines": lines,
                "email": op.payload.get("email") or None,
            }
        )
        if result.vouchers:
            vouchers = result.vouchers
            await self.store.run(
                Store.journal_complete_with_vouchers,
                op.operation_id,
                order,
                vouchers,
                f"{how}: Plum order {order.provider_order_id}, {len(vouchers)} voucher(s)",
                expect=op.state,
                owner=self.lease_owner,
            )
            self._note_change(op.operation_id, Changes.of_orders([order]))
        else:
            await self._transition(
                op,
                OpState.PLACED,
                f"{how}: Plum order {order.provider_order_id}, vouchers not delivered yet",
                orders=[order],
                provider_order_id=order.provider_order_id,
            )

    async def _reconcile(
        self, op: Operation, *, place_again: bool, cause: ProviderError | None = None
    ) -> None:
        po_number = op.payload["po_number"]
        try:
            found = await self.client.get_order_details(po_number=po_number)
        except NotFoundError as exc:
            if exc.code not in (NOT_FOUND, None):
                raise Interrupted(
                    f"Could not check PO {po_number} at Plum "
                    f"({exc.user_message}); it will be checked again."
                ) from exc
            attempts = int(op.payload.get("attempts", 0))
            if not place_again:
                if cause is not None:
                    self._refused(op, cause.field_errors)
                await self._transition(
                    op,
                    OpState.FAILED,
                    "refused; no order under the PO",
                    error=(cause.user_message if cause else op.error)
                    or "Plum did not place the order.",
                )
                return
            if attempts >= MAX_ATTEMPTS:
                await self._transition(
                    op,
                    OpState.FAILED,
                    "no order after every attempt",
                    error=f"Plum did not place the order after {attempts} attempts "
                    f"({op.error or 'no answer'}). Nothing was charged; try again later.",
                )
                return
            await self._transition(
                op, OpState.INTENT, f"PO {po_number} not found at Plum: placing again"
            )
            return
        except ProviderError as exc:
            raise Interrupted(
                f"Could not check PO {po_number} at Plum ({exc.user_message}). "
                "It will be checked again; nothing is paid twice."
            ) from exc
        await self._record(op, found, f"found by PO {po_number}")

    async def _await_vouchers(self, op: Operation) -> None:
        deadline = self._clock() + timedelta(seconds=self.ready_timeout)
        if op.payload.get("delayed"):
            deadline = self._clock()  # delivered within days: one look, never a long wait
        while True:
            try:
                found = await self.client.get_order_details(order_id=op.provider_order_id)
            except ProviderError as exc:
                raise Interrupted(
                    f"Plum order {op.provider_order_id} is placed; reading it "
                    f"failed ({exc.user_message}). It will be read again."
                ) from exc
            if found.vouchers:
                await self._record(op, found, "vouchers delivered")
                return
            if op.payload.get("delayed"):
                raise Interrupted(delayed_text(op.provider_order_id))
            if self._clock() >= deadline:
                raise Interrupted(
                    f"Plum order {op.provider_order_id} has no vouchers yet; "
                    "the console collects them later."
                )
            await self._sleep(self.poll_interval)

    async def finish(self, op: Operation, message: str) -> VoucherOutcome:
        vouchers: list[Voucher] = []
        if op.provider_order_id:
            vouchers = await self.store.run(
                Store.vouchers_for_order, PROVIDER, op.provider_order_id
            )
        return self.outcome(op, message, vouchers=vouchers)

    # ------------------------------------------------------------------ lookup and resend

    def pending_delivery(self, outcome: VoucherOutcome) -> bool:
        """Placed and paid, codes not delivered yet (a delayed-delivery product)."""
        op = outcome.operation
        return op.state is OpState.PLACED and bool(op.payload.get("delayed"))

    async def collect_delivered(self, order_id: str | None = None) -> list[VoucherOutcome]:
        """Purchases placed but still waiting for their codes (delayed delivery): look each
        up once (or only the one of `order_id`); those delivered now complete with their
        vouchers stored. Run by a lookup and by a sync."""
        ops = await self.store.run(Store.journal_list, [OpState.PLACED], PROVIDER)
        done = []
        for op in ops:
            if op.kind != self.kind or (order_id and op.provider_order_id != order_id):
                continue
            if not order_id and not op.payload.get("delayed"):
                continue  # a realtime order waits for its codes in its own drive, not here
            done.append(await self.drive(op.operation_id))
        return done

    async def lookup(
        self, *, order_id: str | None = None, po_number: str | None = None
    ) -> tuple[PlumOrder, list[Voucher]]:
        found = await self.client.get_order_details(order_id=order_id, po_number=po_number)
        if found.vouchers:  # a purchase waiting for these codes is settled with them
            await self.collect_delivered(found.order.provider_order_id)
        await self.store.run(Store.store_vouchers, found.order, found.vouchers)
        stored = await self.store.run(
            Store.vouchers_for_order, PROVIDER, found.order.provider_order_id
        )
        return found, stored

    async def resend(self, order_id: str) -> PlumOrder:
        """Ask Plum to mail the vouchers to the order's receiver again."""
        return await self.client.get_order_details(order_id=order_id, send_mail_to_receiver=True)

    # ------------------------------------------------------------------ bulk issue

    async def bulk_issue(
        self,
        requests: list[VoucherRequest],
        progress: Callable[[BulkProgress], None] | None = None,
        running: asyncio.Event | None = None,
        *,
        over_profile_limit: bool = False,
    ) -> BulkSummary:
        """One order (own poNumber) per request, in order. Clear `running` to pause.
        The whole batch is checked against the profile's daily voucher limit before the first
        order (ProfileLimitExceeded unless `over_profile_limit`, confirmed; nothing sent)."""
        if not over_profile_limit:
            await self.check_profile_spend(await self.batch_charges(requests))
        summary = BulkSummary(total=len(requests))
        for index, request in enumerate(requests):
            if running is not None and not running.is_set():
                if progress:
                    progress(BulkProgress(index, len(requests), "paused", summary))
                await running.wait()
            outcome = await self.buy(request, over_profile_limit=True)  # the batch was checked
            item = BulkItem(
                index=index,
                request=request,
                operation_id=outcome.operation.operation_id,
                state=outcome.operation.state,
                order_id=outcome.operation.provider_order_id,
                message=outcome.message,
            )
            summary.add(item)
            if progress:
                progress(BulkProgress(index + 1, len(requests), outcome.message, summary))
            if index + 1 < len(requests) and self.min_interval > 0:
                await self._sleep(self.min_interval)
        return summary


@dataclass
class BulkItem:
    index: int
    request: VoucherRequest
    operation_id: str
    state: OpState
    order_id: str | None
    message: str


@dataclass
class BulkSummary:
    total: int
    succeeded: list[BulkItem] = field(default_factory=list)
    failed: list[BulkItem] = field(default_factory=list)
    unresolved: list[BulkItem] = field(default_factory=list)

    def add(self, item: BulkItem) -> None:
        if item.state is OpState.COMPLETED:
            self.succeeded.append(item)
        elif item.state is OpState.FAILED:
            self.failed.append(item)
        else:
            self.unresolved.append(item)

    @property
    def done(self) -> int:
        return len(self.succeeded) + len(self.failed) + len(self.unresolved)

    def text(self) -> str:
        lines = [f"{len(self.succeeded)} of {self.total} vouchers issued."]
        if self.failed:
            lines.append(f"{len(self.failed)} failed:")
            lines += [
                f"  row {i.index + 1} ({i.request.email or 'no email'}): {i.message}"
                for i in self.failed
            ]
        if self.unresolved:
            lines.append(
                f"{len(self.unresolved)} not finished (resumed automatically; never paid twice):"
            )
            lines += [
                f"  row {i.index + 1} ({i.request.email or 'no email'}): {i.message}"
                for i in self.unresolved
            ]
        return "\n".join(lines)


@dataclass
class BulkProgress:
    done: int
    total: int
    message: str
    summary: BulkSummary


@dataclass
class RecipientRow:
    line: int
    email: str
    contact: str = ""
    tag: str = ""
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_recipients_csv(text: str, *, max_rows: int = 1000) -> list[RecipientRow]:
    """Read a CSV of recipients (header `email`, optional `contact` and `tag`), row by row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "email" not in header:
        raise ValueError(
            "The CSV needs a header row with an 'email' column (and optionally "
            "'contact' and 'tag')."
        )
    rows = []
    for number, raw in enumerate(reader, start=2):
        data = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not any(data.values()):
            continue
        row = RecipientRow(
            line=number,
            email=data.get("email", ""),
            contact=data.get("contact", ""),
            tag=data.get("tag", ""),
        )
        if problem := email_problem(row.email, required=True):
            row.problems["email"] = problem
        if problem := contact_problem(row.contact):
            row.problems["contact"] = problem
        rows.append(row)
        if len(rows) > max_rows:
            raise ValueError(f"At most {max_rows} recipients per file; split the file.")
    return rows


def rate_limited_text(retry_after: float | None) -> str:
    """A purchase Plum refused by its rate limit: nothing was bought; when to try again."""
    wait = retry_after if retry_after is not None and retry_after > 0 else 60.0
    when = time.strftime("%H:%M:%S", time.localtime(time.time() + min(wait, 86400 * 366)))
    return (
        "Plum refused the order: too many orders in a minute (Plum's rate limit). Nothing was "
        f"placed and nothing was charged. Try the purchase again after {when}."
    )


def delayed_text(order_id: str | None) -> str:
    return (
        f"Plum order {order_id} is placed and paid. This product is delivered later (Plum "
        "takes up to 7 business days): the code arrives later, and the console fills it in "
        "when a lookup or a sync finds it."
    )


def _state_text(op: Operation) -> str:
    po = op.payload.get("po_number", "")
    if op.state is OpState.PLACED and op.payload.get("delayed"):
        return delayed_text(op.provider_order_id)
    return {
        OpState.INTENT: f"Recorded with PO {po}; placing the order with Plum…",
        OpState.SENDING: f"Waiting for Plum to confirm PO {po} (this can take up to two minutes)…",
        OpState.PLACED: f"Plum order {op.provider_order_id} placed; waiting for vouchers…",
        OpState.COMPLETED: f"Plum order {op.provider_order_id} complete; vouchers stored.",
        OpState.FAILED: op.error or "The purchase failed.",
        OpState.NEEDS_REVIEW: op.error or "This purchase needs review.",
        OpState.ABANDONED: "Dismissed after review.",
        OpState.DISPATCHED: "",
    }[op.state]
