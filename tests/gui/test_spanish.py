"""The window in Spanish (issue 16): the menus, the order list and a physical order worked end to
end against the sandbox, every text read from the widgets; numbers and money in Spanish format."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT
from fulfildesk.ui.i18n import choose_language, install_language, money, number, when

HOODIE = "0b6f2a8e-3c44-4f1a-9d2e-5b7c8a9d0e11"


@pytest.fixture
def spanish(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    before = QLocale()
    assert install_language(qapp, "es") == "es"
    yield
    install_language(qapp, "en")
    QLocale.setDefault(before)


def test_language_choice() -> None:
    assert choose_language("es") == "es"
    assert choose_language("es_MX") == "es"
    assert choose_language("en") == "en"
    assert choose_language("fr") in ("es", "en")  # not spoken: the system's, else English


def test_numbers_money_and_dates_follow_the_language(spanish) -> None:  # type: ignore[no-untyped-def]
    assert number(12345) == "12.345"
    assert money(Decimal("12345.5"), "EUR") == "12.345,50 EUR"  # (CLDR: no group in 4 digits)
    assert money(Decimal("0.016")) == "0,02"  # rounded for display only
    assert when("2026-11-30T14:05:09Z").startswith("30/11/")
    assert when("2026-11-30T14:05:09Z").endswith("14:05")


def test_numbers_and_money_in_english(qapp) -> None:  # type: ignore[no-untyped-def]
    before = QLocale()
    install_language(qapp, "en")
    try:
        assert number(12345) == "12,345"
        assert money(Decimal("1234.5"), "EUR") == "1,234.50 EUR"
        assert when("2026-11-30T14:05:09Z") == "2026-11-30 14:05"
    finally:
        QLocale.setDefault(before)


def test_the_window_speaks_spanish(spanish, window) -> None:  # type: ignore[no-untyped-def]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == [
        "&Archivo",
        "&Claves",
        "&Vales",
        "&Inventario",
        "Al&macén",
        "V&er",
        "A&yuda",
    ]
    assert window.actions_by_name["sync"].text() == "Actualizar pedidos"
    assert window.actions_by_name["vouchers"].text() == "Comprar vales…"
    assert window.actions_by_name["settings"].text() == "Configuración…"
    assert window.purchases_dock.windowTitle() == "Compras"
    assert window.shipping_dock.windowTitle() == "Cola de envíos"
    model = window.model
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]
    assert headers[:4] == ["Proveedor", "Pedido", "Estado", "Creado (UTC)"]
    assert window.shipping_queue.tabs.tabText(0).startswith("Por enviar")
    # Qt's own buttons come from qtbase_es
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancelar"


def confirm(window, qtbot, label: str) -> None:  # type: ignore[no-untyped-def]
    box = window.warehouse.confirm_box
    button = next(b for b in box.buttons() if b.text() == label)
    with qtbot.waitSignal(window.warehouse.changed, timeout=10000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_physical_order_end_to_end_in_spanish(spanish, window, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.startupFinished, timeout=15000):
        window.start()

    def queue(stage: str) -> list[str]:
        return [r["provider_order_id"] for r in window.shipping_queue.rows.get(stage, [])]

    # reserve
    dialog = window.warehouse.open_reservation()
    assert dialog.windowTitle() == "Nueva reserva"
    assert dialog.submit_button.text() == "Reservar"
    dialog.set_value("player", "es-player")
    dialog.set_value("product", HOODIE)
    dialog.set_value("establishment", SEED_ESTABLISHMENT)
    with qtbot.waitSignal(window.warehouse.openOrder, timeout=10000) as opened:
        dialog.submit()
    tx = opened.args[1]
    qtbot.waitUntil(lambda: tx in queue("to_ship"), timeout=5000)
    assert "Reservado" in window.messages.table.item(window.messages.table.rowCount() - 1, 3).text()
    row = window.model.find("powerplugin", tx)
    assert window.model.data(window.model.index(row, 2), Qt.ItemDataRole.DisplayRole) in (
        "Reservado",
        "Pendiente",
    )
    # the queue's buttons for this stage
    buttons = [b.text() for b in window.shipping_queue.buttons.values()]
    assert "Enviar…" in buttons and "Cancelar la reserva…" in buttons
    # ship
    ship = window.warehouse.open_ship(tx)
    assert ship.windowTitle().startswith("Enviar ")
    assert ship.submit_button.text() == "Enviar"
    for name, value in (
        ("recipient", "Ana Torres"),
        ("address", "Gran Vía 1"),
        ("postal_code", "28013"),
        ("city", "Madrid"),
        ("country", "ES"),
    ):
        ship.set_value(name, value)
    with qtbot.waitSignal(window.warehouse.changed, timeout=10000):
        ship.submit()
    qtbot.waitUntil(lambda: tx in queue("to_track"), timeout=5000)
    # the tracking number, as a scanner types it
    tracking = window.warehouse.open_tracking(tx)
    assert tracking.windowTitle() == "Añadir número de seguimiento"
    assert tracking.submit_button.text() == "Guardar seguimiento"
    assert tracking.inputs["tracking_number"].placeholderText() == "escanee o escriba"
    qtbot.keyClicks(tracking.inputs["tracking_number"], "1Z999AA10123456784")
    with qtbot.waitSignal(window.warehouse.changed, timeout=10000):
        qtbot.keyClick(tracking.inputs["tracking_number"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tx in queue("to_complete"), timeout=5000)
    messages = [
        window.messages.table.item(r, 3).text() for r in range(window.messages.table.rowCount())
    ]
    assert any(m.startswith("Enviado ") and "Ana Torres" in m for m in messages)
    assert any("Número de seguimiento 1Z999AA10123456784 guardado" in m for m in messages)
    # complete, behind a confirmation in Spanish
    window.warehouse.confirm_complete(tx)
    box = window.warehouse.confirm_box
    assert box.windowTitle() == "Marcar como entregado"
    assert "¿Marcar este pedido como entregado?" in box.text()
    assert "No se puede completar dos veces." in box.informativeText() + box.text()
    confirm(window, qtbot, "Marcar como entregado")
    qtbot.waitUntil(lambda: tx not in queue("to_complete"), timeout=5000)
    # the order's detail pane
    window.select_order("powerplugin", tx)
    qtbot.waitUntil(lambda: window.detail.fields["tracking"].text() != "", timeout=5000)
    assert window.detail.fields["tracking"].text() == "1Z999AA10123456784"
    QApplication.processEvents()
