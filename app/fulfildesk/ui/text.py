"""Showing provider strings safely: plain text everywhere, tooltips included."""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget


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


def select_only_row(table: QAbstractItemView, row: int) -> None:
    """Make `row` the one selected (and current) row of a table, whatever keys are held: Qt's
    `selectRow` toggles or extends the selection of a multi-selection table while Ctrl or Shift
    is down, so a row chosen by the program could end up unselected."""
    index = table.model().index(row, 0)
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    table.selectionModel().setCurrentIndex(index, flags)
