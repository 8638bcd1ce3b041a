"""Keyboard only: from the search (Ctrl+F) Down or Enter goes to the results, the first order
selected; the date filters between them would take a Tab per date section."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_down_in_the_search_goes_to_the_results(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.startupFinished, timeout=20000):
        window.start()
    orders = window.orders
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=10000)
    window.activateWindow()
    orders.focus_search()
    qtbot.keyClick(orders.search, Qt.Key.Key_Down)
    qtbot.waitUntil(orders.table.hasFocus, timeout=5000)
    assert orders.table.selectionModel().hasSelection()
    qtbot.waitUntil(lambda: window.detail.row is not None, timeout=5000)
    # Enter from the search does the same (a scanner's code typed there, then Enter)
    orders.focus_search()
    qtbot.keyClick(orders.search, Qt.Key.Key_Return)
    qtbot.waitUntil(orders.table.hasFocus, timeout=5000)


def test_the_shipping_queue_shortcut_focuses_its_orders(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    from fulfildesk.sandbox.powerplugin import SEED_PLAYER

    arun(window.ctx.shipping.player_orders(SEED_PLAYER))
    arun(window.warehouse.reload())
    queue = window.shipping_queue
    stage = next(i for i, s in enumerate(queue.stages) if queue.rows.get(s))
    queue.tabs.setCurrentIndex(stage)
    window.activateWindow()
    window.show_shipping_queue()
    qtbot.waitUntil(queue.table.hasFocus, timeout=5000)
    assert queue.selected() is not None
    assert all(button.isEnabled() for button in queue.buttons.values())
