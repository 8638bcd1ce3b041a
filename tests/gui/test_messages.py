"""Issue 13.3: a message log keeps every success and error with time, provider and full text,
copyable; the status bar's one-line summary opens it; field errors stay at the field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT

HOODIE = "0b6f2a8e-3c44-4f1a-9d2e-5b7c8a9d0e11"


def test_errors_and_successes_are_logged_in_full_and_copyable(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    from fulfildesk.services.shipping import ReservationRequest

    outcome = arun(
        window.ctx.shipping.reserve(ReservationRequest("log-player", HOODIE, SEED_ESTABLISHMENT))
    )
    tx = outcome.shipment.transaction_id
    arun(window.warehouse.reload())
    # an action the provider refuses (a reservation cannot be marked delivered), no form
    with qtbot.waitSignal(window.messages.added, timeout=10000) as added:
        window.warehouse._simple(tx, "complete")
    error = added.args[0]
    assert error.level == "error" and error.provider == "powerplugin"
    assert error.text.startswith("Marking delivered failed: Physical goods: ")
    assert error.text.count("Physical goods") == 1  # the provider named once
    assert "Input should" not in error.text
    # the status bar sums it up on one line and keeps the full text
    summary = window.message_summary
    assert summary.full_text == error.text and summary.isVisible()
    shown = summary.shown_text()
    assert shown.endswith("…") or shown == error.text
    # it reads like a status line: the text starts at the left edge, not centred
    assert summary.label.alignment() & Qt.AlignmentFlag.AlignLeft
    assert summary.label.geometry().left() <= 8
    assert summary.label.width() >= summary.width() - 16
    # a click opens the log, where the full text, time and provider are
    window.messages_dock.hide()
    qtbot.mouseClick(summary, Qt.MouseButton.LeftButton)
    assert window.messages_dock.isVisible()
    table = window.messages.table
    last = table.rowCount() - 1
    assert table.item(last, 3).text() == error.text
    assert table.item(last, 2).text() == "Physical goods"
    assert table.item(last, 0).text()[:4].isdigit()
    # a success is logged too
    with qtbot.waitSignal(window.messages.added, timeout=10000) as added:
        window.warehouse.confirm_cancel_reservation(tx)
        from gui_helpers import click_choice

        click_choice(qtbot, window.warehouse.confirm_box, "Cancel reservation")
    assert added.args[0].level == "success" and "Cancelled" in added.args[0].text
    # copy: all messages when none is selected, with time, level, provider and text
    table.clearSelection()
    qtbot.mouseClick(window.messages.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert error.text in copied and "UTC  Error  Physical goods" in copied
    table.selectRow(last)
    window.messages.copy()
    assert QGuiApplication.clipboard().text().endswith(error.text)


def test_a_field_error_stays_at_its_field_and_is_logged(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.warehouse.open_reservation()
    dialog.set_value("player", "p-field")
    dialog.set_value("product", "no-such-product")
    dialog.set_value("establishment", SEED_ESTABLISHMENT)
    with qtbot.waitSignal(window.messages.added, timeout=10000) as added:
        dialog.submit()
    assert dialog.errors["product"].isVisible()
    assert "unknown productId" in dialog.errors["product"].text()
    assert added.args[0].level == "error" and added.args[0].provider == "powerplugin"


def test_the_log_opens_from_the_keyboard(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.messages_dock.hide()
    window.messages_action.trigger()  # File > Messages, Ctrl+Shift+M
    assert window.messages_dock.isVisible()
    assert window.messages_action.shortcut().toString() == "Ctrl+Shift+M"


def test_a_refused_token_is_reported_by_the_windows_sync_on_a_fresh_cache(
    settings, qtbot, arun, sandbox
) -> None:  # type: ignore[no-untyped-def]
    """Nothing cached, so the physical goods sync has no player to fetch: it still checks the
    credential, and the log says which provider refused it, in the CLI's words."""
    from fulfildesk.context import AppContext
    from fulfildesk.domain.models import Provider
    from fulfildesk.ui.main_window import MainWindow

    settings.provider(Provider.POWERPLUGIN).token = "wrong-token"
    ctx = AppContext.open(settings, poll_interval=0.02)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.startupFinished, timeout=20000):
            window.start()
        texts = [m.text for m in window.messages.messages]
        refused = [t for t in texts if "Physical goods: token refused" in t]
        assert refused, texts
        assert "Kinguin" not in refused[0]  # the providers that synced are not blamed
        assert window.message_summary.full_text == refused[0]
    finally:
        arun(window.runner.cancel_all())
        window.model.close()
        arun(ctx.aclose())
