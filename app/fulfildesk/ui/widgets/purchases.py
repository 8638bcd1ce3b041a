"""The purchases panel: recent journal entries, and the ones a person must review."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.domain.vocabulary import provider_name
from fulfildesk.ui.compat import Operation, OpState
from fulfildesk.ui.text import plain_label, tooltip
from fulfildesk.ui.theme import Tone, colour

STATE_LABELS = {
    OpState.INTENT: "Recorded",
    OpState.SENDING: "Outcome unknown",
    OpState.PLACED: "Placed",
    OpState.DISPATCHED: "Dispatched",
    OpState.COMPLETED: "Completed",
    OpState.FAILED: "Failed",
    OpState.NEEDS_REVIEW: "Needs review",
    OpState.ABANDONED: "Dismissed",
}


def describe(op: Operation) -> str:
    """What a purchase asked for, in a few words."""
    payload = op.payload
    if "lines" in payload:
        return ", ".join(
            f"{line['quantity']} × {line.get('name') or 'product ' + str(line['product_id'])}"
            for line in payload["lines"]
        )
    if "denomination" in payload:
        name = payload.get("product_name") or f"product {payload.get('product_id')}"
        to = f" for {payload['email']}" if payload.get("email") else ""
        return (
            f"{payload.get('quantity', 1)} × {payload['denomination']} {name} voucher"
            f"{to} (PO {payload.get('po_number', '?')})"
        )
    if "entries" in payload:
        count = len(payload["entries"])
        return (
            f"{count} entr{'y' if count == 1 else 'ies'} for player {payload['player_id']}"
            f" (order {payload.get('order_id', '?')})"
        )
    if op.kind == "bulk":  # one order of a bulk warehouse run (services/bulk.py)
        return (
            f"Bulk {str(payload.get('action', '')).replace('_', ' ')}: "
            f"{payload.get('reference') or payload.get('transaction_id', '')}"
        )
    return op.kind


def operation_amount(op: Operation) -> str:
    """The most a purchase can charge, from what it asked for."""
    payload = op.payload
    if "lines" in payload:
        from decimal import Decimal

        total = sum(
            (
                Decimal(str(line.get("max_price", 0))) * int(line["quantity"])
                for line in payload["lines"]
            ),
            Decimal(0),
        )
        return f"at most {total:.2f} EUR"
    if "denomination" in payload:
        return f"{payload.get('quantity', 1)} × {payload['denomination']} face value"
    return ""


class PurchasesPanel(QWidget):
    resumeRequested = Signal(str)
    dismissRequested = Signal(str)
    openOrderRequested = Signal(str, str)  # provider, order id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = plain_label("", self)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            ["When (UTC)", "Provider", "State", "Order", "Details"]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._open)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.resume_button = QPushButton("Resume", self)
        self.resume_button.setToolTip(tooltip("Carry this purchase forward now"))
        self.dismiss_button = QPushButton("Dismiss after review…", self)
        self.resume_button.clicked.connect(lambda: self._emit(self.resumeRequested))
        self.dismiss_button.clicked.connect(lambda: self._emit(self.dismissRequested))
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.operations: list[Operation] = []
        self._selection_changed()

    def set_operations(self, operations: list[Operation]) -> None:
        selected = self.selected()
        self.operations = sorted(operations, key=lambda o: o.created_at, reverse=True)[:200]
        self.table.setRowCount(len(self.operations))
        for row, op in enumerate(self.operations):
            what = describe(op)
            details = op.error or what
            cells = [
                op.created_at[:19].replace("T", " "),
                provider_name(op.provider),
                STATE_LABELS[op.state],
                op.provider_order_id or "—",
                details,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tooltip(details))
                if op.state in (OpState.NEEDS_REVIEW, OpState.FAILED) and column == 2:
                    item.setForeground(colour(Tone.BAD))
                self.table.setItem(row, column, item)
            if selected and op.operation_id == selected.operation_id:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        review = sum(1 for o in operations if o.state is OpState.NEEDS_REVIEW)
        running = sum(1 for o in operations if o.state.resumable)
        parts = [f"{len(operations)} purchase{'s' if len(operations) != 1 else ''}"]
        if running:
            parts.append(f"{running} in progress")
        if review:
            parts.append(f"{review} need{'s' if review == 1 else ''} review")
        self.summary.setText(" · ".join(parts))
        self._selection_changed()

    def selected(self) -> Operation | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        index = rows[0].row()
        return self.operations[index] if index < len(self.operations) else None

    def _selection_changed(self) -> None:
        op = self.selected()
        self.resume_button.setEnabled(op is not None and op.state.resumable)
        self.dismiss_button.setEnabled(op is not None and op.state is OpState.NEEDS_REVIEW)

    def _emit(self, signal: SignalInstance) -> None:
        op = self.selected()
        if op is not None:
            signal.emit(op.operation_id)

    def _open(self) -> None:
        op = self.selected()
        if op is not None and op.provider_order_id:
            self.openOrderRequested.emit(op.provider, op.provider_order_id)

    def select_operation(self, operation_id: str) -> None:
        for row, op in enumerate(self.operations):
            if op.operation_id == operation_id:
                self.table.selectRow(row)
                item = self.table.item(row, 0)
                if item is not None:
                    self.table.scrollToItem(item, QAbstractItemView.ScrollHint.EnsureVisible)
                return

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Return:
            self._open()
            return
        super().keyPressEvent(event)
