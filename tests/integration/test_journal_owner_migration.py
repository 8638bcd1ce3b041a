"""One owner per provider order, one constraint (issue 12): migration j003 replaces the two
overlapping unique indexes of older versions with `ux_journal_order_owner`, and journal files
written by older versions migrate cleanly. Each test builds the journal file an older version
left (the migrations it had, then rows it allowed), then opens it as the console does."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlite_utils import Database

from fulfildesk.domain.journal import OrderAlreadyOwned
from fulfildesk.store.db import Store
from fulfildesk.store.journal import OpState
from fulfildesk.store.schema import ORDER_OWNER_INDEX, journal_migrations
from fulfildesk.store.vault import Vault

OLD_INDEXES = {"idx_journal_owned_kinguin_order", "ux_journal_provider_order_owner"}


def old_journal(path: Path, stop_before: str) -> Database:
    """A journal.sqlite as the version before `stop_before` left it."""
    db = Database(sqlite3.connect(str(path)))
    journal_migrations.apply(db, stop_before=stop_before)
    return db


def add(db: Database, kind: str, order_id: str, state: str = "completed", at: str = "") -> str:
    operation_id = str(uuid.uuid4())
    when = at or "2026-11-20T10:00:00.000000Z"
    db.execute(
        "INSERT INTO journal (operation_id, provider, kind, state, payload, provider_order_id, "
        "created_at, updated_at) VALUES (?, 'kinguin', ?, ?, '{}', ?, ?, ?)",
        [operation_id, kind, state, order_id, when, when],
    )
    return operation_id


def indexes(store: Store) -> set[str]:
    return {
        r[0]
        for r in store.journal_db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'journal'"
        ).fetchall()
    }


def open_store(tmp_path: Path) -> Store:
    return Store(tmp_path / "cache.sqlite", Vault.generate())


def test_a_journal_of_the_previous_version_gets_one_index(tmp_path: Path) -> None:
    db = old_journal(tmp_path / "journal.sqlite", "j003_one_owner_per_order")
    assert OLD_INDEXES <= {i.name for i in db["journal"].indexes}
    bought = add(db, "buy_keys", "K-1")
    first = add(db, "return_keys", "K-1", "sending", at="2026-11-20T11:00:00.000000Z")
    second = add(db, "return_keys", "K-1", "sending", at="2026-11-20T11:00:05.000000Z")
    refused = add(db, "return_keys", "K-1", "failed", at="2026-11-20T09:00:00.000000Z")
    db.conn.commit()
    db.conn.close()

    store = open_store(tmp_path)
    try:
        found = indexes(store)
        assert ORDER_OWNER_INDEX in found and not OLD_INDEXES & found
        assert store.journal_get(bought).provider_order_id == "K-1"
        assert store.journal_get(first).state is OpState.SENDING  # the oldest return keeps it
        assert store.journal_get(refused).provider_order_id == "K-1"  # a refused one: untouched
        later = store.journal_get(second)
        assert later.state is OpState.NEEDS_REVIEW and later.provider_order_id is None
        assert first in (later.error or "") and "K-1" in (later.error or "")
        assert "one owner per order" in store.journal_events(second)[-1]["detail"]
    finally:
        store.close()


def test_a_journal_from_before_both_indexes_keeps_the_oldest_owner(tmp_path: Path) -> None:
    db = old_journal(tmp_path / "journal.sqlite", "j_kinguin_owned_order")
    old = add(db, "buy_keys", "K-9", at="2026-11-01T10:00:00.000000Z")
    new = add(db, "buy_keys", "K-9", at="2026-11-02T10:00:00.000000Z")  # the old window match
    db.conn.commit()
    db.conn.close()

    store = open_store(tmp_path)
    try:
        assert ORDER_OWNER_INDEX in indexes(store) and not OLD_INDEXES & indexes(store)
        assert store.journal_get(old).provider_order_id == "K-9"
        moved = store.journal_get(new)
        assert moved.state is OpState.NEEDS_REVIEW and moved.provider_order_id is None
        assert old in (moved.error or "") and "K-9" in (moved.error or "")
        applied = {r["name"] for r in store.journal_db["_sqlite_migrations"].rows}
        assert {"j_kinguin_owned_order", "j002_rel_owner_lease_lookups"} <= applied
        assert "j003_one_owner_per_order" in applied
    finally:
        store.close()


def test_the_one_index_is_what_it_says(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    other = Store(tmp_path / "cache.sqlite", store.vault)  # a second process, same data dir
    try:
        a = store.journal_create("plum", "buy_vouchers", {})
        b = other.journal_create("plum", "buy_vouchers", {})
        store.journal_transition(a.operation_id, OpState.PLACED, provider_order_id="P-1")
        with pytest.raises(OrderAlreadyOwned, match=a.operation_id):
            other.journal_transition(b.operation_id, OpState.PLACED, provider_order_id="P-1")
        # the same id at another provider is another order
        c = other.journal_create("kinguin", "buy_keys", {})
        other.journal_transition(c.operation_id, OpState.PLACED, provider_order_id="P-1")
        # a key return refers to the order its purchase owns; one return under way at a time
        r1 = store.journal_create("kinguin", "return_keys", {"order_id": "P-1"})
        store.journal_transition(r1.operation_id, OpState.SENDING, provider_order_id="P-1")
        r2 = other.journal_create("kinguin", "return_keys", {"order_id": "P-1"})
        with pytest.raises(OrderAlreadyOwned, match=r1.operation_id):
            other.journal_transition(r2.operation_id, OpState.SENDING, provider_order_id="P-1")
        # once the first is refused, another return may be asked
        store.journal_transition(r1.operation_id, OpState.FAILED)
        other.journal_transition(r2.operation_id, OpState.SENDING, provider_order_id="P-1")
    finally:
        other.close()
        store.close()
