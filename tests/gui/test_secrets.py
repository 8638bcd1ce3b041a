"""Issue 13.7: image keys are masked until revealed, like text keys; revealing and copying a key
is written in the order's history with the operator (never the key itself)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from fulfildesk.domain.models import KeyLine
from fulfildesk.ui.widgets.key_viewer import ImageKeyCard, TextKeyCard


def test_image_keys_are_masked_and_reveals_and_copies_are_in_history(window, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    keys = window.ctx.keys
    lines = [
        KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"), name="Anno"),
        KeyLine(product_id=409, quantity=1, max_price=Decimal("7.49")),
    ]
    op = arun(keys.begin(lines))
    outcome = arun(keys.drive(op.operation_id, lambda *_a: None), timeout=20000)
    order_id = outcome.order.provider_order_id
    window.orders.refresh()
    assert window.select_order("kinguin", order_id)
    # the reader thread re-reads the list; the order is selected (again) once it is counted
    qtbot.waitUntil(
        lambda: (
            window.model.count_known
            and window.detail.row is not None
            and window.detail.row["provider_order_id"] == order_id
            and len(window.detail.keys.cards) == 2
            and window.detail.keys.cards[1].mask_label.isVisible()
        ),
        timeout=5000,
    )
    text_card, image_card = window.detail.keys.cards
    assert isinstance(text_card, TextKeyCard) and isinstance(image_card, ImageKeyCard)
    # masked until revealed, both kinds
    assert not text_card.revealed and not image_card.revealed
    assert not image_card.picture.isVisible() and image_card.mask_label.isVisible()
    assert not image_card.zoom_button.isEnabled()
    assert image_card.open_zoom() is None
    qtbot.mouseClick(image_card.reveal_button, Qt.MouseButton.LeftButton)
    assert image_card.revealed and image_card.picture.isVisible()
    assert image_card.zoom_button.isEnabled()
    qtbot.mouseClick(image_card.reveal_button, Qt.MouseButton.LeftButton)
    assert not image_card.revealed and image_card.mask_label.isVisible()
    # reveal and copy are logged in the order's history, with the operator
    with qtbot.waitSignal(window.orders.secretUsed, timeout=5000):
        qtbot.mouseClick(image_card.reveal_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.orders.secretUsed, timeout=5000):
        qtbot.mouseClick(text_card.copy_button, Qt.MouseButton.LeftButton)
    events = arun(window.ctx.store.run(lambda s: s.order_events("kinguin", order_id)))
    actions = [(e["operator"], e["action"]) for e in events]
    assert ("tester", "Image key revealed") in actions and ("tester", "Key copied") in actions
    assert all(text_card.key.serial not in (e["detail"] or "") for e in events)
    history = window.detail.history_label
    assert history.isVisible() and "tester: Key copied" in history.text()
