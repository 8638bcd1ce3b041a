"""The journal in its own file: a single-file install moves without losing a row, a damaged or
missing cache is moved aside and started again while every journal entry and key survives, and
`fulfildesk repair` rebuilds the cache from the providers. Real SQLite files throughout."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fulfildesk import cli
from fulfildesk.domain.models import Money, Order, OrderLine, OrderStatus, Provider, SerialKey
from fulfildesk.store.db import Store
from fulfildesk.store.files import copy_legacy_tables, journal_path_for
from fulfildesk.store.journal import OpState
from fulfildesk.store.queries import OrderFilter, count_orders
from fulfildesk.store.schema import JOURNAL_TABLES
from fulfildesk.store.vault import Vault

LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "legacy"


#: columns later journal migrations added (empty for rows written before them)
ADDED_COLUMNS = {"keys": ("key_id", "status")}


def rows(path: Path, table: str) -> list[tuple[Any, ...]]:
    """Every row, without the columns added after the legacy layout (which must be empty)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cursor = conn.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        added = [i for i, n in enumerate(names) if n in ADDED_COLUMNS.get(table, ())]
        out = []
        for row in cursor.fetchall():
            assert all(row[i] is None for i in added), (table, row)
            out.append(tuple(v for i, v in enumerate(row) if i not in added))
        return sorted(out, key=repr)
    finally:
        conn.close()


def old_columns(found: list[tuple], expected: list[tuple]) -> list[tuple]:  # type: ignore[type-arg]
    """The rows as the legacy file had them: later journal migrations append columns."""
    width = len(expected[0]) if expected else 0
    return [r[:width] for r in found]


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def legacy_home(tmp_path: Path) -> Path:
    """A data directory as the pre-split console left it: everything in cache.sqlite."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(LEGACY / "single-file-install.sqlite", home / "cache.sqlite")
    return home


@pytest.fixture
def vault() -> Vault:
    return Vault((LEGACY / "vault.key").read_bytes().strip())


def test_a_single_file_install_moves_without_losing_a_row(legacy_home: Path, vault: Vault) -> None:
    cache = legacy_home / "cache.sqlite"
    before = {table: rows(cache, table) for table in JOURNAL_TABLES}
    orders_before = rows(cache, "orders")
    assert len(before["journal"]) == 5 and len(before["keys"]) == 2  # the fixture is real
    assert len(before["journal_events"]) == 14 and len(before["order_events"]) == 2

    store = Store(cache, vault)
    try:
        assert store.cache_note is None
        journal = legacy_home / "journal.sqlite"
        for table, expected in before.items():
            # later journal migrations append columns (j002: lease, lookups): compare the old ones
            width = len(expected[0]) if expected else 0
            assert [r[:width] for r in rows(journal, table)] == expected, table
        assert not tables(cache) & set(JOURNAL_TABLES)  # moved, not copied
        assert rows(cache, "orders") == orders_before
        assert store.sync_state("kinguin")["orders"] == 20
        # still usable: secrets decrypt, the interrupted purchase resumes, search works
        assert [k.serial for k in store.keys_for_order("kinguin", "KG-1")] == [
            "AAAA-BBBB-CCC0",
            "AAAA-BBBB-CCC1",
        ]
        assert [v.code for v in store.vouchers_for_order("plum", "PL-1")] == ["VOUCHER-CODE-1"]
        assert len(store.journal_list([OpState.SENDING])) == 1
        assert count_orders(store.db.conn, OrderFilter(search="REF-7")) == 1
        assert [e["action"] for e in store.order_events("powerplugin", "TX-1")] == [
            "Reserved",
            "Shipped",
        ]
    finally:
        store.close()
    # opening again changes nothing
    again = Store(cache, vault)
    again.close()
    for table, expected in before.items():
        assert old_columns(rows(legacy_home / "journal.sqlite", table), expected) == expected


def test_an_interrupted_move_finishes_on_the_next_open(legacy_home: Path, vault: Vault) -> None:
    """Killed after the journal's copy committed but before the cache dropped its tables: the
    next open copies nothing twice and then drops them."""
    from sqlite_utils import Database

    from fulfildesk.store.files import connect_journal

    cache = legacy_home / "cache.sqlite"
    before = {table: rows(cache, table) for table in JOURNAL_TABLES}
    journal = connect_journal(legacy_home / "journal.sqlite")
    legacy = Database(sqlite3.connect(cache))
    copy_legacy_tables(legacy, journal)
    legacy.close()
    journal.close()
    assert tables(cache) >= set(JOURNAL_TABLES)  # the cache still holds them
    Store(cache, vault).close()
    for table, expected in before.items():
        assert old_columns(rows(legacy_home / "journal.sqlite", table), expected) == expected
    assert not tables(cache) & set(JOURNAL_TABLES)


def make_order(n: int) -> Order:
    return Order(
        provider=Provider.KINGUIN,
        provider_order_id=f"K-{n}",
        status=OrderStatus.COMPLETED,
        provider_status="completed",
        created_at=datetime(2026, 1, 1 + n % 28, tzinfo=UTC),
        lines=[OrderLine(product_id="5", name=f"Game {n}", quantity=1)],
        total=Money(amount=Decimal("3.59"), currency="EUR"),
        raw={"orderId": f"K-{n}", "padding": "x" * 200},
    )


def filled_store(home: Path, vault: Vault) -> tuple[list[str], list[tuple[Any, ...]]]:
    """A store with 3,000 cached orders and a completed purchase with its keys."""
    store = Store(home / "cache.sqlite", vault)
    store.upsert_orders([make_order(n) for n in range(3000)])
    ops = []
    for n in range(3):
        op = store.journal_create("kinguin", "buy_keys", {"lines": [{"product_id": n}]})
        store.journal_transition(op.operation_id, OpState.SENDING, "s", sent_at="t")
        store.journal_transition(op.operation_id, OpState.PLACED, "p", provider_order_id=f"K-{n}")
        ops.append(op.operation_id)
    key = SerialKey(
        provider=Provider.KINGUIN,
        provider_order_id="K-0",
        name="Game 0",
        content_type="text/plain",
        serial="SECRET-KEY-0",
    )
    store.journal_complete_with_keys(ops[0], make_order(0), [key], "1 key")
    store.close()
    return ops, rows(home / "journal.sqlite", "journal_events")


def garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database at all " * 500)


def truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def missing(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize("damage", [garbage, truncated, missing], ids=lambda f: f.__name__)
def test_a_damaged_or_missing_cache_is_moved_aside_and_the_journal_survives(
    tmp_path: Path, damage: Any
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    vault = Vault.generate()
    ops, events = filled_store(home, vault)
    journal_before = digest(home / "journal.sqlite")
    damage(home / "cache.sqlite")

    store = Store(home / "cache.sqlite", vault)
    try:
        aside = sorted(home.glob("cache.sqlite.damaged-*"))
        if damage is missing:
            assert store.cache_note is None and aside == []
        else:
            assert store.cache_note and "moved aside" in store.cache_note
            assert len(aside) == 1 and aside[0].name in store.cache_note
        assert store.count_orders() == 0  # empty, ready for a sync
        store.upsert_orders([make_order(1)])
        assert store.count_orders() == 1
        assert [store.journal_get(op).state for op in ops] == [
            OpState.COMPLETED,
            OpState.PLACED,
            OpState.PLACED,
        ]
        assert [k.serial for k in store.keys_for_order("kinguin", "K-0")] == ["SECRET-KEY-0"]
        assert store.journal_events(ops[1])  # history intact
    finally:
        store.close()
    assert rows(home / "journal.sqlite", "journal_events") == events
    assert digest(home / "journal.sqlite") == journal_before  # not a byte changed


def test_rebuilding_the_cache_never_touches_the_journal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    vault = Vault.generate()
    ops, _ = filled_store(home, vault)
    store = Store(home / "cache.sqlite", vault)
    try:
        store.journal_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = digest(home / "journal.sqlite")
        aside = store.rebuild_cache()
        assert aside is not None and aside.exists() and store.count_orders() == 0
        assert digest(home / "journal.sqlite") == before
        assert store.journal_get(ops[0]).state is OpState.COMPLETED
    finally:
        store.close()
    assert journal_path_for(home / "cache.sqlite") == home / "journal.sqlite"


@pytest.fixture
def _close_cli_logs() -> Iterator[None]:
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_fulfildesk", False):
            root.removeHandler(handler)
            handler.close()


@pytest.mark.usefixtures("_close_cli_logs")
async def test_repair_moves_the_cache_aside_and_syncs_it_back(
    sandbox: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "home"
    for name in ("kinguin", "plum"):
        monkeypatch.setenv(f"FULFILDESK_{name.upper()}_URL", sandbox.base_url(name))
        monkeypatch.setenv(f"FULFILDESK_{name.upper()}_TOKEN", "sandbox-token")
    # buy vouchers (journal + vault), sync, then damage the cache by hand
    assert await asyncio.to_thread(cli.main, ["--data-dir", str(home), "sync"]) == 0
    bought = await asyncio.to_thread(
        cli.main,
        ["--data-dir", str(home), "buy-vouchers", "--product", "15365", "--denomination", "20"],
    )
    assert bought == 0
    capsys.readouterr()
    journal_rows = rows(home / "journal.sqlite", "journal")
    vouchers = rows(home / "journal.sqlite", "vouchers")
    synced = len(rows(home / "cache.sqlite", "orders"))
    assert synced > 30 and len(journal_rows) == 1 and vouchers

    assert await asyncio.to_thread(cli.main, ["--data-dir", str(home), "repair"]) == 0
    out = capsys.readouterr().out
    assert "moved aside to" in out and "was not touched: 1 purchase(s)" in out
    assert "kinguin:" in out and "orders synced into the new cache" in out
    assert len(list(home.glob("cache.sqlite.damaged-*"))) == 1
    assert rows(home / "journal.sqlite", "journal") == journal_rows
    assert rows(home / "journal.sqlite", "vouchers") == vouchers
    rebuilt = rows(home / "cache.sqlite", "orders")
    # every order is back, the voucher purchase's Plum order too (its id comes from the journal)
    assert len(rebuilt) == synced
    plum_id = journal_rows[0][5]
    assert any(r[1] == "plum" and r[2] == plum_id for r in rebuilt)


@pytest.mark.usefixtures("_close_cli_logs")
def test_an_unreadable_journal_is_left_alone_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "journal.sqlite").write_bytes(b"garbage " * 100)
    assert cli.main(["--data-dir", str(home), "journal"]) == 1
    assert "purchase journal cannot be opened" in capsys.readouterr().err
    assert (home / "journal.sqlite").read_bytes() == b"garbage " * 100  # untouched
    assert not list(home.glob("journal.sqlite.*"))


def test_a_legacy_install_with_an_order_owned_twice_still_moves(
    legacy_home: Path, vault: Vault
) -> None:
    """Before the UNIQUE index, two entries could own one order: the move keeps every row, the
    older entry keeps the order, the other goes to needs review saying why."""
    cache = legacy_home / "cache.sqlite"
    conn = sqlite3.connect(cache)
    with conn:
        conn.execute(
            "UPDATE journal SET provider_order_id = 'KG-1', state = 'placed' "
            "WHERE operation_id = 'cb7b56c8-85af-4f4f-b3d7-01a22c3bd5a6'"
        )
    conn.close()
    store = Store(cache, vault)
    try:
        ops = {op.operation_id: op for op in store.journal_list()}
        assert len(ops) == 5
        assert ops["ee8455ef-418c-48c6-a188-5bce5492e94f"].provider_order_id == "KG-1"
        second = ops["cb7b56c8-85af-4f4f-b3d7-01a22c3bd5a6"]
        assert second.state.value == "needs_review" and second.provider_order_id is None
        assert "KG-1" in (second.error or "")
    finally:
        store.close()
