"""The team database: what several seats share, in PostgreSQL (psycopg 3).

Each seat keeps its own SQLite cache, journal and vault (`store.db`); the team database holds only
what must be decided once for everybody, and every such decision is a constraint of PostgreSQL,
not a check in Python:

  operations      every journaled operation of every seat; its id is the client reference, unique
                  team-wide (PRIMARY KEY), and a provider order is owned by at most one operation
                  (UNIQUE (provider, provider_order_id))
  claims          "Ana is shipping this": one row per order (PRIMARY KEY); a second seat's claim
                  only replaces an expired one (INSERT .. ON CONFLICT DO UPDATE .. WHERE expired)
  order_done      an order shipped (or another one-time action) once, by the claim's holder
  order_events    the audit: operator, seat, time, action, detail
  order_notes, order_tags, saved_views   shared annotations (the window shows them later)
  key_holdings    that a seat's vault holds the keys of an order (never the keys)
  credentials     a rotated provider credential, encrypted by the seats (never in clear), with a
                  generation; refreshed under one advisory lock per account
  seats           who is connected: seat id, operator, host, last seen

Changes are announced with NOTIFY on the channel `fulfildesk_team` (payload: JSON with `kind`,
`provider`, `order_id`, `seat`, `operator`); `TeamListener` reads them on its own connection.

Migrations are numbered and applied in order inside one transaction each, under an advisory lock,
so two seats running `fulfildesk team init` at once migrate once.
"""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.rows import dict_row

CHANNEL = "fulfildesk_team"
#: advisory lock key for migrations (any constant; distinct from the credential locks' hashes)
MIGRATION_LOCK = 0x46444B31  # "FDK1"

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "seats, operations with team-wide ownership, claims, audit, notes, tags, views, keys",
        """
        CREATE TABLE seats (
            seat_id     text PRIMARY KEY,
            operator    text NOT NULL,
            hostname    text NOT NULL DEFAULT '',
            first_seen  timestamptz NOT NULL DEFAULT now(),
            last_seen   timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE operations (
            operation_id      text PRIMARY KEY,
            provider          text NOT NULL,
            kind              text NOT NULL,
            seat_id           text NOT NULL,
            operator          text NOT NULL,
            state             text NOT NULL,
            provider_order_id text,
            created_at        timestamptz NOT NULL DEFAULT now(),
            updated_at        timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT operations_one_owner UNIQUE (provider, provider_order_id)
        );
        CREATE TABLE claims (
            provider          text NOT NULL,
            provider_order_id text NOT NULL,
            seat_id           text NOT NULL,
            operator          text NOT NULL,
            purpose           text NOT NULL DEFAULT 'shipping',
            claimed_at        timestamptz NOT NULL DEFAULT now(),
            expires_at        timestamptz NOT NULL,
            PRIMARY KEY (provider, provider_order_id)
        );
        CREATE TABLE order_done (
            provider          text NOT NULL,
            provider_order_id text NOT NULL,
            action            text NOT NULL,
            seat_id           text NOT NULL,
            operator          text NOT NULL,
            at                timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (provider, provider_order_id, action)
        );
        CREATE TABLE order_events (
            event_id          bigserial PRIMARY KEY,
            provider          text NOT NULL,
            provider_order_id text NOT NULL DEFAULT '',
            operation_id      text,
            seat_id           text NOT NULL,
            operator          text NOT NULL,
            action            text NOT NULL,
            detail            text NOT NULL DEFAULT '',
            at                timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX order_events_order ON order_events (provider, provider_order_id, at);
        CREATE TABLE order_notes (
            note_id           bigserial PRIMARY KEY,
            provider          text NOT NULL,
            provider_order_id text NOT NULL,
            seat_id           text NOT NULL,
            operator          text NOT NULL,
            body              text NOT NULL,
            created_at        timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX order_notes_order ON order_notes (provider, provider_order_id);
        CREATE TABLE order_tags (
            provider          text NOT NULL,
            provider_order_id text NOT NULL,
            tag               text NOT NULL,
            seat_id           text NOT NULL,
            operator          text NOT NULL,
            created_at        timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (provider, provider_order_id, tag)
        );
        CREATE TABLE saved_views (
            name        text PRIMARY KEY,
            operator    text NOT NULL,
            query       jsonb NOT NULL,
            shared      boolean NOT NULL DEFAULT true,
            updated_at  timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE key_holdings (
            provider          text NOT NULL,
            provider_order_id text NOT NULL,
            seat_id           text NOT NULL,
            operator          text NOT NULL,
            key_count         integer NOT NULL,
            stored_at         timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (provider, provider_order_id, seat_id)
        );
        """,
    ),
    (
        2,
        "credentials rotated under one lock, shared encrypted",
        """
        CREATE TABLE credentials (
            account     text PRIMARY KEY,
            generation  bigint NOT NULL,
            ciphertext  text NOT NULL,
            seat_id     text NOT NULL,
            operator    text NOT NULL,
            rotated_at  timestamptz NOT NULL DEFAULT now()
        );
        """,
    ),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

TeamUnavailable = psycopg.OperationalError
"""Raised by every call when the server cannot be reached (or the connection dropped)."""


class TeamSchemaMissing(Exception):
    """The database has no (or an older) team schema: run `fulfildesk team init`."""


@dataclass(frozen=True)
class Seat:
    seat_id: str
    operator: str
    hostname: str = ""


@dataclass(frozen=True)
class Claim:
    provider: str
    provider_order_id: str
    seat_id: str
    operator: str
    purpose: str
    claimed_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class ClaimResult:
    """`granted` is True when this seat holds the claim now; `claim` is the holder either way."""

    granted: bool
    claim: Claim | None


@dataclass(frozen=True)
class Owner:
    operation_id: str
    seat_id: str
    operator: str


def default_hostname() -> str:
    return socket.gethostname()


async def connect(dsn: str, *, timeout: float = 3.0) -> psycopg.AsyncConnection[dict[str, Any]]:
    """An autocommit connection (each statement its own transaction unless `transaction()`)."""
    return await psycopg.AsyncConnection.connect(
        dsn,
        autocommit=True,
        connect_timeout=max(1, int(timeout)),
        row_factory=dict_row,
        # a server that vanishes without closing the connection (a cable, a VPN) is noticed in
        # seconds, not after the kernel's two hours; a DSN may still say otherwise
        keepalives=1,
        keepalives_idle=5,
        keepalives_interval=2,
        keepalives_count=3,
    )


# ---------------------------------------------------------------------- migrations


async def schema_version(conn: psycopg.AsyncConnection[Any]) -> int:
    """0 when the team schema was never created."""
    cur = await conn.execute("SELECT to_regclass('team_schema') IS NOT NULL AS present")
    row = await cur.fetchone()
    if not row or not _first(row):
        return 0
    cur = await conn.execute("SELECT coalesce(max(version), 0) AS v FROM team_schema")
    row = await cur.fetchone()
    return int(_first(row)) if row else 0


async def migrate(conn: psycopg.AsyncConnection[Any]) -> list[int]:
    """Create or migrate the team schema; answer the versions applied now (empty: up to date)."""
    applied: list[int] = []
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS team_schema ("
            " version integer PRIMARY KEY, description text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        current = await schema_version(conn)
        for version, description, sql in MIGRATIONS:
            if version <= current:
                continue
            await conn.execute(sql)
            await conn.execute(
                "INSERT INTO team_schema (version, description) VALUES (%s, %s)",
                (version, description),
            )
            applied.append(version)
    return applied


async def require_schema(conn: psycopg.AsyncConnection[Any]) -> None:
    version = await schema_version(conn)
    if version < SCHEMA_VERSION:
        raise TeamSchemaMissing(
            f"The team database is at schema version {version}; this console needs "
            f"{SCHEMA_VERSION}. Run `fulfildesk team init`."
        )


def _first(row: Any) -> Any:
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


# ---------------------------------------------------------------------- the shared store


class TeamStore:
    """One seat's commands to the team database over one connection (serialised by the caller).

    Every method raises `TeamUnavailable` when the server is not reachable."""

    def __init__(self, conn: psycopg.AsyncConnection[Any], seat: Seat) -> None:
        self.conn = conn
        self.seat = seat

    @classmethod
    async def open(cls, dsn: str, seat: Seat, *, timeout: float = 3.0) -> TeamStore:
        conn = await connect(dsn, timeout=timeout)
        try:
            await require_schema(conn)
            store = cls(conn, seat)
            await store.heartbeat()
        except BaseException:
            await conn.close()
            raise
        return store

    async def close(self) -> None:
        await self.conn.close()

    @property
    def closed(self) -> bool:
        return bool(self.conn.closed)

    async def _notify(
        self, kind: str, provider: str = "", order_id: str = "", **extra: Any
    ) -> None:
        payload = json.dumps(
            {
                "kind": kind,
                "provider": provider,
                "order_id": order_id,
                "seat": self.seat.seat_id,
                "operator": self.seat.operator,
                **extra,
            }
        )
        await self.conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, payload))

    async def _audit(
        self,
        action: str,
        provider: str,
        order_id: str = "",
        detail: str = "",
        operation_id: str | None = None,
    ) -> None:
        await self.conn.execute(
            "INSERT INTO order_events (provider, provider_order_id, operation_id, seat_id,"
            " operator, action, detail) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (
                provider,
                order_id,
                operation_id,
                self.seat.seat_id,
                self.seat.operator,
                action,
                detail,
            ),
        )

    # -------------------------------------------------------------- seats

    async def heartbeat(self) -> None:
        await self.conn.execute(
            "INSERT INTO seats (seat_id, operator, hostname) VALUES (%s, %s, %s)"
            " ON CONFLICT (seat_id) DO UPDATE SET operator = EXCLUDED.operator,"
            " hostname = EXCLUDED.hostname, last_seen = now()",
            (self.seat.seat_id, self.seat.operator, self.seat.hostname),
        )

    async def seats(self, within_seconds: float = 300) -> list[dict[str, Any]]:
        cur = await self.conn.execute(
            "SELECT seat_id, operator, hostname, first_seen, last_seen FROM seats"
            " WHERE last_seen > now() - make_interval(secs => %s) ORDER BY last_seen DESC",
            (within_seconds,),
        )
        return list(await cur.fetchall())

    # -------------------------------------------------------------- ownership of operations

    async def register_operation(
        self, operation_id: str, provider: str, kind: str, state: str
    ) -> Owner:
        """Record an operation before anything is sent; answer its owner (this seat, unless the
        same client reference already belongs to another seat's operation)."""
        async with self.conn.transaction():
            await self.conn.execute(
                "INSERT INTO operations (operation_id, provider, kind, seat_id, operator, state)"
                " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (operation_id) DO NOTHING",
                (operation_id, provider, kind, self.seat.seat_id, self.seat.operator, state),
            )
            cur = await self.conn.execute(
                "SELECT operation_id, seat_id, operator FROM operations WHERE operation_id = %s",
                (operation_id,),
            )
            row = await cur.fetchone()
        assert row is not None
        return Owner(row["operation_id"], row["seat_id"], row["operator"])

    async def own_order(
        self, operation_id: str, provider: str, kind: str, state: str, order_id: str
    ) -> Owner:
        """Make `operation_id` the owner of provider order `order_id`. Answers the owner: this
        operation, or the other operation that already owns the order (the UNIQUE constraint
        decides; two seats adopting the same order at once: one wins, the other is told)."""
        try:
            async with self.conn.transaction():
                await self.conn.execute(
                    "INSERT INTO operations (operation_id, provider, kind, seat_id, operator,"
                    " state, provider_order_id) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                    " ON CONFLICT (operation_id) DO UPDATE SET"
                    " provider_order_id = EXCLUDED.provider_order_id,"
                    " state = EXCLUDED.state, updated_at = now()"
                    " WHERE operations.provider_order_id IS NULL"
                    " OR operations.provider_order_id = EXCLUDED.provider_order_id",
                    (
                        operation_id,
                        provider,
                        kind,
                        self.seat.seat_id,
                        self.seat.operator,
                        state,
                        order_id,
                    ),
                )
                await self._audit("owned", provider, order_id, state, operation_id)
        except pg_errors.UniqueViolation:
            pass
        cur = await self.conn.execute(
            "SELECT operation_id, seat_id, operator FROM operations"
            " WHERE provider = %s AND provider_order_id = %s",
            (provider, order_id),
        )
        row = await cur.fetchone()
        if row is None:  # the operation already owns another order: it keeps that one
            cur = await self.conn.execute(
                "SELECT operation_id, seat_id, operator FROM operations WHERE operation_id = %s",
                (operation_id,),
            )
            row = await cur.fetchone()
            assert row is not None
            return Owner("", row["seat_id"], row["operator"])
        return Owner(row["operation_id"], row["seat_id"], row["operator"])

    async def set_state(
        self, operation_id: str, provider: str, kind: str, state: str, order_id: str = ""
    ) -> None:
        """An operation moved on (settled, failed...): recorded, audited, announced."""
        async with self.conn.transaction():
            await self.conn.execute(
                "INSERT INTO operations (operation_id, provider, kind, seat_id, operator, state)"
                " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (operation_id) DO UPDATE SET"
                " state = EXCLUDED.state, updated_at = now()",
                (operation_id, provider, kind, self.seat.seat_id, self.seat.operator, state),
            )
            await self._audit(f"purchase {state}", provider, order_id, kind, operation_id)
            await self._notify(
                "purchase", provider, order_id, state=state, operation_id=operation_id
            )

    async def operation_states(self) -> dict[str, str]:
        """operation id -> state of this seat's operations as the team knows them."""
        cur = await self.conn.execute(
            "SELECT operation_id, state FROM operations WHERE seat_id = %s", (self.seat.seat_id,)
        )
        return {row["operation_id"]: row["state"] for row in await cur.fetchall()}

    async def owned_order_ids(self, provider: str, *, except_operation: str = "") -> set[str]:
        cur = await self.conn.execute(
            "SELECT provider_order_id FROM operations WHERE provider = %s"
            " AND provider_order_id IS NOT NULL AND operation_id <> %s",
            (provider, except_operation),
        )
        return {row["provider_order_id"] for row in await cur.fetchall()}

    async def owner_of(self, provider: str, order_id: str) -> Owner | None:
        cur = await self.conn.execute(
            "SELECT operation_id, seat_id, operator FROM operations"
            " WHERE provider = %s AND provider_order_id = %s",
            (provider, order_id),
        )
        row = await cur.fetchone()
        return Owner(row["operation_id"], row["seat_id"], row["operator"]) if row else None

    # -------------------------------------------------------------- claims

    async def claim(
        self, provider: str, order_id: str, *, purpose: str = "shipping", ttl: float = 900
    ) -> ClaimResult:
        """Claim an order for `ttl` seconds. Refused (granted=False, the holder's claim) while
        another seat holds an unexpired claim; this seat's own claim is renewed.

        One statement, one round trip: the claim (the PRIMARY KEY and the ON CONFLICT .. WHERE
        decide), its audit row and its NOTIFY commit together or not at all."""
        cur = await self.conn.execute(
            "WITH c AS ("
            " INSERT INTO claims (provider, provider_order_id, seat_id, operator, purpose,"
            " expires_at) VALUES (%s, %s, %s, %s, %s, now() + make_interval(secs => %s))"
            " ON CONFLICT (provider, provider_order_id) DO UPDATE SET"
            " seat_id = EXCLUDED.seat_id, operator = EXCLUDED.operator,"
            " purpose = EXCLUDED.purpose, claimed_at = now(), expires_at = EXCLUDED.expires_at"
            " WHERE claims.expires_at <= now() OR claims.seat_id = EXCLUDED.seat_id"
            " RETURNING *),"
            " a AS (INSERT INTO order_events (provider, provider_order_id, seat_id, operator,"
            " action, detail) SELECT provider, provider_order_id, seat_id, operator, 'claimed',"
            " purpose FROM c),"
            " n AS (SELECT pg_notify(%s, json_build_object('kind', 'claim', 'provider',"
            " provider, 'order_id', provider_order_id, 'seat', seat_id, 'operator', operator,"
            " 'purpose', purpose)::text) FROM c)"
            " SELECT c.*, (SELECT count(*) FROM n) AS notified FROM c",
            (provider, order_id, self.seat.seat_id, self.seat.operator, purpose, ttl, CHANNEL),
        )
        row = await cur.fetchone()
        if row is not None:
            return ClaimResult(True, _claim(row))
        return ClaimResult(False, await self.claim_of(provider, order_id))

    async def release(self, provider: str, order_id: str) -> bool:
        async with self.conn.transaction():
            cur = await self.conn.execute(
                "DELETE FROM claims WHERE provider = %s AND provider_order_id = %s"
                " AND seat_id = %s RETURNING provider",
                (provider, order_id, self.seat.seat_id),
            )
            released = await cur.fetchone() is not None
            if released:
                await self._audit("released", provider, order_id)
                await self._notify("claim", provider, order_id, released=True)
        return released

    async def claim_of(self, provider: str, order_id: str) -> Claim | None:
        cur = await self.conn.execute(
            "SELECT * FROM claims WHERE provider = %s AND provider_order_id = %s"
            " AND expires_at > now()",
            (provider, order_id),
        )
        row = await cur.fetchone()
        return _claim(row) if row else None

    async def active_claims(self, provider: str | None = None) -> list[Claim]:
        cur = await self.conn.execute(
            "SELECT * FROM claims WHERE expires_at > now() AND (%s::text IS NULL OR provider = %s)",
            (provider, provider),
        )
        return [_claim(row) for row in await cur.fetchall()]

    async def mark_done(self, provider: str, order_id: str, action: str = "shipped") -> bool:
        """Record a one-time action on an order (shipped), only by the holder of an unexpired
        claim and only once team-wide (PRIMARY KEY). True when the record is this seat's: made
        by this call, or by an earlier call of this seat whose answer was lost (a server gone
        between its commit and its answer), so a repeat is safe and says the truth."""
        async with self.conn.transaction():
            cur = await self.conn.execute(
                "INSERT INTO order_done (provider, provider_order_id, action, seat_id, operator)"
                " SELECT %s, %s, %s, %s, %s WHERE EXISTS (SELECT 1 FROM claims WHERE"
                " provider = %s AND provider_order_id = %s AND seat_id = %s"
                " AND expires_at > now())"
                " ON CONFLICT DO NOTHING RETURNING provider",
                (
                    provider,
                    order_id,
                    action,
                    self.seat.seat_id,
                    self.seat.operator,
                    provider,
                    order_id,
                    self.seat.seat_id,
                ),
            )
            done = await cur.fetchone() is not None
            if done:
                await self._audit(action, provider, order_id)
                await self._notify("done", provider, order_id, action=action)
                return True
            cur = await self.conn.execute(
                "SELECT seat_id FROM order_done WHERE provider = %s AND provider_order_id = %s"
                " AND action = %s",
                (provider, order_id, action),
            )
            row = await cur.fetchone()
        return row is not None and row["seat_id"] == self.seat.seat_id

    # -------------------------------------------------------------- history, notes, tags, views

    async def history(self, provider: str, order_id: str) -> list[dict[str, Any]]:
        cur = await self.conn.execute(
            "SELECT at, seat_id, operator, action, detail, operation_id FROM order_events"
            " WHERE provider = %s AND provider_order_id = %s ORDER BY at, event_id",
            (provider, order_id),
        )
        return list(await cur.fetchall())

    async def add_note(self, provider: str, order_id: str, body: str) -> int:
        async with self.conn.transaction():
            cur = await self.conn.execute(
                "INSERT INTO order_notes (provider, provider_order_id, seat_id, operator, body)"
                " VALUES (%s, %s, %s, %s, %s) RETURNING note_id",
                (provider, order_id, self.seat.seat_id, self.seat.operator, body),
            )
            row = await cur.fetchone()
            await self._audit("note", provider, order_id)
            await self._notify("note", provider, order_id)
        assert row is not None
        return int(row["note_id"])

    async def notes(self, provider: str, order_id: str) -> list[dict[str, Any]]:
        cur = await self.conn.execute(
            "SELECT note_id, seat_id, operator, body, created_at FROM order_notes"
            " WHERE provider = %s AND provider_order_id = %s ORDER BY created_at, note_id",
            (provider, order_id),
        )
        return list(await cur.fetchall())

    async def tag(self, provider: str, order_id: str, tag: str) -> None:
        async with self.conn.transaction():
            await self.conn.execute(
                "INSERT INTO order_tags (provider, provider_order_id, tag, seat_id, operator)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                (provider, order_id, tag, self.seat.seat_id, self.seat.operator),
            )
            await self._notify("tag", provider, order_id, tag=tag)

    async def untag(self, provider: str, order_id: str, tag: str) -> None:
        """Take a tag off an order for every seat (whoever put it there)."""
        async with self.conn.transaction():
            await self.conn.execute(
                "DELETE FROM order_tags WHERE provider = %s AND provider_order_id = %s"
                " AND tag = %s",
                (provider, order_id, tag),
            )
            await self._notify("untag", provider, order_id, tag=tag)

    async def tags(self, provider: str, order_id: str) -> list[str]:
        cur = await self.conn.execute(
            "SELECT tag FROM order_tags WHERE provider = %s AND provider_order_id = %s"
            " ORDER BY tag",
            (provider, order_id),
        )
        return [row["tag"] for row in await cur.fetchall()]

    async def save_view(self, name: str, query: dict[str, Any], *, shared: bool = True) -> None:
        await self.conn.execute(
            "INSERT INTO saved_views (name, operator, query, shared) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (name) DO UPDATE SET query = EXCLUDED.query,"
            " shared = EXCLUDED.shared, operator = EXCLUDED.operator, updated_at = now()",
            (name, self.seat.operator, json.dumps(query), shared),
        )

    async def views(self) -> list[dict[str, Any]]:
        cur = await self.conn.execute(
            "SELECT name, operator, query, shared FROM saved_views"
            " WHERE shared OR operator = %s ORDER BY name",
            (self.seat.operator,),
        )
        return list(await cur.fetchall())

    # -------------------------------------------------------------- keys: who holds them

    async def record_keys(self, provider: str, order_id: str, key_count: int) -> None:
        """This seat's vault holds `key_count` keys of the order (the keys stay in the vault)."""
        await self.conn.execute(
            "INSERT INTO key_holdings (provider, provider_order_id, seat_id, operator, key_count)"
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (provider, provider_order_id, seat_id)"
            " DO UPDATE SET key_count = EXCLUDED.key_count, stored_at = now()",
            (provider, order_id, self.seat.seat_id, self.seat.operator, key_count),
        )

    async def key_holders(self, provider: str, order_id: str) -> list[dict[str, Any]]:
        cur = await self.conn.execute(
            "SELECT seat_id, operator, key_count, stored_at FROM key_holdings"
            " WHERE provider = %s AND provider_order_id = %s ORDER BY stored_at",
            (provider, order_id),
        )
        return list(await cur.fetchall())

    # -------------------------------------------------------------- credentials

    @asynccontextmanager
    async def credential_lock(self, account: str) -> AsyncIterator[None]:
        """The one lock under which `account`'s credential is refreshed team-wide: a transaction
        holding `pg_advisory_xact_lock(hashtext(account))`; released at its end (and by the
        server if this seat's connection drops mid-refresh)."""
        async with self.conn.transaction():
            await self.conn.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", ("credential:" + account,)
            )
            yield

    async def read_credential(self, account: str) -> tuple[int, str] | None:
        """(generation, ciphertext) of the latest rotated credential, or None."""
        cur = await self.conn.execute(
            "SELECT generation, ciphertext FROM credentials WHERE account = %s", (account,)
        )
        row = await cur.fetchone()
        return (int(row["generation"]), row["ciphertext"]) if row else None

    async def write_credential(self, account: str, ciphertext: str) -> int:
        """Store the rotated credential (already encrypted); answer its new generation."""
        cur = await self.conn.execute(
            "INSERT INTO credentials (account, generation, ciphertext, seat_id, operator)"
            " VALUES (%s, 1, %s, %s, %s) ON CONFLICT (account) DO UPDATE SET"
            " generation = credentials.generation + 1, ciphertext = EXCLUDED.ciphertext,"
            " seat_id = EXCLUDED.seat_id, operator = EXCLUDED.operator, rotated_at = now()"
            " RETURNING generation",
            (account, ciphertext, self.seat.seat_id, self.seat.operator),
        )
        row = await cur.fetchone()
        assert row is not None
        await self._audit("credential rotated", account.split("-", 1)[0], "", account)
        return int(row["generation"])


def _claim(row: dict[str, Any]) -> Claim:
    return Claim(
        provider=row["provider"],
        provider_order_id=row["provider_order_id"],
        seat_id=row["seat_id"],
        operator=row["operator"],
        purpose=row["purpose"],
        claimed_at=row["claimed_at"],
        expires_at=row["expires_at"],
    )


class TeamListener:
    """LISTEN on its own connection; `events()` yields each change announced by any seat
    (this one included) as a dict. Raises `TeamUnavailable` when the connection drops."""

    def __init__(self, conn: psycopg.AsyncConnection[Any]) -> None:
        self.conn = conn

    @classmethod
    async def open(cls, dsn: str, *, timeout: float = 3.0) -> TeamListener:
        conn = await connect(dsn, timeout=timeout)
        try:
            await conn.execute(f"LISTEN {CHANNEL}")
        except BaseException:  # a server going away between connect and LISTEN
            await conn.close()
            raise
        return cls(conn)

    async def events(self, timeout: float | None = None) -> AsyncIterator[dict[str, Any]]:
        """Notifications as they arrive; with `timeout`, stops after that many seconds of
        silence (so the caller can beat its heartbeat)."""
        async for notify in self.conn.notifies(timeout=timeout):
            try:
                yield json.loads(notify.payload)
            except ValueError:
                continue

    async def close(self) -> None:
        await self.conn.close()
