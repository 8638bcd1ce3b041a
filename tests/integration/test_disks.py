"""Damaged journal and full disk: the journal is never deleted, the console refuses to buy and
says how to recover it (CLI and window); a full disk names the data directory and loses nothing
(the disk is "filled" by making SQLite writes fail as SQLite does: 'database or disk is full')."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from fulfildesk import cli
from fulfildesk.config import Settings
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.plum import PlumClient
from fulfildesk.services.vouchers import VoucherRequest, VoucherService
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.files import DiskFull
from fulfildesk.store.journal import OpState
from fulfildesk.store.vault import Vault

GARBAGE = b"garbage " * 100


def full(*_args: object, **_kwargs: object) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def damaged_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "journal.sqlite").write_bytes(GARBAGE)
    return home


@pytest.mark.parametrize(
    "command",
    [
        ["journal"],
        ["buy-keys", "--product", "5", "--max-price", "3"],
        ["buy-vouchers", "--product", "29877", "--denomination", "25"],
        ["reconcile"],
    ],
)
def test_cli_refuses_with_a_damaged_journal_and_says_how_to_recover(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    monkeypatch.setenv("FULFILDESK_KINGUIN_URL", "http://127.0.0.1:9/kinguin")
    monkeypatch.setenv("FULFILDESK_KINGUIN_TOKEN", "t")
    monkeypatch.setenv("FULFILDESK_PLUM_URL", "http://127.0.0.1:9/plum")
    monkeypatch.setenv("FULFILDESK_PLUM_TOKEN", "t")
    home = damaged_home(tmp_path)
    assert cli.main(["--data-dir", str(home), *command]) == 1
    err = capsys.readouterr().err
    assert "refuses to buy" in err and ".recover" in err and str(home) in err
    assert "journal.recovered.sqlite" in err
    assert (home / "journal.sqlite").read_bytes() == GARBAGE  # never deleted, never touched
    assert not list(home.glob("journal.sqlite?*"))


def test_the_window_refuses_to_open_on_a_damaged_journal(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from fulfildesk.ui.app import run_gui

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())) or 0
    )
    home = damaged_home(tmp_path)
    assert run_gui(Settings(data_dir=home)) == 1
    [(title, text)] = shown
    assert "journal is damaged" in title
    assert "refuses to buy" in text and ".recover" in text and "never delete it" in text
    assert (home / "journal.sqlite").read_bytes() == GARBAGE


def test_cli_disk_full_names_the_data_dir_and_sends_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("FULFILDESK_PLUM_URL", "http://127.0.0.1:9/plum")  # nothing listens
    monkeypatch.setenv("FULFILDESK_PLUM_TOKEN", "t")
    store = Store(home / "cache.sqlite", Vault.generate())
    kept = store.journal_create("plum", "buy_vouchers", {"po_number": "FD-KEPT"})
    store.close()
    monkeypatch.setattr(Store, "journal_create", full)
    code = cli.main(
        ["--data-dir", str(home), "buy-vouchers", "--product", "29877", "--denomination", "25"]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "disk" in err and "is full" in err and str(home) in err
    assert "Traceback" not in err
    monkeypatch.undo()
    store = Store(home / "cache.sqlite", Vault.generate())
    assert [op.operation_id for op in store.journal_list()] == [kept.operation_id]  # kept
    store.close()


async def test_disk_full_after_the_provider_acted_loses_nothing(
    sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Plum placed the order, then the journal could not record it: the entry stays
    outcome-unknown (the failed write rolled back whole), and once there is room again the
    lookup finds the order: one order, its vouchers stored."""
    store = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    client = PlumClient(
        sandbox.base_url("plum"), "sandbox-token", policy=HttpPolicy(backoff_base=0.01)
    )
    svc = VoucherService(client, store, poll_interval=0.02, min_interval=0)
    before = sandbox.sandbox.db.conn.execute("SELECT count(*) FROM p_orders").fetchone()[0]
    try:
        op = await svc.begin(VoucherRequest(product_id=29877, denomination=Decimal("25")))
        with monkeypatch.context() as patch:
            patch.setattr(Store, "journal_complete_with_vouchers", full)
            with pytest.raises(DiskFull, match=str(tmp_path)):
                await svc.drive(op.operation_id)
        stuck = await store.run(Store.journal_get, op.operation_id)
        assert stuck.state is OpState.SENDING  # not failed, not lost
        [outcome] = await svc.resume_all()
        assert outcome.completed and len(outcome.vouchers) == 1
        after = sandbox.sandbox.db.conn.execute("SELECT count(*) FROM p_orders").fetchone()[0]
        assert after == before + 1
    finally:
        await client.aclose()
        store.close()
