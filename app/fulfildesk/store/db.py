"""The Store: the single writer to the two SQLite files. Every write is one short transaction.

journal.sqlite holds what cannot be fetched again (the purchase journal, keys and vouchers,
encrypted, and the order history); cache.sqlite holds orders and sync state, rebuildable by a sync
(see `store.files`). A write that concerns both commits the journal first: the cache is a copy.

`Store` is synchronous (sqlite-utils); `AsyncStore` runs it on one dedicated worker thread so the
GUI thread never waits on disk and writes are serialised.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import socket
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from fulfildesk.domain.enums import OrderStatus, Provider
from fulfildesk.domain.secrets import scrub_secrets
from fulfildesk.store import queries
from fulfildesk.store.files import (
    CACHE_FILE,
    DiskFull,
    connect_cache,
    connect_journal,
    is_disk_full,
    journal_path_for,
    open_lock,
    rebuild_cache,
)
from fulfildesk.store.journal import (
    JournalConflict,
    Operation,
    OpState,
    OrderAlreadyOwned,
    operation_from_row,
)
from fulfildesk.store.vault import Vault

if TYPE_CHECKING:
    from fulfildesk.domain.models import Order, OrderLine, SerialKey, Voucher

T = TypeVar("T")
P = ParamSpec("P")

DB_FILE = CACHE_FILE


def ts(value: datetime | None = None) -> str:
    """A UTC timestamp as fixed-width text that sorts correctly."""
    value = value or datetime.now(UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_lease_owner() -> str:
    """Who drives operations from this process: "host:pid:nonce"."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lease_holder_alive(holder: str) -> bool:
    """Is the process holding a lease alive? Only a process on this computer can be checked;
    one elsewhere counts as alive until its lease expires."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or os.name == "nt":
        return True  # (on Windows os.kill would end the process: never probe there)
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def ts_precise(value: datetime | None = None) -> str:
    value = value or datetime.now(UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_ts(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def dumps(value: Any) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False, separators=(",", ":"))


def order_row(order: Order, synced_at: str) -> dict[str, Any]:
    return {
        "provider": order.provider.value,
        "provider_order_id": order.provider_order_id,
        "status": order.status.value,
        "provider_status": order.provider_status,
        "created_at": ts(order.created_at) if order.created_at else synced_at,
        "updated_at": ts(order.updated_at) if order.updated_at else None,
        "player_id": order.player_id,
        "email": order.email,
        "establishment": order.establishment,
        "products": order.products_summary,
        "total": str(order.total.amount) if order.total else None,
        "currency": order.total.currency if order.total else None,
        "tracking_number": order.tracking_number,
        "reference": order.reference,
        "dispatch_id": order.dispatch_id,
        # secrets live only in the vault: never in the cached copy of the provider's JSON
        "raw": dumps(scrub_secrets(order.raw)),
        "synced_at": synced_at,
    }


def order_rows(orders: Iterable[Order], synced_at: str) -> list[tuple[Any, ...]]:
    """Orders as rows of the upsert statement: tuples of plain values, which the garbage
    collector stops tracking (a sync holds thousands of them between fetch and write; as models
    they made every full collection walk them, issue 15)."""
    return [tuple(order_row(o, synced_at).values()) for o in orders]


#: the keys of `order_row`, in order (a test checks they agree); a literal, so importing the store
#: does not build a pydantic model (the window's list paints before pydantic loads)
ORDER_COLUMNS = (
    "provider",
    "provider_order_id",
    "status",
    "provider_status",
    "created_at",
    "updated_at",
    "player_id",
    "email",
    "establishment",
    "products",
    "total",
    "currency",
    "tracking_number",
    "reference",
    "dispatch_id",
    "raw",
    "synced_at",
)


def _upsert_sql() -> str:
    """INSERT ... ON CONFLICT DO UPDATE, built from the fixed column list (never from input)."""
    columns = ", ".join(ORDER_COLUMNS)
    marks = ", ".join("?" for _ in ORDER_COLUMNS)
    updates = ", ".join(
        f"{c} = excluded.{c}" for c in ORDER_COLUMNS if c not in ("provider", "provider_order_id")
    )
    return (
        f"INSERT INTO orders ({columns}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT (provider, provider_order_id) DO UPDATE SET {updates}"
    )


_UPSERT_SQL = _upsert_sql()


def order_from_row(row: dict[str, Any]) -> Order:
    from fulfildesk.domain.models import Money, Order

    lines: list[OrderLine] = []
    raw = json.loads(row["raw"]) if row.get("raw") else {}
    total = (
        Money(amount=Decimal(row["total"]), currency=row["currency"] or "XXX")
        if row.get("total") is not None
        else None
    )
    return Order(
        provider=Provider(row["provider"]),
        provider_order_id=row["provider_order_id"],
        status=OrderStatus(row["status"]),
        provider_status=row["provider_status"],
        created_at=parse_ts(row.get("created_at")),
        updated_at=parse_ts(row.get("updated_at")),
        player_id=row.get("player_id"),
        email=row.get("email"),
        establishment=row.get("establishment"),
        lines=lines,
        total=total,
        tracking_number=row.get("tracking_number"),
        reference=row.get("reference"),
        dispatch_id=row.get("dispatch_id"),
        raw=raw,
    )


class Store:
    def __init__(
        self,
        path: Path | str,
        vault: Vault | Callable[[], Vault],
        *,
        journal_path: Path | str | None = None,
    ) -> None:
        """`path` is the cache; the journal goes to `journal_path` (default: journal.sqlite beside
        cache.sqlite). `vault` may be a factory: it is then opened on first use (the keyring is
        slow to load, and the order list needs no secrets to open).

        A damaged cache is moved aside and started again empty (`cache_note` says so); a pre-split
        cache has its journal moved to the journal file first, without losing a row."""
        self.path = Path(path)
        self.journal_path = Path(journal_path) if journal_path else journal_path_for(self.path)
        # one process at a time creates and migrates the files (fresh data dir, two consoles)
        with open_lock(self.journal_path.parent):
            #: journal.sqlite: the journal, keys, vouchers, order history (never rebuilt)
            self.journal_db = connect_journal(self.journal_path)
            #: cache.sqlite: orders, full-text index, sync state (rebuildable by a sync)
            try:
                self.db, self.cache_note = connect_cache(self.path, self.journal_db)
            except BaseException:
                self.journal_db.close()
                raise
        self._vault = vault if isinstance(vault, Vault) else None
        self._vault_factory = None if isinstance(vault, Vault) else vault

    @contextlib.contextmanager
    def _journal_write(self) -> Iterator[None]:
        """One journal transaction that takes the write lock first (BEGIN IMMEDIATE): a
        transaction that reads and then writes never fails with "database is locked" because
        another process wrote in between; it waits its turn (the busy timeout) instead."""
        conn = self.journal_db.conn
        if conn.in_transaction:
            with self.journal_db.atomic():
                yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.rollback()
            raise
        conn.commit()

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            assert self._vault_factory is not None
            self._vault = self._vault_factory()
        return self._vault

    @vault.setter
    def vault(self, value: Vault) -> None:
        self._vault = value

    def close(self) -> None:
        self.db.close()
        self.journal_db.close()

    def rebuild_cache(self) -> Path | None:
        """Move the cache aside and start it again empty (a sync fills it). Never touches the
        journal file. Returns where the old cache went (None when there was none)."""
        self.db.close()
        self.db, aside = rebuild_cache(self.path, self.journal_db)
        self.cache_note = None
        return aside

    def _cache_orders(self, orders: Iterable[Order]) -> None:
        """Copy orders into the cache after the journal committed (the cache is only a copy)."""
        rows = order_rows(orders, ts())
        if rows:
            with self.db.atomic():
                self.db.conn.executemany(_UPSERT_SQL, rows)

    # ------------------------------------------------------------------ orders

    def upsert_orders(self, orders: Iterable[Order]) -> int:
        return self.upsert_rows(order_rows(orders, ts()))

    def upsert_rows(self, rows: list[tuple[Any, ...]]) -> int:
        """Write rows made by `order_rows` (one transaction, or the caller's)."""
        with self.db.atomic():
            self.db.conn.executemany(_UPSERT_SQL, rows)
        return len(rows)

    def establishments(self) -> list[str]:
        """Names of the establishments seen in cached orders (the window's filter)."""
        from fulfildesk.store.queries import establishments

        return establishments(self.db.conn)

    def export_orders_csv(self, path: Path | str, filt: Any, sort: Any) -> int:
        """Write the orders matching `filt` (a queries.OrderFilter), in `sort` order, as CSV
        (with each order's tags and notes)."""
        from fulfildesk.store.notes import export_with_annotations

        return export_with_annotations(self, path, filt, sort)  # with tags and notes

    def get_order(self, provider: str, provider_order_id: str) -> Order | None:
        rows = list(
            self.db.query(
                "SELECT * FROM orders WHERE provider = ? AND provider_order_id = ?",
                [provider, provider_order_id],
            )
        )
        return order_from_row(rows[0]) if rows else None

    def count_orders(self, provider: str | None = None) -> int:
        if provider:
            return int(
                self.db.execute(
                    "SELECT count(*) FROM orders WHERE provider = ?", [provider]
                ).fetchone()[0]
            )
        return int(self.db.execute("SELECT count(*) FROM orders").fetchone()[0])

    def cached_order_ids(self, provider: str, statuses: Iterable[str] | None = None) -> list[str]:
        """Ids of the provider's cached orders (only these normalized statuses, when given)."""
        sql, args = "SELECT provider_order_id FROM orders WHERE provider = ?", [provider]
        if statuses is not None:
            wanted = list(statuses)
            sql += f" AND status IN ({', '.join('?' for _ in wanted)})"
            args += wanted
        return [r[0] for r in self.db.execute(sql, args)]

    def known_players(self, provider: str) -> list[str]:
        """Players with orders at a provider, from the cache and the journal (so a rebuilt cache
        still knows whom to ask)."""
        found = queries.known_players(self.db.conn, provider)
        seen = set(found)
        for (player,) in self.journal_db.execute(
            "SELECT DISTINCT json_extract(payload, '$.player_id') FROM journal "
            "WHERE provider = ? AND json_extract(payload, '$.player_id') IS NOT NULL",
            [provider],
        ):
            if str(player) not in seen:
                seen.add(str(player))
                found.append(str(player))
        return found

    def known_order_ids(self, provider: str) -> list[str]:
        """Order ids of a provider in the cache or owned by a journal entry (what a provider
        without an order list can be asked about again, after a rebuild too)."""
        found = self.cached_order_ids(provider)
        seen = set(found)
        for order_id in sorted(self.claimed_order_ids(provider) - seen):
            found.append(order_id)
        return found

    def orders_with_status(
        self, provider: str, provider_statuses: list[str], limit: int = 500
    ) -> list[dict[str, Any]]:
        return queries.orders_with_status(self.db.conn, provider, provider_statuses, limit)

    # ------------------------------------------------------------------ keys

    def _insert_keys(
        self, keys: list[SerialKey], dispatch_id: str | None, operation_id: str | None
    ) -> None:
        now = ts_precise()
        self.journal_db.conn.executemany(
            "INSERT INTO keys (provider, provider_order_id, position, dispatch_id, product_id, "
            "name, content_type, serial_enc, operation_id, received_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (provider, provider_order_id, position) DO NOTHING",
            [
                (
                    k.provider.value,
                    k.provider_order_id,
                    k.position,
                    dispatch_id,
                    k.product_id,
                    k.name,
                    k.content_type,
                    self.vault.encrypt(k.serial),
                    operation_id,
                    now,
                )
                for k in keys
            ],
        )

    def store_keys(self, keys: list[SerialKey], dispatch_id: str | None = None) -> None:
        with self._journal_write():
            self._insert_keys(keys, dispatch_id, None)

    def store_new_keys(self, keys: list[SerialKey], operation_id: str | None = None) -> int:
        """Store the keys not stored yet, each once per provider key id (Kinguin's current API
        lists every delivered key on each read); a known key gets its status updated. A new key
        takes the next free position of its order. Returns how many keys were new."""
        added = 0
        now = ts_precise()
        with self.journal_db.atomic():
            for key in keys:
                if key.key_id is None:
                    self._insert_keys([key], None, operation_id)
                    continue
                known = self.journal_db.execute(
                    "SELECT id FROM keys WHERE provider = ? AND provider_order_id = ? "
                    "AND key_id = ?",
                    [key.provider.value, key.provider_order_id, key.key_id],
                ).fetchone()
                if known:
                    if key.status:
                        self.journal_db.execute(
                            "UPDATE keys SET status = ? WHERE id = ?", [key.status, known[0]]
                        )
                    continue
                position = self.journal_db.execute(
                    "SELECT COALESCE(MAX(position) + 1, 0) FROM keys WHERE provider = ? "
                    "AND provider_order_id = ?",
                    [key.provider.value, key.provider_order_id],
                ).fetchone()[0]
                self.journal_db.execute(
                    "INSERT INTO keys (provider, provider_order_id, position, product_id, name, "
                    "content_type, serial_enc, operation_id, received_at, key_id, status) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        key.provider.value,
                        key.provider_order_id,
                        position,
                        key.product_id,
                        key.name,
                        key.content_type,
                        self.vault.encrypt(key.serial),
                        operation_id,
                        now,
                        key.key_id,
                        key.status,
                    ],
                )
                added += 1
        return added

    def set_key_statuses(
        self, provider: str, provider_order_id: str, statuses: dict[str, str]
    ) -> None:
        """Record the status Kinguin reports for stored keys (key id -> status)."""
        with self.journal_db.atomic():
            for key_id, status in statuses.items():
                self.journal_db.execute(
                    "UPDATE keys SET status = ? WHERE provider = ? AND provider_order_id = ? "
                    "AND key_id = ?",
                    [status, provider, provider_order_id, key_id],
                )

    def keys_for_order(self, provider: str, provider_order_id: str) -> list[SerialKey]:
        rows = self.journal_db.query(
            "SELECT * FROM keys WHERE provider = ? AND provider_order_id = ? ORDER BY position",
            [provider, provider_order_id],
        )
        from fulfildesk.domain.models import SerialKey

        return [
            SerialKey(
                provider=Provider(r["provider"]),
                provider_order_id=r["provider_order_id"],
                product_id=r["product_id"],
                name=r["name"],
                content_type=r["content_type"],
                serial=self.vault.decrypt(r["serial_enc"]),
                position=r["position"],
                key_id=r.get("key_id"),
                status=r.get("status"),
            )
            for r in rows
        ]

    def count_keys(self, provider: str, provider_order_id: str) -> int:
        return int(
            self.journal_db.execute(
                "SELECT count(*) FROM keys WHERE provider = ? AND provider_order_id = ?",
                [provider, provider_order_id],
            ).fetchone()[0]
        )

    # ------------------------------------------------------------------ order history

    def record_event(self, order: Order, operator: str, action: str, detail: str = "") -> None:
        """Add one line to the order's history (journal), then cache the order as it is now."""
        with self._journal_write():
            self.journal_db.execute(
                "INSERT INTO order_events (provider, provider_order_id, at, operator, action, "
                "detail) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    order.provider.value,
                    order.provider_order_id,
                    ts_precise(),
                    operator,
                    action,
                    detail,
                ],
            )
        self._cache_orders([order])

    def order_events(self, provider: str, provider_order_id: str) -> list[dict[str, Any]]:
        return list(
            self.journal_db.query(
                "SELECT at, operator, action, detail FROM order_events WHERE provider = ? AND "
                "provider_order_id = ? ORDER BY id",
                [provider, provider_order_id],
            )
        )

    # ------------------------------------------------------------------ sync state

    def sync_state(self, provider: str) -> dict[str, Any]:
        rows = list(self.db.query("SELECT * FROM sync_state WHERE provider = ?", [provider]))
        return (
            rows[0]
            if rows
            else {
                "provider": provider,
                "last_started_at": None,
                "last_success_at": None,
                "last_error": None,
                "checkpoint": None,
                "orders": 0,
            }
        )

    def set_sync_state(self, /, provider: str, **values: Any) -> None:
        allowed = {"last_started_at", "last_success_at", "last_error", "checkpoint", "orders"}
        assert set(values) <= allowed, values
        current = self.sync_state(provider)
        current.update(values)
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO sync_state (provider, last_started_at, last_success_at, "
                "last_error, checkpoint, orders) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
                "(provider) DO UPDATE SET last_started_at = excluded.last_started_at, "
                "last_success_at = excluded.last_success_at, last_error = excluded.last_error, "
                "checkpoint = excluded.checkpoint, orders = excluded.orders",
                [
                    provider,
                    current["last_started_at"],
                    current["last_success_at"],
                    current["last_error"],
                    current["checkpoint"],
                    current["orders"],
                ],
            )

    # ------------------------------------------------------------------ vouchers

    def _insert_vouchers(self, vouchers: list[Voucher], operation_id: str | None) -> None:
        now = ts_precise()
        self.journal_db.conn.executemany(
            "INSERT INTO vouchers (provider, provider_order_id, position, product_id, type, "
            "code_enc, pin_enc, validity, amount, currency, country, operation_id, received_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (provider, provider_order_id, position) DO NOTHING",
            [
                (
                    v.provider.value,
                    v.provider_order_id,
                    v.position,
                    v.product_id,
                    v.type,
                    self.vault.encrypt(v.code),
                    self.vault.encrypt(v.pin) if v.pin else None,
                    v.validity,
                    str(v.amount) if v.amount is not None else None,
                    v.currency,
                    v.country,
                    operation_id,
                    now,
                )
                for v in vouchers
            ],
        )

    def store_vouchers(self, order: Order, vouchers: list[Voucher]) -> None:
        """Keep the vouchers of an order looked up (journal), then cache the order."""
        with self._journal_write():
            self._insert_vouchers(vouchers, None)
        self._cache_orders([order])

    def vouchers_for_order(self, provider: str, provider_order_id: str) -> list[Voucher]:
        rows = self.journal_db.query(
            "SELECT * FROM vouchers WHERE provider = ? AND provider_order_id = ? ORDER BY position",
            [provider, provider_order_id],
        )
        from fulfildesk.domain.models import Voucher

        return [
            Voucher(
                provider=Provider(r["provider"]),
                provider_order_id=r["provider_order_id"],
                position=r["position"],
                product_id=r["product_id"],
                type=r["type"],
                code=self.vault.decrypt(r["code_enc"]),
                pin=self.vault.decrypt(r["pin_enc"]) if r["pin_enc"] else "",
                validity=r["validity"],
                amount=Decimal(r["amount"]) if r["amount"] is not None else None,
                currency=r["currency"],
                country=r["country"],
            )
            for r in rows
        ]

    # ------------------------------------------------------------------ journal

    def _event(self, operation_id: str, state: OpState, detail: str = "") -> None:
        self.journal_db.execute(
            "INSERT INTO journal_events (operation_id, at, state, detail) VALUES (?, ?, ?, ?)",
            [operation_id, ts_precise(), state.value, detail],
        )

    def journal_create(
        self,
        provider: str,
        kind: str,
        payload: dict[str, Any],
        *,
        lease_owner: str | None = None,
        lease_seconds: float = 60.0,
    ) -> Operation:
        """Commit an intent. With `lease_owner` it is born leased to its creator, so another
        process's reconcile does not send it between the intent and the creator's drive."""
        now = ts_precise()
        until = (
            ts_precise(datetime.now(UTC) + timedelta(seconds=lease_seconds))
            if lease_owner
            else None
        )
        op = Operation(
            operation_id=str(uuid.uuid4()),
            provider=provider,
            kind=kind,
            state=OpState.INTENT,
            payload=payload,
            created_at=now,
            updated_at=now,
            lease_owner=lease_owner,
            lease_until=until,
        )
        with self._journal_write():
            self.journal_db.execute(
                "INSERT INTO journal (operation_id, provider, kind, state, payload, created_at, "
                "updated_at, lease_owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    op.operation_id,
                    provider,
                    kind,
                    op.state.value,
                    dumps(payload),
                    now,
                    now,
                    lease_owner,
                    until,
                ],
            )
            self._event(op.operation_id, op.state, "intent recorded")
        return op

    def journal_get(self, operation_id: str) -> Operation:
        rows = list(
            self.journal_db.query("SELECT * FROM journal WHERE operation_id = ?", [operation_id])
        )
        if not rows:
            raise KeyError(operation_id)
        return operation_from_row(rows[0])

    def journal_transition(
        self,
        /,
        operation_id: str,
        state: OpState,
        detail: str = "",
        *,
        orders: Iterable[Order] = (),
        expect: OpState | None = None,
        owner: str | None = None,
        **fields: Any,
    ) -> Operation:
        """Move an operation to `state`, setting `fields`, in one journal commit; then cache
        `orders`. With `expect`, compare-and-set: the operation must still be in that state (and,
        with `owner`, not leased by anyone else), else `JournalConflict` and nothing is written.
        A provider order already owned by another entry raises `OrderAlreadyOwned`."""
        allowed = {"provider_order_id", "dispatch_id", "error", "sent_at", "payload", "lookups"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown journal fields: {sorted(unknown)}")
        with self._journal_write():
            self._update(operation_id, state, detail, fields, expect=expect, owner=owner)
        self._cache_orders(orders)
        return self.journal_get(operation_id)

    def _update(
        self,
        operation_id: str,
        state: OpState,
        detail: str,
        fields: dict[str, Any],
        *,
        expect: OpState | None = None,
        owner: str | None = None,
    ) -> None:
        values = {k: (dumps(v) if k == "payload" else v) for k, v in fields.items()}
        values["state"] = state.value
        values["updated_at"] = ts_precise()
        assignments = ", ".join(f"{k} = ?" for k in values)
        where, args = "operation_id = ?", [operation_id]
        if expect is not None:
            where += " AND state = ?"
            args.append(expect.value)
        if owner is not None:
            where += " AND (lease_owner IS NULL OR lease_owner = ?)"
            args.append(owner)
        try:
            cursor = self.journal_db.execute(
                f"UPDATE journal SET {assignments} WHERE {where}",  # noqa: S608
                [*values.values(), *args],
            )
        except sqlite3.IntegrityError as exc:
            order_id = fields.get("provider_order_id")
            # the entry that holds the order in the same role (a purchase, or a key return)
            holder = self.journal_db.execute(
                "SELECT o.operation_id FROM journal AS o JOIN journal AS me "
                "ON me.operation_id = ? WHERE o.provider = me.provider "
                "AND o.provider_order_id = ? AND o.operation_id != me.operation_id "
                "AND (o.kind = 'return_keys') = (me.kind = 'return_keys')",
                [operation_id, order_id],
            ).fetchone()
            raise OrderAlreadyOwned(
                f"order {order_id} already belongs to journal entry "
                f"{holder[0] if holder else '(unknown)'}"
            ) from exc
        if cursor.rowcount != 1:
            current = self.journal_db.execute(
                "SELECT state, lease_owner FROM journal WHERE operation_id = ?", [operation_id]
            ).fetchone()
            if current is None:
                raise KeyError(operation_id)
            if expect is not None and current[0] != expect.value:
                raise JournalConflict(
                    f"operation {operation_id} is '{current[0]}', not '{expect.value}': "
                    "another process moved it on"
                )
            raise JournalConflict(
                f"operation {operation_id} is driven by {current[1]}, not by this process"
            )
        self._event(operation_id, state, detail)

    # ------------------------------------------------------------------ leases (one owner)

    def journal_lease(
        self, operation_id: str, owner: str, seconds: float, now: datetime | None = None
    ) -> bool:
        """Take (or renew) the lease on an operation for `seconds`. Fails (False) while another
        process holds an unexpired lease; a lease whose holder is a dead process on this
        computer, or that expired, is taken over."""
        moment = now or datetime.now(UTC)
        until = ts_precise(moment + timedelta(seconds=seconds))
        with self._journal_write():
            row = self.journal_db.execute(
                "SELECT lease_owner, lease_until FROM journal WHERE operation_id = ?",
                [operation_id],
            ).fetchone()
            if row is None:
                raise KeyError(operation_id)
            holder, held_until = row
            if holder and holder != owner:
                expired = held_until is None or held_until < ts_precise(moment)
                if not expired and lease_holder_alive(holder):
                    return False
            self.journal_db.execute(
                "UPDATE journal SET lease_owner = ?, lease_until = ? WHERE operation_id = ?",
                [owner, until, operation_id],
            )
        return True

    def journal_renew_leases(self, owner: str, seconds: float) -> int:
        """The heartbeat: extend every lease `owner` holds. Returns how many."""
        until = ts_precise(datetime.now(UTC) + timedelta(seconds=seconds))
        with self._journal_write():
            cursor = self.journal_db.execute(
                "UPDATE journal SET lease_until = ? WHERE lease_owner = ?", [until, owner]
            )
        return int(cursor.rowcount)

    def journal_release(self, operation_id: str, owner: str) -> None:
        with self._journal_write():
            self.journal_db.execute(
                "UPDATE journal SET lease_owner = NULL, lease_until = NULL "
                "WHERE operation_id = ? AND lease_owner = ?",
                [operation_id, owner],
            )

    def journal_count_lookup(
        self, operation_id: str, reason: str, max_lookups: int, owner: str | None = None
    ) -> Operation:
        """One more lookup did not settle an operation whose outcome is unknown (`sending`).
        After `max_lookups` of them (counted in the journal, across restarts) it goes to
        needs-review with the reason, instead of being retried forever."""
        with self._journal_write():
            row = self.journal_db.execute(
                "SELECT state, lookups FROM journal WHERE operation_id = ?", [operation_id]
            ).fetchone()
            if row is None:
                raise KeyError(operation_id)
            if row[0] != OpState.SENDING.value:
                return self.journal_get(operation_id)
            lookups = int(row[1] or 0) + 1
            if lookups >= max_lookups:
                self._update(
                    operation_id,
                    OpState.NEEDS_REVIEW,
                    f"outcome still unknown after {lookups} lookups",
                    {
                        "lookups": lookups,
                        "error": f"The outcome of this purchase could not be proven after "
                        f"{lookups} lookups (last: {reason}). Check it at the provider, then "
                        "assign the order or dismiss this entry; it is not retried "
                        "automatically.",
                    },
                    expect=OpState.SENDING,
                    owner=owner,
                )
            else:
                self.journal_db.execute(
                    "UPDATE journal SET lookups = ? WHERE operation_id = ?",
                    [lookups, operation_id],
                )
        return self.journal_get(operation_id)

    def journal_complete_with_keys(
        self,
        operation_id: str,
        order: Order,
        keys: list[SerialKey],
        detail: str = "",
        *,
        expect: OpState | None = None,
        owner: str | None = None,
    ) -> Operation:
        """Store the keys and the completed state in one journal transaction; then cache the
        order. `expect`/`owner`: compare-and-set, as `journal_transition`."""
        with self._journal_write():
            self._insert_keys(keys, order.dispatch_id, operation_id)
            self._update(operation_id, OpState.COMPLETED, detail, {}, expect=expect, owner=owner)
        self._cache_orders([order])
        return self.journal_get(operation_id)

    def journal_complete_with_vouchers(
        self,
        operation_id: str,
        order: Order,
        vouchers: list[Voucher],
        detail: str = "",
        *,
        expect: OpState | None = None,
        owner: str | None = None,
    ) -> Operation:
        """Store the vouchers and the completed state in one journal transaction; then cache the
        order. `expect`/`owner`: compare-and-set, as `journal_transition`."""
        with self._journal_write():
            self._insert_vouchers(vouchers, operation_id)
            self._update(
                operation_id,
                OpState.COMPLETED,
                detail,
                {"provider_order_id": order.provider_order_id},
                expect=expect,
                owner=owner,
            )
        self._cache_orders([order])
        return self.journal_get(operation_id)

    def journal_list(
        self, states: Iterable[OpState] | None = None, provider: str | None = None
    ) -> list[Operation]:
        where: list[str] = []
        args: list[str] = []
        if states is not None:
            states = list(states)
            where.append(f"state IN ({', '.join('?' for _ in states)})")
            args.extend(s.value for s in states)
        if provider:
            where.append("provider = ?")
            args.append(provider)
        sql = "SELECT * FROM journal"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at"
        return [operation_from_row(r) for r in self.journal_db.query(sql, args)]

    def journal_events(self, operation_id: str) -> list[dict[str, Any]]:
        return list(
            self.journal_db.query(
                "SELECT at, state, detail FROM journal_events WHERE operation_id = ? ORDER BY id",
                [operation_id],
            )
        )

    def journal_since(self, provider: str, kind: str, since: str) -> list[Operation]:
        """Operations of one provider and kind created at or after `since` (a ts_precise)."""
        return [
            operation_from_row(r)
            for r in self.journal_db.query(
                "SELECT * FROM journal WHERE provider = ? AND kind = ? AND created_at >= ? "
                "ORDER BY created_at",
                [provider, kind, since],
            )
        ]

    def claimed_order_ids(self, provider: str) -> set[str]:
        """Provider order ids that some journal operation already owns."""
        return {
            r["provider_order_id"]
            for r in self.journal_db.query(
                "SELECT provider_order_id FROM journal WHERE provider = ? AND "
                "provider_order_id IS NOT NULL",
                [provider],
            )
        }

    def operation_for_order(self, provider: str, provider_order_id: str) -> Operation | None:
        rows = list(
            self.journal_db.query(
                "SELECT * FROM journal WHERE provider = ? AND provider_order_id = ?",
                [provider, provider_order_id],
            )
        )
        return operation_from_row(rows[0]) if rows else None


class AsyncStore:
    """Runs Store calls on one worker thread, so the event loop never blocks on SQLite. A full
    disk comes out as `DiskFull`, naming the data directory (the failed write was rolled back;
    nothing committed before is lost)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")

    async def run(
        self, fn: Callable[Concatenate[Store, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`await store.run(Store.get_order, provider, order_id)`: call `fn(store, *args,
        **kwargs)` on the store's thread (no lambdas, no default-argument tricks)."""
        loop = asyncio.get_running_loop()
        call = functools.partial(fn, self.store, *args, **kwargs)
        try:
            return await loop.run_in_executor(self._executor, call)
        except (sqlite3.OperationalError, OSError) as exc:
            if is_disk_full(exc):
                raise DiskFull(self.store.journal_path.parent) from exc
            raise

    def call(
        self, fn: Callable[Concatenate[Store, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`fn(store, *args, **kwargs)` on the store's thread, waiting for it (blocks the
        caller: only for a last small write while the window closes)."""
        return self._executor.submit(functools.partial(fn, self.store, *args, **kwargs)).result()

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        self.store.close()
