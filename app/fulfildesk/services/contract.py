"""The purchase contract every journaled service implements (keys, vouchers, inventory,
warehouse reservations).

One state machine, written once: an operation is committed as `intent` before anything is sent,
`sending` just before the request, and carried forward by `drive` one step at a time until it
reaches a state this service does not advance (final, needs review, or left pending). `drive` is
safe to call again at any time; a second call for an operation already being driven returns at
once (the re-entry guard). `resume_all` drives every unfinished operation of the service, oldest
first. A step that cannot go on now raises `Interrupted`: the operation stays where it is, and
the next `drive` (reconcile, start-up, a person) picks it up; nothing is bought twice.

Unknown means unknown: a request that spends money or hands out a secret is `failed` only on an
explicit refusal (`refusal_proven`); every other answer (timeout, reset, 5xx, a 2xx that cannot be
read) leaves it `sending`, settled by a lookup. A lookup that cannot settle it counts in the
journal (`lookups`); after `max_lookups` of them, across restarts, it goes to needs review.

One owner per operation, across processes: `drive` takes a lease on the operation (this process,
renewed by a heartbeat while it runs); another process's `drive` (reconcile, a second console)
leaves a leased operation alone until the lease expires or its holder died. Every transition is
compare-and-set on the state it was read in, and a provider order can belong to one entry only
(a UNIQUE index): a process that lost a race re-reads and never overwrites.

What a service writes is its steps (`step`), the words for each state (`state_text`), and what
an outcome carries besides the common fields (`finish`). Clock and sleep are injected, so tests
drive time.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Generic, Protocol, TypeVar

# re-exported: the one rule for "did the provider refuse, or may it have acted?"
from fulfildesk.domain.errors import outcome_unknown, refusal_proven
from fulfildesk.domain.journal import JournalConflict, Operation, OpState, OrderAlreadyOwned
from fulfildesk.domain.models import Order, utcnow
from fulfildesk.store.db import AsyncStore, Store, new_lease_owner

log = logging.getLogger(__name__)

Progress = Callable[[str, OpState, str], None]
Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], datetime]

ALREADY_RUNNING = "This purchase is already being processed."
ELSEWHERE = (
    "This purchase is being processed by another window or process on this data directory; "
    "it is left to it (it is taken over if that process stops)."
)
MOVED_ON = "Another process moved this purchase on; showing where it stands now."

__all__ = [
    "ALREADY_RUNNING",
    "ELSEWHERE",
    "Changes",
    "Interrupted",
    "Outcome",
    "PurchaseService",
    "dismiss",
    "outcome_unknown",
    "refusal_proven",
    "resume_services",
]


class Interrupted(Exception):
    """The operation stopped at a safe point (network trouble, not ready yet); it resumes later
    and is never paid twice."""


@dataclass(frozen=True)
class Changes:
    """What an operation changed, so a screen refreshes exactly that, once."""

    #: providers whose cached orders changed
    providers: frozenset[str] = frozenset()
    #: (provider, provider order id) of every order written to the cache
    order_ids: frozenset[tuple[str, str]] = frozenset()
    #: the journal changed (the purchases panel)
    journal: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.providers | other.providers,
            self.order_ids | other.order_ids,
            self.journal or other.journal,
        )

    def __bool__(self) -> bool:
        return bool(self.providers or self.order_ids or self.journal)

    @classmethod
    def of_orders(cls, orders: Iterable[Order], *, journal: bool = True) -> Changes:
        ids = frozenset((o.provider.value, o.provider_order_id) for o in orders)
        return cls(frozenset(p for p, _ in ids), ids, journal)


@dataclass
class Outcome:
    """Where one operation stands after `drive`: the operation, a sentence for a person, the
    provider's per-field complaints when it refused (form field -> message), what changed."""

    operation: Operation
    message: str = ""
    field_errors: dict[str, str] = field(default_factory=dict)
    changes: Changes = field(default_factory=Changes)

    @property
    def state(self) -> OpState:
        return self.operation.state

    @property
    def completed(self) -> bool:
        return self.operation.state is OpState.COMPLETED

    @property
    def failed(self) -> bool:
        return self.operation.state is OpState.FAILED

    @property
    def needs_review(self) -> bool:
        return self.operation.state is OpState.NEEDS_REVIEW


OutcomeT = TypeVar("OutcomeT", bound=Outcome)


# ---------------------------------------------------------------------- team ownership hook
# (issue 17) Optional: None outside team mode, where nothing below changes behaviour. The team
# service (services/team.py) sets `PurchaseService.ownership` on each service it shares.


class Ownership(Protocol):
    """Who owns an operation and its provider order team-wide (team mode)."""

    async def before_create(self, service: PurchaseService[Any]) -> None:
        """Raise (TeamOffline) when nothing that spends money may start now."""

    async def before_transition(
        self, service: PurchaseService[Any], op: Operation, state: OpState, fields: dict[str, Any]
    ) -> None:
        """Called before `op` moves to `state`; raise Interrupted to keep it where it is (team
        offline before sending; the provider order is owned by another operation)."""

    async def observed(self, service: PurchaseService[Any], op: Operation) -> None:
        """`drive` read `op` (after each step): publish its state to the team."""

    async def owned_elsewhere(self, service: PurchaseService[Any], op: Operation) -> set[str]:
        """Provider order ids owned by other operations team-wide (raise Interrupted offline)."""
        return set()


class PurchaseService(ABC, Generic[OutcomeT]):
    """Base of the journaled services. Subclasses set `provider`, `kind` and `outcome_type` (an
    `Outcome` subclass whose own fields are keyword-only) and write `advances`, `step`,
    `state_text` and (when their outcome carries more) `finish`."""

    provider: ClassVar[str]
    kind: ClassVar[str]
    outcome_type: type[OutcomeT]
    #: team mode (issue 17): set by the wiring; None when the console works alone
    ownership: Ownership | None = None
    #: states `resume_all` picks up; `drive` advances every state `step` handles
    resume_states: ClassVar[tuple[OpState, ...]] = (
        OpState.INTENT,
        OpState.SENDING,
        OpState.PLACED,
        OpState.DISPATCHED,
    )
    #: lookups that leave the outcome unknown before the entry goes to needs review (the count
    #: is kept in the journal, so it holds across restarts); set per instance to change it
    max_lookups: int = 5
    #: seconds a lease holds without a heartbeat (renewed every third of it while driving)
    lease_seconds: float = 60.0

    def __init__(
        self,
        store: AsyncStore,
        *,
        poll_interval: float = 1.0,
        ready_timeout: float = 60.0,
        operator: str = "",
        sleep: Sleep = asyncio.sleep,
        clock: Clock = utcnow,
    ) -> None:
        self.store = store
        self.poll_interval = poll_interval
        self.ready_timeout = ready_timeout
        self.operator = operator
        self._sleep = sleep
        self._clock = clock
        self._active: set[str] = set()
        self._refusals: dict[str, dict[str, str]] = {}
        self._notes: dict[str, str] = {}
        self._changes: dict[str, Changes] = {}
        #: this service's name on the leases it takes ("host:pid:nonce")
        self.lease_owner = new_lease_owner()
        self._heartbeat: asyncio.Task[None] | None = None

    # ------------------------------------------------------------------ the contract

    @abstractmethod
    def advances(self, state: OpState, *, wait: bool) -> bool:
        """Does `step` carry an operation in `state` forward? With wait=False, a state that only
        waits for the provider to finish (an accepted order) is left as it is."""

    @abstractmethod
    async def step(self, op: Operation) -> None:
        """Carry `op` one step forward (commit its next state), or raise Interrupted."""

    @abstractmethod
    def state_text(self, op: Operation) -> str:
        """One sentence for a person about where `op` stands."""

    async def finish(self, op: Operation, message: str) -> OutcomeT:
        """The outcome once `drive` stops (subclasses add what they carry)."""
        return self.outcome(op, message)

    def outcome(self, op: Operation, message: str, **extra: Any) -> OutcomeT:
        """The common fields of an outcome; `extra` are the subclass outcome's own fields."""
        return self.outcome_type(
            op,
            message=message
            or self._notes.pop(op.operation_id, "")
            or op.error
            or self.state_text(op),
            field_errors=self._refusals.pop(op.operation_id, {}),
            changes=self._changes.pop(op.operation_id, Changes()),
            **extra,
        )

    # ------------------------------------------------------------------ entry points

    async def create(self, payload: dict[str, Any]) -> Operation:
        """Commit the intent (nothing is sent yet) and return it."""
        if self.operator and "operator" not in payload:  # issue 14: the journal's operator
            payload = {**payload, "operator": self.operator}
        if self.ownership is not None:  # team mode: refused while the team is offline
            await self.ownership.before_create(self)
        # born leased to this service: no other process sends it before this one drives it
        op = await self.store.run(
            Store.journal_create,
            self.provider,
            self.kind,
            payload,
            lease_owner=self.lease_owner,
            lease_seconds=self.lease_seconds,
        )
        self._note_change(op.operation_id, Changes(journal=True))
        return op

    async def drive(
        self, operation_id: str, progress: Progress | None = None, *, wait: bool = True
    ) -> OutcomeT:
        """Advance one operation as far as it can go now. Safe to call again at any time.
        With wait=False an operation the provider accepted but still processes stays pending."""
        if operation_id in self._active:
            # what the running drive gathers (changes, refusals) stays with it
            return self.outcome_type(await self._get(operation_id), message=ALREADY_RUNNING)
        leased = await self.store.run(
            Store.journal_lease, operation_id, self.lease_owner, self.lease_seconds
        )
        if not leased:
            return self.outcome_type(await self._get(operation_id), message=ELSEWHERE)
        self._active.add(operation_id)
        self._start_heartbeat()
        report = progress or _silent
        races = 0
        try:
            while True:
                op = await self._get(operation_id)
                if self.ownership is not None:  # team mode: publish where it stands
                    await self.ownership.observed(self, op)
                report(operation_id, op.state, self.state_text(op))
                if not self.advances(op.state, wait=wait):
                    return await self.finish(op, "")
                try:
                    await self.step(op)
                except Interrupted as stop:
                    op = await self._unsettled(operation_id, stop)
                    # sent to review by the lookup limit: the reason is the operation's own
                    unsettled = op.state is not OpState.NEEDS_REVIEW or not op.lookups
                    return await self.finish(op, str(stop) if unsettled else "")
                except OrderAlreadyOwned:
                    # another entry took the order this one was about to adopt: look again
                    races += 1
                    if races > 3:
                        return await self.finish(await self._get(operation_id), MOVED_ON)
                except JournalConflict:
                    return await self.finish(await self._get(operation_id), MOVED_ON)
        finally:
            self._active.discard(operation_id)
            try:
                await self.store.run(Store.journal_release, operation_id, self.lease_owner)
            except Exception as exc:  # (a full disk, say) the lease then simply expires
                log.warning("lease on %s not released (%s)", operation_id, type(exc).__name__)
            finally:
                if not self._active:
                    self._stop_heartbeat()

    async def _unsettled(self, operation_id: str, stop: Interrupted) -> Operation:
        """A step stopped. If the outcome is still unknown, that was one more lookup that did
        not settle it: count it (in the journal); the last one allowed sends it to review."""
        op = await self._get(operation_id)
        if op.state is not OpState.SENDING:
            return op
        return await self.store.run(
            Store.journal_count_lookup,
            operation_id,
            str(stop),
            self.max_lookups,
            self.lease_owner,
        )

    def _start_heartbeat(self) -> None:
        if self._heartbeat is None or self._heartbeat.done():
            self._heartbeat = asyncio.ensure_future(self._beat())

    def _stop_heartbeat(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            self._heartbeat = None

    async def _beat(self) -> None:
        """Renew this service's leases while it drives (real time, not the injected sleep)."""
        while self._active:
            await asyncio.sleep(self.lease_seconds / 3)
            if self._active:
                await self.store.run(
                    Store.journal_renew_leases, self.lease_owner, self.lease_seconds
                )

    async def resume_all(self, progress: Progress | None = None) -> list[OutcomeT]:
        """Carry every unfinished operation of this service forward, oldest first."""
        ops = await self.store.run(Store.journal_list, list(self.resume_states), self.provider)
        return [await self.drive(op.operation_id, progress) for op in ops if op.kind == self.kind]

    def is_running(self, operation_id: str | None = None) -> bool:
        """Is this operation (or any, without an id) being driven right now?"""
        return operation_id in self._active if operation_id else bool(self._active)

    async def dismiss(self, operation_id: str, reason: str) -> Operation:
        """A person reviewed an operation whose outcome could not be proven and closes it."""
        return await dismiss(self.store, operation_id, reason)

    # ------------------------------------------------------------------ helpers for steps

    async def _get(self, operation_id: str) -> Operation:
        return await self.store.run(Store.journal_get, operation_id)

    async def _transition(
        self,
        op: Operation,
        state: OpState,
        detail: str = "",
        orders: list[Order] | None = None,
        **fields: Any,
    ) -> Operation:
        """Commit `op`'s next state (and cache `orders`), remembering what changed."""
        if self.ownership is not None:  # team mode: may raise Interrupted (nothing written)
            await self.ownership.before_transition(self, op, state, fields)
        written = orders or []
        self._note_change(op.operation_id, Changes.of_orders(written))

        def write(store: Store) -> Operation:
            return store.journal_transition(
                op.operation_id,
                state,
                detail,
                orders=written,
                expect=op.state,
                owner=self.lease_owner,
                **fields,
            )

        return await self.store.run(write)

    async def _owned_elsewhere(self, op: Operation) -> set[str]:
        """Provider orders other operations own team-wide (empty outside team mode)."""
        if self.ownership is None:
            return set()
        return await self.ownership.owned_elsewhere(self, op)

    def _note_change(self, operation_id: str, changes: Changes) -> None:
        self._changes[operation_id] = self._changes.get(operation_id, Changes()) | changes

    def _refused(self, op: Operation, field_errors: dict[str, str]) -> None:
        self._refusals[op.operation_id] = dict(field_errors)

    def _note(self, op: Operation, message: str) -> None:
        """A message for the outcome of `op` (instead of the state's own words)."""
        self._notes[op.operation_id] = message


def _silent(operation_id: str, state: OpState, text: str) -> None:
    return None


async def dismiss(store: AsyncStore, operation_id: str, reason: str) -> Operation:
    """A person reviewed a purchase whose outcome could not be proven and closes it."""
    op = await store.run(Store.journal_get, operation_id)
    if op.state is not OpState.NEEDS_REVIEW:
        raise ValueError("only a purchase that needs review can be dismissed")

    def write(s: Store) -> Operation:
        return s.journal_transition(
            operation_id,
            OpState.ABANDONED,
            f"dismissed: {reason}",
            expect=OpState.NEEDS_REVIEW,
        )

    return await store.run(write)


async def resume_services(
    services: Iterable[PurchaseService[Any]], progress: Progress | None = None
) -> list[Outcome]:
    """Resume every unfinished operation of each service, in the order given."""
    outcomes: list[Outcome] = []
    for service in services:
        outcomes += await service.resume_all(progress)
    return outcomes
