"""The purchase contract on its own: state transitions, the re-entry guard, resume order,
Interrupted, outcomes and what changed, with an injected clock and sleep (no real time passes).
A toy service on a real journal file stands in for the four real ones."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fulfildesk.domain.journal import Operation, OpState
from fulfildesk.domain.models import Order, OrderStatus, Provider
from fulfildesk.services.contract import (
    ALREADY_RUNNING,
    Changes,
    Interrupted,
    Outcome,
    PurchaseService,
    dismiss,
    resume_services,
)
from fulfildesk.store.db import AsyncStore, Store, parse_ts, ts_precise
from fulfildesk.store.vault import Vault

START = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


class FakeTime:
    """A clock that only moves when the service sleeps."""

    def __init__(self) -> None:
        self.now = START
        self.sleeps: list[float] = []

    def clock(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += timedelta(seconds=seconds)


@dataclass(kw_only=True)
class ToyOutcome(Outcome):
    extra: str = ""


@dataclass
class Script:
    """What the toy provider does: refuse, lose the answer, be slow, or block on an event."""

    refuse: dict[str, str] | None = None
    interrupt_once: bool = False
    ready_after: float = 0.0
    gate: asyncio.Event | None = None
    at_gate: asyncio.Event = field(default_factory=asyncio.Event)
    sent: list[str] = field(default_factory=list)


class ToyService(PurchaseService[ToyOutcome]):
    provider = "kinguin"
    kind = "toy"
    outcome_type = ToyOutcome

    def __init__(self, store: AsyncStore, time: FakeTime, script: Script) -> None:
        super().__init__(
            store, poll_interval=2.0, ready_timeout=30.0, sleep=time.sleep, clock=time.clock
        )
        self.script = script

    def advances(self, state: OpState, *, wait: bool) -> bool:
        return state in (OpState.INTENT, OpState.SENDING, OpState.PLACED)

    async def step(self, op: Operation) -> None:
        if op.state is OpState.INTENT:
            # transitions are compare-and-set on the state read: carry the new operation on
            op = await self._transition(
                op, OpState.SENDING, "send", sent_at=ts_precise(self._clock())
            )
            if self.script.gate is not None:
                self.script.at_gate.set()
                await self.script.gate.wait()
            if self.script.refuse is not None:
                self._refused(op, self.script.refuse)
                await self._transition(op, OpState.FAILED, "refused", error="Refused.")
                return
            self.script.sent.append(op.operation_id)
            await self._transition(op, OpState.PLACED, "placed", provider_order_id=op.payload["n"])
        elif op.state is OpState.SENDING:
            if self.script.interrupt_once:
                self.script.interrupt_once = False
                raise Interrupted("The provider did not answer; checked again later.")
            await self._transition(op, OpState.PLACED, "found", provider_order_id=op.payload["n"])
        elif op.state is OpState.PLACED:
            sent = parse_ts(op.sent_at) or START
            while self._clock() < sent + timedelta(seconds=self.script.ready_after):
                await self._sleep(self.poll_interval)
            order = Order(
                provider=Provider.KINGUIN,
                provider_order_id=op.payload["n"],
                status=OrderStatus.COMPLETED,
                provider_status="completed",
            )
            await self._transition(op, OpState.COMPLETED, "done", orders=[order])

    def state_text(self, op: Operation) -> str:
        return f"toy {op.state.value}"

    async def finish(self, op: Operation, message: str) -> ToyOutcome:
        return self.outcome(op, message, extra=op.provider_order_id or "")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AsyncStore]:
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


def recorder() -> tuple[list[tuple[str, str]], Any]:
    seen: list[tuple[str, str]] = []

    def progress(operation_id: str, state: OpState, text: str) -> None:
        seen.append((state.value, text))

    return seen, progress


async def test_drive_walks_every_state_and_reports_each_once(
    store: AsyncStore, time: FakeTime
) -> None:
    service = ToyService(store, time, Script())
    op = await service.create({"n": "A-1"})
    seen, progress = recorder()
    outcome = await service.drive(op.operation_id, progress)
    # one report per step, where each step starts, and the final state (a step may commit
    # several states: intent -> sending -> placed is one send)
    assert seen == [
        ("intent", "toy intent"),
        ("placed", "toy placed"),
        ("completed", "toy completed"),
    ]
    assert isinstance(outcome, ToyOutcome) and outcome.completed and outcome.extra == "A-1"
    assert outcome.message == "toy completed"
    assert outcome.changes == Changes(
        frozenset({"kinguin"}), frozenset({("kinguin", "A-1")}), journal=True
    )
    events = await store.run(Store.journal_events, op.operation_id)
    assert [e["state"] for e in events] == ["intent", "sending", "placed", "completed"]
    # driving a finished operation does nothing and says where it stands
    again = await service.drive(op.operation_id)
    assert again.completed and not again.changes
    assert len(await store.run(Store.journal_events, op.operation_id)) == 4


async def test_a_refusal_is_final_with_the_field_errors(store: AsyncStore, time: FakeTime) -> None:
    service = ToyService(store, time, Script(refuse={"quantity": "Too many."}))
    op = await service.create({"n": "A-2"})
    outcome = await service.drive(op.operation_id)
    assert outcome.failed and outcome.message == "Refused."
    assert outcome.field_errors == {"quantity": "Too many."}
    # the refusal is reported once: a later drive carries no stale field errors
    assert (await service.drive(op.operation_id)).field_errors == {}


async def test_interrupted_stops_where_it_is_and_the_next_drive_goes_on(
    store: AsyncStore, time: FakeTime
) -> None:
    service = ToyService(store, time, Script(interrupt_once=True))
    op = await service.create({"n": "A-3"})
    await store.run(Store.journal_transition, op.operation_id, OpState.SENDING, "crashed")
    first = await service.drive(op.operation_id)
    assert first.state is OpState.SENDING
    assert first.message == "The provider did not answer; checked again later."
    second = await service.drive(op.operation_id)
    assert second.completed
    assert service.script.sent == []  # found, never sent again


async def test_the_re_entry_guard_returns_at_once(store: AsyncStore, time: FakeTime) -> None:
    gate = asyncio.Event()
    service = ToyService(store, time, Script(gate=gate))
    op = await service.create({"n": "A-4"})
    first = asyncio.create_task(service.drive(op.operation_id))
    await service.script.at_gate.wait()  # the first drive sent and waits for the answer
    assert service.is_running(op.operation_id)
    second = await service.drive(op.operation_id)
    assert second.message == ALREADY_RUNNING and second.state is OpState.SENDING
    assert not second.changes  # what changed belongs to the drive that changed it
    assert service.is_running() and not first.done()
    gate.set()
    done = await first
    assert done.completed and done.changes.journal and done.changes.order_ids
    assert not service.is_running()
    assert service.script.sent == [op.operation_id]  # sent once


async def test_resume_all_takes_its_own_unfinished_operations_oldest_first(
    store: AsyncStore, time: FakeTime
) -> None:
    service = ToyService(store, time, Script())
    created = [await service.create({"n": f"R-{n}"}) for n in range(4)]
    await store.run(Store.journal_transition, created[1].operation_id, OpState.SENDING, "x")
    await store.run(
        Store.journal_transition,
        created[2].operation_id,
        OpState.NEEDS_REVIEW,
        "?",
        error="A person decides.",
    )
    other_kind = await store.run(Store.journal_create, "kinguin", "buy_keys", {"n": "K"})
    other_provider = await store.run(Store.journal_create, "plum", "toy", {"n": "P"})
    order: list[str] = []
    outcomes = await service.resume_all(lambda op_id, state, text: order.append(op_id))
    driven = [o.operation.operation_id for o in outcomes]
    assert driven == [created[0].operation_id, created[1].operation_id, created[3].operation_id]
    assert list(dict.fromkeys(order)) == driven  # one after the other, oldest first
    assert all(o.completed for o in outcomes)
    review = await store.run(Store.journal_get, created[2].operation_id)
    assert review.state is OpState.NEEDS_REVIEW  # never retried automatically
    for untouched in (other_kind, other_provider):
        assert (await store.run(Store.journal_get, untouched.operation_id)).state is OpState.INTENT


async def test_resume_services_goes_through_the_list_in_order(
    store: AsyncStore, time: FakeTime
) -> None:
    first, second = ToyService(store, time, Script()), ToyService(store, time, Script())
    second.kind = "toy-2"  # type: ignore[misc]
    a = await first.create({"n": "S-1"})
    b = await second.create({"n": "S-2"})
    outcomes = await resume_services([second, first])
    assert [o.operation.operation_id for o in outcomes] == [b.operation_id, a.operation_id]


async def test_the_injected_clock_and_sleep_drive_time(store: AsyncStore, time: FakeTime) -> None:
    service = ToyService(store, time, Script(ready_after=7.0))
    op = await service.create({"n": "T-1"})
    outcome = await service.drive(op.operation_id)
    assert outcome.completed
    assert time.sleeps == [2.0, 2.0, 2.0, 2.0]  # polled every poll_interval until ready
    assert outcome.operation.sent_at == ts_precise(START)


async def test_dismiss_closes_only_a_purchase_that_needs_review(
    store: AsyncStore, time: FakeTime
) -> None:
    service = ToyService(store, time, Script())
    op = await service.create({"n": "D-1"})
    with pytest.raises(ValueError, match="needs review"):
        await dismiss(store, op.operation_id, "checked")
    await store.run(Store.journal_transition, op.operation_id, OpState.NEEDS_REVIEW, "?")
    closed = await service.dismiss(op.operation_id, "checked the account")
    assert closed.state is OpState.ABANDONED and closed.state.is_final
    assert (await service.resume_all()) == []


def test_changes_combine() -> None:
    a = Changes(frozenset({"plum"}), frozenset({("plum", "1")}))
    b = Changes(journal=True)
    assert not Changes() and a and b
    assert a | b == Changes(frozenset({"plum"}), frozenset({("plum", "1")}), journal=True)


def test_the_four_services_implement_the_contract() -> None:
    from fulfildesk.services.inventory import InventoryOutcome, InventoryService
    from fulfildesk.services.keys import KeyPurchaseService, PurchaseInterrupted, PurchaseOutcome
    from fulfildesk.services.shipping import ShippingOutcome, ShippingService
    from fulfildesk.services.vouchers import Interrupted as VoucherInterrupted
    from fulfildesk.services.vouchers import VoucherOutcome, VoucherService

    services = [KeyPurchaseService, VoucherService, InventoryService, ShippingService]
    outcomes = [PurchaseOutcome, VoucherOutcome, InventoryOutcome, ShippingOutcome]
    for service, outcome in zip(services, outcomes, strict=True):
        assert issubclass(service, PurchaseService)
        assert service.outcome_type is outcome and issubclass(outcome, Outcome)
        assert all(state.resumable for state in service.resume_states)
    assert len({(s.provider, s.kind) for s in services}) == 4
    assert PurchaseInterrupted is Interrupted and VoucherInterrupted is Interrupted
