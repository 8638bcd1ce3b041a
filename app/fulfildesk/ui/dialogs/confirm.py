"""Confirmations for destructive or spending actions: safe under a tired thumb.

Every such question names what it acts on (order, items, amount) and its default button, the one
Enter presses, is the harmless choice; so is Escape. Each action that changes something is its own
explicit button (a refund is never the side effect of another choice). The callback of the chosen
action runs once, when the box closes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

Action = tuple[str, Callable[[], object]]


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    actions: Sequence[Action],
    keep: str,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> QMessageBox:
    """Open a window-modal question; `keep` (the harmless choice) is the default and Escape."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    chosen: dict[QPushButton, Callable[[], object]] = {}
    for number, (label, callback) in enumerate(actions):
        role = (
            QMessageBox.ButtonRole.AcceptRole
            if number == 0
            else QMessageBox.ButtonRole.DestructiveRole
        )
        button = box.addButton(label, role)
        button.setAutoDefault(False)
        button.setDefault(False)
        chosen[button] = callback
    keep_button = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep_button)
    box.setEscapeButton(keep_button)
    keep_button.setFocus()
    box.setProperty("keepText", keep)

    def done() -> None:
        clicked = box.clickedButton()
        callback = chosen.get(clicked) if isinstance(clicked, QPushButton) else None
        if callback is not None:
            callback()

    box.finished.connect(lambda _result: done())
    box.open()
    return box


def button(box: QMessageBox, text: str) -> QPushButton:
    """The button of `box` labelled `text` (tests, keyboard flows)."""
    found = next(b for b in box.buttons() if b.text() == text)
    assert isinstance(found, QPushButton)
    return found


def describe(
    *,
    order: str = "",
    items: str = "",
    amount: str = "",
    who: str = "",
) -> str:
    """The lines that name what a confirmation acts on."""
    lines = []
    if order:
        lines.append(QCoreApplication.translate("confirm", "Order: {order}").format(order=order))
    if items:
        lines.append(QCoreApplication.translate("confirm", "Items: {items}").format(items=items))
    if amount:
        lines.append(
            QCoreApplication.translate("confirm", "Amount: {amount}").format(amount=amount)
        )
    if who:
        lines.append(QCoreApplication.translate("confirm", "Player: {who}").format(who=who))
    return "\n".join(lines)
