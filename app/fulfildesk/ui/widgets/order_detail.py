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
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.domain.models import SerialKey, Voucher
from fulfildesk.ui.models.orders import PROVIDER_SHORT, status_label
from fulfildesk.ui.text import plain_label
from fulfildesk.ui.widgets.key_viewer import KeyViewer
from fulfildesk.ui.widgets.voucher_viewer import VoucherViewer


class OrderDetail(QWidget):
    fetchKeysRequested = Signal(dict)
    warehouseAction = Signal(str, str)  # action, transaction id
    resendRequested = Signal(str)

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
            ("reference", "Reference"),
        ):
            value = plain_label("", self, wrap=True, selectable=True)
            self.fields[key] = value
            form.addRow(label, value)
        self.form = form
        self.explanation = plain_label("", self, wrap=True)
        self.explanation.setStyleSheet("color: #555; font-style: italic;")
        layout.addLayout(form)
        layout.addWidget(self.explanation)
        keys_box = QGroupBox("Keys", self)
        self.secrets_box = keys_box
        keys_layout = QVBoxLayout(keys_box)
        self.stack = QStackedWidget(keys_box)
        self.keys = KeyViewer(self.stack)
        self.vouchers = VoucherViewer(self.stack)
        self.entries = QTableWidget(0, 3, self.stack)
        self.entries.setHorizontalHeaderLabels(["Entry", "Result", "Inventory changes"])
        self.entries.verticalHeader().hide()
        self.entries.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.entries.horizontalHeader().setStretchLastSection(True)
        self.stack.addWidget(self.keys)
        self.stack.addWidget(self.vouchers)
        self.stack.addWidget(self.entries)
        self.warehouse = QWidget(self.stack)
        wh_layout = QVBoxLayout(self.warehouse)
        wh_layout.setContentsMargins(0, 0, 0, 0)
        self.history = QPlainTextEdit(self.warehouse)
        self.history.setReadOnly(True)
        self.history.setPlaceholderText("No actions recorded by this console yet.")
        wh_layout.addWidget(self.history)
        self.warehouse_buttons = QHBoxLayout()
        wh_layout.addLayout(self.warehouse_buttons)
        self.stack.addWidget(self.warehouse)
        keys_layout.addWidget(self.stack)
        actions = QHBoxLayout()
        self.fetch_button = QPushButton("Get keys from Kinguin", keys_box)
        self.fetch_button.clicked.connect(self._fetch)
        self.fetch_button.hide()
        actions.addWidget(self.fetch_button)
        self.resend_button = QPushButton("Email vouchers to the receiver again", keys_box)
        self.resend_button.clicked.connect(self._resend)
        self.resend_button.hide()
        actions.addWidget(self.resend_button)
        actions.addStretch(1)
        keys_layout.addLayout(actions)
        layout.addWidget(keys_box, 1)
        self.row: dict[str, Any] | None = None
        self.show_row(None, [])

    def show_row(
        self,
        row: dict[str, Any] | None,
        keys: list[SerialKey],
        vouchers: list[Voucher] | None = None,
        entries: list[Any] | None = None,
    ) -> None:
        self.row = row
        provider = row["provider"] if row is not None else ""
        is_plum = provider == "plum"
        if provider == "inventory":
            self.stack.setCurrentWidget(self.entries)
            self.secrets_box.setTitle("Entries")
        elif provider == "powerplugin":
            self.stack.setCurrentWidget(self.warehouse)
            self.secrets_box.setTitle("History and actions")
        else:
            self.stack.setCurrentWidget(self.vouchers if is_plum else self.keys)
            self.secrets_box.setTitle("Vouchers" if is_plum else "Keys")
        self._show_entries(entries or [])
        self.vouchers.set_vouchers(vouchers or [])
        self.resend_button.setVisible(is_plum)
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
        # loaded on the first order shown: it pulls in the provider modules (start-up, issue 15)
        from fulfildesk.services.status import explain

        self.explanation.setText(explain(row["provider"], row["provider_status"], row["status"]))
        self.fields["created"].setText((row["created_at"] or "").replace("T", " ").rstrip("Z"))
        total = row["total"]
        self.fields["total"].setText(
            f"{Decimal(total):,.2f} {row['currency'] or ''}" if total is not None else ""
        )
        self.fields["products"].setText(row["products"] or "")
        self.fields["dispatch"].setText(row["dispatch_id"] or "not dispatched")
        self.fields["player"].setText(row["player_id"] or "—")
        self.fields["reference"].setText(row.get("reference") or "—")
        # show only the facts that mean something for this provider
        shown = {
            "dispatch": row["provider"] == "kinguin",
            "player": row["provider"] in ("powerplugin", "inventory"),
            "reference": bool(row.get("reference")),
        }
        for key, visible in shown.items():
            self.form.setRowVisible(self.fields[key], visible)
        self.keys.set_keys(keys)
        self.fetch_button.setVisible(
            bool(row["dispatch_id"]) and not keys and row["provider"] == "kinguin"
        )

    def show_warehouse(self, history: str, actions: list[tuple[str, str]]) -> None:
        """History lines and the actions that fit the order's stage."""
        self.history.setPlainText(history)
        while self.warehouse_buttons.count():
            item = self.warehouse_buttons.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.warehouse_action_buttons: dict[str, QPushButton] = {}
        for action, label in actions:
            button = QPushButton(label, self.warehouse)
            button.clicked.connect(lambda _c=False, a=action: self._warehouse(a))
            self.warehouse_action_buttons[action] = button
            self.warehouse_buttons.addWidget(button)
        self.warehouse_buttons.addStretch(1)

    def _warehouse(self, action: str) -> None:
        if self.row is not None:
            self.warehouseAction.emit(action, self.row["provider_order_id"])

    def _show_entries(self, entries: list[Any]) -> None:
        self.entries.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            changes = (
                ", ".join(
                    f"item {c.item_id}: {c.before if c.before is not None else 0} → {c.after} "
                    f"({c.delta:+d})"
                    for c in entry.changes
                )
                or "—"
            )
            what = (
                entry.type.replace("_", " ")
                + (f" · loot {entry.loot_id}" if entry.loot_id is not None else "")
                + (f" × {entry.quantity}")
            )
            for column, text in enumerate((what, entry.result_text, changes)):
                self.entries.setItem(row, column, QTableWidgetItem(text))
        self.entries.resizeColumnsToContents()

    def _resend(self) -> None:
        if self.row is not None:
            self.resendRequested.emit(self.row["provider_order_id"])

    def _fetch(self) -> None:
        if self.row is not None:
            self.fetchKeysRequested.emit(self.row)
