"""The store on a real SQLite file: migrations, orders, keys encrypted at rest, the journal."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from fulfildesk.domain.models import Money, Order, OrderLine, OrderStatus, Provider, SerialKey
from fulfildesk.domain.secrets import REDACTED
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.journal import OpState
from fulfildesk.store.queries import OrderFilter, count_orders, query_orders
from fulfildesk.store.vault import Vault, VaultError, key_file_for, open_vault, where_is_the_key


def make_order(
    order_id: str, status: OrderStatus = OrderStatus.COMPLETED, day: int = 1, name: str = "Anno"
) -> Order:
    return Order(
        provider=Provider.KINGUIN,
        provider_order_id=order_id,
        status=status,
        provider_status=status.value,
        created_at=datetime(2026, 1, day, 12, tzinfo=UTC),
        lines=[OrderLine(product_id="5", name=name, quantity=2, unit_price=Decimal("3.59"))],
        total=Money(amount=Decimal("7.18"), currency="EUR"),
        raw={"orderId": order_id},
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "cache.sqlite", Vault.generate())
    yield s
    s.close()


def test_migrations_apply_once_and_enable_wal(tmp_path: Path) -> None:
    vault = Vault.generate()
    Store(tmp_path / "c.sqlite", vault).close()
    again = Store(tmp_path / "c.sqlite", vault)  # reopening applies nothing twice
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = [r[0] for r in again.db.execute("SELECT name FROM _sqlite_migrations")]
    assert names == [
        "m001_initial",
        "m002_orders_fts",
        "m003_vouchers",
        "m004_order_events",
        "m005_list_and_sync",
        "m006_journal_moved_out",
        "m007_rel_scrub_secrets_from_raw",
        "m008_drop_unread_index",
        "m009_notes_and_tags",
        "m010_fts_prefix_index",
        "m011_total_within_currency_index",
        "m100_ops_saved_views_and_health",  # issue 14 (store/ops.py)
    ]
    indexes = {r[0] for r in again.db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "idx_orders_establishment" not in indexes  # read by no query (issue 15)
    assert "idx_orders_created" in indexes
    journal = [r[0] for r in again.journal_db.execute("SELECT name FROM _sqlite_migrations")]
    assert journal[0] == "j001_journal"
    assert {
        "j_kinguin_owned_order",
        "j002_rel_owner_lease_lookups",
        "j003_one_owner_per_order",
    } <= set(journal)
    assert len(journal) == len(set(journal))  # each applied once
    assert again.journal_db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    again.close()


def test_upsert_is_idempotent_and_keeps_decimals(store: Store) -> None:
    store.upsert_orders([make_order("1"), make_order("2")])
    store.upsert_orders([make_order("1", OrderStatus.REFUNDED)])
    assert store.count_orders() == 2
    order = store.get_order("kinguin", "1")
    assert order is not None
    assert order.status is OrderStatus.REFUNDED
    assert order.total == Money(amount=Decimal("7.18"), currency="EUR")
    assert order.raw == {"orderId": "1"}


def test_search_and_keyset_paging_give_every_row_once(store: Store) -> None:
    store.upsert_orders(
        [
            make_order(str(i), day=1 + i % 28, name="Hades" if i % 3 == 0 else "Anno")
            for i in range(450)
        ]
    )
    conn = store.db.conn
    seen: list[int] = []
    after = None
    while True:
        page = query_orders(conn, OrderFilter(), limit=100, after=after)
        if not page:
            break
        seen.extend(r["id"] for r in page)
        after = (page[-1]["created_at"], page[-1]["id"])
    assert len(seen) == len(set(seen)) == 450
    by_offset = [r["id"] for r in query_orders(conn, OrderFilter(), limit=1000)]
    assert seen == by_offset
    assert count_orders(conn, OrderFilter(search="had")) == 150  # prefix search through FTS5
    assert count_orders(conn, OrderFilter(search='"; DROP TABLE orders; --')) == 0
    assert count_orders(conn, OrderFilter(statuses=["failed"])) == 0


def test_keys_are_encrypted_at_rest(store: Store, tmp_path: Path) -> None:
    serial = "ABCDE-FGHIJ-KLMNO"
    store.upsert_orders([make_order("9")])
    store.store_keys(
        [
            SerialKey(
                provider=Provider.KINGUIN,
                provider_order_id="9",
                name="Anno",
                content_type="text/plain",
                serial=serial,
            )
        ],
        "77",
    )
    store.store_keys(
        [
            SerialKey(
                provider=Provider.KINGUIN,
                provider_order_id="9",
                name="Anno",
                content_type="text/plain",
                serial=serial,
            )
        ],
        "77",
    )  # repeat: no-op
    assert [k.serial for k in store.keys_for_order("kinguin", "9")] == [serial]
    store.journal_db.execute("PRAGMA wal_checkpoint(FULL)")
    raw = (tmp_path / "journal.sqlite").read_bytes()
    assert serial.encode() not in raw
    with pytest.raises(VaultError):
        Vault.generate().decrypt(
            store.journal_db.execute("SELECT serial_enc FROM keys").fetchone()[0]
        )


def test_journal_records_every_transition(store: Store) -> None:
    op = store.journal_create("kinguin", "buy_keys", {"lines": [{"product_id": 5}]})
    assert op.state is OpState.INTENT
    store.journal_transition(op.operation_id, OpState.SENDING, "sending", sent_at="t")
    store.journal_transition(
        op.operation_id,
        OpState.PLACED,
        "placed",
        provider_order_id="42",
        orders=[make_order("42", OrderStatus.PENDING)],
    )
    keys = [
        SerialKey(
            provider=Provider.KINGUIN,
            provider_order_id="42",
            content_type="text/plain",
            serial="K",
            position=0,
        )
    ]
    done = store.journal_complete_with_keys(op.operation_id, make_order("42"), keys, "stored")
    assert done.state is OpState.COMPLETED and done.provider_order_id == "42"
    assert [e["state"] for e in store.journal_events(op.operation_id)] == [
        "intent",
        "sending",
        "placed",
        "completed",
    ]
    assert store.claimed_order_ids("kinguin") == {"42"}
    assert store.get_order("kinguin", "42").status is OrderStatus.COMPLETED  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        store.journal_transition(op.operation_id, OpState.FAILED, bogus=1)


def test_complete_with_keys_is_atomic(store: Store) -> None:
    op = store.journal_create("kinguin", "buy_keys", {"lines": []})
    store.journal_transition(op.operation_id, OpState.PLACED, provider_order_id="5")
    bad = [
        SerialKey(
            provider=Provider.KINGUIN,
            provider_order_id="5",
            content_type="text/plain",
            serial="K",
            position=0,
        )
    ]

    class BrokenVault(Vault):
        def encrypt(self, text: str) -> bytes:
            raise RuntimeError("disk full")  # encryption fails mid-transaction

    store.vault = BrokenVault.generate()
    with pytest.raises(RuntimeError):
        store.journal_complete_with_keys(op.operation_id, make_order("5"), bad)
    assert store.journal_get(op.operation_id).state is OpState.PLACED
    assert store.count_keys("kinguin", "5") == 0


def test_vault_key_survives_restart_without_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())
    data = tmp_path / "data"
    first = open_vault(data)
    token = first.encrypt("secret")
    # not beside the database: in the key directory, apart from the data directory
    assert not (data / "vault.key").exists()
    outside = key_file_for(data)
    assert data not in outside.parents
    assert outside.stat().st_mode & 0o777 == 0o600
    assert open_vault(data).decrypt(token) == "secret"
    assert "outside the data directory" in where_is_the_key(data)


def test_a_key_file_in_the_data_dir_is_moved_out(tmp_path: Path) -> None:
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())
    data = tmp_path / "data"
    data.mkdir()
    key = Fernet.generate_key()
    token = Vault(key).encrypt("old secret")
    (data / "vault.key").write_bytes(key)  # as an older version left it
    assert open_vault(data).decrypt(token) == "old secret"
    assert not (data / "vault.key").exists()
    assert key_file_for(data).read_bytes().strip() == key
    assert open_vault(data).decrypt(token) == "old secret"  # and again, from there


def test_the_vault_opens_on_first_use(tmp_path: Path) -> None:
    opened: list[int] = []

    def factory() -> Vault:
        opened.append(1)
        return Vault.generate()

    store = Store(tmp_path / "lazy.sqlite", factory)
    store.upsert_orders([make_order("1")])
    assert opened == []  # the order list needs no secrets
    store.store_keys(
        [
            SerialKey(
                provider=Provider.KINGUIN,
                provider_order_id="1",
                content_type="text/plain",
                serial="K",
            )
        ]
    )
    assert opened == [1] and store.keys_for_order("kinguin", "1")[0].serial == "K"
    store.close()


def test_vault_prefers_the_keyring(tmp_path: Path, memory_keyring: object) -> None:
    first = open_vault(tmp_path)
    assert not (tmp_path / "vault.key").exists()
    assert open_vault(tmp_path).decrypt(first.encrypt("x")) == "x"


async def test_async_store_runs_off_the_calling_thread(store: Store) -> None:
    import threading

    astore = AsyncStore(store)
    thread = await astore.run(lambda s: threading.current_thread().name)
    assert thread.startswith("store") and thread != threading.current_thread().name
    astore._executor.shutdown()


def test_reader_connection_is_read_only(store: Store) -> None:
    reader = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError):
        reader.execute("DELETE FROM orders")
    reader.close()


def test_secrets_cached_by_an_older_version_are_scrubbed_from_the_file(tmp_path: Path) -> None:
    """An older console cached Plum's answers whole (codes and PINs in `raw`): the migration
    replaces them, rewrites the file and empties the WAL, so no byte of them stays on disk."""
    import json

    path = tmp_path / "cache.sqlite"
    Store(path, Vault.generate()).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "DELETE FROM _sqlite_migrations WHERE name = 'm007_rel_scrub_secrets_from_raw'"
        )
        raw = {"orderId": "9", "vouchers": [{"voucherCode": "LEAKCODE1", "pin": "LEAKPIN1"}]}
        conn.execute(
            "INSERT INTO orders (provider, provider_order_id, status, provider_status, raw, "
            "synced_at) VALUES ('plum', '9', 'completed', 'Completed', ?, 'x')",
            [json.dumps(raw)],
        )
    conn.close()
    store = Store(path, Vault.generate())
    order = store.get_order("plum", "9")
    assert order is not None and order.raw["vouchers"][0]["pin"] == REDACTED
    store.close()
    for file in tmp_path.iterdir():
        data = file.read_bytes()
        assert b"LEAKCODE1" not in data and b"LEAKPIN1" not in data, file.name


def test_order_columns_are_the_keys_of_an_order_row() -> None:
    """ORDER_COLUMNS is a literal (the store imports without pydantic): it must match."""
    from fulfildesk.store.db import ORDER_COLUMNS, order_row

    row = order_row(make_order("k-1"), "2026-01-01T00:00:00Z")
    assert tuple(row) == ORDER_COLUMNS


def test_rows_made_for_a_later_write_are_plain_values_the_collector_forgets(
    store: Store,
) -> None:
    """A sync keeps a window of fetched pages as `order_rows` until the store thread writes
    them: tuples of plain values, which a collection stops tracking (models were ~11 tracked
    objects per order that every full collection walked, with every thread stopped)."""
    import gc

    from fulfildesk.store.db import order_rows

    orders = [make_order(f"k-{i}") for i in range(50)]
    rows = order_rows(orders, "2026-12-01T00:00:00Z")
    del orders
    gc.collect()
    assert rows and not any(gc.is_tracked(row) for row in rows)
    assert store.upsert_rows(rows) == 50
    assert store.count_orders("kinguin") == 50
    assert store.get_order("kinguin", "k-7") is not None


def test_no_third_party_sqlite_utils_plugin_runs_in_our_connections(tmp_path: Path) -> None:
    """The cache and the journal hold encrypted keys and the purchase journal: sqlite-utils'
    plugins (any installed package's entry point) are not loaded into their connections."""
    from sqlite_utils import hookimpl
    from sqlite_utils.plugins import pm

    seen: list[object] = []

    class Plugin:
        @hookimpl
        def prepare_connection(self, conn: object) -> None:
            seen.append(conn)

    plugin = Plugin()
    pm.register(plugin, name="test-plugin")
    try:
        Store(tmp_path / "cache.sqlite", Vault.generate()).close()
    finally:
        pm.unregister(plugin)
    assert seen == []


@pytest.mark.parametrize("key", ["created", "total", "status"])
def test_each_sort_of_the_list_reads_its_first_page_by_an_index(store: Store, key: str) -> None:
    """No sort of the list sorts the whole cache for its first page (sorting by total did:
    450 ms at 1M orders, issue 15), nor for a keyset page after it."""
    from fulfildesk.store.queries import Sort

    sort = Sort(key, descending=True)
    for sql in (
        f"SELECT id FROM orders ORDER BY {sort.order_by()} LIMIT 200",
        f"SELECT id FROM orders WHERE {sort.after()} ORDER BY {sort.order_by()} LIMIT 200",
    ):
        args = [] if "?" not in sql else ["x", 1]
        plan = " ".join(str(r[3]) for r in store.db.execute(f"EXPLAIN QUERY PLAN {sql}", args))
        assert "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("key", ["created", "status", "total"])
@pytest.mark.parametrize("descending", [True, False])
def test_walking_a_sort_index_shows_the_same_first_page_as_sorting_the_matches(
    store: Store, key: str, descending: bool
) -> None:
    """A search's first page either sorts its matches or walks the sort's index probing them
    (`scan_index`, chosen by cost): both give the same rows, and the walk reads the index in
    order (no temporary B-tree)."""
    import json

    from fulfildesk.store.queries import SORT_INDEXES, Sort, ids_json, match_ids

    statuses = list(OrderStatus)
    store.upsert_orders(
        Order(
            provider=Provider.KINGUIN,
            provider_order_id=f"k-{i}",
            status=statuses[i % len(statuses)],
            provider_status="x",
            created_at=datetime(2026, 1, 1 + i % 28, i % 24, tzinfo=UTC),
            lines=[OrderLine(product_id="5", name="Hades" if i % 3 else "Anno", quantity=1)],
            total=(
                None
                if i % 11 == 0
                else Money(amount=Decimal(i % 37) / 4, currency=("EUR", "USD", "GBP")[i % 3])
            ),
            raw={"orderId": i},
        )
        for i in range(400)
    )
    conn = store.db.conn
    sort = Sort(key, descending=descending)
    filt = OrderFilter(search="hades")
    ids = ids_json(match_ids(conn, filt.text_search))
    assert len(json.loads(ids)) > 200
    sorted_page = query_orders(conn, filt, limit=200, sort=sort, ids=ids)
    walked = query_orders(conn, filt, limit=200, sort=sort, ids=ids, index=SORT_INDEXES[key])
    assert [r["id"] for r in walked] == [r["id"] for r in sorted_page]
    where, args = filt.where(ids)
    plan = conn.execute(
        f"EXPLAIN QUERY PLAN SELECT id FROM orders INDEXED BY {SORT_INDEXES[key]}{where} "
        f"ORDER BY {sort.order_by()} LIMIT 200",
        args,
    ).fetchall()
    assert "TEMP B-TREE" not in " ".join(str(r[3]) for r in plan)
