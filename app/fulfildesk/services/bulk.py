"""Bulk actions on many warehouse orders (issue 14, item 1): ship, add tracking numbers, mark
delivered, cancel reservations, and packing slips.

A bulk run is a preview first (`plan`: what will happen to each order, what is skipped and why),
then one journal entry per order (`BulkService`, kind "bulk", on the purchase contract of
services/contract.py), all committed as `intent` before anything is sent. Each entry is driven on
its own: `sending` is committed just before its request, `completed` (with a line in the order's
history) when the provider answered. A run that was interrupted (the process killed, the machine
off) is resumed by `resume_all` like every journaled service: an entry still in `intent` is sent
then; an entry left in `sending` is settled by reading the order back from the provider (shipped
already, the same tracking number already there, ...) and is sent again only when the provider
shows it never arrived. Nothing is shipped or tracked twice.

Pause and cancel are the runner's (`BulkRunner`): pause stops between two orders (the entries
not started stay `intent`), cancel closes the entries not started as `abandoned` (nothing sent).
Packing slips change nothing at the provider: they are rendered by the window, and each print or
save is written in the order's history (`record_slips`; a reprint says so).
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import functools
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fulfildesk.domain.journal import Operation, OpState
from fulfildesk.domain.models import Provider
from fulfildesk.providers.errors import ProviderError
from fulfildesk.providers.powerplugin import Address, PowerPluginClient, Shipment
from fulfildesk.services.contract import (
    Interrupted,
    Outcome,
    Progress,
    PurchaseService,
    outcome_unknown,
)
from fulfildesk.services.shipping import address_problems, shipment_for, tracking_problem
from fulfildesk.store.db import AsyncStore, Store, ts_precise

PROVIDER = Provider.POWERPLUGIN.value
KIND = "bulk"

#: action -> (verb for a person, stages of an order it applies to)
ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ship": ("Ship", ("reserved",)),
    "track": ("Add tracking", ("to_track", "in_transit")),
    "complete": ("Mark delivered", ("to_track", "in_transit")),
    "cancel_reservation": ("Cancel reservation", ("reserved",)),
    "slip": ("Packing slip", ("reserved", "to_track", "in_transit", "delivered")),
}
#: the history line each action writes (the same words as the one-order actions)
HISTORY = {
    "ship": "Shipped",
    "track": "Tracking added",
    "complete": "Acquisition completed",
    "cancel_reservation": "Reservation cancelled",
}
STAGE_WORDS = {
    "reserved": "waiting to be shipped",
    "to_track": "shipped, without tracking",
    "in_transit": "in transit",
    "delivered": "delivered",
    "cancelled": "cancelled",
    "refunded": "refunded",
}

# result states of one order in a run
DONE = "done"
ALREADY = "already done"
FAILED = "failed"
SKIPPED = "skipped"
CANCELLED = "cancelled"
PENDING = "pending"


@dataclass(frozen=True)
class PlanItem:
    """What a bulk run will do to one order (or why it skips it)."""

    action: str
    transaction_id: str
    reference: str
    what: str
    skip: str = ""
    #: what the entry sends (address fields, tracking number)
    data: dict[str, str] = field(default_factory=dict)
    player_id: str = ""

    @property
    def skipped(self) -> bool:
        return bool(self.skip)


@dataclass
class ItemResult:
    transaction_id: str
    reference: str
    action: str
    state: str
    message: str
    operation_id: str = ""


def parse_tracking_list(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """A pasted two-column list "order, tracking" (comma, semicolon, tab or spaces between):
    the pairs in order, and the lines that could not be read."""
    pairs: list[tuple[str, str]] = []
    bad: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        for sep in ("\t", ";", ","):
            if sep in line:
                parts = [p.strip() for p in line.split(sep) if p.strip()]
                break
        else:
            parts = line.split()
        if len(parts) == 2:
            pairs.append((parts[0], parts[1]))
        else:
            bad.append(line)
    return pairs, bad


def _address_of(shipment: Shipment) -> Address:
    return Address(
        recipient_name=(shipment.recipient_name or shipment.player_name or "").strip(),
        address_line1=(shipment.address or "").strip(),
        postal_code=(shipment.postal_code or "").strip(),
        country=(shipment.country or "").strip(),
        city=(shipment.city or "").strip(),
    )


def _address_text(a: Address) -> str:
    return " ".join(
        f"{a.recipient_name}, {a.address_line1}, {a.postal_code} {a.city} {a.country}".split()
    )


async def plan(
    store: AsyncStore,
    action: str,
    transaction_ids: Iterable[str],
    *,
    tracking: dict[str, str] | None = None,
    held_by_others: dict[str, str] | None = None,
) -> list[PlanItem]:
    """The preview of a bulk run: one item per order, in the order given (a duplicate id once).

    `tracking` maps an order (transaction id or reference) to its tracking number (track);
    `held_by_others` maps a transaction id to who claimed it on another seat (team mode): such
    an order is skipped. Nothing is sent."""
    if action not in ACTIONS:
        raise ValueError(f"unknown bulk action {action!r}")
    _verb, stages = ACTIONS[action]
    tracking = {k.strip(): v.strip() for k, v in (tracking or {}).items()}
    held = held_by_others or {}
    items: list[PlanItem] = []
    seen: set[str] = set()
    numbers: dict[str, str] = {}
    for tx in transaction_ids:
        if tx in seen:
            continue
        seen.add(tx)
        shipment = await shipment_for(store, tx)
        if shipment is None:
            items.append(PlanItem(action, tx, tx, "", "not a warehouse order in the cache"))
            continue
        reference = shipment.order.reference or tx
        base_player = shipment.player_id
        base = functools.partial(PlanItem, action, tx, reference)
        if tx in held:
            items.append(base(what="", skip=f"{held[tx]} is handling this order"))
            continue
        if shipment.stage not in stages:
            words = STAGE_WORDS.get(shipment.stage, shipment.stage)
            items.append(base(what="", skip=f"the order is {words}"))
            continue
        if action == "ship":
            address = _address_of(shipment)
            problems = address_problems(address)
            if problems:
                items.append(
                    base(
                        what="",
                        skip="no complete address on the order: "
                        + ", ".join(
                            p.rstrip(".")[:1].lower() + p.rstrip(".")[1:] for p in problems.values()
                        )
                        + "; ship it on its own with Ship…",
                    )
                )
                continue
            data = {
                "recipient_name": address.recipient_name,
                "address_line1": address.address_line1,
                "postal_code": address.postal_code,
                "country": address.country,
                "city": address.city,
            }
            items.append(
                base(
                    what=f"ship to {_address_text(address)} (the address on the order)",
                    data=data,
                    player_id=base_player,
                )
            )
        elif action == "track":
            number = tracking.get(tx) or tracking.get(reference) or ""
            problem = tracking_problem(number) if number else "no tracking number given"
            if not problem and number in numbers:
                problem = f"tracking number {number} is also given for {numbers[number]}"
            if problem:
                items.append(base(what="", skip=problem.rstrip(".")))
                continue
            numbers[number] = reference
            current = shipment.tracking_number or ""
            if current == number:
                items.append(base(what="", skip=f"already has tracking {number}"))
                continue
            what = f"add tracking {number}" + (f" (replaces {current})" if current else "")
            items.append(base(what=what, data={"tracking_number": number}, player_id=base_player))
        elif action == "complete":
            items.append(base(what="mark delivered", player_id=base_player))
        elif action == "cancel_reservation":
            items.append(
                base(
                    what="cancel the reservation (the stock is released)",
                    player_id=base_player,
                )
            )
        else:  # slip
            items.append(base(what="one page in the slips PDF", player_id=base_player))
    return items


class BulkService(PurchaseService[Outcome]):
    """One journal entry per order of a bulk run (see the module's docstring)."""

    provider = PROVIDER
    kind = KIND
    outcome_type = Outcome
    resume_states = (OpState.INTENT, OpState.SENDING)

    def __init__(
        self, client: PowerPluginClient, store: AsyncStore, *, operator: str = "", **kw: Any
    ) -> None:
        super().__init__(store, operator=operator or "operator", **kw)
        self.client = client

    # ------------------------------------------------------------------ a run

    async def create_run(self, items: Iterable[PlanItem]) -> tuple[str, list[Operation]]:
        """Commit every order of the run as `intent` (nothing is sent yet). All or none: when
        one cannot be committed (team mode offline, a full disk) those already committed are
        closed again, unsent, and the error is raised."""
        run_id = uuid.uuid4().hex[:12]
        ops: list[Operation] = []
        try:
            await self._create_all(run_id, items, ops)
        except BaseException:
            for op in ops:
                with contextlib.suppress(Exception):
                    await self.cancel_entry(op)
            raise
        return run_id, ops

    async def _create_all(
        self, run_id: str, items: Iterable[PlanItem], ops: list[Operation]
    ) -> None:
        for item in items:
            if item.skipped or item.action == "slip":
                continue
            payload = {
                "run_id": run_id,
                "action": item.action,
                "transaction_id": item.transaction_id,
                "player_id": item.player_id,
                "reference": item.reference,
                "data": dict(item.data),
                "operator": self.operator,
            }
            ops.append(await self.create(payload))

    async def run_entries(self, run_id: str) -> list[Operation]:
        """Every entry of a run, in the order they were committed."""
        ops = await self.store.run(Store.journal_list, None, PROVIDER)
        mine = [o for o in ops if o.kind == KIND and o.payload.get("run_id") == run_id]
        return sorted(mine, key=lambda o: (o.created_at, o.operation_id))

    async def cancel_entry(self, op: Operation) -> Operation:
        """Close an entry that was never sent (cancel): nothing happens to its order."""

        def write(s: Store) -> Operation:
            return s.journal_transition(
                op.operation_id,
                OpState.ABANDONED,
                "cancelled before it was sent",
                expect=OpState.INTENT,
                error="Cancelled before it was sent; nothing was done to this order.",
            )

        return await self.store.run(write)

    # ------------------------------------------------------------------ the contract

    def advances(self, state: OpState, *, wait: bool) -> bool:
        return state in (OpState.INTENT, OpState.SENDING)

    def state_text(self, op: Operation) -> str:
        verb = ACTIONS.get(op.payload.get("action", ""), ("Bulk action", ()))[0]
        return {
            OpState.INTENT: f"{verb}: waiting its turn",
            OpState.SENDING: f"{verb}: waiting for the warehouse to confirm…",
            OpState.COMPLETED: op.payload.get("done_text") or f"{verb}: done",
            OpState.FAILED: op.error or f"{verb}: refused",
            OpState.NEEDS_REVIEW: op.error or f"{verb}: needs review",
            OpState.ABANDONED: op.error or "Cancelled; nothing was done.",
        }.get(op.state, verb)

    async def step(self, op: Operation) -> None:
        if op.state is OpState.INTENT:
            await self._send(op)
        elif op.state is OpState.SENDING:
            await self._settle(op)

    async def _send(self, op: Operation) -> None:
        op = await self._transition(
            op, OpState.SENDING, "sending", sent_at=ts_precise(self._clock())
        )
        p = op.payload
        player, tx, data = p["player_id"], p["transaction_id"], p.get("data") or {}
        action = p["action"]
        try:
            if action == "ship":
                address = Address(**data)
                if address.city:
                    await self.client.update_details(player, tx, {"city": address.city})
                shipment = await self.client.send(player, tx, address)
                detail = _address_text(address)
            elif action == "track":
                shipment = await self.client.track(player, tx, data["tracking_number"])
                detail = data["tracking_number"]
            elif action == "complete":
                shipment = await self.client.complete(player, tx)
                detail = ""
            elif action == "cancel_reservation":
                await self.client.cancel_reservation(player, tx)
                shipment = await self.client.transaction(player, tx)
                detail = "stock released"
            else:
                raise ValueError(f"unknown bulk action {action!r}")
        except ProviderError as exc:
            if outcome_unknown(exc) or exc.status is None:
                await self._settle(op)
                return
            self._refused(op, exc.field_errors)
            await self._transition(op, OpState.FAILED, "refused", error=exc.user_message)
            return
        await self._done(op, shipment, detail, found=False)

    async def _done(self, op: Operation, shipment: Shipment, detail: str, *, found: bool) -> None:
        action = op.payload["action"]
        text = HISTORY[action] + (f": {detail}" if detail else "")
        if found:
            text += " (found done at the provider)"
        payload = {**op.payload, "done_text": text}
        await self._transition(
            op, OpState.COMPLETED, "found done" if found else "done", [shipment.order],
            payload=payload,
        )  # fmt: skip
        run = op.payload.get("run_id", "")
        await self.store.run(
            Store.record_event,
            shipment.order,
            op.payload.get("operator") or self.operator,
            HISTORY[action],
            " ".join(f"{detail} (bulk run {run})".split()),
        )

    async def _settle(self, op: Operation) -> None:
        """The request may or may not have arrived: read the order back and decide."""
        p = op.payload
        try:
            shipment = await self.client.transaction(p["player_id"], p["transaction_id"])
        except ProviderError as exc:
            raise Interrupted(
                f"Could not read the order back ({exc.user_message}); it is checked again "
                "later and nothing is sent twice."
            ) from exc
        action, data = p["action"], p.get("data") or {}
        done = {
            "ship": shipment.stage in ("to_track", "in_transit", "delivered"),
            "track": (shipment.tracking_number or "") == data.get("tracking_number"),
            "complete": shipment.stage == "delivered",
            "cancel_reservation": shipment.stage == "cancelled",
        }[action]
        if done:
            detail = (
                _address_text(Address(**data))
                if action == "ship"
                else data.get("tracking_number", "")
            )
            await self._done(op, shipment, detail, found=True)
            return
        still = shipment.stage in ACTIONS[action][1]
        if still:  # the request never arrived: sending it again is safe
            await self._transition(op, OpState.INTENT, "not done at the provider: sending again")
            return
        words = STAGE_WORDS.get(shipment.stage, shipment.stage)
        await self._transition(
            op,
            OpState.FAILED,
            "moved on",
            [shipment.order],
            error=f"The order is now {words}; nothing was sent.",
        )


def result_of(op: Operation) -> ItemResult:
    """One order's line in the results list."""
    p = op.payload
    state = {
        OpState.COMPLETED: ALREADY if "found done" in (p.get("done_text") or "") else DONE,
        OpState.FAILED: FAILED,
        OpState.ABANDONED: CANCELLED,
        OpState.NEEDS_REVIEW: FAILED,
    }.get(op.state, PENDING)
    verb = ACTIONS.get(p.get("action", ""), ("", ()))[0]
    if op.state is OpState.COMPLETED:
        message = p.get("done_text") or f"{verb}: done"
    elif op.state in (OpState.INTENT, OpState.SENDING):
        message = "Not finished: it is resumed and nothing is sent twice."
    else:
        message = op.error or verb
    return ItemResult(
        p.get("transaction_id", ""),
        p.get("reference", ""),
        p.get("action", ""),
        state,
        message,
        op.operation_id,
    )


class BulkRunner:
    """Drives the entries of one run in order, with progress, pause and cancel.

    `progress(done, total, result)` is called after each order. Pause takes effect between two
    orders; cancel closes the entries not started (nothing is sent for them)."""

    def __init__(self, service: BulkService, items: list[PlanItem]) -> None:
        self.service = service
        self.items = items
        self.run_id = ""
        self.results: list[ItemResult] = []
        self._go = asyncio.Event()
        self._go.set()
        self.cancelled = False

    @property
    def paused(self) -> bool:
        return not self._go.is_set()

    def pause(self) -> None:
        self._go.clear()

    def resume(self) -> None:
        self._go.set()

    def cancel(self) -> None:
        self.cancelled = True
        self._go.set()

    async def run(
        self,
        progress: Callable[[int, int, ItemResult], None] | None = None,
        step_progress: Progress | None = None,
    ) -> list[ItemResult]:
        skipped = [
            ItemResult(i.transaction_id, i.reference, i.action, SKIPPED, i.skip)
            for i in self.items
            if i.skipped
        ]
        self.run_id, ops = await self.service.create_run(self.items)
        total = len(ops)
        results: list[ItemResult] = []
        for index, op in enumerate(ops):
            await self._go.wait()
            if self.cancelled:
                current = await self.service._get(op.operation_id)
                if current.state is OpState.INTENT:
                    current = await self.service.cancel_entry(current)
                result = result_of(current)
            else:
                outcome = await self.service.drive(op.operation_id, step_progress)
                result = result_of(outcome.operation)
                if result.state == PENDING:
                    result.message = outcome.message or result.message
            results.append(result)
            if progress is not None:
                progress(index + 1, total, result)
        self.results = results + skipped
        return self.results


async def record_slips(
    store: AsyncStore, transaction_ids: Iterable[str], operator: str, how: str
) -> list[bool]:
    """Write a print or save of each order's packing slip in its history; a slip already
    printed or saved before is written as a reprint. Answers, per order, whether it was one."""

    def write(s: Store) -> list[bool]:
        reprints = []
        for tx in transaction_ids:
            order = s.get_order(PROVIDER, tx)
            if order is None:
                reprints.append(False)
                continue
            before = any(
                e["action"].startswith("Packing slip") for e in s.order_events(PROVIDER, tx)
            )
            action = "Packing slip " + ("reprinted" if before else "printed")
            s.record_event(order, operator, action, how)
            reprints.append(before)
        return reprints

    return await store.run(write)


def export_results(path: Path, results: Iterable[ItemResult]) -> int:
    """The per-order results of a run as CSV (order, reference, action, result, message)."""
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["transaction_id", "reference", "action", "result", "message"])
        for r in results:
            out.writerow([r.transaction_id, r.reference, r.action, r.state, r.message])
            rows += 1
    return rows
