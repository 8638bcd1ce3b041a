"""Schema migrations (sqlite-utils Migrations). Append new migrations; never edit applied ones.

Two files, two migration sets:
- `migrations` ("fulfildesk") for cache.sqlite: orders, their full-text index, sync state. Until
  m006 this file also held the journal; m001-m005 stay as they were applied, and m006 drops the
  journal's tables once `store.split` has copied their rows to journal.sqlite.
- `journal_migrations` ("fulfildesk-journal") for journal.sqlite: the purchase journal, its
  events, the encrypted keys and vouchers, and the order history. Never rebuilt.
"""

from __future__ import annotations

import json

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from fulfildesk.domain.secrets import scrub_secrets

migrations = Migrations("fulfildesk")
journal_migrations = Migrations("fulfildesk-journal")

#: the tables that moved from the cache to journal.sqlite, with the key that identifies a row
JOURNAL_TABLES: dict[str, tuple[str, ...]] = {
    "journal": ("operation_id",),
    "journal_events": ("id",),
    "keys": ("provider", "provider_order_id", "position"),
    "vouchers": ("provider", "provider_order_id", "position"),
    "order_events": ("id",),
}


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
    db.table("orders").enable_fts(
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
    db.table("orders").disable_fts()
    db.table("orders").enable_fts(
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
def m006_journal_moved_out(db: Database) -> None:
    """The journal, keys, vouchers and order history live in journal.sqlite now; the store
    copies their rows there (and checks every one arrived) before this migration runs."""
    for table in JOURNAL_TABLES:
        db.execute(f"DROP TABLE IF EXISTS {table}")


@migrations(transactional=False)
def m007_rel_scrub_secrets_from_raw(db: Database) -> None:
    """Secrets only in the vault (issue 12, part 3): older versions cached the provider's JSON
    whole, Plum voucher codes and PINs included. Replace every secret in the cached `raw`, then
    rewrite the file (VACUUM) and empty the WAL, so no old page keeps a secret in clear."""
    db.execute("PRAGMA secure_delete=ON")
    with db.atomic():
        rows = db.execute("SELECT id, raw FROM orders").fetchall()
        for row_id, raw in rows:
            try:
                data = json.loads(raw or "{}")
            except ValueError:
                data = {}
            clean = json.dumps(scrub_secrets(data), ensure_ascii=False, separators=(",", ":"))
            if clean != raw:
                db.execute("UPDATE orders SET raw = ? WHERE id = ?", [clean, row_id])
    db.execute("VACUUM")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@migrations()
def m008_drop_unread_index(db: Database) -> None:
    # nothing sorted or filtered by COALESCE(establishment, ''): the list's establishment filter
    # is `establishment = ?` (which this expression index cannot serve) and the establishment
    # sort was reachable from no window or command; at 1M orders it cost 28 MB and every insert
    db.execute("DROP INDEX IF EXISTS idx_orders_establishment")


FTS_COLUMNS = (
    "provider_order_id",
    "products",
    "player_id",
    "email",
    "reference",
    "tracking_number",
    "establishment",
)


# ---------------------------------------------------------------------- journal.sqlite


@journal_migrations()
def j001_journal(db: Database) -> None:
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
    db.execute("CREATE INDEX idx_journal_provider_order ON journal (provider, provider_order_id)")
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


@journal_migrations()
def j_kinguin_owned_order(db: Database) -> None:
    """A Kinguin order belongs to at most one key purchase: a UNIQUE index on the provider order
    id of `buy_keys` entries, so two processes sharing the data dir can never both adopt one
    order (the second write fails inside SQLite, whatever the Python code checked before).

    Journals written before this index may already hold two purchases owning one order (the
    window match could adopt someone else's order). The oldest keeps it; each later one is
    moved to needs_review with the order id taken off and said in its error and its history,
    so a person decides. Nothing else changes."""
    rows = db.execute(
        "SELECT operation_id, provider, provider_order_id FROM journal "
        "WHERE kind = 'buy_keys' AND provider_order_id IS NOT NULL "
        "ORDER BY created_at, operation_id"
    ).fetchall()
    owner: dict[tuple[str, str], str] = {}
    for operation_id, provider, order_id in rows:
        first = owner.setdefault((provider, order_id), operation_id)
        if first == operation_id:
            continue
        text = (
            f"This purchase and purchase {first} both claimed {provider} order {order_id}. "
            "The older one keeps it; check in the provider account which order this purchase "
            "created, then assign it or dismiss this entry."
        )
        db.execute(
            "UPDATE journal SET state = 'needs_review', provider_order_id = NULL, error = ?, "
            "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE operation_id = ?",
            [text, operation_id],
        )
        db.execute(
            "INSERT INTO journal_events (operation_id, at, state, detail) "
            "VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'needs_review', ?)",
            [operation_id, f"order {order_id} is owned by purchase {first} (unique index added)"],
        )
    db.execute(
        "CREATE UNIQUE INDEX idx_journal_owned_kinguin_order ON journal "
        "(provider, provider_order_id) WHERE kind = 'buy_keys' AND provider_order_id IS NOT NULL"
    )


@journal_migrations()
def j_kinguin_key_ids(db: Database) -> None:
    """Kinguin's current API gives each key an id and a status: kept with the key, and a key is
    stored once per id however often the keys endpoint is read."""
    db.execute("ALTER TABLE keys ADD COLUMN key_id TEXT")
    db.execute("ALTER TABLE keys ADD COLUMN status TEXT")
    db.execute(
        "CREATE UNIQUE INDEX idx_keys_key_id ON keys (provider, provider_order_id, key_id) "
        "WHERE key_id IS NOT NULL"
    )


@journal_migrations()
def j002_rel_owner_lease_lookups(db: Database) -> None:
    """One owner per operation, across processes (issue 12, part 2):

    - `lease_owner`/`lease_until`: the process driving an operation ("host:pid:nonce") and until
      when its lease holds; the driver renews it (heartbeat), others skip it until it expires;
    - `lookups`: lookups made while the outcome was unknown, so an entry that cannot be settled
      becomes needs-review after N of them, across restarts;
    - a UNIQUE index on (provider, provider_order_id): a provider order belongs to at most one
      entry. Entries that already share an order (from before this index) keep the oldest as
      owner; the others lose the id and go to needs-review, saying which order and why.
    """
    db.execute("ALTER TABLE journal ADD COLUMN lease_owner TEXT")
    db.execute("ALTER TABLE journal ADD COLUMN lease_until TEXT")
    db.execute("ALTER TABLE journal ADD COLUMN lookups INTEGER NOT NULL DEFAULT 0")
    dupes = db.execute(
        "SELECT operation_id, provider, provider_order_id FROM journal AS j "
        "WHERE provider_order_id IS NOT NULL AND kind != 'return_keys' AND EXISTS (SELECT 1 "
        "FROM journal AS o WHERE o.kind != 'return_keys' AND "
        "o.provider = j.provider AND o.provider_order_id = j.provider_order_id AND "
        "(o.created_at < j.created_at OR (o.created_at = j.created_at AND "
        "o.operation_id < j.operation_id)))"
    ).fetchall()
    for operation_id, provider, order_id in dupes:
        reason = (
            f"{provider} order {order_id} was also assigned to an older journal entry, which "
            "keeps it. Check at the provider which order this entry created; nothing was bought "
            "again."
        )
        db.execute(
            "UPDATE journal SET provider_order_id = NULL, state = 'needs_review', error = ? "
            "WHERE operation_id = ?",
            [reason, operation_id],
        )
        db.execute(
            "INSERT INTO journal_events (operation_id, at, state, detail) VALUES "
            "(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'needs_review', ?)",
            [operation_id, f"order {order_id} owned by another entry"],
        )
    db.execute(
        "CREATE UNIQUE INDEX ux_journal_provider_order_owner ON journal (provider, "
        "provider_order_id) WHERE provider_order_id IS NOT NULL AND kind != 'return_keys'"
    )


@migrations()
def m009_notes_and_tags(db: Database) -> None:
    """Internal notes and coloured tags on any order (issue 14, item 5): kept beside the orders
    so the list filters by tag in one query; a tag's colour is a theme tone's name."""
    db.execute(
        """
        CREATE TABLE order_notes (
            id INTEGER PRIMARY KEY,
            provider TEXT NOT NULL,
            provider_order_id TEXT NOT NULL,
            at TEXT NOT NULL,
            operator TEXT NOT NULL,
            body TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_order_notes ON order_notes (provider, provider_order_id, id)")
    db.execute(
        """
        CREATE TABLE order_tags (
            provider TEXT NOT NULL,
            provider_order_id TEXT NOT NULL,
            tag TEXT NOT NULL,
            tone TEXT NOT NULL DEFAULT 'info',
            operator TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (provider, provider_order_id, tag)
        )
        """
    )
    db.execute("CREATE INDEX idx_order_tags_tag ON order_tags (tag)")


@migrations()
def m010_fts_prefix_index(db: Database) -> None:
    """Search as you type (issue 15): FTS5 answers a prefix query ("u"*, "use"*) by merging the
    doclist of every term with that prefix (every e-mail address for "u"): about 0.5 s at 1M.
    Prefix indexes for 1-5 characters make each of those one doclist (3 ms at 100k; "user1"
    alone, 11,111 terms, took 0.6 s at 1M); longer prefixes match few terms. Costs about 200
    bytes per order on disk. Same columns, tokenizer
    and triggers (the sqlite-utils ones, which name the table, not its definition)."""
    columns = ", ".join(f'"{c}"' for c in FTS_COLUMNS)
    db.execute("DROP TABLE IF EXISTS orders_fts")
    db.execute(
        f"CREATE VIRTUAL TABLE orders_fts USING FTS5 ({columns}, "
        "tokenize=\"unicode61 tokenchars '-'\", content='orders', prefix='1 2 3 4 5')"
    )
    db.execute("INSERT INTO orders_fts (orders_fts) VALUES ('rebuild')")


@migrations()
def m011_total_within_currency_index(db: Database) -> None:
    """The list sorts totals within their currency (every EUR total in order, then every USD
    total...): the sort expression is `queries.SORTS["total"]`, and this is its index (issue
    15: without it, the first page sorted by total sorted every order, 450 ms at 1M). The
    index on the bare amount served a sort nothing asks for any more."""
    db.execute("DROP INDEX IF EXISTS idx_orders_total")
    db.execute(
        "CREATE INDEX idx_orders_total_currency ON orders ("
        "printf('%-3s%020.4f', COALESCE(currency, ''), COALESCE(CAST(total AS REAL), -1.0)), id)"
    )


#: the one "one owner per provider order" index (j003): at most one purchase entry per provider
#: order, and at most one key return of it (a refused or dismissed return no longer counts)
ORDER_OWNER_INDEX = "ux_journal_order_owner"


@journal_migrations()
def j003_one_owner_per_order(db: Database) -> None:
    """One constraint instead of two overlapping ones (issue 12): `idx_journal_owned_kinguin_order`
    (Kinguin purchases only) and `ux_journal_provider_order_owner` (every kind but key returns)
    become `ux_journal_order_owner`, UNIQUE on (provider, provider_order_id, is a key return):

    - a provider order belongs to at most one purchase entry, whatever its kind or state (a
      failed entry that owns an order keeps owning it);
    - a key return refers to an order its purchase owns, so it is counted apart, and an order
      has at most one key return (Kinguin takes one return request per order); a refused or
      dismissed return no longer counts.

    Journals of every older version migrate: entries that already share an order (a journal
    from before both indexes, or two key returns of one order that nothing prevented) keep the
    oldest as its owner; each later one loses the order id and goes to needs review, saying
    which order and which entry keeps it. Nothing else changes."""
    rows = db.execute(
        "SELECT operation_id, provider, provider_order_id, kind, state FROM journal "
        "WHERE provider_order_id IS NOT NULL ORDER BY created_at, operation_id"
    ).fetchall()
    owner: dict[tuple[str, str, bool], str] = {}
    for operation_id, provider, order_id, kind, state in rows:
        is_return = kind == "return_keys"
        if is_return and state in ("failed", "abandoned"):
            continue
        first = owner.setdefault((provider, order_id, is_return), operation_id)
        if first == operation_id:
            continue
        what = "key return" if is_return else "entry"
        text = (
            f"{provider} order {order_id} was also assigned to an older journal {what} "
            f"({first}), which keeps it. Check at the provider what this entry did, then assign "
            "it or dismiss this entry; nothing was bought or returned again."
        )
        db.execute(
            "UPDATE journal SET state = 'needs_review', provider_order_id = NULL, error = ?, "
            "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE operation_id = ?",
            [text, operation_id],
        )
        db.execute(
            "INSERT INTO journal_events (operation_id, at, state, detail) "
            "VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'needs_review', ?)",
            [operation_id, f"order {order_id} is owned by {first} (one owner per order)"],
        )
    db.execute("DROP INDEX IF EXISTS idx_journal_owned_kinguin_order")
    db.execute("DROP INDEX IF EXISTS ux_journal_provider_order_owner")
    db.execute(
        f"CREATE UNIQUE INDEX {ORDER_OWNER_INDEX} ON journal "
        "(provider, provider_order_id, (kind = 'return_keys')) "
        "WHERE provider_order_id IS NOT NULL "
        "AND (kind != 'return_keys' OR state NOT IN ('failed', 'abandoned'))"
    )


# issue 14: saved views, provider health, the journal's operator column (appended migrations)
from fulfildesk.store import ops as _ops  # noqa: E402,F401
