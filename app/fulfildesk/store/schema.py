"""Schema migrations (sqlite-utils Migrations). Append new migrations; never edit applied ones."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("fulfildesk")


@migrations()
def m001_initial(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            provider TEXT NOT NULL,
            provider_order_id TEXT NOT NULL,
            status TEXT NOT NULL,
            provider_status TEXT NOT NULL,
            created_at TEXT,
            updated_at TEXT,
            player_id TEXT,
            establishment TEXT,
            products TEXT NOT NULL DEFAULT '',
            total TEXT,
            currency TEXT,
            tracking_number TEXT,
            reference TEXT,
            dispatch_id TEXT,
            raw TEXT NOT NULL DEFAULT '{}',
            synced_at TEXT NOT NULL,
            UNIQUE (provider, provider_order_id)
        )
        """
    )
    db.execute("CREATE INDEX idx_orders_created ON orders (created_at, id)")
    db.execute("CREATE INDEX idx_orders_status_created ON orders (status, created_at, id)")
    db.execute("CREATE INDEX idx_orders_provider_created ON orders (provider, created_at, id)")
    db.execute(
        """
        CREATE TABLE keys (
            id INTEGER PRIMARY KEY,
            provider TEXT NOT NULL,
            provider_order_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            dispatch_id TEXT,
            product_id TEXT,
            name TEXT NOT NULL DEFAULT '',
            content_type TEXT NOT NULL,
            serial_enc BLOB NOT NULL,
            operation_id TEXT,
            received_at TEXT NOT NULL,
            UNIQUE (provider, provider_order_id, position)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE journal (
            operation_id TEXT PRIMARY KEY,
            provider TEXT NOT NULL,
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            payload TEXT NOT NULL,
            provider_order_id TEXT,
            dispatch_id TEXT,
            error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_journal_state ON journal (state)")
    db.execute(
        """
        CREATE TABLE journal_events (
            id INTEGER PRIMARY KEY,
            operation_id TEXT NOT NULL REFERENCES journal(operation_id),
            at TEXT NOT NULL,
            state TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute("CREATE INDEX idx_journal_events_op ON journal_events (operation_id, id)")


@migrations()
def m002_orders_fts(db: Database) -> None:
    db["orders"].enable_fts(
        [
            "provider_order_id",
            "products",
            "player_id",
            "reference",
            "tracking_number",
            "establishment",
        ],
        create_triggers=True,
        tokenize="unicode61",
        replace=True,
    )


@migrations()
def m003_vouchers(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE vouchers (
            id INTEGER PRIMARY KEY,
            provider TEXT NOT NULL,
            provider_order_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            product_id TEXT,
            type TEXT NOT NULL,
            code_enc BLOB NOT NULL,
            pin_enc BLOB,
            validity TEXT,
            amount TEXT,
            currency TEXT,
            country TEXT,
            operation_id TEXT,
            received_at TEXT NOT NULL,
            UNIQUE (provider, provider_order_id, position)
        )
        """
    )


@migrations()
def m004_order_events(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE order_events (
            id INTEGER PRIMARY KEY,
            provider TEXT NOT NULL,
            provider_order_id TEXT NOT NULL,
            at TEXT NOT NULL,
            operator TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute("CREATE INDEX idx_order_events ON order_events (provider, provider_order_id, id)")


@migrations()
def m005_list_and_sync(db: Database) -> None:
    db.execute("ALTER TABLE orders ADD COLUMN email TEXT")
    # sort keys are NULL-free expressions (keyset comparisons skip NULLs), each with its index
    db.execute("CREATE INDEX idx_orders_total ON orders (COALESCE(CAST(total AS REAL), -1.0), id)")
    db.execute("CREATE INDEX idx_orders_establishment ON orders (COALESCE(establishment, ''), id)")
    db.execute("CREATE INDEX idx_orders_provider_sort ON orders (provider, id)")
    db.execute("CREATE INDEX idx_orders_status_sort ON orders (status, id)")
    db["orders"].disable_fts()
    db["orders"].enable_fts(
        [
            "provider_order_id",
            "products",
            "player_id",
            "email",
            "reference",
            "tracking_number",
            "establishment",
        ],
        create_triggers=True,
        tokenize="unicode61 tokenchars '-'",
        replace=True,
    )
    db.execute(
        """
        CREATE TABLE sync_state (
            provider TEXT PRIMARY KEY,
            last_started_at TEXT,
            last_success_at TEXT,
            last_error TEXT,
            checkpoint TEXT,
            orders INTEGER NOT NULL DEFAULT 0
        )
        """
    )


@migrations()
def m006_drop_unread_index(db: Database) -> None:
    # nothing sorted or filtered by COALESCE(establishment, ''): the list's establishment filter
    # is `establishment = ?` (which this expression index cannot serve) and the establishment
    # sort was reachable from no window or command; at 1M orders it cost 28 MB and every insert
    db.execute("DROP INDEX IF EXISTS idx_orders_establishment")
