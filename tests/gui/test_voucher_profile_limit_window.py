"""Issue 14 in the window, against the Plum sandbox on loopback: the profile's daily voucher
limit asks with its own confirmation (Enter buys nothing, "Buy anyway" buys once), for one order
and for a bulk issue; and the health figures recorded just before the window closes are in the
cache when it opens again."""

from __future__ import annotations

from decimal import Decimal

from gui_helpers import click_choice
from PySide6.QtCore import Qt

from fulfildesk.store import ops
from fulfildesk.store.db import Store
from fulfildesk.store.journal import OpState


def plum_orders(window) -> int:  # type: ignore[no-untyped-def]
    return window._test_sandbox.db.conn.execute("SELECT count(*) FROM p_orders").fetchone()[0]


def limit_box(window, qtbot):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: window.vouchers.limit_box is not None and window.vouchers.limit_box.isVisible(),
        timeout=10000,
    )
    box = window.vouchers.limit_box
    assert box.defaultButton().text() == "Don't buy" == box.escapeButton().text()
    assert "warehouse profile" in box.text() and "Nothing was sent to Plum" in box.text()
    return box


def press_enter(window, qtbot, box) -> None:  # type: ignore[no-untyped-def]
    box.activateWindow()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=3000)
    window.vouchers.limit_box = None


def test_the_voucher_limit_asks_enter_keeps_the_money(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    window.ops.apply_profile("warehouse")
    assert (window.ctx.vouchers.profile, window.ctx.vouchers.profile_limit) == (
        "warehouse",
        Decimal(0),
    )
    dialog = window.vouchers.open_dialog()
    qtbot.waitUntil(lambda: len(dialog.picker.products) > 5, timeout=5000)
    assert dialog.picker.select(28543)
    dialog.picker.denomination.setCurrentIndex(dialog.picker.denomination.findData("10"))
    dialog.email.setText("player@example.com")
    dialog.review()
    click_choice(qtbot, dialog.confirm_box, "Buy")
    box = limit_box(window, qtbot)
    press_enter(window, qtbot, box)
    assert arun(window.ctx.store.run(Store.journal_list, None, None)) == []
    assert plum_orders(window) == 0
    qtbot.waitUntil(dialog.buy_button.isEnabled, timeout=3000)
    # asked again, and this time bought anyway: one order
    dialog.review()
    click_choice(qtbot, dialog.confirm_box, "Buy")
    box = limit_box(window, qtbot)
    with qtbot.waitSignal(window.purchaseFinished, timeout=15000) as finished:
        click_choice(qtbot, box, "Buy anyway")
    assert finished.args[1] == OpState.COMPLETED.value
    assert plum_orders(window) == 1
    assert len(arun(window.ctx.store.run(Store.journal_list, None, None))) == 1


def test_a_bulk_issue_asks_once_for_the_whole_batch(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    window.ctx.vouchers.min_interval = 0
    window.ops.apply_profile("warehouse")
    dialog = window.vouchers.open_bulk()
    qtbot.waitUntil(lambda: len(dialog.picker.products) > 5, timeout=5000)
    dialog.picker.select(29877)
    dialog.load_text("email\na@example.com\nb@example.com\n", "recipients.csv")
    dialog.start()
    click_choice(qtbot, dialog.confirm_box, "Issue 2 vouchers")
    box = limit_box(window, qtbot)
    assert "These 2 orders" in box.text()
    press_enter(window, qtbot, box)
    assert plum_orders(window) == 0
    assert arun(window.ctx.store.run(Store.journal_list, None, None)) == []
    qtbot.waitUntil(dialog.start_button.isEnabled, timeout=3000)  # the same rows, again
    dialog.start()
    click_choice(qtbot, dialog.confirm_box, "Issue 2 vouchers")
    click_choice(qtbot, limit_box(window, qtbot), "Buy anyway")
    qtbot.waitUntil(dialog.summary.isVisible, timeout=15000)
    assert "2 of 2 vouchers issued" in dialog.summary.toPlainText()
    assert plum_orders(window) == 2


def test_health_recorded_just_before_closing_is_there_after_reopening(  # type: ignore[no-untyped-def]
    window, ctx, qtbot, arun
) -> None:
    from fulfildesk.ui.main_window import MainWindow

    window.ops.health.record("closing-check", 42.0, False)
    window.ops.health.record("closing-check", 58.0, True)
    window.close()  # well within the 30 s flush interval
    rows = [
        r for r in arun(ctx.store.run(ops.health_rows, "0000")) if r["provider"] == "closing-check"
    ]
    assert [(r["requests"], r["errors"]) for r in rows] == [(2, 1)]
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.show()
    try:
        qtbot.waitUntil(lambda: "closing-check" in again.ops.health.providers(), timeout=5000)
        stats = again.ops.health.stats("closing-check")
        assert (stats.requests, stats.errors) == (2, 1)
    finally:
        arun(again.runner.cancel_all())
        again.model.close()
