"""The controller contract: a form is usable again after any exception in its work, "a
purchase is running" is asked of the controllers, the window stays a thin composition, and the
menus come from one table."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import click_choice
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT

UI = Path(__file__).resolve().parents[2] / "app" / "fulfildesk" / "ui"


async def boom(*_args: Any, **_kwargs: Any) -> Any:
    raise RuntimeError("service exploded")


def error_shown(window) -> bool:  # type: ignore[no-untyped-def]
    box = getattr(window, "error_box", None)
    return box is not None and box.isVisible() and "service exploded" in box.text()


def fill_buy_dialog(window, qtbot):  # type: ignore[no-untyped-def]
    window.buy_action.trigger()
    dialog = window.keys.dialog
    qtbot.keyClicks(dialog.rows[0].product, "5")
    qtbot.keyClicks(dialog.rows[0].price, "3.59")
    return dialog


def test_buy_dialog_is_usable_again_after_the_service_raises(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(window.ctx.keys, "drive", boom)
    dialog = fill_buy_dialog(window, qtbot)
    qtbot.mouseClick(dialog.buy_button, Qt.MouseButton.LeftButton)
    click_choice(qtbot, dialog.confirm_box, "Buy for up to 3.59 EUR")
    qtbot.waitUntil(lambda: error_shown(window), timeout=5000)
    qtbot.waitUntil(dialog.buy_button.isEnabled, timeout=5000)
    assert dialog.isVisible() and not dialog.progress.isVisible()
    assert dialog.rows[0].price.isEnabled()
    assert not window.keys.busy and not window.purchase_running()


def test_voucher_dialog_is_usable_again_after_the_service_raises(
    window, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from fulfildesk.services.vouchers import VoucherRequest

    monkeypatch.setattr(window.ctx.vouchers, "drive", boom)
    dialog = window.vouchers.open_dialog()
    window.vouchers.start_purchase(VoucherRequest(29877, Decimal("25")), dialog)
    assert not dialog.buy_button.isEnabled()
    qtbot.waitUntil(lambda: error_shown(window), timeout=5000)
    qtbot.waitUntil(dialog.buy_button.isEnabled, timeout=5000)
    assert not dialog.progress.isVisible() and not window.vouchers.busy


def test_inventory_dialog_is_usable_again_after_the_service_raises(
    window, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(window.ctx.inventory, "begin", boom)
    dialog = window.inventory.open_dialog()
    qtbot.keyClicks(dialog.player, "7")
    dialog.set_cell(0, "loot_id", "3")
    dialog.submit()
    click_choice(qtbot, dialog.confirm_box, "Send order")
    assert not dialog.send_button.isEnabled()
    qtbot.waitUntil(lambda: error_shown(window), timeout=5000)
    qtbot.waitUntil(dialog.send_button.isEnabled, timeout=5000)
    assert dialog.results_title.text() == "" and not window.inventory.busy


def test_lookup_search_and_player_dialogs_are_usable_again_after_a_raise(
    window, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import fulfildesk.services.sync as sync_service

    monkeypatch.setattr(window.ctx.vouchers, "lookup", boom)
    monkeypatch.setattr(window.ctx.inventory, "player_orders", boom)
    monkeypatch.setattr(sync_service, "search_kinguin", boom)
    lookup = window.vouchers.open_lookup()
    lookup.value.setText("123")
    lookup.submit()
    assert not lookup.lookup_button.isEnabled()
    qtbot.waitUntil(lookup.lookup_button.isEnabled, timeout=5000)
    search = window.kinguin_search.open_dialog()
    search.search()
    assert not search.search_button.isEnabled()
    qtbot.waitUntil(search.search_button.isEnabled, timeout=5000)
    players = window.inventory.open_player_dialog()
    players.player.setText("7")
    players.fetch()
    assert not players.fetch_button.isEnabled()
    qtbot.waitUntil(players.fetch_button.isEnabled, timeout=5000)
    assert players.summary.text() == ""


def test_warehouse_form_is_usable_again_after_the_service_raises(
    window, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(window.ctx.shipping, "reserve", boom)
    dialog = window.warehouse.open_reservation()
    dialog.set_value("player", "7")
    dialog.set_value("product", "0b6f2a8e-3c44-4f1a-9d2e-5b7c8a9d0e11")
    dialog.set_value("establishment", SEED_ESTABLISHMENT)
    dialog.submit()
    qtbot.waitUntil(lambda: error_shown(window), timeout=5000)
    qtbot.waitUntil(dialog.submit_button.isEnabled, timeout=5000)
    assert dialog.isVisible() and not dialog.progress.isVisible()


def test_close_asks_while_a_controller_has_a_purchase_running(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    gate = asyncio.Event()
    real_drive = window.ctx.keys.drive

    async def held_drive(*args: Any, **kwargs: Any) -> Any:
        await gate.wait()
        return await real_drive(*args, **kwargs)

    monkeypatch.setattr(window.ctx.keys, "drive", held_drive)
    asked: list[str] = []

    def answer_no(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(args[1])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer_no)
    dialog = fill_buy_dialog(window, qtbot)
    dialog.hide()  # no form on screen: the answer must not come from a progress bar
    from decimal import Decimal

    from fulfildesk.domain.models import KeyLine

    window.keys.start_purchase([KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"))])
    assert window.keys.busy and window.purchase_running()
    window.close()
    assert asked == ["Purchase in progress"] and window.isVisible()
    with qtbot.waitSignal(window.purchaseFinished, timeout=20000):
        gate.set()
    assert not window.purchase_running()
    window.close()
    assert asked == ["Purchase in progress"] and not window.isVisible()


# ---------------------------------------------------------------- the shape of the window


def test_main_window_is_a_thin_composition() -> None:
    source = (UI / "main_window.py").read_text(encoding="utf-8")
    # 410: wrapping its strings for translation (self.tr(...).format) took a few lines
    assert len(source.splitlines()) < 410


@pytest.mark.parametrize("path", sorted(p for p in UI.rglob("*.py") if p.name != "compat.py"))
def test_ui_reaches_no_provider_and_no_store_internals(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import) fulfildesk\.providers", source, re.M), path
    assert ".db.conn" not in source and "s.db." not in source, path


def test_menus_and_toolbar_come_from_the_action_table(window) -> None:  # type: ignore[no-untyped-def]
    from fulfildesk.ui.actions import ACTIONS, MENUS

    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == list(MENUS)
    for spec in ACTIONS:
        action = getattr(window, f"{spec.name}_action")
        assert action.text() == spec.text
        if spec.menu is not None:
            assert action in menus[spec.menu].actions(), spec.name
        assert action.isEnabled() == spec.enabled(window.ctx), spec.name
    toolbar_names = [s.name for s in sorted(ACTIONS, key=lambda s: s.toolbar) if s.toolbar]
    assert toolbar_names[0] == "buy" and toolbar_names[-1] == "settings"


def test_every_controller_reports_through_the_window(window) -> None:  # type: ignore[no-untyped-def]
    from fulfildesk.ui.controllers.base import Changes, FlowController

    assert all(isinstance(c, FlowController) for c in window.controllers)
    assert window.warehouse in window.controllers
    assert Changes.orders("plum") | Changes(journal=True) == Changes(frozenset({"plum"}), True)
    assert not Changes()
