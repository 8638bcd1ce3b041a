"""Issue 13.8: no raw ids to type. The reservation form and the player lookup pick players,
products and establishments from what the console knows (real sandbox, real cache)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from fulfildesk.sandbox.powerplugin import PLAYERS, SEED_ESTABLISHMENT, SEED_PLAYER

STICKERS = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c54"
ANA = PLAYERS[1][0]


def opened(window, qtbot, open_form):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.warehouse.pickersFilled, timeout=10000):
        dialog = open_form()
    return dialog


def labels(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def look_up(window, qtbot, player: str) -> None:  # type: ignore[no-untyped-def]
    lookup = opened(window, qtbot, window.warehouse.open_player_lookup)
    lookup.set_value("player", player)  # a new player's id can still be pasted
    qtbot.keyClick(lookup.inputs["player"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not lookup.isVisible(), timeout=10000)


def test_reservation_picks_player_product_and_establishment(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    look_up(window, qtbot, SEED_PLAYER)
    look_up(window, qtbot, ANA)
    # the lookup now offers the players it fetched, by name and email
    lookup = opened(window, qtbot, window.warehouse.open_player_lookup)
    assert any(
        "Ana Torres" in t and "ana.torres@example.com" in t
        for t in labels(
            lookup.inputs["player"]  # type: ignore[arg-type]
        )
    )
    lookup.reject()

    dialog = opened(window, qtbot, window.warehouse.open_reservation)
    player, product, place = (dialog.inputs[n] for n in ("player", "product", "establishment"))
    assert isinstance(player, QComboBox) and isinstance(product, QComboBox)
    assert isinstance(place, QComboBox)
    assert any(t.startswith("user player <user@user.com>") for t in labels(player))
    for combo in (player, product, place):  # one entry per player, product, establishment
        assert len(labels(combo)) == len(set(labels(combo))), labels(combo)
    assert len(labels(player)) == 2
    assert any(t.startswith("Sticker Pack (free)") for t in labels(product))
    assert any(t.startswith("Collector's Edition Box") for t in labels(product))
    assert any(t.startswith("User Establishment") for t in labels(place))
    # searching: part of a name narrows the list (case-insensitive, anywhere in the label)
    completer = place.completer()
    assert completer is not None
    completer.setCompletionPrefix("establish")
    assert completer.completionCount() >= 1
    completer.setCompletionPrefix("sticker")
    assert completer.completionCount() == 0  # not an establishment
    # choose by name: the form sends the ids, and the player's email is filled in
    player.setCurrentIndex(player.findText("user player", Qt.MatchFlag.MatchStartsWith))
    product.setCurrentIndex(product.findText("Sticker Pack", Qt.MatchFlag.MatchStartsWith))
    place.setCurrentIndex(place.findText("User Establishment", Qt.MatchFlag.MatchStartsWith))
    values = dialog.values()
    assert (values["player"], values["product"], values["establishment"]) == (
        SEED_PLAYER,
        STICKERS,
        SEED_ESTABLISHMENT,
    )
    assert values["email"] == "user@user.com"
    with qtbot.waitSignal(window.warehouse.openOrder, timeout=10000) as done:
        qtbot.keyClick(dialog.inputs["email"], Qt.Key.Key_Return)
    assert not dialog.isVisible()
    row = window.ctx.store.store.get_order("powerplugin", done.args[1])
    assert row is not None and row.player_id == SEED_PLAYER


def test_the_shipping_queue_says_how_to_fill_it_when_empty(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    queue = window.shipping_queue
    queue.set_rows({stage: [] for stage in queue.stages})
    window.shipping_dock.show()
    window.shipping_dock.raise_()
    qtbot.waitUntil(queue.empty_hint.isVisible, timeout=5000)
    assert "Player lookup" in queue.empty_hint.text()


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")  # offscreen popups
def test_enter_in_a_pickers_list_picks_and_sends_nothing(window, qtbot, sandbox) -> None:  # type: ignore[no-untyped-def]
    """Typing part of a name opens the list; Enter there picks the entry. It must not submit
    the form with the half-typed text (a reservation for a player called 'ana')."""
    from gui_helpers import writes

    look_up(window, qtbot, ANA)
    dialog = opened(window, qtbot, window.warehouse.open_reservation)
    product, place = dialog.inputs["product"], dialog.inputs["establishment"]
    assert isinstance(product, QComboBox) and isinstance(place, QComboBox)
    product.setCurrentIndex(product.findText("Art Poster", Qt.MatchFlag.MatchStartsWith))
    place.setCurrentIndex(0)
    player = dialog.inputs["player"]
    assert isinstance(player, QComboBox)
    line = player.lineEdit()
    assert line is not None
    before = len(writes(sandbox, "/reservation"))
    qtbot.keyClicks(line, "torres")
    popup = player.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=5000)
    qtbot.wait(300)
    assert len(writes(sandbox, "/reservation")) == before  # nothing sent
    assert dialog.isVisible() and dialog.values()["player"] == ANA
    assert dialog.errors["player"].text() == ""
