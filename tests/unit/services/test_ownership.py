"""Unknown outcomes and one owner per operation, on a real journal file: the lookup limit (kept
in the journal, across restarts), compare-and-set transitions, leases, the UNIQUE order owner,
and the refusal rule itself."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fulfildesk.domain.errors import (
    ProviderServerError,
    ProviderTimeout,
    ProviderUnreachable,
    RequestRejected,
    ResponseInvalid,
    refusal_proven,
)
from fulfildesk.domain.journal import JournalConflict, Operation, OpState, OrderAlreadyOwned
from fulfildesk.services.contract import ELSEWHERE, Interrupted, Outcome, PurchaseService
from fulfildesk.store.db import AsyncStore, Store, ts_precise
from fulfildesk.store.vault import Vault
from helpers import eventually_async


class Unsettled(PurchaseService[Outcome]):
    """Sends, loses the answer, and can never find out: every lookup is interrupted."""

    provider = "kinguin"
    kind = "toy"
    outcome_type = Outcome

    def advances(self, state: OpState, *, wait: bool) -> bool:
        return state in (OpState.INTENT, OpState.SENDING)

    async def step(self, op: Operation) -> None:
        if op.state is OpState.INTENT:
            await self._transition(op, OpState.SENDING, "send", sent_at=ts_precise())
        raise Interrupted("the provider's order list cannot be read")

    def state_text(self, op: Operation) -> str:
        return op.state.value


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AsyncStore]:
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


def test_only_an_explicit_refusal_proves_nothing_was_bought() -> None:
    refused = RequestRejected(provider="plum", message="bad denomination", status=422)
    assert refusal_proven(refused)
    assert refusal_proven(ProviderUnreachable(provider="plum", message="no route"))
    for unknown in (
        ResponseInvalid(provider="plum", message="not JSON", status=200),
        ResponseInvalid(provider="plum", message="no body"),
        ProviderServerError(provider="plum", message="boom", status=502),
        ProviderTimeout(provider="plum", message="late", outcome_unknown=True),
        RequestRejected(provider="plum", message="?", status=400, outcome_unknown=True),
    ):
        assert not refusal_proven(unknown), unknown


async def test_unsettled_entry_goes_to_review_after_n_lookups_across_restarts(
    store: AsyncStore,
) -> None:
    first = Unsettled(store)
    first.max_lookups = 3
    op = await first.create({})
    outcome = await first.drive(op.operation_id)
    assert outcome.state is OpState.SENDING and outcome.operation.lookups == 1
    # a restart: a new service (new process) continues the count kept in the journal
    second = Unsettled(store)
    second.max_lookups = 3
    assert (await second.drive(op.operation_id)).operation.lookups == 2
    last = await second.drive(op.operation_id)
    assert last.needs_review
    assert "after 3 lookups" in last.message and "order list cannot be read" in last.message
    assert (await second.resume_all()) == []  # never retried automatically


async def test_a_stale_transition_is_a_conflict_and_writes_nothing(store: AsyncStore) -> None:
    op = await store.run(Store.journal_create, "plum", "toy", {})
    await store.run(Store.journal_transition, op.operation_id, OpState.SENDING, expect=op.state)
    with pytest.raises(JournalConflict):
        # a second process read `intent` too and tries to send again
        await store.run(
            Store.journal_transition, op.operation_id, OpState.SENDING, expect=OpState.INTENT
        )
    events = await store.run(Store.journal_events, op.operation_id)
    assert [e["state"] for e in events] == ["intent", "sending"]


async def test_a_live_lease_is_respected_and_an_expired_one_taken_over(
    store: AsyncStore,
) -> None:
    op = await store.run(Store.journal_create, "kinguin", "toy", {})
    other = "elsewhere:1:abc"  # another computer: alive until its lease expires
    assert await store.run(Store.journal_lease, op.operation_id, other, 60)
    service = Unsettled(store)
    outcome = await service.drive(op.operation_id)
    assert outcome.message == ELSEWHERE and outcome.state is OpState.INTENT
    with pytest.raises(JournalConflict):  # nor can it write while the lease holds
        await store.run(
            Store.journal_transition,
            op.operation_id,
            OpState.SENDING,
            expect=OpState.INTENT,
            owner=service.lease_owner,
        )
    later = datetime.now(UTC) + timedelta(seconds=61)
    assert await store.run(Store.journal_lease, op.operation_id, service.lease_owner, 60, later)


async def test_a_dead_local_holder_loses_its_lease_at_once(store: AsyncStore) -> None:
    import socket
    import subprocess
    import sys

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    holder = f"{socket.gethostname()}:{dead.stdout.strip()}:x"
    op = await store.run(Store.journal_create, "kinguin", "toy", {})
    assert await store.run(Store.journal_lease, op.operation_id, holder, 600)
    outcome = await Unsettled(store).drive(op.operation_id)
    assert outcome.state is OpState.SENDING  # taken over and driven


async def test_an_order_has_one_owner_by_unique_index(store: AsyncStore, tmp_path: Path) -> None:
    a = await store.run(Store.journal_create, "kinguin", "toy", {})
    b = await store.run(Store.journal_create, "kinguin", "toy", {})
    c = await store.run(Store.journal_create, "plum", "toy", {})
    await store.run(Store.journal_transition, a.operation_id, OpState.PLACED, provider_order_id="9")
    with pytest.raises(OrderAlreadyOwned, match=a.operation_id):
        await store.run(
            Store.journal_transition, b.operation_id, OpState.PLACED, provider_order_id="9"
        )
    # the same id at another provider is another order
    await store.run(Store.journal_transition, c.operation_id, OpState.PLACED, provider_order_id="9")
    conn = sqlite3.connect(tmp_path / "journal.sqlite")
    with pytest.raises(sqlite3.IntegrityError):  # the database says so, not Python
        conn.execute(
            "UPDATE journal SET provider_order_id = '9' WHERE operation_id = ?", [b.operation_id]
        )
    conn.close()


class Blocked(PurchaseService[Outcome]):
    """Sends, then waits on a gate: the drive stays in flight as long as the test wants."""

    provider = "plum"
    kind = "toy"
    outcome_type = Outcome

    def __init__(self, store: AsyncStore, gate: asyncio.Event) -> None:
        super().__init__(store)
        self.gate = gate

    def advances(self, state: OpState, *, wait: bool) -> bool:
        return state is OpState.INTENT

    async def step(self, op: Operation) -> None:
        await self.gate.wait()
        await self._transition(op, OpState.COMPLETED, "done")

    def state_text(self, op: Operation) -> str:
        return op.state.value


async def test_the_heartbeat_keeps_a_long_drive_leased_and_release_frees_it(
    store: AsyncStore,
) -> None:
    gate = asyncio.Event()
    service = Blocked(store, gate)
    service.lease_seconds = 0.3  # renewed every 0.1 s while the drive runs
    op = await service.create({})
    running = asyncio.ensure_future(service.drive(op.operation_id))

    async def leased() -> Operation | None:
        now = await store.run(Store.journal_get, op.operation_id)
        return now if now.lease_until else None

    first = await eventually_async(leased, what="the drive's lease")
    assert first.lease_owner == service.lease_owner

    async def renewed() -> bool:
        now = await store.run(Store.journal_get, op.operation_id)
        return (now.lease_until or "") > (first.lease_until or "")

    await eventually_async(renewed, what="the lease renewed by the heartbeat")
    # meanwhile another process is refused
    other = Blocked(store, gate)
    assert (await other.drive(op.operation_id)).message == ELSEWHERE
    gate.set()
    assert (await running).completed
    done = await store.run(Store.journal_get, op.operation_id)
    assert done.lease_owner is None and done.lease_until is None  # released


async def test_the_lookup_limit_is_configurable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fulfildesk.config import Settings
    from fulfildesk.context import AppContext
    from fulfildesk.domain.models import Provider

    monkeypatch.setenv("FULFILDESK_MAX_LOOKUPS", "2")
    settings = Settings(data_dir=tmp_path / "home")
    entry = settings.provider(Provider.PLUM)
    entry.url, entry.token = "http://127.0.0.1:9/plum", "t"
    ctx = AppContext.open(settings)
    try:
        assert [s.max_lookups for s in ctx.purchase_services] == [2]
    finally:
        await ctx.aclose()
