"""The detail pane: one order's facts, status explained, and its keys."""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
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
from fulfildesk.ui.i18n import money, when
from fulfildesk.ui.models.orders import PROVIDER_SHORT, status_label
from fulfildesk.ui.service_texts import service_text
from fulfildesk.ui.text import plain_label, tooltip
from fulfildesk.ui.theme import Tone, emphasise, tint
from fulfildesk.ui.vocabulary import entry_type_name, explain, products_text
from fulfildesk.ui.widgets.key_viewer import KeyViewer
from fulfildesk.ui.widgets.voucher_viewer import VoucherViewer, safe_link


class OrderDetail(QWidget):
    fetchKeysRequested = Signal(dict)
    #: "Return keys…" was pressed (the controller confirms first)
    returnKeysRequested = Signal(dict)
    warehouseAction = Signal(str, str)  # action, transaction id
    resendRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = plain_label(self.tr("Select an order"), self, wrap=True)
        emphasise(self.title, 13)
        self.title.setMinimumWidth(60)
        layout.addWidget(self.title)
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("provider", self.tr("Provider")),
            ("status", self.tr("Status")),
            ("created", self.tr("Created (UTC)")),
            ("total", self.tr("Total")),
            ("products", self.tr("Products")),
            ("dispatch", self.tr("Dispatch")),
            ("player", self.tr("Player")),
            ("reference", self.tr("Reference")),
            ("recipient", self.tr("Recipient")),
            ("address", self.tr("Address")),
            ("tracking", self.tr("Tracking number")),
            ("tracking_link", self.tr("Tracking page")),
        ):
            value = plain_label("", self, wrap=True, selectable=True)
            value.setMinimumWidth(60)
            self.fields[key] = value
            form.addRow(label, value)
        link = self.fields["tracking_link"]
        link.setTextFormat(Qt.TextFormat.RichText)
        link.setOpenExternalLinks(True)
        link.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.form = form
        self.explanation = plain_label("", self, wrap=True)
        tint(self.explanation, Tone.HINT)
        font = self.explanation.font()
        font.setItalic(True)
        self.explanation.setFont(font)
        layout.addLayout(form)
        layout.addWidget(self.explanation)
        # what the console did to the order, with the operator (physical goods show theirs
        # with their actions below)
        self.history_label = plain_label("", self, wrap=True, selectable=True)
        tint(self.history_label, Tone.HINT)
        self.history_label.hide()
        layout.addWidget(self.history_label)
        keys_box = QGroupBox(self.tr("Keys"), self)
        self.secrets_box = keys_box
        keys_layout = QVBoxLayout(keys_box)
        self.stack = QStackedWidget(keys_box)
        self.keys = KeyViewer(self.stack)
        self.vouchers = VoucherViewer(self.stack)
        self.entries = QTableWidget(0, 3, self.stack)
        self.entries.setHorizontalHeaderLabels(
            [self.tr("Entry"), self.tr("Result"), self.tr("Inventory changes")]
        )
        self.entries.verticalHeader().hide()
        self.entries.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.entries.horizontalHeader().setStretchLastSection(True)
        self.entries.setWordWrap(True)
        self.stack.addWidget(self.keys)
        self.stack.addWidget(self.vouchers)
        self.stack.addWidget(self.entries)
        self.warehouse = QWidget(self.stack)
        wh_layout = QVBoxLayout(self.warehouse)
        wh_layout.setContentsMargins(0, 0, 0, 0)
        self.history = QPlainTextEdit(self.warehouse)
        self.history.setReadOnly(True)
        self.history.setPlaceholderText(self.tr("No actions recorded by this console yet."))
        self.history.setMinimumHeight(80)
        # what can be done next first, then what was done; a grid, not a row: six buttons side
        # by side would widen the pane and squeeze the list
        self.warehouse_buttons = QGridLayout()
        wh_layout.addLayout(self.warehouse_buttons)
        wh_layout.addWidget(self.history)
        self.stack.addWidget(self.warehouse)
        #: "3 of 5 keys delivered" while Kinguin still delivers; a key return's result
        self.delivery = plain_label("", keys_box, wrap=True)
        self.delivery.setObjectName("delivery")
        self.delivery.hide()
        keys_layout.addWidget(self.delivery)
        self.key_note = plain_label("", keys_box, wrap=True, selectable=True)
        self.key_note.setObjectName("keyNote")
        self.key_note.hide()
        keys_layout.addWidget(self.key_note)
        keys_layout.addWidget(self.stack)
        actions = QHBoxLayout()
        self.fetch_button = QPushButton(self.tr("Get keys from Kinguin"), keys_box)
        self.fetch_button.clicked.connect(self._fetch)
        self.fetch_button.hide()
        actions.addWidget(self.fetch_button)
        self.return_button = QPushButton(self.tr("Return keys to Kinguin…"), keys_box)
        self.return_button.setToolTip(
            self.tr(
                "Ask Kinguin to take this order's delivered keys back and refund "
                "them (within 24 hours of delivery, keys not claimed, not "
                "pre-orders)."
            )
        )
        self.return_button.clicked.connect(self._return)
        self.return_button.hide()
        actions.addWidget(self.return_button)
        #: set by the window: Kinguin speaks the current API (key return exists)
        self.returns_enabled = False
        self._pending = False
        self.resend_button = QPushButton(self.tr("Email vouchers to the receiver again"), keys_box)
        self.resend_button.clicked.connect(self._resend)
        self.resend_button.hide()
        actions.addWidget(self.resend_button)
        actions.addStretch(1)
        keys_layout.addLayout(actions)
        layout.addWidget(keys_box, 1)
        self.row: dict[str, Any] | None = None
        self.tracking_url = ""
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
            self.secrets_box.setTitle(self.tr("Entries"))
        elif provider == "powerplugin":
            self.stack.setCurrentWidget(self.warehouse)
            self.secrets_box.setTitle(self.tr("History and actions"))
        else:
            self.stack.setCurrentWidget(self.vouchers if is_plum else self.keys)
            self.secrets_box.setTitle(self.tr("Vouchers") if is_plum else self.tr("Keys"))
        self._show_entries(entries or [])
        self.vouchers.set_vouchers(vouchers or [])
        self.resend_button.setVisible(is_plum)
        self._set_note(self.delivery, "")
        self._set_note(self.key_note, "")
        self._pending = False
        self.return_button.hide()
        self.history_label.hide()
        if row is None:
            self.title.setText(self.tr("Select an order to see its details and keys"))
            for value in self.fields.values():
                value.setText("")
            self.explanation.setText("")
            self.keys.set_keys([])
            self.fetch_button.hide()
            return
        provider = PROVIDER_SHORT.get(row["provider"], row["provider"])
        self.title.setText(
            self.tr("{provider} order {0}").format(row["provider_order_id"], provider=provider)
        )
        self.fields["provider"].setText(provider)
        self.fields["status"].setText(
            status_label(row["status"], row["provider"], row["provider_status"])
            + self.tr(" (provider says '{0}')").format(row["provider_status"])
        )
        # loaded on the first order shown: it pulls in the provider modules (start-up, issue 15)

        self.explanation.setText(explain(row["provider"], row["provider_status"], row["status"]))
        self.fields["created"].setText(when(row["created_at"], seconds=True))
        total = row["total"]
        self.fields["total"].setText(
            money(Decimal(total), row["currency"]) if total is not None else ""
        )
        self.fields["products"].setText(products_text(row["provider"], row["products"] or ""))
        self.fields["dispatch"].setText(row["dispatch_id"] or self.tr("not dispatched"))
        self.fields["player"].setText(row["player_id"] or "—")
        self.fields["reference"].setText(row.get("reference") or "—")
        # show only the facts that mean something for this provider
        shown = {
            "dispatch": row["provider"] == "kinguin",
            "player": row["provider"] in ("powerplugin", "inventory"),
            "reference": bool(row.get("reference")),
        }
        physical = row["provider"] == "powerplugin"
        for key in ("recipient", "address", "tracking", "tracking_link"):
            shown[key] = physical
            if physical:
                self.fields[key].setText("…")
        for key, visible in shown.items():
            self.form.setRowVisible(self.fields[key], visible)
        self.keys.set_keys(keys)
        self._update_key_actions()

    def _update_key_actions(self) -> None:
        row = self.row
        kinguin = row is not None and row["provider"] == "kinguin"
        keys = self.keys.cards
        # v1 fetches by dispatch; the current API by order, for orders bought anywhere
        fetchable = bool(row and (row["dispatch_id"] or self.returns_enabled))
        self.fetch_button.setVisible(kinguin and fetchable and (not keys or self._pending))
        self.return_button.setVisible(
            kinguin
            and self.returns_enabled
            and any((card.key.status or "DELIVERED") == "DELIVERED" for card in keys)
        )

    def set_delivery(self, order_id: str, text: str, pending: bool) -> None:
        """'3 of 5 keys delivered' for the order shown (pending: Kinguin still delivers)."""
        if self.row is None or self.row["provider_order_id"] != order_id:
            return
        self._pending = pending
        self._set_note(self.delivery, service_text(text) if pending else "")
        self._update_key_actions()

    def show_key_note(self, order_id: str, text: str) -> None:
        """A key return's result (or why it was refused), in words, for the order shown."""
        if self.row is not None and self.row["provider_order_id"] == order_id:
            self._set_note(self.key_note, text)

    @staticmethod
    def _set_note(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def show_warehouse(self, history: str, actions: list[tuple[str, str]]) -> None:
        """History lines and the actions that fit the order's stage."""
        self.history.setPlainText(history)
        while self.warehouse_buttons.count():
            item = self.warehouse_buttons.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget:
                widget.deleteLater()
        self.warehouse_action_buttons: dict[str, QPushButton] = {}
        for number, (action, label) in enumerate(actions):
            button = QPushButton(label, self.warehouse)
            button.clicked.connect(lambda _c=False, a=action: self._warehouse(a))
            self.warehouse_action_buttons[action] = button
            self.warehouse_buttons.addWidget(button, number // 2, number % 2)

    def show_history(self, text: str) -> None:
        """History lines of a key, voucher or inventory order (reveals, copies…)."""
        self.history_label.setText(self.tr("History:\n") + text if text else "")
        self.history_label.setVisible(bool(text))

    def show_shipment(
        self, recipient: str, address: str, tracking_number: str, tracking_url: str
    ) -> None:
        """Where a physical order goes and how to follow it."""
        self.fields["recipient"].setText(recipient or "—")
        self.fields["address"].setText(address or self.tr("not given yet"))
        self.fields["tracking"].setText(tracking_number or self.tr("not added yet"))
        url = safe_link(tracking_url or "")
        target = bytes(url.toEncoded().data()).decode("ascii") if url is not None else ""
        self.tracking_url = target
        self.fields["tracking_link"].setText(
            f'<a href="{html.escape(target, quote=True)}">{html.escape(url.host())}</a>'
            if url is not None
            else self.tr("no tracking page yet")
        )
        self.fields["tracking_link"].setToolTip(tooltip(target) if target else "")

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
                entry_type_name(entry.type)
                + (
                    self.tr(" · loot {loot_id}").format(loot_id=entry.loot_id)
                    if entry.loot_id is not None
                    else ""
                )
                + (f" × {entry.quantity}")
            )
            for column, text in enumerate((what, entry.result_text, changes)):
                item = QTableWidgetItem(text)
                item.setToolTip(tooltip(text))
                self.entries.setItem(row, column, item)
        # the pane is narrow: fixed shares, wrapped text, every column visible
        room = max(300, self.entries.viewport().width())
        self.entries.setColumnWidth(0, int(room * 0.38))
        self.entries.setColumnWidth(1, int(room * 0.3))
        self.entries.resizeRowsToContents()

    def _resend(self) -> None:
        if self.row is not None:
            self.resendRequested.emit(self.row["provider_order_id"])

    def _fetch(self) -> None:
        if self.row is not None:
            self.fetchKeysRequested.emit(self.row)

    def _return(self) -> None:
        if self.row is not None:
            self.returnKeysRequested.emit(self.row)
