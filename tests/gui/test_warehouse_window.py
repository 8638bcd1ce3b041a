"""The warehouse through the window against the physical goods sandbox."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT

HOODIE = "0b6f2a8e-3c44-4f1a-9d2e-5b7c8a9d0e11"
POSTER = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b63"


def queue_ids(window, stage: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [r["provider_order_id"] for r in window.shipping_queue.rows.get(stage, [])]


def reserve(window, qtbot, player: str, product: str) -> str:  # type: ignore[no-untyped-def]
    dialog = window.warehouse.open_reservation()
    dialog.set_value("player", player)
    dialog.set_value("product", product)
    dialog.set_value("establishment", SEED_ESTABLISHMENT)
    with qtbot.waitSignal(window.warehouse.openOrder, timeout=10000) as opened:
        qtbot.keyClick(dialog.inputs["email"], Qt.Key.Key_Return)  # Enter submits
    assert not dialog.isVisible()
    return opened.args[1]  # (provider, transaction id)


def confirm(window, qtbot, label: str) -> None:  # type: ignore[no-untyped-def]
    box = window.warehouse.confirm_box
    assert box is not None
    button = next(b for b in box.buttons() if b.text() == label)
    with qtbot.waitSignal(window.warehouse.changed, timeout=10000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_reservation_form_checks_fields_and_shows_provider_refusals(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.warehouse.open_reservation()
    dialog.set_value("email", "not-an-email")
    dialog.submit()
    assert "player's id" in dialog.errors["player"].text()
    assert "product id" in dialog.errors["product"].text()
    assert "not an email address" in dialog.errors["email"].text()
    dialog.set_value("player", "p-refused")
    dialog.set_value("product", "no-such-product")
    dialog.set_value("establishment", SEED_ESTABLISHMENT)
    dialog.set_value("email", "")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.errors["product"].isVisible(), timeout=5000)
    assert "unknown productId" in dialog.errors["product"].text()
    assert dialog.isVisible()


def test_warehouse_end_to_end(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.startupFinished, timeout=15000):
        window.start()
    tx = reserve(window, qtbot, "e2e-player", HOODIE)
    qtbot.waitUntil(lambda: tx in queue_ids(window, "to_ship"), timeout=5000)
    # customer details
    details = window.warehouse.open_details(tx)
    details.set_value("postal_code", "ABC")
    details.set_value("country", "ES")
    details.submit()
    assert "not a valid postal code for ES" in details.errors["postal_code"].text()
    details.set_value("postal_code", "28013")
    details.set_value("city", "Madrid")
    details.set_value("email", "e2e@example.com")
    with qtbot.waitSignal(window.warehouse.changed, timeout=10000):
        details.submit()
    qtbot.waitUntil(lambda: not details.isVisible(), timeout=5000)
    # ship: the form is prefilled from the details; the recipient is required
    ship = window.warehouse.open_ship(tx)
    qtbot.waitUntil(lambda: ship.values()["postal_code"] == "28013", timeout=5000)
    assert ship.values()["country"] == "ES"
    ship.set_value("recipient", "")
    ship.submit()
    assert "recipient's name" in ship.errors["recipient"].text()
    ship.set_value("recipient", "Ana Torres")
    ship.set_value("address", "Gran Vía 1")
    with qtbot.waitSignal(window.warehouse.changed, timeout=10000):
        ship.submit()
    qtbot.waitUntil(lambda: tx in queue_ids(window, "to_track"), timeout=5000)
    # track with a scanner: Enter submits
    tracking = window.warehouse.open_tracking(tx)
    qtbot.keyClicks(tracking.inputs["tracking_number"], "1Z 999")
    qtbot.keyClick(tracking.inputs["tracking_number"], Qt.Key.Key_Return)
    assert "not a tracking number" in tracking.errors["tracking_number"].text()
    tracking.set_value("tracking_number", "")
    qtbot.keyClicks(tracking.inputs["tracking_number"], "1Z999AA10123456784")
    with qtbot.waitSignal(window.warehouse.changed, timeout=10000):
        qtbot.keyClick(tracking.inputs["tracking_number"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tx in queue_ids(window, "to_complete"), timeout=5000)
    # complete, behind a confirmation
    window.warehouse.confirm_complete(tx)
    assert "cannot be completed twice" in window.warehouse.confirm_box.text()
    confirm(window, qtbot, "Mark delivered")
    qtbot.waitUntil(lambda: tx not in queue_ids(window, "to_complete"), timeout=5000)
    # the order's history and a packing slip
    window.select_order("powerplugin", tx)
    qtbot.waitUntil(
        lambda: "Acquisition completed" in window.detail.history.toPlainText(), timeout=5000
    )
    history = window.detail.history.toPlainText()
    for action in ("Reserved", "Details updated", "Shipped", "Tracking added"):
        assert action in history
    assert "tester" in history
    slip = tmp_path / "slip.pdf"
    window.warehouse.save_slip(tx, slip)
    qtbot.waitUntil(lambda: slip.exists() and slip.stat().st_size > 1000, timeout=5000)
    assert slip.read_bytes().startswith(b"%PDF")
    # a second order: shipped, then cancelled with a refund
    tx2 = reserve(window, qtbot, "e2e-player", POSTER)
    ship2 = window.warehouse.open_ship(tx2)
    for name, value in (
        ("recipient", "Ana Torres"),
        ("address", "Gran Vía 1"),
        ("postal_code", "28013"),
        ("country", "ES"),
    ):
        ship2.set_value(name, value)
    with qtbot.waitSignal(window.warehouse.changed, timeout=10000):
        ship2.submit()
    box = window.warehouse.confirm_cancel_acquisition(tx2)
    assert "refunded the order's value" in box.text() and "cannot be undone" in box.text()
    confirm(window, qtbot, "Cancel and refund")

    def refunded() -> bool:
        row_number = window.model.find("powerplugin", tx2)
        return row_number is not None and window.model.row(row_number)["status"] == "refunded"

    qtbot.waitUntil(refunded, timeout=5000)


def test_scanner_flow_moves_to_the_next_order(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    from fulfildesk.services.shipping import Address, ReservationRequest

    service = window.ctx.shipping
    address = Address("Ana Torres", "Gran Vía 1", "28013", "ES", "Madrid")
    shipped = []
    for product in (HOODIE, POSTER):
        outcome = arun(service.reserve(ReservationRequest("scanner", product, SEED_ESTABLISHMENT)))
        shipped.append(arun(service.ship(outcome.shipment, address)).transaction_id)
    arun(window.warehouse.reload())
    waiting = queue_ids(window, "to_track")
    assert set(shipped) <= set(waiting)
    first = waiting[0]
    second = waiting[1]
    window.shipping_queue.tabs.setCurrentIndex(1)
    tracking = window.warehouse.open_tracking(first)
    qtbot.keyClicks(tracking.inputs["tracking_number"], "SCAN-0000001")
    with qtbot.waitSignal(window.warehouse.changed, timeout=10000):
        qtbot.keyClick(tracking.inputs["tracking_number"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tracking.property("transaction") == second, timeout=5000)
    assert tracking.isVisible() and tracking.values()["tracking_number"] == ""
    assert window.shipping_queue.selected() == second
    assert first not in queue_ids(window, "to_track")
    assert window.shipping_queue.tabs.tabText(2).startswith("To complete (")


def test_cancel_reservation_confirmation_says_what_happens(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    tx = reserve(window, qtbot, "cancel-player", HOODIE)
    box = window.warehouse.confirm_cancel_reservation(tx)
    assert "stock goes back" in box.text() and "nothing is refunded" in box.text()
    keep = next(b for b in box.buttons() if b.text() == "Keep the order")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert tx in queue_ids(window, "to_ship")
    window.warehouse.confirm_cancel_reservation(tx)
    confirm(window, qtbot, "Cancel reservation")
    qtbot.waitUntil(lambda: tx not in queue_ids(window, "to_ship"), timeout=5000)
    assert isinstance(box, QMessageBox)
