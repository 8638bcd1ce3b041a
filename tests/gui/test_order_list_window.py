"""The order list: sorting by header, facets, CSV export and sync progress in the window."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt

from fulfildesk.ui.models.orders import Columns


def test_sort_facets_and_export(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.startupFinished, timeout=20000):
        window.start()
    model = window.model

    def settled(change) -> None:  # type: ignore[no-untyped-def]
        """Make a change and wait for the reader thread to count the new view."""
        change()
        qtbot.waitUntil(lambda: model.count_known, timeout=5000)

    settled(lambda: None)
    assert model.rowCount() > 30
    # sorting by total, both ways
    settled(lambda: window.orders.table.sortByColumn(Columns.TOTAL, Qt.SortOrder.AscendingOrder))
    totals = [float(model.row(i)["total"] or -1) for i in range(model.rowCount())]
    assert totals == sorted(totals)
    settled(lambda: window.orders.table.sortByColumn(Columns.TOTAL, Qt.SortOrder.DescendingOrder))
    assert float(model.row(0)["total"]) == max(totals)
    settled(lambda: window.orders.table.sortByColumn(Columns.CREATED, Qt.SortOrder.DescendingOrder))
    # provider facet and date facet
    facet = window.orders.provider_filter
    settled(lambda: facet.setCurrentIndex(facet.findData("kinguin")))
    kinguin = model.rowCount()
    assert all(model.row(i)["provider"] == "kinguin" for i in range(kinguin))
    window.orders.use_to.setChecked(True)
    settled(lambda: window.orders.date_to.setDate(window.orders.date_to.date().addDays(-60)))
    assert 0 < model.rowCount() < kinguin
    cutoff = window.orders.date_to.date().toString("yyyy-MM-dd") + "T23:59:59Z"
    assert all(model.row(i)["created_at"] <= cutoff for i in range(model.rowCount()))
    # export of exactly the filtered view
    target = tmp_path / "view.csv"
    with qtbot.waitSignal(window.sync.exported, timeout=10000):
        window.sync.export_csv(str(target))
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == model.rowCount()
    assert [r["provider_order_id"] for r in rows] == [
        model.row(i)["provider_order_id"] for i in range(model.rowCount())
    ]
    # in the vocabulary's words, as the list shows them
    assert {r["provider"] for r in rows} == {"Kinguin"}
    assert all(r["status"] and r["status"][0].isupper() and "_" not in r["status"] for r in rows)
    # the last sync is reported per provider
    assert any("kinguin: last sync" in line for line in window.sync.last_sync_lines)


def test_sync_shows_progress_and_can_be_cancelled(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from fulfildesk.sandbox.scale import seed_orders

    seed_orders(window._test_sandbox, 4000)
    task = window.sync.start(full=True)
    assert task is not None
    qtbot.waitUntil(lambda: window.sync.cancel_button.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: "Kinguin" in window.sync.progress_label.text(), timeout=10000)
    qtbot.mouseClick(window.sync.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(task.done, timeout=10000)
    assert task.cancelled()
    assert not window.sync.cancel_button.isVisible()
    assert "cancelled" in window.message_summary.full_text
    assert "cancelled" in window.messages.messages[-1].text
