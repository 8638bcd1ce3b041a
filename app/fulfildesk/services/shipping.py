"""The warehouse workflow on the physical goods provider: reserve, details, ship, track,
complete, cancel (with or without refund), look players and transactions up.

Every action is checked before anything is sent, updates the cache and adds a line (time,
operator, action) to the order's history. A reservation goes through the purchase journal: the
provider refuses a second pending reservation for the same player and product, so after a lost
answer the console finds the reservation in the player's orders instead of making another.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from fulfildesk.domain.models import Provider, utcnow
from fulfildesk.domain.validation import (
    FieldProblems,
    countries,
    country_code,
    country_problem,
    email_problem,
    id_problem,
    length_problem,
    postal_code_problem,
    text_problem,
)
from fulfildesk.providers.errors import ProviderError
from fulfildesk.providers.powerplugin import Address as Address  # re-exported for the ui
from fulfildesk.providers.powerplugin import PowerPluginClient, Shipment
from fulfildesk.services.contract import (
    Clock,
    Interrupted,
    Outcome,
    Progress,
    PurchaseService,
    Sleep,
    outcome_unknown,
)
from fulfildesk.store.db import AsyncStore, Store, parse_ts, ts_precise
from fulfildesk.store.journal import Operation, OpState

log = logging.getLogger(__name__)

PROVIDER = Provider.POWERPLUGIN.value
KIND = "reserve"
TRACKING = re.compile(r"^[A-Za-z0-9\-]{5,40}$")
PLAYER = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
ALREADY_EXISTS = "already exists"

#: reservations sent without the provider creating one, before the console gives up
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class ReservationRequest:
    player_id: str
    product_id: str
    establishment_id: str
    email: str = ""
    quantity: int = 1
    denomination: int | None = None

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if not PLAYER.match(self.player_id.strip()):
            found["player"] = "Choose a player, or paste the player's id (letters, digits, dashes)."
        if not self.product_id.strip():
            found["product"] = "Choose a product, or paste its product id."
        elif problem := length_problem(self.product_id, "product id", 64):
            found["product"] = problem
        if not self.establishment_id.strip():
            found["establishment"] = "Choose an establishment, or paste its id."
        elif problem := length_problem(self.establishment_id, "establishment id", 64):
            found["establishment"] = problem
        if not 1 <= self.quantity <= 50:
            found["quantity"] = "Reserve 1 to 50 units."
        if problem := email_problem(self.email, required=False):
            found["email"] = problem
        if problem := id_problem(self.denomination, "denomination", maximum=2**31 - 1):
            found["denomination"] = problem
        return found


def details_problems(details: dict[str, str]) -> dict[str, str]:
    """Customer details: every field optional, each valid when given."""
    found: dict[str, str] = {}
    if not any(v.strip() for v in details.values()):
        found["form"] = "Change at least one detail."
    if problem := email_problem(details.get("email", ""), required=False):
        found["email"] = problem
    country = details.get("country", "")
    if problem := country_problem(country, required=False):
        found["country"] = problem
    if details.get("postalCode", "").strip():
        problem = postal_code_problem(
            details["postalCode"], country_code(country) if country else None
        )
        if problem:
            found["postal_code"] = problem
    for key, what in (("address", "address line"), ("city", "city")):
        if problem := text_problem(details.get(key, ""), what, required=False):
            found[key] = problem
    return found


def address_problems(address: Address) -> dict[str, str]:
    found: dict[str, str] = {}
    if problem := text_problem(address.recipient_name, "recipient's name", max_length=120):
        found["recipient"] = problem
    if problem := text_problem(address.address_line1, "address line"):
        found["address"] = problem
    if problem := country_problem(address.country):
        found["country"] = problem
    code = country_code(address.country)
    if problem := postal_code_problem(address.postal_code, code):
        found["postal_code"] = problem
    if problem := text_problem(address.city, "city", required=False):
        found["city"] = problem
    return found


def tracking_problem(number: str) -> str:
    number = number.strip()
    if not number:
        return "Scan or type the tracking number."
    if not TRACKING.match(number):
        return f"'{number}' is not a tracking number: 5 to 40 letters, digits or dashes."
    return ""


@dataclass(kw_only=True)
class ShippingOutcome(Outcome):
    """A reservation: the common outcome, plus the shipment when it was reserved now."""

    shipment: Shipment | None = None


class ShippingService(PurchaseService[ShippingOutcome]):
    provider = PROVIDER
    kind = KIND
    outcome_type = ShippingOutcome
    resume_states = (OpState.INTENT, OpState.SENDING)

    def __init__(
        self,
        client: PowerPluginClient,
        store: AsyncStore,
        *,
        operator: str = "",
        reconcile_margin: timedelta = timedelta(minutes=5),
        sleep: Sleep = asyncio.sleep,
        clock: Clock = utcnow,
    ) -> None:
        super().__init__(store, operator=operator or "operator", sleep=sleep, clock=clock)
        self.client = client
        self.reconcile_margin = reconcile_margin
        self._shipments: dict[str, Shipment] = {}

    async def _record(self, shipment: Shipment, action: str, detail: str = "") -> Shipment:
        order = shipment.order
        await self.store.run(Store.record_event, order, self.operator, action, detail)
        return shipment

    # ------------------------------------------------------------------ reserve (journaled)

    async def reserve(
        self, request: ReservationRequest, progress: Progress | None = None
    ) -> ShippingOutcome:
        problems = request.problems()
        if problems:
            raise FieldProblems(problems)
        payload = {**asdict(request), "operator": self.operator, "attempts": 0}
        op = await self.create(payload)
        return await self.drive(op.operation_id, progress)

    def advances(self, state: OpState, *, wait: bool) -> bool:
        return state in (OpState.INTENT, OpState.SENDING)

    async def step(self, op: Operation) -> None:
        if op.state is OpState.INTENT:
            await self._send(op)
        elif op.state is OpState.SENDING:
            await self._reconcile(op)

    def state_text(self, op: Operation) -> str:
        return {
            OpState.INTENT: "Recorded; reserving…",
            OpState.SENDING: "Reserving: waiting for the warehouse to confirm…",
            OpState.COMPLETED: "Reserved.",
            OpState.FAILED: op.error or "The reservation failed.",
            OpState.NEEDS_REVIEW: op.error or "This reservation needs review.",
            OpState.ABANDONED: "Dismissed after review.",
        }.get(op.state, "Still being reserved.")

    async def finish(self, op: Operation, message: str) -> ShippingOutcome:
        return self.outcome(op, message, shipment=self._shipments.pop(op.operation_id, None))

    async def _send(self, op: Operation) -> None:
        payload = {**op.payload, "attempts": int(op.payload.get("attempts", 0)) + 1}
        op = await self._transition(
            op, OpState.SENDING, "reserving", sent_at=ts_precise(self._clock()), payload=payload
        )
        fields = {k: v for k, v in op.payload.items() if k not in ("operator", "attempts")}
        r = ReservationRequest(**fields)
        try:
            shipment = await self.client.reserve(
                r.player_id.strip(),
                r.product_id.strip(),
                r.establishment_id.strip(),
                email=r.email.strip(),
                quantity=r.quantity,
                denomination=r.denomination,
            )
        except ProviderError as exc:
            if outcome_unknown(exc) or exc.status is None:
                await self._reconcile(op)
                return
            if ALREADY_EXISTS in exc.message.lower() and await self._reconcile(op, adopt_only=True):
                return
            self._refused(op, exc.field_errors)
            await self._transition(op, OpState.FAILED, "refused", error=exc.user_message)
            return
        await self._done(op, shipment, "reserved")

    async def _done(self, op: Operation, shipment: Shipment, how: str) -> None:
        self._shipments[op.operation_id] = shipment
        await self._transition(
            op,
            OpState.COMPLETED,
            how,
            orders=[shipment.order],
            provider_order_id=shipment.transaction_id,
        )
        await self._record(
            shipment,
            "Reserved",
            f"{shipment.product_name} for {shipment.player_name or shipment.player_id}",
        )

    async def _reconcile(self, op: Operation, *, adopt_only: bool = False) -> bool:
        """Find the reservation in the player's orders; True when found (and adopted)."""
        r = op.payload
        try:
            shipments = await self.client.player_orders(r["player_id"].strip())
        except ProviderError as exc:
            raise Interrupted(
                f"Could not check the player's orders ({exc.user_message}); it will be "
                "checked again, and nothing is reserved twice."
            ) from exc
        sent = parse_ts(op.sent_at) or parse_ts(op.created_at)
        claimed = await self.store.run(Store.claimed_order_ids, PROVIDER)
        for shipment in shipments:
            created = shipment.order.created_at
            if (
                shipment.stage == "reserved"
                and shipment.order.lines[0].product_id == r["product_id"].strip()
                and shipment.transaction_id not in claimed
                and (
                    adopt_only
                    or created is None
                    or sent is None
                    or created >= sent - self.reconcile_margin
                )
            ):
                await self._done(op, shipment, "found in the player's orders")
                return True
        if adopt_only:
            return False
        attempts = int(op.payload.get("attempts", 0))
        if attempts >= MAX_ATTEMPTS:
            await self._transition(
                op,
                OpState.FAILED,
                "no reservation after every attempt",
                error=f"The warehouse has no reservation for this after {attempts} attempts; "
                "nothing was reserved. Try again later.",
            )
            return False
        # nothing there: the provider never created it, so reserving again is safe
        await self._transition(op, OpState.INTENT, "no reservation found: reserving again")
        return False

    # ------------------------------------------------------------------ the other actions

    async def _act(self, shipment: Shipment, action: str, call: Any, detail: str = "") -> Shipment:
        try:
            result = await call
        except ProviderError as exc:
            if exc.outcome_unknown:
                # Read back what happened, so the person sees the real state.
                try:
                    current = await self.client.transaction(
                        shipment.player_id, shipment.transaction_id
                    )
                    await self._record(current, f"{action} (outcome unknown)", exc.user_message)
                except ProviderError:
                    pass
            raise
        return await self._record(result, action, detail)

    async def update_details(self, shipment: Shipment, details: dict[str, str]) -> Shipment:
        clean = {k: v.strip() for k, v in details.items() if v.strip()}
        if "country" in clean:
            clean["country"] = country_code(clean["country"]) or clean["country"]
        problems = details_problems(details)
        if problems:
            raise ValueError("; ".join(problems.values()))
        await self.client.update_details(shipment.player_id, shipment.transaction_id, clean)
        current = await self.client.transaction(shipment.player_id, shipment.transaction_id)
        return await self._record(
            current, "Details updated", ", ".join(f"{k}={v}" for k, v in clean.items())
        )

    async def cancel_reservation(self, shipment: Shipment) -> Shipment:
        async def call() -> Shipment:
            await self.client.cancel_reservation(shipment.player_id, shipment.transaction_id)
            return await self.client.transaction(shipment.player_id, shipment.transaction_id)

        return await self._act(shipment, "Reservation cancelled", call(), "stock released")

    async def ship(self, shipment: Shipment, address: Address) -> Shipment:
        problems = address_problems(address)
        if problems:
            raise ValueError("; ".join(problems.values()))
        code = country_code(address.country) or address.country
        clean = Address(
            recipient_name=address.recipient_name.strip(),
            address_line1=address.address_line1.strip(),
            postal_code=address.postal_code.strip(),
            country=code,
            city=address.city.strip(),
        )
        if clean.city:
            await self.client.update_details(
                shipment.player_id, shipment.transaction_id, {"city": clean.city}
            )
        return await self._act(
            shipment,
            "Shipped",
            self.client.send(shipment.player_id, shipment.transaction_id, clean),
            f"to {clean.recipient_name}, {clean.address_line1}, "
            f"{clean.postal_code} {clean.city} {code}".replace("  ", " "),
        )

    async def track(self, shipment: Shipment, tracking_number: str) -> Shipment:
        problem = tracking_problem(tracking_number)
        if problem:
            raise ValueError(problem)
        number = tracking_number.strip()
        return await self._act(
            shipment,
            "Tracking added",
            self.client.track(shipment.player_id, shipment.transaction_id, number),
            number,
        )

    async def complete(self, shipment: Shipment) -> Shipment:
        return await self._act(
            shipment,
            "Acquisition completed",
            self.client.complete(shipment.player_id, shipment.transaction_id),
        )

    async def cancel_acquisition(self, shipment: Shipment, *, refund: bool) -> Shipment:
        return await self._act(
            shipment,
            "Refunded" if refund else "Acquisition cancelled",
            self.client.cancel_acquisition(
                shipment.player_id, shipment.transaction_id, refund=refund
            ),
        )

    async def player_orders(self, player_id: str) -> list[Shipment]:
        if not PLAYER.match(player_id.strip()):
            raise ValueError("Choose a player, or paste the player's id (letters, digits, dashes).")
        shipments = await self.client.player_orders(player_id.strip())
        orders = [s.order for s in shipments]
        if orders:
            await self.store.run(Store.upsert_orders, orders)
        return shipments

    async def transaction(self, player_id: str, transaction_id: str) -> Shipment:
        shipment = await self.client.transaction(player_id, transaction_id)
        await self.store.run(Store.upsert_orders, [shipment.order])
        return shipment

    async def history(self, transaction_id: str) -> list[dict[str, Any]]:
        return await self.store.run(Store.order_events, PROVIDER, transaction_id)


#: the shipping queue: stage -> (title, provider statuses in it)
QUEUE: dict[str, tuple[str, list[str]]] = {
    "to_ship": ("To ship", ["Reservation Pending"]),
    "to_track": ("To track", ["Acquisition Shipped", "Reservation Completed"]),
    "to_complete": ("To complete", ["Acquisition InTransit"]),
}


async def queue(store: AsyncStore) -> dict[str, list[dict[str, Any]]]:
    """The rows waiting in each stage of the shipping queue, from the cache."""
    return {
        stage: await store.run(Store.orders_with_status, PROVIDER, statuses)
        for stage, (_title, statuses) in QUEUE.items()
    }


async def shipment_for(store: AsyncStore, transaction_id: str) -> Shipment | None:
    """A cached order as a Shipment, for the window's actions."""
    from fulfildesk.providers.powerplugin import shipment_from_order

    order = await store.run(Store.get_order, PROVIDER, transaction_id)
    return shipment_from_order(order) if order is not None else None


@dataclass(frozen=True)
class SlipData:
    """What a packing slip shows."""

    reference: str
    transaction_id: str
    recipient: str
    address: str
    postal_code: str
    city: str
    country: str
    product: str
    quantity: int
    establishment: str
    tracking_number: str


def _country_name(code: str) -> str:
    names = dict(countries())
    return f"{names[code.upper()]} ({code.upper()})" if code.upper() in names else code


def slip_for(shipment: Shipment) -> SlipData:
    order = shipment.order
    return SlipData(
        reference=order.reference or shipment.transaction_id,
        transaction_id=shipment.transaction_id,
        recipient=shipment.recipient_name or shipment.player_name,
        address=shipment.address,
        postal_code=shipment.postal_code,
        city=shipment.city,
        country=_country_name(shipment.country),
        product=shipment.product_name,
        quantity=order.lines[0].quantity if order.lines else 1,
        establishment=order.establishment or "",
        tracking_number=shipment.tracking_number or "",
    )
