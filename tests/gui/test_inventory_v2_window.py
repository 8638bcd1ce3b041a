"""Inventory v2 through the window: players by UUID in the order form, the player lookup, the
journal, the cache and the sync (real sandbox over loopback, client credentials)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from gui_helpers import click_choice
from PySide6.QtCore import Qt

from fulfildesk.config import Settings
from fulfildesk.domain.models import Provider
from fulfildesk.providers.inventory import OrderCreateWire
from fulfildesk.sandbox.config import INVENTORY_CLIENT_ID, INVENTORY_CLIENT_SECRET
from fulfildesk.services.sync import service_for
from fulfildesk.store.db import Store
from fulfildesk.store.journal import OpState


@pytest.fixture
def settings(settings: Settings) -> Iterator[Settings]:
    entry = settings.provider(Provider.INVENTORY)
    entry.api = "v2"
    entry.token = None
    entry.client_id, entry.client_secret = INVENTORY_CLIENT_ID, INVENTORY_CLIENT_SECRET
    yield settings


def test_v2_order_by_uuid_in_the_window_then_listed_and_synced(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    ctx = window.ctx
    assert ctx.inventory is not None and ctx.inventory.api == "v2"
    dialog = window.inventory.open_dialog()
    assert dialog is not None and dialog.api == "v2"
    # a number is not a v2 player: refused at the field, as soon as the person leaves it
    qtbot.keyClicks(dialog.player, "7")
    dialog.player.editingFinished.emit()
    assert "is not a player UUID" in dialog.player_error.text()
    assert dialog.player_error.isVisible()
    dialog.set_cell(0, "loot_id", "3")
    dialog.submit()
    assert dialog.confirm_box is None  # nothing asked, nothing sent
    player = str(uuid.uuid4())
    dialog.player.clear()
    qtbot.keyClicks(dialog.player, player.upper())  # any case; journaled canonical
    dialog.player.editingFinished.emit()
    assert dialog.player_error.text() == ""
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None and f"player {player.upper()}" in box.text()
    with qtbot.waitSignal(window.purchaseFinished, timeout=15000) as finished:
        click_choice(qtbot, box, "Send order")
    assert finished.args[1] == OpState.COMPLETED.value
    assert dialog.results.item(0, 2).text() == "Done."
    # the journal names the player by UUID (canonical), and so does the cached order
    op = arun(ctx.store.run(Store.journal_get, finished.args[0]))
    assert op.payload["player_id"] == player and op.payload["api"] == "v2"
    order_id = op.provider_order_id
    cached = arun(ctx.store.run(Store.get_order, "inventory", order_id))
    assert cached is not None and cached.player_id == player
    # the order is in the list
    qtbot.waitUntil(lambda: window.model.find("inventory", order_id) is not None, timeout=5000)
    # the next order form offers the known player to pick
    second = window.inventory.open_dialog()
    qtbot.waitUntil(lambda: second.player.completer() is not None, timeout=5000)
    assert second.player.completer().model().stringList() == [player]
    second.reject()
    # the player lookup takes the UUID too (and refuses a number at the field)
    lookup = window.inventory.open_player_dialog()
    assert lookup is not None
    qtbot.keyClicks(lookup.player, "11")
    lookup.fetch()
    assert "is not a player UUID" in lookup.error.text()
    lookup.player.setText(player)
    lookup.fetch()
    qtbot.waitUntil(lambda: lookup.table.rowCount() == 1, timeout=5000)
    assert lookup.table.item(0, 0).text() == order_id
    # an order placed elsewhere for the same player appears after a sync, keyed by UUID
    wire = OrderCreateWire.model_validate(
        {"source": "CLIENT", "entries": [{"type": "fill_loot", "loot_id": 4, "quantity": 1}]}
    )
    other_id = arun(ctx.inventory_client.create_order(player, wire)).order.provider_order_id
    assert arun(ctx.store.run(Store.get_order, "inventory", other_id)) is None
    reports = arun(service_for(ctx).run(["inventory"]))
    assert not reports["inventory"].failed, reports["inventory"].error
    assert reports["inventory"].orders >= 2
    synced = arun(ctx.store.run(Store.get_order, "inventory", other_id))
    assert synced is not None and synced.player_id == player
