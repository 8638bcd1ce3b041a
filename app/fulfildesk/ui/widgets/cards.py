"""A scrolling column of cards (keys, vouchers) with a message when there are none."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from fulfildesk.ui.text import plain_label


class CardList(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._inner = QWidget(self)
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setWidget(self._inner)

    def _reset(self, empty: bool, empty_text: str) -> None:
        """Remove every card; show `empty_text` when there is nothing to show."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if empty:
            self._layout.addWidget(plain_label(empty_text, self._inner))

    def _add(self, card: QWidget) -> None:
        self._layout.addWidget(card)

    def _finish(self) -> None:
        self._layout.addStretch(1)
