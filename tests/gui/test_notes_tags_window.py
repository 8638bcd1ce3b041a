"""Notes and tags on an order through the window (alone, no team server): a note with the
operator and time on the order's timeline, a coloured tag, the tag filter and tag search in the
list, and both in the CSV export."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt

from fulfildesk.ui.theme import Tone, tone_of


def test_note_and_tag_on_an_order(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.startupFinished, timeout=60000):
        window.start()
    qtbot.waitUntil(lambda: window.model.count_known and window.model.rowCount() > 2, timeout=10000)
    total = window.model.rowCount()
    table = window.orders.table  # chosen with the mouse, as a person does
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(window.model.index(1, 0)).center(),
    )
    row = window.model.row(1)
    panel = window.order_work.panel
    qtbot.waitUntil(lambda: window.order_work.order == (row["provider"], row["provider_order_id"]))
    qtbot.waitUntil(lambda: panel.notes_label.text() == "No notes yet.", timeout=5000)

    panel.note_input.setFocus()
    qtbot.keyClicks(panel.note_input, "Customer called: leave at the back door")
    qtbot.keyClick(panel.note_input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "back door" in panel.notes_label.text(), timeout=5000)
    assert "tester: Customer called" in panel.notes_label.text()
    assert panel.note_input.toPlainText() == ""

    panel.tone.setCurrentIndex(panel.tone.findData("bad"))
    qtbot.keyClicks(panel.tag_input, "Urgent")
    qtbot.keyClick(panel.tag_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "urgent" in panel.chips, timeout=5000)
    assert tone_of(panel.chips["urgent"]) is Tone.BAD
    combo = window.order_work.tag_filter
    qtbot.waitUntil(lambda: combo.findData("urgent") > 0, timeout=5000)

    # the tag filter shows that one order; then the tag search does the same
    with qtbot.waitSignal(window.orders.refreshed, timeout=10000):
        combo.setCurrentIndex(combo.findData("urgent"))
    assert window.model.rowCount() == 1
    assert window.model.row(0)["provider_order_id"] == row["provider_order_id"]
    with qtbot.waitSignal(window.orders.refreshed, timeout=10000):
        combo.setCurrentIndex(0)
    assert window.model.rowCount() == total
    with qtbot.waitSignal(window.orders.refreshed, timeout=10000):
        window.orders.search.setText("tag:urgent")
    assert window.model.rowCount() == 1
    with qtbot.waitSignal(window.orders.refreshed, timeout=10000):
        window.orders.search.setText("#nosuchtag")
    assert window.model.rowCount() == 0
    with qtbot.waitSignal(window.orders.refreshed, timeout=10000):
        window.orders.search.setText("")

    # exported with the order
    path = tmp_path / "orders.csv"
    task = window.sync.export_csv(str(path))
    qtbot.waitUntil(lambda: task is not None and task.done(), timeout=10000)
    with path.open(encoding="utf-8") as handle:
        rows = {r["provider_order_id"]: r for r in csv.DictReader(handle)}
    mine = rows[row["provider_order_id"]]
    assert mine["tags"] == "urgent"
    assert "tester: Customer called: leave at the back door" in mine["notes"]

    # on the order's timeline (its history), with the operator
    assert window.select_order(row["provider"], row["provider_order_id"])
    qtbot.waitUntil(lambda: window.order_work.order is not None, timeout=5000)
    window.order_work.open_history()
    dialog = window.order_work.history_dialog
    qtbot.waitUntil(lambda: bool(dialog.property("filled")), timeout=5000)
    table = window.order_work.history_table
    actions = [table.item(r, 3).text() for r in range(table.rowCount())]
    assert "Note" in actions
    note_row = actions.index("Note")
    assert table.item(note_row, 1).text() == "tester"
    assert "This seat's history" in window.order_work.history_source.text()

    # a tag is removed with its chip
    panel.removers["urgent"].click()
    qtbot.waitUntil(lambda: "urgent" not in panel.chips, timeout=5000)
