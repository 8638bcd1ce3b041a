"""Offscreen screenshots of the bulk actions, notes and tags, and a claimed order (not collected
by default: `SHOTS_DIR=resources/screenshots pytest tests/gui/shots_bulk_check.py`). The claimed
order needs PostgreSQL (the session's throwaway cluster)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_bulk_window import seed  # type: ignore[import-not-found]

from fulfildesk.config import Settings
from fulfildesk.services.team import Seat, TeamService
from fulfildesk.store import team as team_store


@pytest.fixture
def settings(settings: Settings, team_dsn: str) -> Settings:
    import asyncio

    async def init() -> None:
        conn = await team_store.connect(team_dsn)
        await team_store.migrate(conn)
        await conn.close()

    asyncio.run(init())
    settings.team_dsn = team_dsn
    settings.operator = "Ana"
    return settings


def test_bulk_and_notes_shots(window, qtbot, arun, team_dsn: str) -> None:  # type: ignore[no-untyped-def]
    out = Path(os.environ["SHOTS_DIR"])
    out.mkdir(parents=True, exist_ok=True)
    window.resize(1366, 768)
    with qtbot.waitSignal(window.startupFinished, timeout=60000):
        window.start()
    ids = arun(seed(window.ctx, 6), timeout=60000)
    arun(seed(window.ctx, 1, address=False, prefix="no-address"))
    arun(window.warehouse.reload())

    dialog = window.bulk.open("ship", [*ids, *window.shipping_queue.selected_ids()])
    qtbot.waitUntil(lambda: len(dialog.items) >= 6, timeout=10000)
    dialog.ids = [r["provider_order_id"] for r in window.shipping_queue.rows["to_ship"]][:8]
    dialog.preview()
    qtbot.waitUntil(lambda: any(i.skipped for i in dialog.items), timeout=10000)
    qtbot.wait(200)
    dialog.grab().save(str(out / "bulk-preview.png"))
    with qtbot.waitSignal(dialog.finished_run, timeout=60000):
        dialog.start()
    qtbot.wait(200)
    dialog.grab().save(str(out / "bulk-results.png"))
    dialog.close()

    qtbot.waitUntil(lambda: window.model.count_known and window.model.rowCount() > 2)
    window.orders.table.selectRow(0)
    row = window.model.row(0)
    key = (row["provider"], row["provider_order_id"])
    qtbot.waitUntil(lambda: window.order_work.order == key, timeout=5000)
    work = window.order_work
    arun(work.annotations.add_note(*key, "Customer called: leave the parcel with the neighbour"))
    arun(work.annotations.add_tag(*key, "urgent", "bad"))
    arun(work.annotations.add_tag(*key, "gift-wrap", "good"))
    arun(work.annotations.add_tag(*key, "vip", "info"))
    bob = TeamService(team_dsn, Seat("seat-2", "Bob"), None, retry=0.1)
    arun(bob.start())
    assert arun(bob.wait_online(30))
    try:
        arun(bob.add_note(*key, "Repacked: the box was damaged"))
        work.load()
        qtbot.waitUntil(lambda: "Bob @ seat-2" in work.panel.notes_label.text(), timeout=10000)
        arun(work.reload_tags())
        qtbot.wait(300)
        window.orders.detail_scroll.verticalScrollBar().setValue(10_000)
        qtbot.wait(200)
        window.grab().save(str(out / "notes-tags.png"))
        # a claimed order: Bob is shipping the second one; this seat is refused
        window.orders.table.selectRow(1)
        row = window.model.row(1)
        other = (row["provider"], row["provider_order_id"])
        qtbot.waitUntil(lambda: work.order == other, timeout=5000)
        arun(bob.claim(*other, purpose="shipping"))
        qtbot.waitUntil(
            lambda: "Bob (seat-2) is shipping" in work.panel.claim_label.text(), timeout=10000
        )
        work.claim()
        qtbot.waitUntil(lambda: work.refusal_box is not None, timeout=10000)
        qtbot.wait(300)
        window.orders.detail_scroll.verticalScrollBar().setValue(10_000)
        qtbot.wait(200)
        window.grab().save(str(out / "claimed-order.png"))
        work.refusal_box.grab().save(str(out / "claim-refused.png"))
    finally:
        arun(bob.aclose())
