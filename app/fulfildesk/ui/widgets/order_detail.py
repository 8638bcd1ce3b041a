"""The detail pane: one order's facts, status explained, and its keys."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.domain.models import OrderStatus, SerialKey
from fulfildesk.ui.models.orders import PROVIDER_SHORT, status_label
from fulfildesk.ui.text import plain_label
from fulfildesk.ui.widgets.key_viewer import KeyViewer


class OrderDetail(QWidget):
    fetchKeysRequested = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = plain_label("Select an order", self)
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        layout.addWidget(self.title)
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("provider", "Provider"),
            ("status", "Status"),
            ("created", "Created (UTC)"),
            ("total", "Total"),
            ("products", "Products"),
            ("dispatch", "Dispatch"),
            ("player", "Player"),
        ):
            value = plain_label("", self, wrap=True, selectable=True)
            self.fields[key] = value
            form.addRow(label, value)
        self.explanation = plain_label("", self, wrap=True)
        self.explanation.setStyleSheet("color: #555; font-style: italic;")
        layout.addLayout(form)
        layout.addWidget(self.explanation)
        keys_box = QGroupBox("Keys", self)
        keys_layout = QVBoxLayout(keys_box)
        self.keys = KeyViewer(keys_box)
        keys_layout.addWidget(self.keys)
        actions = QHBoxLayout()
        self.fetch_button = QPushButton("Get keys from Kinguin", keys_box)
        self.fetch_button.clicked.connect(self._fetch)
        self.fetch_button.hide()
        actions.addWidget(self.fetch_button)
        actions.addStretch(1)
        keys_layout.addLayout(actions)
        layout.addWidget(keys_box, 1)
        self.row: dict[str, Any] | None = None
        self.show_row(None, [])

    def show_row(self, row: dict[str, Any] | None, keys: list[SerialKey]) -> None:
        self.row = row
        if row is None:
            self.title.setText("Select an order to see its details and keys")
            for value in self.fields.values():
                value.setText("")
            self.explanation.setText("")
            self.keys.set_keys([])
            self.fetch_button.hide()
            return
        provider = PROVIDER_SHORT.get(row["provider"], row["provider"])
        self.title.setText(f"{provider} order {row['provider_order_id']}")
        self.fields["provider"].setText(provider)
        self.fields["status"].setText(
            f"{status_label(row['status'])} (provider says '{row['provider_status']}')"
        )
        try:
            self.explanation.setText(OrderStatus(row["status"]).explanation)
        except ValueError:
            self.explanation.setText("")
        self.fields["created"].setText((row["created_at"] or "").replace("T", " ").rstrip("Z"))
        total = row["total"]
        self.fields["total"].setText(
            f"{Decimal(total):,.2f} {row['currency'] or ''}" if total is not None else ""
        )
        self.fields["products"].setText(row["products"] or "")
        self.fields["dispatch"].setText(row["dispatch_id"] or "not dispatched")
        self.fields["player"].setText(row["player_id"] or "—")
        self.keys.set_keys(keys)
        self.fetch_button.setVisible(
            bool(row["dispatch_id"]) and not keys and row["provider"] == "kinguin"
        )

    def _fetch(self) -> None:
        if self.row is not None:
            self.fetchKeysRequested.emit(self.row)
