"""Team mode: several seats on one PostgreSQL (issue 17).

`TeamService` keeps two connections to the team database (`store.team`): one for commands,
serialised by a lock, and one that only LISTENs, so a change on any seat (claim, ship, purchase
settled, note, tag) reaches every seat as soon as PostgreSQL delivers the NOTIFY. Callers take
changes with `subscribe(callback)` or `async for change in team.changes()`.

Online and offline: the service is online once both connections are open. When a command or the
listener fails, it goes offline, says so to its status callbacks and reconnects in the
background every `retry` seconds. Offline, the seat keeps browsing its own cache; anything that
claims an order or spends money raises `TeamOffline` here (the service layer, not the window).
A purchase already past `sending` finishes; its ownership is recorded when the server is back
(the seat's own journal is the outbox: every operation that names a provider order is written
to the team database on reconnect, idempotently).

Ownership: `TeamService.ownership` implements the purchase contract's `Ownership` hook. Before
`sending` the operation is registered (its id is the client reference, unique team-wide); when a
provider order is attached it is inserted under UNIQUE (provider, provider_order_id) and a
conflict stops the step (`Interrupted`) instead of owning the order twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from fulfildesk.domain.errors import ProviderTimeout
from fulfildesk.domain.journal import Operation, OpState
from fulfildesk.services.contract import Interrupted, PurchaseService
from fulfildesk.store import team as team_store
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.team import (
    Claim,
    ClaimResult,
    Seat,
    TeamListener,
    TeamSchemaMissing,
    TeamStore,
    TeamUnavailable,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
Change = dict[str, Any]
SEAT_FILE = "team-seat"
TEAM_KEY_ACCOUNT = "team-key"
OFFLINE_TEXT = (
    "The team server cannot be reached. Browsing and search work; claiming orders and "
    "anything that spends money wait until it is back."
)

__all__ = [
    "Claim",
    "ClaimResult",
    "Seat",
    "TeamOffline",
    "TeamService",
    "seat_for",
    "team_dsn",
]


class TeamOffline(Exception):
    """The team server is not reachable: nothing that claims or spends may start."""

    def __init__(self, message: str = OFFLINE_TEXT) -> None:
        super().__init__(message)


class ClaimRefused(Exception):
    """Another seat holds the order."""

    def __init__(self, claim: Claim | None) -> None:
        self.claim = claim
        who = f"{claim.operator} ({claim.seat_id})" if claim else "another seat"
        super().__init__(f"{who} is {claim.purpose if claim else 'handling'} this order.")


def team_dsn(settings: Any = None) -> str | None:
    """FULFILDESK_TEAM_DSN, else the settings' `team_dsn` (None: the console works alone)."""
    dsn = os.environ.get("FULFILDESK_TEAM_DSN") or getattr(settings, "team_dsn", None)
    return dsn.strip() if isinstance(dsn, str) and dsn.strip() else None


def seat_for(data_dir: Path, operator: str) -> Seat:
    """This data directory's seat: a stable id kept in DATA_DIR/team-seat."""
    path = data_dir / SEAT_FILE
    try:
        seat_id = path.read_text(encoding="utf-8").strip()
    except OSError:
        seat_id = ""
    if not seat_id:
        seat_id = f"{team_store.default_hostname()}-{uuid.uuid4().hex[:8]}"
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(seat_id + "\n", encoding="utf-8")
    return Seat(seat_id, operator, team_store.default_hostname())


def team_key(data_dir: Path) -> bytes | None:
    """The key that encrypts the credentials seats share (a Fernet key, the same on every
    seat): FULFILDESK_TEAM_KEY, else the seat's keyring / secrets file entry `team-key`."""
    from fulfildesk.secretstore import SecretStore

    value = os.environ.get("FULFILDESK_TEAM_KEY") or SecretStore(data_dir).get(TEAM_KEY_ACCOUNT)
    return value.strip().encode("ascii") if value and value.strip() else None


def share_plum(team: TeamService, client: Any, entry: Any, data_dir: Path) -> bool:
    """Renew Plum's rotating refresh token under the team lock and share it encrypted (see
    docs/decisions.md, "Team mode"). False when this seat has no team key (then it warns)."""
    from fulfildesk.config import plum_state_account
    from fulfildesk.services import clients

    if getattr(client, "tokens", None) is None or not entry.refresh_token:
        return False
    key = team_key(data_dir)
    if key is None:
        log.warning(
            "team mode without a team key: Plum's rotated refresh token is not shared, so "
            "another seat's renewal can lock this one out; set FULFILDESK_TEAM_KEY"
        )
        return False
    store = clients.plum_state(data_dir, entry.url, entry.refresh_token)
    team.share_credential(client.tokens, plum_state_account(entry.url), store, key, "plum")
    return True


class TeamService:
    def __init__(
        self,
        dsn: str,
        seat: Seat,
        store: AsyncStore | None = None,
        *,
        retry: float = 1.0,
        heartbeat: float = 10.0,
        connect_timeout: float = 3.0,
        command_timeout: float = 15.0,
    ) -> None:
        self.dsn = dsn
        self.seat = seat
        self.store = store
        self.retry = retry
        self.heartbeat = heartbeat
        self.connect_timeout = connect_timeout
        self.command_timeout = command_timeout
        self.online = False
        self.problem = ""
        self._commands: TeamStore | None = None
        self._listener: TeamListener | None = None
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._subscribers: list[Callable[[Change], None]] = []
        self._status: list[Callable[[bool, str], None]] = []
        self._online_event = asyncio.Event()
        self._attempted = asyncio.Event()
        self._published: dict[str, str] = {}
        self.ownership = TeamOwnership(self)

    # ---------------------------------------------------------------- life cycle

    async def start(self) -> None:
        """Connect in the background (returns at once); `wait_online` waits for it."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="team")

    async def wait_first_attempt(self, timeout: float) -> bool:
        """Wait until the first connection attempt succeeded or failed; answer `online`."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._attempted.wait(), timeout)
        return self.online

    async def wait_online(self, timeout: float) -> bool:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._online_event.wait(), timeout)
        return self.online

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        await self._disconnect()

    def share(self, services: list[PurchaseService[Any]]) -> None:
        """Make these purchase services team-aware (the ownership hook)."""
        for service in services:
            service.ownership = self.ownership

    async def _run(self) -> None:
        while True:
            try:
                await self._connect()
                assert self._listener is not None
                while True:
                    async for change in self._listener.events(timeout=self.heartbeat):
                        self._deliver(change)
                    await self._command(lambda s: s.heartbeat())
            except asyncio.CancelledError:
                raise
            except (TeamUnavailable, TeamOffline, OSError) as exc:
                self._went_offline(str(exc).strip() or type(exc).__name__)
            except TeamSchemaMissing as exc:
                self._went_offline(str(exc))
            except Exception as exc:  # keep the seat usable whatever the server says
                log.exception("team connection failed")
                self._went_offline(str(exc))
            await self._disconnect()
            await asyncio.sleep(self.retry)

    async def _connect(self) -> None:
        self._commands = await TeamStore.open(self.dsn, self.seat, timeout=self.connect_timeout)
        self._listener = await TeamListener.open(self.dsn, timeout=self.connect_timeout)
        self.online, self.problem = True, ""
        log.info("team online as seat %s", self.seat.seat_id)
        await self.flush()
        self._set_status()
        # a change made while this seat was away: every list refreshes once
        self._deliver(
            {
                "kind": "reconnected",
                "provider": "",
                "order_id": "",
                "seat": self.seat.seat_id,
                "operator": self.seat.operator,
            }
        )
        self._online_event.set()
        self._attempted.set()

    async def _disconnect(self) -> None:
        for conn in (self._commands, self._listener):
            if conn is not None:
                with contextlib.suppress(Exception):
                    await conn.close()
        self._commands = self._listener = None

    def _went_offline(self, problem: str) -> None:
        self._attempted.set()
        was = self.online
        self.online, self.problem = False, problem
        self._online_event.clear()
        if was:
            log.warning("team offline: %s", problem)
        self._set_status()

    def _set_status(self) -> None:
        for callback in list(self._status):
            try:
                callback(self.online, self.problem)
            except Exception:
                log.exception("team status callback failed")

    # ---------------------------------------------------------------- live updates

    def subscribe(self, callback: Callable[[Change], None]) -> Callable[[], None]:
        """Call `callback(change)` for every change any seat announces; answers unsubscribe."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback)

    def on_status(self, callback: Callable[[bool, str], None]) -> None:
        """`callback(online, problem)` whenever the team goes online or offline."""
        self._status.append(callback)
        callback(self.online, self.problem)

    async def changes(self) -> AsyncIterator[Change]:
        """Every change announced from now on, as an async iterator."""
        queue: asyncio.Queue[Change] = asyncio.Queue()
        unsubscribe = self.subscribe(queue.put_nowait)
        try:
            while True:
                yield await queue.get()
        finally:
            unsubscribe()

    def _deliver(self, change: Change) -> None:
        for callback in list(self._subscribers):
            try:
                callback(change)
            except Exception:
                log.exception("team change callback failed")

    # ---------------------------------------------------------------- commands

    async def _command(self, call: Callable[[TeamStore], Awaitable[T]]) -> T:
        async with self._lock:
            commands = self._commands
            if not self.online or commands is None or commands.closed:
                raise TeamOffline()
            try:
                return await asyncio.wait_for(call(commands), self.command_timeout)
            except (TeamUnavailable, TimeoutError) as exc:
                self._went_offline(str(exc).strip() or "the team server did not answer")
                if isinstance(exc, TimeoutError):  # a connection left mid-query is not reused
                    with contextlib.suppress(Exception):
                        await commands.close()
                # the listener notices too; closing here makes it reconnect at once
                if self._listener is not None:
                    with contextlib.suppress(Exception):
                        await self._listener.close()
                raise TeamOffline() from exc

    def require_online(self) -> None:
        if not self.online:
            raise TeamOffline()

    async def claim(
        self, provider: str, order_id: str, *, purpose: str = "shipping", ttl: float = 900
    ) -> Claim:
        """Claim an order for this seat; raises ClaimRefused while another seat holds it and
        TeamOffline while the server is away."""
        result = await self._command(
            lambda s: s.claim(provider, order_id, purpose=purpose, ttl=ttl)
        )
        if not result.granted:
            raise ClaimRefused(result.claim)
        assert result.claim is not None
        return result.claim

    async def release(self, provider: str, order_id: str) -> bool:
        return await self._command(lambda s: s.release(provider, order_id))

    async def ship(self, provider: str, order_id: str) -> bool:
        """Record that this seat shipped the order: only under its claim, once team-wide."""
        return await self._command(lambda s: s.mark_done(provider, order_id, "shipped"))

    async def claims(self, provider: str | None = None) -> list[Claim]:
        return await self._command(lambda s: s.active_claims(provider))

    async def claim_of(self, provider: str, order_id: str) -> Claim | None:
        return await self._command(lambda s: s.claim_of(provider, order_id))

    async def add_note(self, provider: str, order_id: str, body: str) -> int:
        return await self._command(lambda s: s.add_note(provider, order_id, body))

    async def notes(self, provider: str, order_id: str) -> list[dict[str, Any]]:
        return await self._command(lambda s: s.notes(provider, order_id))

    async def tag(self, provider: str, order_id: str, tag: str) -> None:
        await self._command(lambda s: s.tag(provider, order_id, tag))

    async def untag(self, provider: str, order_id: str, tag: str) -> None:
        await self._command(lambda s: s.untag(provider, order_id, tag))

    async def tags(self, provider: str, order_id: str) -> list[str]:
        return await self._command(lambda s: s.tags(provider, order_id))

    async def history(self, provider: str, order_id: str) -> list[dict[str, Any]]:
        return await self._command(lambda s: s.history(provider, order_id))

    async def save_view(self, name: str, query: dict[str, Any]) -> None:  # issue 14
        await self._command(lambda s: s.save_view(name, query))

    async def views(self) -> list[dict[str, Any]]:
        return await self._command(lambda s: s.views())

    async def key_holders(self, provider: str, order_id: str) -> list[dict[str, Any]]:
        """Which seats hold keys of the order (never the keys)."""
        return await self._command(lambda s: s.key_holders(provider, order_id))

    async def seats(self, within_seconds: float = 300) -> list[dict[str, Any]]:
        return await self._command(lambda s: s.seats(within_seconds))

    # ---------------------------------------------------------------- ownership outbox

    async def flush(self) -> int:
        """Write every local operation that names a provider order (and where it stands) to
        the team database: what a purchase settled while the server was away. Idempotent;
        answers how many operations were written."""
        if self.store is None:
            return 0
        ops = await self.store.run(Store.journal_list, None, None)
        async with self._lock:  # one transaction at a time on the command connection
            commands = self._commands
            if commands is None:
                return 0
            known = await commands.operation_states()
            self._published.update(known)
            written = 0
            for op in ops:
                if self._published.get(op.operation_id) == op.state.value:
                    continue
                await self._publish(commands, op)
                written += 1
        return written

    async def _publish(self, commands: TeamStore, op: Operation) -> None:
        if op.provider_order_id:
            owner = await commands.own_order(
                op.operation_id, op.provider, op.kind, op.state.value, op.provider_order_id
            )
            if owner.operation_id != op.operation_id:
                log.error(
                    "operation %s names %s order %s, owned team-wide by %s (seat %s)",
                    op.operation_id,
                    op.provider,
                    op.provider_order_id,
                    owner.operation_id,
                    owner.seat_id,
                )
        await commands.set_state(
            op.operation_id, op.provider, op.kind, op.state.value, op.provider_order_id or ""
        )
        if op.state is OpState.COMPLETED and op.provider_order_id and self.store is not None:
            keys = await self.store.run(Store.keys_for_order, op.provider, op.provider_order_id)
            if keys:
                await commands.record_keys(op.provider, op.provider_order_id, len(keys))
        self._published[op.operation_id] = op.state.value

    async def publish(self, op: Operation) -> None:
        """Publish one operation now when online; otherwise `flush` does on reconnect."""
        if self._published.get(op.operation_id) == op.state.value or not self.online:
            return
        with contextlib.suppress(TeamOffline):
            await self._command(lambda s: self._publish(s, op))

    # ---------------------------------------------------------------- shared credentials

    @contextlib.asynccontextmanager
    async def credential_session(
        self, account: str, key: bytes, provider: str = ""
    ) -> AsyncIterator[SharedSecret]:
        """Hold `account`'s team-wide renewal lock (a PostgreSQL advisory lock, on a connection
        of its own so this seat's commands do not wait for the provider). Yields the latest
        rotated secret any seat shared (decrypted with the team `key`, None when none yet);
        whatever is set as `.new` before leaving is stored encrypted before the lock goes.
        Offline, nothing renews (the next seat would find its secret spent): ProviderTimeout."""
        from cryptography.fernet import Fernet, InvalidToken

        def unavailable(why: str) -> ProviderTimeout:
            return ProviderTimeout(
                provider=provider or account.split("-", 1)[0],
                message=f"the team server {why}, and the credentials every seat shares are "
                "renewed only under its lock; try again when the team is back",
                retryable=True,
            )

        if not self.online:
            raise unavailable("cannot be reached")
        fernet = Fernet(key)
        try:
            commands = await TeamStore.open(self.dsn, self.seat, timeout=self.connect_timeout)
        except TeamUnavailable as exc:
            raise unavailable("cannot be reached") from exc
        try:
            async with commands.credential_lock(account):
                latest = await commands.read_credential(account)
                secret = SharedSecret(generation=latest[0] if latest else 0)
                if latest is not None:
                    try:
                        secret.latest = fernet.decrypt(latest[1].encode("ascii")).decode()
                    except InvalidToken as exc:
                        raise unavailable(
                            "holds a credential this seat's team key cannot read"
                        ) from exc
                yield secret
                if secret.new is not None and secret.new != secret.latest:
                    encrypted = fernet.encrypt(secret.new.encode("utf-8")).decode("ascii")
                    secret.generation = await commands.write_credential(account, encrypted)
        except TeamUnavailable as exc:
            raise unavailable("went away during the renewal") from exc
        finally:
            with contextlib.suppress(Exception):
                await commands.close()

    async def rotate_credential(
        self,
        account: str,
        key: bytes,
        refresh: Callable[[str | None, int], Awaitable[str | None]],
    ) -> str | None:
        """Refresh `account`'s credential once team-wide: `refresh(latest, generation)` runs
        under the lock with the latest shared secret and answers the new one (None: keep)."""
        async with self.credential_session(account, key) as secret:
            new = await refresh(secret.latest, secret.generation)
            if new is not None:
                secret.new = new
        return secret.new if secret.new is not None else secret.latest

    def share_credential(
        self, tokens: Any, account: str, store: Any, key: bytes, provider: str = ""
    ) -> None:
        """Renew a provider token source (`providers.auth.RenewingToken`) under the team lock,
        sharing its persisted state (`store`: load()/save() of a dict, the seat's keyring entry)
        encrypted in the team database: on entering, a newer state from another seat is saved
        into `store` (the token source's `reload` reads it); on leaving, a state this seat
        renewed is shared. Newer means a later `issued_at`."""

        @contextlib.asynccontextmanager
        async def lock() -> AsyncIterator[None]:
            async with self.credential_session(account, key, provider) as secret:
                shared = _load_json(secret.latest)
                local = store.load()
                if shared and _issued(shared) > _issued(local):
                    store.save(shared)
                    local = shared
                yield
                after = store.load()
                if after and (not shared or _issued(after) > _issued(shared)):
                    secret.new = json.dumps(after, sort_keys=True)

        tokens.shared_lock = lock


@dataclass
class SharedSecret:
    """One credential session: the latest shared secret, and the new one to share."""

    generation: int = 0
    latest: str | None = None
    new: str | None = None


def _load_json(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _issued(state: dict[str, Any] | None) -> float:
    try:
        return float((state or {}).get("issued_at") or 0)
    except (TypeError, ValueError):
        return 0.0


class TeamOwnership:
    """The purchase contract's `Ownership` hook, backed by the team database."""

    def __init__(self, team: TeamService) -> None:
        self.team = team

    async def before_create(self, service: PurchaseService[Any]) -> None:
        self.team.require_online()

    async def before_transition(
        self, service: PurchaseService[Any], op: Operation, state: OpState, fields: dict[str, Any]
    ) -> None:
        team = self.team
        if state is OpState.SENDING and op.state is OpState.INTENT:
            # nothing has been sent: register the client reference team-wide first
            try:
                owner = await team._command(
                    lambda s: s.register_operation(
                        op.operation_id, op.provider, op.kind, state.value
                    )
                )
            except TeamOffline as exc:
                raise Interrupted(
                    "The team server cannot be reached, so nothing was sent. The purchase "
                    "starts when the team is back."
                ) from exc
            if owner.seat_id != team.seat.seat_id:
                raise Interrupted(
                    f"This purchase's reference already belongs to seat {owner.seat_id} "
                    f"({owner.operator}); nothing was sent."
                )
            return
        order_id = fields.get("provider_order_id")
        if not order_id or order_id == op.provider_order_id:
            return
        try:
            owner = await team._command(
                lambda s: s.own_order(op.operation_id, op.provider, op.kind, state.value, order_id)
            )
        except TeamOffline:
            # the order is already this purchase's (the provider said so, or the journal
            # found it offline by its own reference): it goes on; `flush` records it later
            return
        if owner.operation_id != op.operation_id:
            raise Interrupted(
                f"{op.provider} order {order_id} already belongs to another purchase "
                f"({owner.operator}, seat {owner.seat_id}); this one is checked again."
            )

    async def observed(self, service: PurchaseService[Any], op: Operation) -> None:
        await self.team.publish(op)

    async def owned_elsewhere(self, service: PurchaseService[Any], op: Operation) -> set[str]:
        try:
            return await self.team._command(
                lambda s: s.owned_order_ids(op.provider, except_operation=op.operation_id)
            )
        except TeamOffline as exc:
            raise Interrupted(
                "The answer to this purchase was lost and the team server cannot be reached "
                "to tell which orders other seats own; it is checked again when the team is "
                "back. Nothing is bought twice."
            ) from exc
