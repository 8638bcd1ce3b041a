"""Showing provider strings safely: plain text everywhere, tooltips included."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(
    text: str = "", parent: QWidget | None = None, *, wrap: bool = False, selectable: bool = False
) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def tooltip(text: str) -> str:
    """A tooltip that shows `text` literally (Qt guesses rich text for tooltips)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def error_message(exc: Exception) -> str:
    """A provider error in the words the CLI uses too (domain/texts.py)."""
    from fulfildesk.domain.texts import error_text

    provider = getattr(exc, "provider", "")
    message = getattr(exc, "message", None)
    if message is None:
        return str(exc)
    return error_text(provider, message, getattr(exc, "code", None))
