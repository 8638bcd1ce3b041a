"""Inventory orders, Kinguin search and image zoom through the window, against the sandbox."""

from __future__ import annotations

from gui_helpers import click_choice
from PySide6.QtCore import Qt

from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.services.inventory import EntryDraft
from fulfildesk.store.journal import OpState
from fulfildesk.ui.dialogs.inventory import COLUMNS
from fulfildesk.ui.theme import Tone, background


def fill(dialog, row: int, **values: str) -> None:  # type: ignore[no-untyped-def]
    for name, value in values.items():
        dialog.set_cell(row, name, value)


def test_inventory_order_end_to_end(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.inventory.open_dialog()
    assert dialog is not None
    # nothing filled: messages at the player field and at the entry's loot cell
    dialog.submit()
    assert dialog.player_error.isVisible()
    assert "Entry 1, loot id: Enter the loot id." in dialog.entries_error.text()
    loot_item = dialog.table.item(0, COLUMNS.index("loot_id"))
    assert loot_item.background().color() == background(Tone.BAD)
    qtbot.keyClicks(dialog.player, "7")
    fill(dialog, 0, loot_id="3")
    kind = dialog.table.cellWidget(0, 0)
    kind.setCurrentIndex(kind.findData("purchase_loot"))
    # editable fields follow the entry type
    assert dialog.entry_editable(0, "price") and not dialog.entry_editable(0, "external_tran_id")
    fill(dialog, 0, price_item_id="1", price="150", quantity="2")
    dialog.add_entry(EntryDraft(type="promotion_code", external_tran_id="WELCOME2026"))
    assert dialog.entry_editable(1, "external_tran_id") and not dialog.entry_editable(1, "price")
    dialog.add_entry(EntryDraft(type="fill_loot", loot_id=999999))
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert "player 7" in box.text() and "2 × Sell loot (player pays) (loot 3)" in box.text()
    assert "the player pays 150 Gold (item 1)" in box.text()
    with qtbot.waitSignal(window.purchaseFinished, timeout=15000) as finished:
        click_choice(qtbot, box, "Send order")
    assert finished.args[1] == OpState.COMPLETED.value
    assert dialog.results.rowCount() == 3
    assert dialog.results.item(0, 2).text() == "Done."
    assert "Gold (item 1): 1000 → 700 (-300)" in dialog.results.item(0, 3).text()
    assert dialog.results.item(2, 2).text() == "No loot with this id exists."
    assert "Partly applied" in dialog.results_title.text()  # a partial outcome reads as partial
    # the order is in the list with its entries
    qtbot.waitUntil(lambda: window.detail.secrets_box.title() == "Entries", timeout=5000)
    assert window.detail.entries.rowCount() == 3


def test_422_is_shown_at_the_cell_named_by_loc(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.inventory.open_dialog()
    qtbot.keyClicks(dialog.player, "8")
    fill(dialog, 0, loot_id="1")
    # the form allows 0 in the spin box; the provider's 422 names entries.0.quantity
    dialog.table.cellWidget(0, 1).setValue(0)
    _draft, problems = dialog.draft()
    assert "entries.0.quantity" in problems  # caught before sending
    dialog.show_failure(
        "refused", {"entries.0.quantity": "Input should be greater than or equal to 1"}
    )
    # the provider's library wording reads as plain words
    assert "Entry 1, qty: Must be at least 1." in dialog.entries_error.text()
    assert "Input should be" not in dialog.entries_error.text()


def test_202_order_shows_pending_then_resolves(
    window,
    qtbot,
    sandbox_config: SandboxConfig,  # type: ignore[no-untyped-def]
) -> None:
    sandbox_config.inventory_async_delay = 0.5
    dialog = window.inventory.open_dialog()
    qtbot.keyClicks(dialog.player, "9")
    fill(dialog, 0, loot_id="1")
    for loot in range(2, 8):
        dialog.add_entry(EntryDraft(type="fill_loot", loot_id=loot))
    dialog.submit()
    click_choice(qtbot, dialog.confirm_box, "Send order")
    qtbot.waitUntil(lambda: dialog.progress.isVisible(), timeout=5000)
    assert "still applying it" in dialog.results_title.text()
    assert dialog.results.item(0, 2).text().startswith("Not processed yet")
    qtbot.waitUntil(lambda: not dialog.progress.isVisible(), timeout=10000)
    assert all(dialog.results.item(r, 2).text() == "Done." for r in range(7))


def test_player_orders_are_fetched_and_cached(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    from fulfildesk.services.inventory import InventoryOrderDraft

    arun(
        window.ctx.inventory.submit(
            InventoryOrderDraft(player_id=11, entries=[EntryDraft(type="fill_loot", loot_id=4)])
        )
    )
    dialog = window.inventory.open_player_dialog()
    qtbot.keyClicks(dialog.player, "abc")
    dialog.fetch()
    assert "whole number" in dialog.error.text()
    dialog.player.setText("11")
    dialog.fetch()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    order_id = dialog.table.item(0, 0).text()
    # the list is re-read on its reader thread
    qtbot.waitUntil(lambda: window.model.find("inventory", order_id) is not None, timeout=5000)


def test_kinguin_search_filters_and_pages(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.kinguin_search.open_dialog()
    dialog.price_from.setText("cheap")
    dialog.search()
    assert "not a price" in dialog.form_error.text()
    dialog.price_from.setText("4")
    dialog.price_to.setText("15")
    dialog.status_boxes["completed"].setChecked(True)
    dialog.limit.setValue(5)
    dialog.search()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=5000)
    assert dialog.table.rowCount() == 5
    assert all(dialog.table.item(r, 1).text() == "Completed" for r in range(5))
    assert "Page 1 of" in dialog.page_label.text() and dialog.next_button.isEnabled()
    assert "keys can be downloaded" in dialog.table.item(0, 1).toolTip()
    first_page = [dialog.table.item(r, 0).text() for r in range(5)]
    dialog.next_button.click()
    qtbot.waitUntil(lambda: "Page 2 of" in dialog.page_label.text(), timeout=5000)
    second_page = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert not set(first_page) & set(second_page)
    # opening a found order selects it in the list
    dialog.table.selectRow(0)
    dialog._open()
    qtbot.waitUntil(
        lambda: (
            window.detail.row is not None or window.orders.table.selectionModel().hasSelection()
        ),
        timeout=5000,
    )


def test_image_key_zoom(qtbot) -> None:  # type: ignore[no-untyped-def]
    import base64
    import io

    from PIL import Image

    from fulfildesk.domain.models import Provider, SerialKey
    from fulfildesk.ui.widgets.key_viewer import ImageKeyCard

    buffer = io.BytesIO()
    Image.new("RGB", (200, 50), "white").save(buffer, format="PNG")
    key = SerialKey(
        provider=Provider.KINGUIN,
        provider_order_id="1",
        name="Hades",
        content_type="image/png",
        serial=base64.b64encode(buffer.getvalue()).decode(),
    )
    card = ImageKeyCard(key)
    qtbot.addWidget(card)
    assert card.open_zoom() is None  # masked: the key is not shown before Reveal
    card.set_revealed(True)
    zoom = card.open_zoom()
    assert zoom is not None
    assert zoom.picture.width() == 400  # opens at 200 %
    zoom.slider.setValue(100)
    assert zoom.picture.width() == 200 and zoom.level.text() == "100%"
    zoom.close()
